"""Data sets: one signature, one label convention, seeded; and the stratified split."""

import numpy as np
import pytest
from sklearn.svm import LinearSVC

from logreg_core.datasets import DATASETS, MAX_SAMPLES, make_dataset, train_test_split

N_CLASSES = {"blobs": 3, "moons": 2, "circles": 2, "xor": 2, "spiral": 2, "linear": 2, "toy": 2}


@pytest.mark.parametrize("name", list(DATASETS))
def test_every_data_set_has_the_same_signature_and_labels(name):
    X, y = make_dataset(name, 60, 0.1, random_state=0)
    assert X.shape == ((60, 1) if name == "toy" else (60, 2)) and X.dtype == float
    assert y.shape == (60,) and y.dtype.kind == "i"
    assert np.isfinite(X).all()
    np.testing.assert_array_equal(np.unique(y), np.arange(N_CLASSES[name]))  # labels 0..k-1, every one present


@pytest.mark.parametrize("name", list(DATASETS))
def test_the_same_seed_gives_the_same_data(name):
    X1, y1 = make_dataset(name, 40, 0.2, random_state=3)
    X2, y2 = make_dataset(name, 40, 0.2, random_state=3)
    X3, _ = make_dataset(name, 40, 0.2, random_state=4)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(X1, X3)


def test_noise_is_the_standard_deviation_of_the_jitter():
    clean, _ = make_dataset("toy", 4000, 0.0, random_state=0)
    noisy, _ = make_dataset("toy", 4000, 0.3, random_state=0)
    assert np.std(noisy - clean) == pytest.approx(0.3, rel=0.05)


def test_toy_is_the_six_point_problem():
    X, y = make_dataset("toy", 6, 0.0, random_state=0)
    np.testing.assert_array_equal(X[:, 0], [1, 2, 3, 4, 5, 6])
    np.testing.assert_array_equal(y, [0, 0, 0, 1, 1, 1])


def test_options_reach_their_generator():
    _, y = make_dataset("blobs", 60, 0.1, random_state=0, centers=5)
    np.testing.assert_array_equal(np.unique(y), np.arange(5))
    _, y = make_dataset("spiral", 60, 0.1, random_state=0, arms=4)
    np.testing.assert_array_equal(np.bincount(y), [15, 15, 15, 15])


def test_linear_is_separable_with_a_margin():
    X, y = make_dataset("linear", 300, 0.0, random_state=1, margin=0.2)
    assert LinearSVC(C=100.0).fit(X, y).score(X, y) == 1.0


def test_xor_labels_follow_the_quadrants():
    X, y = make_dataset("xor", 200, 0.0, random_state=0)
    np.testing.assert_array_equal(y, (X[:, 0] * X[:, 1] > 0).astype(int))


def test_circles_put_class_1_inside():
    X, y = make_dataset("circles", 200, 0.0, random_state=0)
    r = np.hypot(X[:, 0], X[:, 1])
    assert r[y == 1].max() < r[y == 0].min()


@pytest.mark.parametrize(
    ("args", "options", "match"),
    [
        (("spirals",), {}, r"name='spirals' is not supported; expected one of 'blobs', 'moons', 'circles'"),
        (("moons", 1), {}, r"n_samples must be an integer in \[2, 5000\]; got 1\."),
        (("moons", MAX_SAMPLES + 1), {}, r"n_samples must be an integer in \[2, 5000\]; got 5001\."),
        (("moons", 10.5), {}, r"n_samples must be an integer in \[2, 5000\]; got 10\.5\."),
        (("moons", 10, -0.1), {}, r"noise must be a number in \[0, 5\]; got -0\.1\."),
        (("moons", 10, float("nan")), {}, r"noise must be a number in \[0, 5\]; got nan\."),
        (("blobs", 10), {"centers": 7}, r"centers must be an integer in \[2, 6\]; got 7\."),
        (("spiral", 10), {"arms": 1}, r"arms must be an integer in \[2, 6\]; got 1\."),
    ],
)
def test_bad_arguments_are_rejected_with_the_allowed_range(args, options, match):
    with pytest.raises(ValueError, match=match):
        make_dataset(*args, **options)


def test_split_is_stratified_and_keeps_every_class_in_training():
    X, y = make_dataset("blobs", 90, 0.1, random_state=0)
    y = y.copy()
    y[:1] = 3  # a class with a single sample stays in training
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, 0.25, random_state=0)
    assert len(X_tr) + len(X_te) == 90 and len(y_tr) == len(X_tr) and len(y_te) == len(X_te)
    assert 3 in y_tr and 3 not in y_te
    for c in range(3):
        assert abs(np.sum(y_te == c) - 0.25 * np.sum(y == c)) <= 1
    rows = {tuple(r) for r in np.vstack([X_tr, X_te])}
    assert rows == {tuple(r) for r in X}  # a partition: nothing lost, nothing doubled


def test_split_is_seeded():
    X, y = make_dataset("moons", 50, 0.1, random_state=0)
    a = train_test_split(X, y, 0.3, random_state=1)
    b = train_test_split(X, y, 0.3, random_state=1)
    for u, v in zip(a, b):
        np.testing.assert_array_equal(u, v)
    assert len(train_test_split(X, y, 0.0)[1]) == 0


def test_split_rejects_a_bad_fraction():
    with pytest.raises(ValueError, match=r"test_fraction must be a number in \[0, 0\.9\]; got 0\.95\."):
        train_test_split(np.zeros((4, 2)), np.array([0, 0, 1, 1]), 0.95)
