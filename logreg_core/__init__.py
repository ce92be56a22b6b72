"""logreg_core: logistic regression from scratch in NumPy, built to be watched while it learns."""

from .model import LogisticRegression
from .trainer import Snapshot, TrainConfig, Trainer, TrainState

__all__ = ["LogisticRegression", "Snapshot", "TrainConfig", "Trainer", "TrainState"]
