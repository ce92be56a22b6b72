"""Classroom scenarios: a ready experiment each, with two lines on what to watch."""

from dataclasses import dataclass, replace

from .settings import TABLE, Settings


@dataclass(frozen=True)
class Scenario:
    key: str
    title: str
    watch: str  # two lines: what happens, and what to try next
    changes: dict


SCENARIOS = {
    s.key: s
    for s in [
        Scenario(
            "too_high", "Learning rate too high",
            "Each step overshoots the minimum by more than it gains, so the loss climbs for a few epochs instead of "
            "falling, and training stops with an explanation. Lower the learning rate to 1 and train again.",
            {"dataset": "moons", "learning_rate": 150.0, "optimizer": "momentum", "batch_size": 200, "epochs": 50},
        ),
        Scenario(
            "unscaled", "Unscaled features",
            "x2 is in the thousands, so the first gradient step throws the weights far off and the loss explodes "
            "(in plain code it turns into NaN). Switch on Standardize and train again.",
            {"dataset": "blobs", "centers": 2, "scale": 1000.0, "standardize": False, "learning_rate": 0.1},
        ),
        Scenario(
            "moons_features", "Moons need features",
            "The best straight line still gets about one point in ten wrong: the classes curl into each other. "
            "Raise Polynomial degree to 3 and watch the boundary bend around them.",
            {"dataset": "moons", "noise": 0.24, "degree": 1, "epochs": 200},
        ),
        Scenario(
            "separable", "Perfectly separable data",
            "Every point is already right, yet the loss keeps falling: it rewards ever larger weights, so they grow "
            "without bound. Add an L2 penalty of 0.01 and the weights settle.",
            {"dataset": "linear", "noise": 0.0, "epochs": 300, "learning_rate": 1.0, "l2": 0.0},
        ),
        Scenario(
            "batch_one", "Batch size 1 vs full batch",
            "With one sample per step the boundary jitters and the loss curve is noisy, but each epoch takes many "
            "steps. Set Batch size to the largest value (full batch) and compare the curves.",
            {"dataset": "moons", "batch_size": 1, "epochs": 30, "learning_rate": 0.03},
        ),
        Scenario(
            "softmax", "Three classes with softmax",
            "One weight vector per class; softmax turns the three scores into probabilities, and each colour marks "
            "where its class wins. Try 5 centers, or the spiral.",
            {"dataset": "blobs", "centers": 3, "noise": 0.5, "epochs": 100},
        ),
        Scenario(
            "regularization", "Regularization shrinks the weights",
            "Degree-6 features can wrap the boundary around single points; the L2 penalty pulls the weights toward "
            "zero and smooths it. Compare L2 = 0 with L2 = 0.03 and watch the test loss.",
            {"dataset": "moons", "noise": 0.35, "samples": 120, "degree": 6, "l2": 0.03, "epochs": 300, "optimizer": "adam", "learning_rate": 0.03},
        ),
    ]
}  # fmt: skip


def settings_of(key):
    """The scenario's settings: defaults plus its changes."""
    return replace(Settings(), **SCENARIOS[key].changes)


def parse_hidden(text):
    """Setting names a classroom link hides (``hide=noise,seed``); unknown names are ignored."""
    return {name.strip() for name in (text or "").split(",") if name.strip() in TABLE}
