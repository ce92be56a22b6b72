"""Train up to 8 logistic regressions in one vectorized pass: same data, same batch order, stacked weights.

The runs may differ in learning_rate, batch_size, optimizer, l2, l1 and epochs. Every epoch all of them
walk the same shuffled order, ``epoch_order(seed, epoch, n)`` with the seed of the first config, so
runs with equal batch size see the same batches. Such runs form a group: their parameters are stacked as
theta (K, d + 1, k), each run's W with its intercept as the last row, as in ``Trainer``, and one matmul
per step computes the logits of all K. A learning rate per run, lr (K, 1, 1), broadcasts against it.
Within a group the runs are sorted by optimizer, so each rule of ``optim`` updates one contiguous
slice of the stack in place. Groups of different batch sizes each loop over the epoch on their own.

Each run also keeps a ``Trainer`` of its own, on views into the stack. The group steps the stack;
each Trainer does its run's bookkeeping (history, divergence and its message, snapshots) with its own
code, fed with the losses the group measured for all K at once. So each run equals
``Trainer(config, X, y, n_classes, X_test, y_test).run(max_snapshots)`` with the same random_state,
bit for bit: the stacked matmul makes the same BLAS call for every run as a lone run does, and all
else is element-wise or a reduction along the same axis (tests pin this). A run that diverges stops
with ``explain_divergence``'s message and its last finite weights while the others go on; its slice
is still computed with the group but reset at the end of every epoch.
"""

import math
from dataclasses import dataclass

import numpy as np

from . import ops
from .optim import OPTIMIZERS, UPDATES, init_state
from .trainer import TrainConfig, Trainer, TrainState, batch_shares, draw_seed, epoch_order, one_hot, with_ones
from .validation import check_finite_array, check_number

MAX_RUNS = 8  # runs per sweep: a legend of 8 curves is still readable


@dataclass
class SweepRun:
    """One run of a sweep: what its own ``Trainer.run`` (and ``TrainState``) would report."""

    config: TrainConfig
    seed: int  # the batch-order seed all runs of the sweep share
    coef: np.ndarray  # (k, d) final weights, k = 1 for two classes; the lone run's state.W.T
    intercept: np.ndarray  # (k,)
    history: dict  # per-epoch lists keyed by trainer.HISTORY_KEYS, like TrainState.history
    snapshots: list  # Snapshots at evenly spaced epochs, like Trainer.run returns
    stopped: str | None  # why the run ended early (explain_divergence's message), else None


def sweep(configs, X, y, n_classes, X_test=None, y_test=None, max_snapshots=101):
    """Train one model per config on (X, y), all in one vectorized pass.

    Parameters
    ----------
    configs : list of 1 to 8 TrainConfig
        The runs. ``configs[0].random_state`` seeds the batch order that every run shares; the
        random_state of the other configs is not used.
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,), integer class codes in [0, n_classes)
    n_classes : int, at least 2
    X_test, y_test : optional held-out data of shapes (n_test, n_features) and (n_test,)
    max_snapshots : int >= 0, default=101
        Snapshots per run, at evenly spaced epochs, as in ``Trainer.run``.

    Returns
    -------
    runs : list of SweepRun, one per config in the order given

    Runs with the same batch size (None or more than n_samples both mean full batch) share every
    batch and are stepped together, one matmul per step; each other batch size is a group of its own.
    """
    configs = _check_configs(configs)
    X, y, X_test, y_test = _check_data(X, y, n_classes, X_test, y_test)
    check_number("max_snapshots", max_snapshots, low=0, integer=True, hint="Use e.g. 101, or 0 for none.")
    seed = draw_seed(configs[0].random_state)
    n = len(X)
    by_size = {}  # batch size -> [(index into configs, config)]
    for i, c in enumerate(configs):
        bs = n if c.batch_size is None else min(c.batch_size, n)
        by_size.setdefault(bs, []).append((i, c))
    data = (X, y, n_classes, X_test, y_test)
    groups = [_Group(runs, bs, data, seed, max_snapshots) for bs, runs in by_size.items()]

    X1, Y = with_ones(X), one_hot(y, n_classes)  # (n, d + 1), (n, k)
    for epoch in range(max(c.epochs for c in configs)):
        shuffled = None  # (X, Y) in this epoch's order, shared by every mini-batch group
        for g in groups:
            if g.done:
                continue
            if g.batch_size == n:  # full batch: no shuffle, as in Trainer
                g.epoch(X1, Y)
                continue
            if shuffled is None:
                order = epoch_order(seed, epoch, n)
                shuffled = X1[order], Y[order]
            g.epoch(*shuffled)

    runs = [None] * len(configs)
    for g in groups:
        for i, run in g.results():
            runs[i] = run
    return runs


class _Group:
    """The runs of one batch size, stacked: theta (K, d + 1, k); one matmul per step for all K."""

    def __init__(self, runs, batch_size, data, seed, max_snapshots):
        X, y, n_classes, X_test, y_test = data
        runs = sorted(runs, key=lambda run: OPTIMIZERS.index(run[1].optimizer))  # each optimizer a slice
        self.index = [i for i, _ in runs]  # where each stacked run goes in the caller's list
        configs = [c for _, c in runs]
        K, d, k = len(configs), X.shape[1], 1 if n_classes == 2 else n_classes
        self.theta = np.zeros((K, d + 1, k))
        views = [self.theta[r, :, 0] if k == 1 else self.theta[r] for r in range(K)]  # each shaped as in Trainer
        self.members = [
            _Member(c, X, y, n_classes, X_test, y_test, TrainState(view, {}, seed))
            for c, view in zip(configs, views)  # their optimizer state is the group's, in self.rules
        ]
        self.lr, self.l2, self.l1 = (
            np.array([getattr(c, name) for c in configs], dtype=float).reshape(K, 1, 1)
            for name in ("learning_rate", "l2", "l1")
        )
        self.any_l2, self.any_l1 = bool(self.l2.any()), bool(self.l1.any())
        self.rules = []  # (update rule, slice of the stack, its optimizer state)
        for name in OPTIMIZERS:
            rows = [r for r, c in enumerate(configs) if c.optimizer == name]
            if rows:
                sl = slice(rows[0], rows[-1] + 1)
                self.rules.append((UPDATES[name], sl, init_state(name, self.theta[sl])))
        self.batch_size = batch_size
        self.shares = batch_shares(len(X), batch_size)  # (n, 1), as in Trainer
        self.max_snapshots = max_snapshots
        self.strides = [_stride(c.epochs, max_snapshots) for c in configs]
        self.snapshots = [[] for _ in configs]
        if max_snapshots > 0:
            self.share(self.measure())
            for t, snaps in zip(self.members, self.snapshots):
                snaps.append(t.snapshot())

    @property
    def done(self):
        """True once every run of the group diverged or ran all its epochs."""
        return all(t.done for t in self.members)

    def results(self):
        """(index in the caller's list, SweepRun) of each run."""
        for i, t, snaps in zip(self.index, self.members, self.snapshots):
            s = t.state
            yield i, SweepRun(t.config, s.seed, s.W.T.copy(), s.b.copy(), s.history, snaps, s.stopped)

    # ---- the math of one step, for all K runs ---------------------------------------------

    def step(self, Xb, Yb, Xm):
        """One mini-batch step of every run: ``Trainer._gradient_step`` with a leading K axis."""
        theta = self.theta
        dZ = _probabilities(Xb @ theta) - Yb  # (K, bs, k): the same matmul per run as a lone run makes
        grad = Xm.T @ dZ  # (K, d + 1, k)
        if self.any_l2:
            grad[:, :-1] += ops.l2_penalty_grad(theta[:, :-1], self.l2)  # runs with l2 = 0 add exact zeros
        if self.any_l1:
            grad[:, :-1] += ops.l1_penalty_grad(theta[:, :-1], self.l1)
        for update, sl, state in self.rules:
            update(theta[sl], grad[sl], state, self.lr[sl])

    def epoch(self, Xs, Ys):
        """One epoch over (Xs, Ys) in batches; then each live run's own ``Trainer`` bookkeeping."""
        live = np.array([not t.done for t in self.members])  # (K,)
        theta0 = self.theta.copy()
        n, bs = len(Xs), self.batch_size
        Xm = Xs * self.shares  # as Trainer._epoch_data builds it
        self.share(None)
        with np.errstate(over="ignore", invalid="ignore"):
            for start in range(0, n, bs):
                stop = start + bs
                self.step(Xs[start:stop], Ys[start:stop], Xm[start:stop])
            self.theta[~live] = theta0[~live]  # runs stopped before this epoch keep their weights
            self.share(self.measure())
            for r, t in enumerate(self.members):
                if not live[r]:
                    continue
                t._advance(n)
                start = theta0[r].reshape(t.state.theta.shape)  # where this epoch began, shaped as the run's theta
                measured = t._end_epoch(start)  # the history; on divergence, back to start with a message
                if self.max_snapshots > 0 and (t.state.epoch % self.strides[r] == 0 or t.done):
                    snaps = self.snapshots[r]
                    if len(snaps) >= self.max_snapshots:
                        snaps.pop()
                    snaps.append(t.snapshot(measured=measured))

    # ---- measuring ------------------------------------------------------------------------

    def measure(self):
        """``Trainer.measure`` of every run at once: a dict of K-long lists of floats (or of None)."""
        theta, t = self.theta, self.members[0]  # every run has the same data as the first
        W = theta[:, :-1]  # (K, d, k)
        with np.errstate(over="ignore", invalid="ignore"):
            ce, acc = _loss_and_accuracy(t.X1, t.Y, t.y, theta)
            l2 = 0.5 * self.l2[:, 0, 0] * np.sum(W * W, axis=(1, 2))  # ops.l2_penalty per run
            l1 = self.l1[:, 0, 0] * np.sum(np.abs(W), axis=(1, 2))  # ops.l1_penalty per run
            out = {"objective": ce + (l2 + l1), "train_loss": ce, "train_accuracy": acc}
            out["test_loss"] = out["test_accuracy"] = [None] * len(theta)
            if t.has_test:
                out["test_loss"], out["test_accuracy"] = _loss_and_accuracy(t.X1_test, t.Y_test, t.y_test, theta)
        return {key: [None if v is None else float(v) for v in values] for key, values in out.items()}

    def share(self, m):
        """Hand each run its part of the measurements m of the current weights (None: forget them)."""
        for r, t in enumerate(self.members):
            t.measured = None if m is None else {key: values[r] for key, values in m.items()}


class _Member(Trainer):
    """One run of a group: a ``Trainer`` on views of the stacked weights, doing its own bookkeeping.

    ``_losses`` returns what the group measured for the whole stack (accuracies included), while the weights are still the
    ones it measured; divergence, which restores older weights, makes it measure alone again.
    """

    measured = None  # the group's measurements of this run's current weights, or None

    def _losses(self):
        return super()._losses() if self.measured is None else self.measured

    def _diverged(self, *args):
        self.measured = None
        super()._diverged(*args)


def _probabilities(Z):
    """``ops.probabilities`` of each run's logits in a stack Z (K, n, k)."""
    return ops.probabilities(Z.reshape(-1, Z.shape[2])).reshape(Z.shape)


def _loss_and_accuracy(X1, Y, y, theta):
    """The train loss of ``Trainer._losses`` and the accuracy of ``trainer._accuracy``, for each run of theta
    (K, d + 1, k), with Y the Trainer's targets: two arrays of shape (K,)."""
    Z = X1 @ theta  # (K, n, k)
    K, n, k = Z.shape
    if k == 1:
        z = Z[:, :, 0]  # (K, n)
        ce = np.mean(np.logaddexp(0.0, z) - Y * z, axis=1)  # ops.binary_cross_entropy per run; Y (n,)
        pred = (z > 0).astype(int)
    else:
        lse = ops.logsumexp(Z.reshape(-1, k)).reshape(K, n)
        ce = np.mean(lse - (Y * Z).sum(axis=2), axis=1)  # ops.cross_entropy per run
        pred = Z.argmax(axis=2)
    return ce, np.mean(pred == y, axis=1)


def _stride(epochs, max_snapshots):
    """Epochs between two snapshots, as ``Trainer.run`` spaces them."""
    if max_snapshots <= 1:
        return epochs + 1
    return max(1, math.ceil(epochs / (max_snapshots - 1)))


# ---- checks at the boundary -----------------------------------------------------------------


def _check_configs(configs):
    if not isinstance(configs, (list, tuple)):
        raise ValueError(
            f"configs must be a list of 1 to {MAX_RUNS} TrainConfig; got {type(configs).__name__}. "
            "Wrap a single config in a list: [config]."
        )
    if not 1 <= len(configs) <= MAX_RUNS:
        raise ValueError(
            f"configs must hold 1 to {MAX_RUNS} TrainConfig; got {len(configs)}. "
            f"Split a larger sweep into calls of at most {MAX_RUNS}."
        )
    for i, c in enumerate(configs):
        if not isinstance(c, TrainConfig):
            raise ValueError(
                f"configs[{i}] must be a TrainConfig; got {type(c).__name__} {c!r}. "
                "Build it with TrainConfig(learning_rate=..., batch_size=...)."
            )
    return list(configs)


def _check_data(X, y, n_classes, X_test, y_test):
    check_number("n_classes", n_classes, low=2, integer=True, hint="Two classes use one sigmoid logit.")
    X, y = _check_xy("X", "y", X, y, n_classes, n_features=None)
    if (X_test is None) != (y_test is None):
        raise ValueError(
            f"X_test and y_test go together; got X_test={'None' if X_test is None else 'an array'} and "
            f"y_test={'None' if y_test is None else 'an array'}. Pass both or neither."
        )
    if X_test is not None:
        X_test, y_test = _check_xy("X_test", "y_test", X_test, y_test, n_classes, n_features=X.shape[1])
    return X, y, X_test, y_test


def _check_xy(x_name, y_name, X, y, n_classes, n_features):
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    if X.ndim != 2 or (n_features is not None and X.shape[1] != n_features):
        want = "(n_samples, n_features)" if n_features is None else f"(n_samples, {n_features})"
        raise ValueError(
            f"{x_name} must be a 2D array of shape {want}; got shape {X.shape}. "
            "Reshape a single feature with X.reshape(-1, 1)."
        )
    if n_features is None and len(X) == 0:
        raise ValueError(f"{x_name} has no rows; got shape {X.shape}. Training needs at least 1 sample.")
    check_finite_array(x_name, X)
    if y.shape != (len(X),):
        raise ValueError(
            f"{y_name} must be a 1D array of shape ({len(X)},), one label per row of {x_name}; got shape {y.shape}."
        )
    bad = y[(y != np.round(y)) | (y < 0) | (y >= n_classes)] if y.dtype.kind in "iuf" else y
    if y.dtype.kind not in "iuf" or bad.size:
        raise ValueError(
            f"{y_name} must hold integer class codes in [0, {n_classes - 1}]; got {bad[:5].tolist()}. "
            "Encode labels with np.unique(y, return_inverse=True)."
        )
    return X, y.astype(int)
