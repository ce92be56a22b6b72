"""Command line: train on a generated data set and print the final metrics.

python -m logreg_core --dataset moons --epochs 100 --batch-size 32 --learning-rate 0.1
"""

import argparse
import json
import sys

from tqdm import tqdm

from .datasets import DATASETS, make_dataset, train_test_split
from .features import FeatureMap
from .optim import OPTIMIZERS
from .trainer import TrainConfig, Trainer


def parse_args(argv=None):
    p = argparse.ArgumentParser(prog="python -m logreg_core", description="Train a from-scratch logistic regression.")
    p.add_argument("--dataset", default="moons", choices=sorted(DATASETS))
    p.add_argument("--samples", type=int, default=200)
    p.add_argument("--noise", type=float, default=0.2)
    p.add_argument("--centers", type=int, default=3, help="blobs only")
    p.add_argument("--test-fraction", type=float, default=0.25)
    p.add_argument("--degree", type=int, default=1, help="polynomial feature degree, 1-6")
    p.add_argument("--no-standardize", action="store_true")
    p.add_argument("--epochs", type=int, default=100)
    p.add_argument("--batch-size", type=int, default=32, help="0 means full batch")
    p.add_argument("--learning-rate", type=float, default=0.1)
    p.add_argument("--optimizer", default="sgd", choices=OPTIMIZERS)
    p.add_argument("--l2", type=float, default=0.0)
    p.add_argument("--l1", type=float, default=0.0)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    return p.parse_args(argv)


def main(argv=None):
    a = parse_args(argv)
    try:
        options = {"centers": a.centers} if a.dataset == "blobs" else {}
        X, y = make_dataset(a.dataset, a.samples, a.noise, a.seed, **options)
        X_tr, X_te, y_tr, y_te = train_test_split(X, y, a.test_fraction, a.seed)
        fm = FeatureMap(a.degree, not a.no_standardize).fit(X_tr)
        config = TrainConfig(a.learning_rate, a.epochs, a.batch_size or None, a.l2, a.l1, a.optimizer, a.seed)
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    t = Trainer(config, fm.map(X_tr), y_tr, int(y.max()) + 1, fm.map(X_te), y_te)
    for _ in tqdm(range(config.epochs), desc="epochs", disable=a.json, file=sys.stderr):
        t.epoch()
        if t.state.stopped:
            break
    m = t.measure()
    result = {"epochs": t.state.epoch, "steps": t.state.step, **m, "stopped": t.state.stopped}
    if a.json:
        print(json.dumps(result))
    else:
        for k, v in result.items():
            print(f"{k:>15}: {v:.4f}" if isinstance(v, float) else f"{k:>15}: {v}")
    return 1 if t.state.stopped else 0


if __name__ == "__main__":
    sys.exit(main())
