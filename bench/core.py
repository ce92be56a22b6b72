"""The core's ``LogisticRegression.fit`` against the leanest NumPy loop doing the same work, and sklearn.

The same work: mini-batch SGD (batch 32, 100 epochs) over a fresh permutation every epoch,
``default_rng([seed, epoch]).permutation(n)``, taken in contiguous slices, with the stable sigmoid of
``ops``, and the training loss after every epoch (``fit`` keeps it as ``loss_curve_`` and watches it
for divergence). The lean loop lands on the same weights and loss curve as ``fit``, bit for bit
(checked before timing); the goal is that ``fit`` costs at most 10% more. Shown for context: the lean
loop in the core's shapes (W (d, 1), b (1,)), which splits the gap into what the shapes cost and what
the trainer costs; the bare loop without the loss curve; scikit-learn's SGDClassifier, which steps
one sample at a time in Cython.
"""

import numpy as np
from sklearn.linear_model import SGDClassifier

from bench import Row, best_times
from logreg_core import LogisticRegression
from logreg_core.datasets import make_dataset
from logreg_core.ops import sigmoid

LEARNING_RATE, EPOCHS, BATCH, SEED = 0.1, 100, 32, 0
# samples (the app's largest data set and its default) -> rounds: more for short runs, whose best is noisier
ROUNDS = {5000: 9, 200: 41}


def lean_fit(X, y, learning_rate, epochs, batch_size, seed, loss_curve=True):
    """Mini-batch SGD for two classes in as few NumPy calls as we can; returns w (d,), b, losses."""
    n, d = X.shape
    w, b, losses = np.zeros(d), 0.0, []
    for epoch in range(epochs):
        order = np.random.default_rng([seed, epoch]).permutation(n)
        Xs, ys = X[order], y[order]
        for start in range(0, n, batch_size):
            Xb, yb = Xs[start : start + batch_size], ys[start : start + batch_size]
            g = (sigmoid(Xb @ w + b) - yb) / len(yb)  # (batch,) d loss / d z
            w -= learning_rate * (Xb.T @ g)
            b -= learning_rate * g.sum()
        if loss_curve:
            z = X @ w + b
            losses.append(float(np.mean(np.logaddexp(0.0, z) - y * z)))
    return w, b, losses


def shaped_fit(X, Y, learning_rate, epochs, batch_size, seed):
    """The lean loop in the core's shapes, W (d, 1), b (1,), Y (n, 1): what the shapes alone cost."""
    n, d = X.shape
    W, b, losses = np.zeros((d, 1)), np.zeros(1), []
    for epoch in range(epochs):
        order = np.random.default_rng([seed, epoch]).permutation(n)
        Xs, Ys = X[order], Y[order]
        for start in range(0, n, batch_size):
            Xb, Yb = Xs[start : start + batch_size], Ys[start : start + batch_size]
            dZ = (sigmoid(Xb @ W + b) - Yb) / len(Yb)  # (batch, 1)
            W -= learning_rate * (Xb.T @ dZ)
            b -= learning_rate * dZ.sum(axis=0)
        z = (X @ W + b)[:, 0]
        losses.append(float(np.mean(np.logaddexp(0.0, z) - Y[:, 0] * z)))
    return W, b, losses


def sklearn_fit(X, y):
    """scikit-learn's peer: plain SGD on the log loss, one sample per step, no penalty."""
    model = SGDClassifier(
        loss="log_loss",
        learning_rate="constant",
        eta0=LEARNING_RATE,
        alpha=0,
        max_iter=EPOCHS,
        tol=None,
        random_state=SEED,
    )
    return model.fit(X, y)


def rows():
    out = []
    for n, rounds in ROUNDS.items():
        X, y = make_dataset("moons", n, 0.2, random_state=SEED)
        yf, Y = y.astype(float), y.astype(float)[:, None]
        core = LogisticRegression(learning_rate=LEARNING_RATE, epochs=EPOCHS, batch_size=BATCH, random_state=SEED)
        model = core.fit(X, y)
        w, b, losses = lean_fit(X, yf, LEARNING_RATE, EPOCHS, BATCH, SEED)
        same = "the lean loops must do fit's math"
        np.testing.assert_array_equal(model.coef_[0], w, err_msg=same)
        np.testing.assert_array_equal(model.loss_curve_, losses, err_msg=same)
        np.testing.assert_array_equal(model.coef_, shaped_fit(X, Y, LEARNING_RATE, EPOCHS, BATCH, SEED)[0].T, same)
        t = best_times(
            {
                "fit": lambda: core.fit(X, y),
                "lean": lambda: lean_fit(X, yf, LEARNING_RATE, EPOCHS, BATCH, SEED),
                "shaped": lambda: shaped_fit(X, Y, LEARNING_RATE, EPOCHS, BATCH, SEED),
                "bare": lambda: lean_fit(X, yf, LEARNING_RATE, EPOCHS, BATCH, SEED, loss_curve=False),
                "sklearn": lambda: sklearn_fit(X, y),
            },
            rounds,
        )
        where = f"moons {n}, batch {BATCH}, {EPOCHS} epochs"
        out += [
            Row("core", f"fit / lean loop, {where}", t["fit"] / t["lean"], goal=1.1),
            Row("core", f"lean loop in the core's shapes / lean loop, {where}", t["shaped"] / t["lean"]),
            Row("core", f"fit / bare loop without loss curve, {where}", t["fit"] / t["bare"]),
            Row("core", f"fit / sklearn SGDClassifier, {where}", t["fit"] / t["sklearn"]),
            Row("core", f"fit time, {where}", 1e3 * t["fit"], unit="ms"),
        ]
    return out
