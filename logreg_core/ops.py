"""The math of logistic regression: each function beside its gradient, all computed from logits.

Shapes: ``z`` is (n,) for two classes; ``Z`` is (n, k) for k classes; ``Y`` is one-hot (n, k).
Exponentials only ever see non-positive numbers, so sigmoid, softmax and logsumexp never overflow or
warn for finite input; the losses stay finite and warning-free for logits up to about 1e300 in size.
"""

import numpy as np


def sigmoid(z):
    """sigma(z) = 1 / (1 + exp(-z)), stable for any finite z."""
    e = np.exp(-np.abs(z))  # in (0, 1], never overflows
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def softmax(Z):
    """Row-wise exp(Z) / sum(exp(Z)); the row max is subtracted first."""
    E = np.exp(_minus_row_max(Z))  # (n, k), each row's max is exp(0) = 1
    return E / E.sum(axis=1, keepdims=True)


def logsumexp(Z):
    """Row-wise log(sum(exp(Z))), stable."""
    return Z.max(axis=1) + np.log(np.exp(_minus_row_max(Z)).sum(axis=1))


def _minus_row_max(Z):
    """Z minus its row max, all <= 0; a gap beyond the float range becomes -inf, whose exp is exactly 0."""
    with np.errstate(over="ignore"):
        return Z - Z.max(axis=1, keepdims=True)


# ---- binary cross-entropy, from the logit z ------------------------------------------------
# -[y log p + (1-y) log(1-p)] with p = sigma(z)  ==  log(1 + e^z) - y z


def binary_cross_entropy(z, y):
    """Mean of log(1 + exp(z)) - y*z over samples; y in {0, 1}."""
    return float(np.mean(np.logaddexp(0.0, z) - y * z))


def binary_cross_entropy_grad(z, y):
    """d loss / d z = (sigma(z) - y) / n."""
    return (sigmoid(z) - y) / z.shape[0]


# ---- multiclass cross-entropy, from the logits Z --------------------------------------------
# -sum_k Y_k log softmax(Z)_k  ==  logsumexp(Z) - sum_k Y_k Z_k


def cross_entropy(Z, Y):
    """Mean of logsumexp(Z) - <Y, Z> over samples; Y one-hot of shape (n, k)."""
    return float(np.mean(logsumexp(Z) - (Y * Z).sum(axis=1)))


def cross_entropy_grad(Z, Y):
    """d loss / d Z = (softmax(Z) - Y) / n, shape (n, k)."""
    return (softmax(Z) - Y) / Z.shape[0]


# ---- penalties on the weights (never on the intercept) --------------------------------------


def l2_penalty(w, l2):
    """l2 / 2 * ||w||^2."""
    return 0.5 * l2 * float(np.sum(w * w))


def l2_penalty_grad(w, l2):
    """l2 * w."""
    return l2 * w


def l1_penalty(w, l1):
    """l1 * |w|_1."""
    return l1 * float(np.sum(np.abs(w)))


def l1_penalty_grad(w, l1):
    """l1 * sign(w), the subgradient that is 0 at w = 0."""
    return l1 * np.sign(w)


# ---- the model's forward pass and loss: one logit z (n,) or a column (n, 1) is the sigmoid model, k >= 3 softmax


def probabilities(Z):
    """Class-1 probability for one logit (z (n,), or Z (n, 1)), softmax for several; shape of Z."""
    return sigmoid(Z) if Z.ndim == 1 or Z.shape[1] == 1 else softmax(Z)


def data_loss(Z, Y):
    """Mean cross-entropy of logits against targets of the same shape: z, y (n,), or Z, Y (n, k)."""
    if Z.ndim == 1:
        return binary_cross_entropy(Z, Y)
    if Z.shape[1] == 1:
        return binary_cross_entropy(Z[:, 0], Y[:, 0])
    return cross_entropy(Z, Y)


def data_loss_grad(Z, Y):
    """d data_loss / d Z, shape (n, k): (p - y) / n for both the sigmoid and softmax model."""
    return (probabilities(Z) - Y) / Z.shape[0]


def objective(X, Y, W, b, l2=0.0, l1=0.0):
    """Mean cross-entropy + l2/2 ||W||^2 + l1 |W|_1, for X (n, d), W (d, k), b (k,)."""
    return data_loss(X @ W + b, Y) + l2_penalty(W, l2) + l1_penalty(W, l1)


def objective_grad(X, Y, W, b, l2=0.0, l1=0.0):
    """Gradients (dW (d, k), db (k,)) of ``objective``."""
    dZ = data_loss_grad(X @ W + b, Y)  # (n, k)
    dW = X.T @ dZ + l2_penalty_grad(W, l2) + l1_penalty_grad(W, l1)
    return dW, dZ.sum(axis=0)
