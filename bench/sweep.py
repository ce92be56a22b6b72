"""Eight runs through ``sweep`` against one run through ``Trainer``: the goal is at most twice the time.

Both train the app's setup (moons, batch 32, 100 epochs, sgd, 101 snapshots); the sweep varies the
learning rate over 8 values on one shared batch order.
"""

import numpy as np

from bench import Row, best_times
from logreg_core.datasets import make_dataset
from logreg_core.sweep import MAX_RUNS, sweep
from logreg_core.trainer import TrainConfig, Trainer

EPOCHS, BATCH, SEED = 100, 32, 0
ROUNDS = {5000: 9, 200: 41}  # samples -> rounds: more for short runs, whose best is noisier


def rows():
    out = []
    for n, rounds in ROUNDS.items():
        X, y = make_dataset("moons", n, 0.2, random_state=SEED)
        configs = [TrainConfig(lr, EPOCHS, BATCH, random_state=SEED) for lr in np.geomspace(0.01, 3.0, MAX_RUNS)]
        t = best_times(
            {
                "sweep": lambda: sweep(configs, X, y, 2),
                "one": lambda: Trainer(configs[0], X, y, 2).run(),
            },
            rounds,
        )
        where = f"moons {n}, batch {BATCH}, {EPOCHS} epochs"
        out += [
            Row("sweep", f"{MAX_RUNS} runs by sweep / 1 by Trainer, {where}", t["sweep"] / t["one"], goal=2.0),
            Row("sweep", f"{MAX_RUNS} runs by sweep, {where}", 1e3 * t["sweep"], unit="ms"),
        ]
    return out
