"""Update rules. Each takes parameters, their gradients and its own state, and updates in place.

They work element-wise on arrays of any shape, so the same rule steps one model or a stack of K.
``lr`` may be a float or an array that broadcasts against the parameters.
"""

import numpy as np

OPTIMIZERS = ("sgd", "momentum", "adam")
MOMENTUM = 0.9  # beta of the heavy-ball velocity
BETA1, BETA2, EPS = 0.9, 0.999, 1e-8  # Adam's defaults from its paper


def init_state(optimizer, params):
    """Fresh optimizer state for a list of parameter arrays."""
    if optimizer == "sgd":
        return {}
    if optimizer == "momentum":
        return {"v": [np.zeros_like(p) for p in params]}
    if optimizer == "adam":
        return {"m": [np.zeros_like(p) for p in params], "v": [np.zeros_like(p) for p in params], "t": 0}
    raise ValueError(f"optimizer={optimizer!r} is not supported; expected one of {OPTIMIZERS}.")


def sgd(params, grads, state, lr):
    """p <- p - lr * g."""
    for p, g in zip(params, grads):
        p -= lr * g


def momentum(params, grads, state, lr):
    """v <- beta v + g;  p <- p - lr * v."""
    for p, g, v in zip(params, grads, state["v"]):
        v *= MOMENTUM
        v += g
        p -= lr * v


def adam(params, grads, state, lr):
    """Adam: bias-corrected running means of g and g^2; p <- p - lr * m_hat / (sqrt(v_hat) + eps)."""
    state["t"] += 1
    t = state["t"]
    for p, g, m, v in zip(params, grads, state["m"], state["v"]):
        m *= BETA1
        m += (1 - BETA1) * g
        v *= BETA2
        v += (1 - BETA2) * g * g
        m_hat = m / (1 - BETA1**t)
        v_hat = v / (1 - BETA2**t)
        p -= lr * m_hat / (np.sqrt(v_hat) + EPS)


UPDATES = {"sgd": sgd, "momentum": momentum, "adam": adam}
