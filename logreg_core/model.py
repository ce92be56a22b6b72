"""``LogisticRegression``: a scikit-learn compatible classifier on top of the step-wise ``Trainer``."""

import warnings

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils import check_random_state
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, column_or_1d, validate_data

from . import ops
from .trainer import TrainConfig, Trainer, one_hot
from .validation import check_finite_array


class LogisticRegression(ClassifierMixin, BaseEstimator):
    """Logistic regression trained by mini-batch gradient descent, from scratch in NumPy.

    Minimizes the objective

        mean cross-entropy + l2 / 2 * ||coef_||^2 + l1 * |coef_|_1     (intercept unpenalized)

    With ``l1=0`` this is scikit-learn's ``LogisticRegression(C=1 / (l2 * n_samples))``, so with
    enough full-batch epochs both land on the same optimum. Two classes use one sigmoid logit;
    three or more use softmax. Weights start at zero.

    Parameters
    ----------
    learning_rate : float > 0, default=0.1
    epochs : int >= 0, default=100
        Passes over the training data.
    batch_size : int >= 1 or None, default=32
        Samples per step; None, or more than n_samples, means full batch.
    l2, l1 : float >= 0, default=0.0
        Penalty strengths on ``coef_``.
    optimizer : {"sgd", "momentum", "adam"}, default="sgd"
    random_state : int, RandomState or None, default=None
        Seeds the batch order. The same value gives the same model, bit for bit.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    coef_ : ndarray of shape (1, n_features) for two classes, else (n_classes, n_features)
    intercept_ : ndarray of shape (1,) or (n_classes,)
    n_features_in_ : int
    loss_curve_ : list of float, the objective on the training data after each epoch
    n_iter_ : int, epochs run
    stopped_ : str or None, why training ended early (divergence), else None; ``fit`` and
        ``partial_fit`` then also emit it as a ``ConvergenceWarning``
    """

    def __init__(
        self, learning_rate=0.1, epochs=100, batch_size=32, l2=0.0, l1=0.0, optimizer="sgd", random_state=None
    ):
        self.learning_rate = learning_rate
        self.epochs = epochs
        self.batch_size = batch_size
        self.l2 = l2
        self.l1 = l1
        self.optimizer = optimizer
        self.random_state = random_state

    def _config(self, **changes):
        rs = self.random_state
        if rs is not None and not isinstance(rs, (int, np.integer)):
            rs = int(check_random_state(rs).randint(2**31 - 1))
        params = dict(
            learning_rate=self.learning_rate,
            epochs=self.epochs,
            batch_size=self.batch_size,
            l2=self.l2,
            l1=self.l1,
            optimizer=self.optimizer,
            random_state=rs,
        )
        return TrainConfig(**{**params, **changes})

    def _check_X(self, X, reset=False):
        """X as float64 (n_samples, n_features): finite, and with the fitted number of features."""
        X = validate_data(self, X, reset=reset, dtype=np.float64, ensure_all_finite=False, ensure_min_samples=0)
        check_finite_array("X", X)
        return X

    def _encode(self, X, y, reset):
        X = self._check_X(X, reset)
        if not (isinstance(y, np.ndarray) and y.ndim == 1):  # a plain 1D array needs no conversion
            y = column_or_1d(y, warn=True)
        if y.dtype.kind == "f":
            check_finite_array("y", y)
        if len(y) != len(X):
            raise ValueError(f"X has {len(X)} samples but y has {len(y)} labels; expected one label per row of X.")
        if len(X) == 0:
            raise ValueError(f"X has 0 samples (shape {X.shape}); expected at least 2, of at least 2 classes.")
        if y.dtype.kind not in "biuUS":  # booleans, integers and strings are always class labels
            check_classification_targets(y)
        return X, y

    def fit(self, X, y):
        """Train from zero weights for ``epochs`` epochs on X (n_samples, n_features), y (n_samples,)."""
        config = self._config()
        X, y = self._encode(X, y, reset=True)
        self.classes_, y_code = np.unique(y, return_inverse=True)
        _check_classes(self.classes_)
        trainer = Trainer(config, X, y_code, len(self.classes_))
        trainer.run(max_snapshots=0)
        self._finish(trainer)
        return self

    def partial_fit(self, X, y, classes=None):
        """Train one more epoch on (X, y). The first call needs ``classes`` unless y shows them all."""
        first = not hasattr(self, "classes_")
        X, y = self._encode(X, y, reset=first)
        if first:
            self.classes_ = np.unique(y if classes is None else classes)
            _check_classes(self.classes_)
        unknown = np.setdiff1d(y, self.classes_)
        if unknown.size:
            raise ValueError(
                f"y has labels {unknown.tolist()} that are not in classes_ {self.classes_.tolist()}; "
                "pass every label in `classes` on the first call to partial_fit."
            )
        y_code = np.searchsorted(self.classes_, y)
        state = None if first else self._state
        epochs = 1 if first else state.epoch + 1
        trainer = Trainer(self._config(epochs=epochs), X, y_code, len(self.classes_), state=state)
        trainer.epoch()
        self._finish(trainer)
        return self

    def _finish(self, trainer):
        s = trainer.state
        self._state = s
        self.coef_ = s.W.T.copy()  # (k, d)
        self.intercept_ = s.b.copy()  # (k,)
        self.loss_curve_ = list(s.history["objective"])
        self.n_iter_ = s.epoch
        self.stopped_ = s.stopped
        if s.stopped:
            warnings.warn(s.stopped, ConvergenceWarning, stacklevel=3)

    def decision_function(self, X):
        """Logits: shape (n_samples,) for two classes, else (n_samples, n_classes)."""
        check_is_fitted(self)
        X = self._check_X(X)
        Z = X @ self.coef_.T + self.intercept_  # (n, k)
        return Z[:, 0] if Z.shape[1] == 1 else Z

    def predict_proba(self, X):
        """Class probabilities, shape (n_samples, n_classes), columns in the order of ``classes_``."""
        Z = self.decision_function(X)
        if Z.ndim == 1:
            p = ops.sigmoid(Z)
            return np.column_stack([1 - p, p])
        return ops.softmax(Z)

    def predict_log_proba(self, X):
        """Log of ``predict_proba``, computed from the logits."""
        Z = self.decision_function(X)
        if Z.ndim == 1:
            Z = np.column_stack([np.zeros_like(Z), Z])
        return Z - ops.logsumexp(Z)[:, None]

    def predict(self, X):
        """The most probable class of each sample, as one of the original labels."""
        Z = self.decision_function(X)
        code = (Z > 0).astype(int) if Z.ndim == 1 else Z.argmax(axis=1)
        return self.classes_[code]

    def objective(self, X, y):
        """The objective this model minimizes, evaluated on (X, y)."""
        check_is_fitted(self)
        X = self._check_X(X)
        y_code = np.searchsorted(self.classes_, np.asarray(y))
        return ops.objective(X, one_hot(y_code, len(self.classes_)), self.coef_.T, self.intercept_, self.l2, self.l1)


def _check_classes(classes):
    if len(classes) < 2:
        raise ValueError(
            f"y has only one class ({classes.tolist()}); a classifier needs at least 2 classes. "
            "Add samples of another class."
        )
