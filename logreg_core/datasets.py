"""Data sets for the playground, all with one signature.

``make_dataset(name, n_samples, noise, random_state, **options) -> X, y``: X is (n_samples, 2)
(or (n_samples, 1) for "toy"), y holds integer class labels 0..k-1. ``noise`` is the standard
deviation of Gaussian jitter added to every point. The same random_state gives the same data.
"""

import numpy as np
from sklearn import datasets as skd

from .validation import check_choice, check_number

MAX_SAMPLES = 5000


def blobs(n_samples, noise, rng, centers=3, spread=1.0):
    """Gaussian blobs around ``centers`` points evenly spaced on a circle of radius 3.5."""
    check_number("centers", centers, low=2, high=6, integer=True)
    check_number("spread", spread, low=0, high=10)
    angles = 2 * np.pi * np.arange(centers) / centers + np.pi / 4
    where = 3.5 * np.column_stack([np.cos(angles), np.sin(angles)])  # (centers, 2)
    X, y = skd.make_blobs(n_samples, centers=where, cluster_std=spread, random_state=rng)
    return X + rng.normal(0, noise, X.shape), y


def moons(n_samples, noise, rng):
    """Two interleaving half circles."""
    return skd.make_moons(n_samples, noise=noise, random_state=rng)


def circles(n_samples, noise, rng, factor=0.5):
    """A small circle inside a large one."""
    return skd.make_circles(n_samples, noise=noise, factor=factor, random_state=rng)


def xor(n_samples, noise, rng):
    """Uniform points in [-1, 1]^2, class 1 where x1 * x2 > 0."""
    X = rng.uniform(-1, 1, (n_samples, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(int)
    return X + rng.normal(0, noise, X.shape), y


def spiral(n_samples, noise, rng, arms=2):
    """``arms`` interleaved spiral arms, one class each."""
    check_number("arms", arms, low=2, high=6, integer=True)
    y = np.arange(n_samples) % arms
    t = rng.uniform(0.25, 1, n_samples)  # position along the arm
    angle = 3 * np.pi * t + 2 * np.pi * y / arms
    X = np.column_stack([t * np.cos(angle), t * np.sin(angle)])
    return X + rng.normal(0, noise, X.shape), y


def linear(n_samples, noise, rng, margin=0.1):
    """Linearly separable: a random line through the origin, each point pushed ``margin`` off it."""
    angle = rng.uniform(0, 2 * np.pi)
    w = np.array([np.cos(angle), np.sin(angle)])  # the line's normal
    X = rng.uniform(-1, 1, (n_samples, 2))
    y = (X @ w > 0).astype(int)
    X += np.outer(np.where(y == 1, margin, -margin), w)
    X[:2], y[:2] = np.outer([-0.5, 0.5], w), [0, 1]  # both classes, always
    return X + rng.normal(0, noise, X.shape), y


def toy(n_samples, noise, rng):
    """The 1-D toy problem: n points evenly spaced on [1, 6], class 1 above 3.5 (n=6: X=1..6)."""
    X = np.linspace(1, 6, n_samples)[:, None]
    y = (X[:, 0] > 3.5).astype(int)
    return X + rng.normal(0, noise, X.shape), y


DATASETS = {
    "blobs": blobs,
    "moons": moons,
    "circles": circles,
    "xor": xor,
    "spiral": spiral,
    "linear": linear,
    "toy": toy,
}


def make_dataset(name, n_samples=200, noise=0.2, random_state=None, **options):
    """Generate a data set by name; returns X (n_samples, n_features) floats and y (n_samples,) ints."""
    check_choice("name", name, tuple(DATASETS))
    check_number("n_samples", n_samples, low=2, high=MAX_SAMPLES, integer=True)
    check_number("noise", noise, low=0, high=5)
    rng = np.random.default_rng(random_state)
    rs = np.random.RandomState(rng.integers(2**31 - 1))  # scikit-learn's generators take a RandomState
    gen = DATASETS[name]
    X, y = gen(n_samples, noise, rs if gen in (blobs, moons, circles) else rng, **options)
    return np.asarray(X, dtype=float), np.asarray(y, dtype=int)


def train_test_split(X, y, test_fraction=0.25, random_state=None):
    """Stratified split: every class keeps at least one training sample. Returns X_tr, X_te, y_tr, y_te."""
    check_number("test_fraction", test_fraction, low=0, high=0.9)
    rng = np.random.default_rng(random_state)
    test = np.zeros(len(y), dtype=bool)
    for c in np.unique(y):
        idx = rng.permutation(np.flatnonzero(y == c))
        k = min(int(round(test_fraction * len(idx))), len(idx) - 1)
        test[idx[:k]] = True
    return X[~test], X[test], y[~test], y[test]
