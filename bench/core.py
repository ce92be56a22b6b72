"""The core's ``LogisticRegression.fit`` against the leanest NumPy loop doing the same work, and sklearn.

The same work: mini-batch SGD (batch 32, 100 epochs) over a fresh permutation every epoch,
``default_rng([seed, epoch]).permutation(n)``, taken in contiguous slices, with the stable sigmoid of
``ops``, and the training loss after every epoch (``fit`` keeps it as ``loss_curve_`` and watches it
for divergence). The lean loop is as lean as we can write it: the intercept is the weight of a column
of ones (no separate bias to add and update), and the batch's 1 / b is folded into the step size, so a
step is one matmul, the sigmoid, one subtraction, one matmul and one scaled update. It lands on fit's
weights and loss curve to rounding (checked before timing); the goal is that ``fit`` costs at most
10% more. Shown for context: the same loop with the trainer's step math (the mean gradient
materialized, as ``fit`` needs it for momentum, Adam and the app's step view), which splits
the gap into what that math costs and what the trainer's bookkeeping costs; the lean loop without the
loss curve; scikit-learn's SGDClassifier, which steps one sample at a time in Cython.
"""

import numpy as np
from sklearn.linear_model import SGDClassifier

from bench import Row, best_times
from logreg_core import LogisticRegression
from logreg_core.datasets import make_dataset
from logreg_core.ops import sigmoid
from logreg_core.trainer import batch_shares, with_ones

LEARNING_RATE, EPOCHS, BATCH, SEED = 0.1, 100, 32, 0
# samples (the app's largest data set and its default) -> rounds: more for short runs, whose best is noisier
ROUNDS = {5000: 15, 200: 61}


def lean_fit(X1, y, learning_rate, epochs, batch_size, seed, loss_curve=True):
    """Mini-batch SGD for two classes in as few NumPy calls as we can; X1 ends in a column of ones.
    Returns w (d + 1,), the intercept last, and the loss after each epoch."""
    n, d1 = X1.shape
    w, losses = np.zeros(d1), []
    for epoch in range(epochs):
        order = np.random.default_rng([seed, epoch]).permutation(n)
        Xs, ys = X1[order], y[order]
        for start in range(0, n, batch_size):
            Xb, yb = Xs[start : start + batch_size], ys[start : start + batch_size]
            w -= learning_rate / len(yb) * (Xb.T @ (sigmoid(Xb @ w) - yb))
        if loss_curve:
            z = X1 @ w
            losses.append(float(np.mean(np.logaddexp(0.0, z) - y * z)))
    return w, losses


def step_math_fit(X1, y, learning_rate, epochs, batch_size, seed):
    """The lean loop doing the trainer's step math, with the mean gradient materialized through Xs / b
    as ``Trainer`` takes it: what that math costs without the trainer around it."""
    n, d1 = X1.shape
    theta, losses, shares = np.zeros(d1), [], batch_shares(n, batch_size)
    for epoch in range(epochs):
        order = np.random.default_rng([seed, epoch]).permutation(n)
        Xs, ys = X1[order], y[order]
        Xm = Xs * shares
        for start in range(0, n, batch_size):
            stop = start + batch_size
            grad = Xm[start:stop].T @ (sigmoid(Xs[start:stop] @ theta) - ys[start:stop])  # (d + 1,)
            theta -= learning_rate * grad
        z = X1 @ theta
        losses.append(float(np.mean(np.logaddexp(0.0, z) - y * z)))
    return theta, losses


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
        X1, yf = with_ones(X), y.astype(float)
        core = LogisticRegression(learning_rate=LEARNING_RATE, epochs=EPOCHS, batch_size=BATCH, random_state=SEED)
        model = core.fit(X, y)
        fitted = np.r_[model.coef_[0], model.intercept_]
        w, losses = lean_fit(X1, yf, LEARNING_RATE, EPOCHS, BATCH, SEED)
        same = "the lean loops must do fit's math"
        np.testing.assert_allclose(w, fitted, rtol=1e-9, atol=1e-12, err_msg=same)  # the same up to rounding
        np.testing.assert_allclose(losses, model.loss_curve_, rtol=1e-12, err_msg=same)
        theta, step_losses = step_math_fit(X1, yf, LEARNING_RATE, EPOCHS, BATCH, SEED)
        np.testing.assert_array_equal(theta, fitted, err_msg=same)  # the same operations: bit for bit
        np.testing.assert_array_equal(step_losses, model.loss_curve_, err_msg=same)
        t = best_times(
            {
                "fit": lambda: core.fit(X, y),
                "lean": lambda: lean_fit(X1, yf, LEARNING_RATE, EPOCHS, BATCH, SEED),
                "step math": lambda: step_math_fit(X1, yf, LEARNING_RATE, EPOCHS, BATCH, SEED),
                "bare": lambda: lean_fit(X1, yf, LEARNING_RATE, EPOCHS, BATCH, SEED, loss_curve=False),
                "sklearn": lambda: sklearn_fit(X, y),
            },
            rounds,
        )
        where = f"moons {n}, batch {BATCH}, {EPOCHS} epochs"
        out += [
            Row("core", f"fit / lean loop, {where}", t["fit"] / t["lean"], goal=1.1),
            Row("core", f"lean loop with the trainer's step math / lean loop, {where}", t["step math"] / t["lean"]),
            Row("core", f"fit / lean loop with the trainer's step math, {where}", t["fit"] / t["step math"]),
            Row("core", f"fit / lean loop without loss curve, {where}", t["fit"] / t["bare"]),
            Row("core", f"fit / sklearn SGDClassifier, {where}", t["fit"] / t["sklearn"]),
            Row("core", f"fit time, {where}", 1e3 * t["fit"], unit="ms"),
        ]
    return out
