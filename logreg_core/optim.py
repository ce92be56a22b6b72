"""Update rules. Each takes the parameters, their gradient and its own state, and updates in place.

They work element-wise on arrays of any shape, so the same rule steps one model's ``theta`` or a stack
of K. ``lr`` may be a float or an array that broadcasts against the parameters.
"""

import numpy as np

OPTIMIZERS = ("sgd", "momentum", "adam")
MOMENTUM = 0.9  # beta of the heavy-ball velocity
BETA1, BETA2, EPS = 0.9, 0.999, 1e-8  # Adam's defaults from its paper


def init_state(optimizer, p):
    """Fresh optimizer state for the parameter array p."""
    if optimizer == "sgd":
        return {}
    if optimizer == "momentum":
        return {"v": np.zeros_like(p)}
    if optimizer == "adam":
        return {"m": np.zeros_like(p), "v": np.zeros_like(p), "t": 0}
    raise ValueError(f"optimizer={optimizer!r} is not supported; expected one of {OPTIMIZERS}.")


def sgd(p, g, state, lr):
    """p <- p - lr * g."""
    p -= lr * g


def momentum(p, g, state, lr):
    """v <- beta v + g;  p <- p - lr * v."""
    v = state["v"]
    v *= MOMENTUM
    v += g
    p -= lr * v


def adam(p, g, state, lr):
    """Adam: bias-corrected running means of g and g^2; p <- p - lr * m_hat / (sqrt(v_hat) + eps)."""
    state["t"] += 1
    t, m, v = state["t"], state["m"], state["v"]
    m *= BETA1
    m += (1 - BETA1) * g
    v *= BETA2
    v += (1 - BETA2) * g * g
    m_hat = m / (1 - BETA1**t)
    v_hat = v / (1 - BETA2**t)
    p -= lr * m_hat / (np.sqrt(v_hat) + EPS)


UPDATES = {"sgd": sgd, "momentum": momentum, "adam": adam}
