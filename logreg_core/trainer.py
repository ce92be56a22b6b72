"""The step-wise trainer: one code path under both ``LogisticRegression.fit`` and the app.

It owns a small, copyable ``TrainState`` (weights, optimizer state, counters, per-epoch history),
advances one mini-batch ``step`` or one ``epoch`` on request, and hands back immutable ``Snapshot``s.
Labels are integer codes 0..k-1; two classes use one sigmoid logit, more use softmax.

The intercept is the weight of a feature that is always 1: the trainer appends a column of ones to X
and keeps one parameter array ``theta``, the weights W with the intercept b as its last row: a vector
(d + 1,) for two classes, whose one logit per sample is z = X1 @ theta (n,), and (d + 1, k) for k classes.
The logits are then one matmul and one update moves every parameter.
"""

import copy
import math
import time
from dataclasses import dataclass, field

import numpy as np

from . import ops
from .optim import OPTIMIZERS, UPDATES, init_state
from .validation import check_choice, check_number

EXPLODE = 10.0  # a loss this many times the starting loss (log k at zero weights) counts as diverged


@dataclass(frozen=True)
class TrainConfig:
    """Hyper-parameters of one training run."""

    learning_rate: float = 0.1  # step size of every update
    epochs: int = 100  # passes over the training data
    batch_size: int | None = 32  # samples per step; None (or more than n) means full batch
    l2: float = 0.0  # objective += l2 / 2 * ||coef||^2
    l1: float = 0.0  # objective += l1 * |coef|_1
    optimizer: str = "sgd"  # "sgd", "momentum" or "adam"
    random_state: int | None = None  # seeds the batch order; None draws a fresh seed

    def __post_init__(self):
        check_number("learning_rate", self.learning_rate, low=0, low_open=True, hint="Try 0.1.")
        check_number("epochs", self.epochs, low=0, integer=True, hint="Use 0 for no training, or e.g. 100.")
        if self.batch_size is not None:
            check_number("batch_size", self.batch_size, low=1, integer=True, hint="Use None for full batch.")
        check_number("l2", self.l2, low=0, hint="Use 0 for no L2 penalty.")
        check_number("l1", self.l1, low=0, hint="Use 0 for no L1 penalty.")
        check_choice("optimizer", self.optimizer, OPTIMIZERS)
        if self.random_state is not None:
            check_number("random_state", self.random_state, low=0, high=2**32 - 1, integer=True)


@dataclass(frozen=True)
class Snapshot:
    """What the model looks like after ``step`` mini-batch steps (``epoch`` full epochs)."""

    epoch: int
    step: int
    coef: np.ndarray  # (k, d), k = 1 for two classes
    intercept: np.ndarray  # (k,)
    train_loss: float  # mean cross-entropy on the training data
    train_accuracy: float
    objective: float  # train_loss + penalties: what the optimizer minimizes
    test_loss: float | None = None
    test_accuracy: float | None = None
    batch: np.ndarray | None = None  # (b,) indices into the training data of the last step's batch
    grad_coef: np.ndarray | None = None  # (k, d) gradient that step used
    grad_intercept: np.ndarray | None = None  # (k,)


@dataclass
class TrainState:
    """Everything that changes while training; ``copy.deepcopy`` it to branch or to pause."""

    theta: np.ndarray  # the weights W, then the intercept b as the last row: (d + 1,) for two classes, else (d + 1, k)
    opt: dict  # optimizer state
    seed: int  # the batch order of epoch e is a permutation drawn from (seed, e)
    epoch: int = 0  # completed epochs
    pos: int = 0  # samples already used in the current epoch
    step: int = 0  # mini-batch steps taken in total
    history: dict = field(default_factory=lambda: {k: [] for k in HISTORY_KEYS})
    stopped: str | None = None  # why training ended early (divergence, a time limit), else None
    start: np.ndarray | None = None  # a copy of theta as the current epoch began: where a diverged epoch returns to

    @property
    def W(self):
        """The weights, (d, k), k = 1 for two classes: a view of theta."""
        return as_columns(self.theta)[:-1]

    @property
    def b(self):
        """The intercept, (k,): a view of theta."""
        return as_columns(self.theta)[-1]


HISTORY_KEYS = ("epoch", "objective", "train_loss", "test_loss")  # the curves; snapshots add the accuracies


def one_hot(y, n_classes):
    """Targets as columns, one per logit: (n, 1) floats for two classes, one-hot (n, k) for more."""
    if n_classes == 2:
        return y.astype(float)[:, None]
    return (y[:, None] == np.arange(n_classes)).astype(float)


def targets(y, n_classes):
    """Targets shaped like the trainer's logits: y as floats (n,) for two classes, one-hot (n, k) for more."""
    return y.astype(float) if n_classes == 2 else one_hot(y, n_classes)


def as_columns(a):
    """theta, or a gradient shaped like it, as a (d + 1, k) view: one column per logit."""
    return a.reshape(len(a), -1)


def with_ones(X):
    """X (n, d) with a column of ones appended, (n, d + 1): the feature the intercept weighs."""
    return np.hstack([X, np.ones((len(X), 1))])


def batch_shares(n, batch_size):
    """(n, 1): 1 / the size of the batch that each position of an epoch's order falls in."""
    sizes = np.minimum(batch_size, n - np.arange(0, n, batch_size))  # (steps per epoch,)
    return np.repeat(1.0 / sizes, sizes)[:, None]


def draw_seed(random_state=None):
    """An int seed: ``random_state`` itself, or fresh entropy when it is None."""
    if random_state is None:
        return int(np.random.SeedSequence().entropy % 2**32)
    return int(random_state)


def epoch_order(seed, epoch, n):
    """The shuffled sample order of one epoch; the same (seed, epoch) always gives the same order."""
    return np.random.default_rng([seed, epoch]).permutation(n)


class Trainer:
    """Train a logistic regression one step, one epoch or one run at a time.

    Parameters
    ----------
    config : TrainConfig
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,), integer class codes in [0, n_classes)
    n_classes : int, at least 2
    X_test, y_test : optional held-out data, scored in every snapshot and its loss in the history
    state : TrainState to resume from; a fresh one (zero weights) when None
    """

    def __init__(self, config, X, y, n_classes, X_test=None, y_test=None, state=None):
        self.config = config
        self.X, self.y, self.n_classes = X, y, n_classes
        self.X1, self.Y = with_ones(X), targets(y, n_classes)  # (n, d + 1), (n,) or (n, k)
        self.X_test, self.y_test = X_test, y_test
        self.X1_test = None if X_test is None else with_ones(X_test)
        self.Y_test = None if y_test is None else targets(y_test, n_classes)
        self.has_test = X_test is not None and len(X_test) > 0
        n, d = X.shape
        logits = () if n_classes == 2 else (n_classes,)  # one logit per sample, or one per class
        bs = config.batch_size
        self.batch_size = n if bs is None or bs >= n else bs
        self.full_batch = self.batch_size == n
        self.steps_per_epoch = math.ceil(n / self.batch_size)
        if state is None:
            theta = np.zeros((d + 1, *logits))
            state = TrainState(theta, init_state(config.optimizer, theta), draw_seed(config.random_state))
        self.state = state
        self._update = UPDATES[config.optimizer]
        self._share = batch_shares(n, self.batch_size)  # (n, 1)
        self._epoch = (None,)  # (epoch, *its data): what _epoch_data returns, kept for the epoch's steps
        self.start_loss = math.log(n_classes)  # cross-entropy of zero weights
        self.timed_out = False  # True once ``run`` stopped at its wall-time limit (depends on the machine)

    # ---- progress -------------------------------------------------------------------------

    @property
    def done(self):
        """True once all epochs ran or training stopped early."""
        return self.state.stopped is not None or self.state.epoch >= self.config.epochs

    def step(self):
        """Take one mini-batch step and return a snapshot showing its batch and gradient."""
        if self.done:
            return self.snapshot()
        s = self.state
        Xs, Ys, Xm, order = self._epoch_data()
        start, stop = s.pos, min(s.pos + self.batch_size, len(Xs))
        theta0 = self._epoch_start()
        measured = None
        with np.errstate(over="ignore", invalid="ignore"):
            grad = self._gradient_step(Xs[start:stop], Ys[start:stop], Xm[start:stop])
            self._advance(stop - start)
            if s.pos == 0:
                measured = self._end_epoch(theta0)
            elif not np.isfinite(s.theta).all():
                self._diverged(theta0, math.inf, s.epoch + 1)
        return self.snapshot(batch=order[start:stop], grad=grad, measured=measured)

    def epoch(self):
        """Finish the current epoch (a whole one if at its start) and return a snapshot."""
        if self.done:
            return self.snapshot()
        with np.errstate(over="ignore", invalid="ignore"):
            measured = self._run_epoch()
        return self.snapshot(measured=measured)

    def run(self, max_snapshots=101, max_seconds=None):
        """Train to the last epoch; return up to ``max_snapshots`` evenly spaced epoch snapshots.

        The first is the state it started from, the last the final state. ``max_seconds`` caps the
        wall time; hitting it stops training with a message in ``state.stopped``.
        """
        epochs = self.config.epochs
        remaining = max(epochs - self.state.epoch, 0)
        stride = max(1, math.ceil(remaining / max(max_snapshots - 1, 1))) if max_snapshots > 1 else remaining + 1
        snaps = [self.snapshot()] if max_snapshots > 0 else []
        t0 = time.perf_counter()
        with np.errstate(over="ignore", invalid="ignore"):  # a diverging run is caught, not warned about
            while not self.done:
                measured = self._run_epoch()
                e = self.state.epoch
                if max_seconds is not None and not self.done and time.perf_counter() - t0 > max_seconds:
                    self.timed_out = True
                    self.state.stopped = (
                        f"stopped after {max_seconds:g} s at epoch {e} of {epochs}: the time limit per run. "
                        "Use fewer epochs, a larger batch or fewer samples."
                    )
                if max_snapshots > 0 and (e % stride == 0 or self.done):
                    if len(snaps) >= max_snapshots:
                        snaps.pop()  # keep the last one: the final state
                    snaps.append(self.snapshot(measured=measured))
        return snaps

    # ---- the math of one step, and the fast path of one epoch -----------------------------

    def _gradient_step(self, Xb, Yb, Xm):
        """One update from a batch. Xb (b, d + 1) ends in the ones column, Yb holds the targets,
        shaped like the logits, and Xm is Xb / b. Returns the gradient, shaped like theta."""
        s, c = self.state, self.config
        dZ = ops.probabilities(Xb @ s.theta) - Yb  # (b,) or (b, k): the errors p - y
        grad = Xm.T @ dZ  # like theta: Xb.T @ dZ / b, the batch mean
        if c.l2:
            grad[:-1] += ops.l2_penalty_grad(s.theta[:-1], c.l2)  # not the intercept's row
        if c.l1:
            grad[:-1] += ops.l1_penalty_grad(s.theta[:-1], c.l1)
        self._update(s.theta, grad, s.opt, c.learning_rate)
        return grad

    def _run_epoch(self):
        s = self.state
        Xs, Ys, Xm, _ = self._epoch_data()
        theta0 = self._epoch_start()
        n, bs = len(Xs), self.batch_size
        for start in range(s.pos, n, bs):
            stop = start + bs
            self._gradient_step(Xs[start:stop], Ys[start:stop], Xm[start:stop])
        self._advance(n - s.pos)
        return self._end_epoch(theta0)

    def _epoch_data(self):
        """(Xs, Ys, Xm, order): the current epoch's X1 and Y, shuffled once so batches are contiguous
        slices, and Xs with each sample divided by the size of its batch, so that Xm[batch].T @ dZ is
        the mean over the batch."""
        e = self.state.epoch
        if self._epoch[0] != e:
            n = len(self.X1)
            order = np.arange(n) if self.full_batch else epoch_order(self.state.seed, e, n)
            Xs, Ys = (self.X1, self.Y) if self.full_batch else (self.X1[order], self.Y[order])
            self._epoch = e, Xs, Ys, Xs * self._share, order
        return self._epoch[1:]

    def _epoch_start(self):
        """theta as the current epoch began, so stepping and running stop on the same weights."""
        s = self.state
        if s.pos == 0 or s.start is None:
            s.start = s.theta.copy()
        return s.start

    def _advance(self, n_used):
        s = self.state
        s.step += math.ceil(n_used / self.batch_size) if n_used else 0
        s.pos += n_used
        if s.pos >= len(self.X):
            s.epoch, s.pos = s.epoch + 1, 0

    def _end_epoch(self, theta0):
        """Record the epoch's losses; stop on divergence, back at theta0. Returns the losses of the
        weights it ends on."""
        s, h = self.state, self.state.history
        m = self._losses()
        if not math.isfinite(m["objective"]) or m["objective"] > EXPLODE * self.start_loss:
            self._diverged(theta0, m["objective"], s.epoch)
            m = self._losses()
        h["epoch"].append(s.epoch)
        for key in HISTORY_KEYS[1:]:
            h[key].append(m[key])
        return m

    def _diverged(self, theta0, loss, epoch):
        s = self.state
        s.stopped = explain_divergence(self.X, self.config, epoch, loss, self.n_classes)
        s.theta[...] = theta0  # the last finite weights

    # ---- measuring ------------------------------------------------------------------------

    def measure(self):
        """Losses and accuracies of the current weights on the train (and test) data."""
        with np.errstate(over="ignore", invalid="ignore"):
            return {**self._losses(), **self._accuracies()}

    def _losses(self):
        """The objective and the mean cross-entropy on the train (and test) data."""
        s, c = self.state, self.config
        ce, W = ops.data_loss(self.X1 @ s.theta, self.Y), s.theta[:-1]
        pen = (ops.l2_penalty(W, c.l2) if c.l2 else 0.0) + (ops.l1_penalty(W, c.l1) if c.l1 else 0.0)
        test = ops.data_loss(self.X1_test @ s.theta, self.Y_test) if self.has_test else None
        return {"objective": ce + pen, "train_loss": ce, "test_loss": test}

    def _accuracies(self):
        """The fraction of train (and test) samples classified right."""
        theta = self.state.theta
        test = _accuracy(self.X1_test, self.y_test, theta) if self.has_test else None
        return {"train_accuracy": _accuracy(self.X1, self.y, theta), "test_accuracy": test}

    def snapshot(self, batch=None, grad=None, measured=None):
        """An immutable picture of the current state (copies, read-only). ``measured``: the losses (or
        ``measure()``) of this very state when the caller has just taken them, so they are not taken twice."""
        s = self.state
        with np.errstate(over="ignore", invalid="ignore"):
            m = self._losses() if measured is None else measured
            if "train_accuracy" not in m:
                m = {**m, **self._accuracies()}
        return Snapshot(
            epoch=s.epoch,
            step=s.step,
            coef=_frozen(s.W.T),
            intercept=_frozen(s.b),
            batch=None if batch is None else _frozen(batch),
            grad_coef=None if grad is None else _frozen(as_columns(grad)[:-1].T),
            grad_intercept=None if grad is None else _frozen(as_columns(grad)[-1]),
            **m,
        )

    def copy(self):
        """A trainer on the same data with an independent copy of the state."""
        return Trainer(self.config, self.X, self.y, self.n_classes, self.X_test, self.y_test, copy.deepcopy(self.state))


def _accuracy(X1, y, theta):
    Z = X1 @ theta  # (n,) or (n, k)
    pred = Z > 0 if Z.ndim == 1 else Z.argmax(axis=1)  # class 1 where the one logit is positive
    return np.count_nonzero(pred == y) / len(y)


def _frozen(a):
    a = np.array(a, dtype=a.dtype, copy=True)
    a.flags.writeable = False
    return a


def lipschitz_learning_rate(X, n_classes, l2=0.0):
    """2 / L, where L bounds the curvature of the objective: gradient descent is stable below it."""
    top = np.linalg.norm(with_ones(X), 2) ** 2 / len(X)  # largest eigenvalue of X1^T X1 / n
    L = (0.25 if n_classes == 2 else 0.5) * top + l2
    return 2.0 / L


def explain_divergence(X, config, epoch, loss, n_classes=2):
    """A message naming the likely cause of a diverged run (in 1-based ``epoch``) and the fix."""
    with np.errstate(over="ignore", invalid="ignore"):
        scale = float(np.max(np.abs(X))) if X.size else 0.0
        safe = lipschitz_learning_rate(X, n_classes, config.l2) if np.isfinite(scale) and X.size else math.nan
    what = f"loss became {loss:.3g}" if math.isfinite(loss) else "loss became inf"
    head = f"{what} at epoch {epoch}: learning rate {config.learning_rate:g} is too high"
    if scale > 10:
        return (
            f"{head} for features of scale {scale:.0e}; lower it (gradient descent is stable below about "
            f"{safe:.2g}) or standardize the features."
        )
    tip = f" (gradient descent is stable below about {safe:.2g})" if math.isfinite(safe) else ""
    return f"{head} for this data; lower it{tip}."
