"""``LogisticRegression``: scikit-learn's estimator checks, the same optimum as scikit-learn, and input checks."""

import copy

import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression as SkLogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.utils.estimator_checks import parametrize_with_checks

from logreg_core import LogisticRegression
from logreg_core.datasets import make_dataset
from logreg_core.features import FeatureMap
from logreg_core.trainer import lipschitz_learning_rate


# Some checks fit unscaled data (features ~100) with the default learning rate 0.1, which diverges and
# warns; scikit-learn's own common tests ignore ConvergenceWarning the same way.
@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@parametrize_with_checks([LogisticRegression()])
def test_passes_the_scikit_learn_estimator_checks(estimator, check):
    check(estimator)


# ---- the same optimum as scikit-learn ---------------------------------------------------------

PROBLEMS = [  # (n_classes, seed, n_samples, n_features, l2)
    (2, 0, 60, 3, 0.01),
    (2, 1, 80, 5, 0.1),
    (2, 4, 40, 2, 0.01),
    (3, 2, 90, 4, 0.01),
    (3, 3, 60, 2, 0.1),
    (3, 5, 75, 3, 0.1),
]
# Adam's constant step keeps it jittering around the optimum: the objective gets within 1e-7 relative
# while the weights, and so the probabilities, can stay ~1e-4 off. Gradient descent lands within ~1e-6.
PROBA_TOL = {"sgd": 1e-5, "momentum": 1e-5, "adam": 1e-3}


def classification(n_classes, seed, n, d):
    return make_classification(
        n_samples=n,
        n_features=d,
        n_informative=2,
        n_redundant=0,
        n_classes=n_classes,
        n_clusters_per_class=1,
        random_state=seed,
    )


def objective_at(model, coef, intercept, X, y):
    """``model.objective`` evaluated at other weights, e.g. scikit-learn's."""
    other = copy.deepcopy(model)
    other.coef_, other.intercept_ = coef, intercept
    return other.objective(X, y)


@pytest.mark.parametrize(("n_classes", "seed", "n", "d", "l2"), PROBLEMS)
@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_full_batch_training_reaches_the_scikit_learn_optimum(optimizer, n_classes, seed, n, d, l2):
    X, y = classification(n_classes, seed, n, d)
    sk = SkLogisticRegression(C=1 / (l2 * n), tol=1e-12, max_iter=10000).fit(X, y)
    safe = lipschitz_learning_rate(X, n_classes, l2) / 2
    learning_rate = {"sgd": safe, "momentum": safe / 10, "adam": 0.05}[optimizer]  # momentum's steps add up ~10x
    ours = LogisticRegression(learning_rate, epochs=1000, batch_size=None, l2=l2, optimizer=optimizer).fit(X, y)
    assert ours.stopped_ is None
    assert ours.coef_.shape == sk.coef_.shape and ours.intercept_.shape == sk.intercept_.shape
    best = objective_at(ours, sk.coef_, sk.intercept_, X, y)
    assert ours.objective(X, y) == pytest.approx(best, rel=1e-6)
    np.testing.assert_array_equal(ours.predict(X), sk.predict(X))
    np.testing.assert_allclose(ours.predict_proba(X), sk.predict_proba(X), rtol=0, atol=PROBA_TOL[optimizer])


def test_objective_is_the_last_point_of_the_loss_curve():
    X, y = classification(3, 0, 50, 3)
    model = LogisticRegression(epochs=7, l2=0.1, l1=0.01, random_state=0).fit(X, y)
    assert len(model.loss_curve_) == model.n_iter_ == 7
    assert model.objective(X, y) == pytest.approx(model.loss_curve_[-1], rel=1e-12)


# ---- predictions ------------------------------------------------------------------------------


def test_probabilities_logits_and_predictions_agree():
    X, y = classification(3, 1, 60, 2)
    model = LogisticRegression(epochs=20, random_state=0).fit(X, y)
    P = model.predict_proba(X)
    assert P.shape == (60, 3) and model.decision_function(X).shape == (60, 3)
    np.testing.assert_allclose(P.sum(axis=1), 1)
    np.testing.assert_allclose(model.predict_log_proba(X), np.log(P), rtol=1e-10)
    np.testing.assert_array_equal(model.predict(X), model.classes_[P.argmax(axis=1)])


def test_binary_model_has_one_logit_and_two_probability_columns():
    X, y = classification(2, 1, 60, 2)
    model = LogisticRegression(epochs=20, random_state=0).fit(X, y)
    z, P = model.decision_function(X), model.predict_proba(X)
    assert model.coef_.shape == (1, 2) and z.shape == (60,) and P.shape == (60, 2)
    np.testing.assert_allclose(P[:, 1], 1 / (1 + np.exp(-z)))
    np.testing.assert_array_equal(model.predict(X), (z > 0).astype(int))


@pytest.mark.parametrize("names", [["no", "yes"], ["cat", "dog", "emu"]])
def test_string_labels_round_trip_through_predict(names):
    X, y = classification(len(names), 2, 60, 2)
    labels = np.array(names)[y]
    by_name = LogisticRegression(epochs=30, random_state=0).fit(X, labels)
    by_code = LogisticRegression(epochs=30, random_state=0).fit(X, y)
    np.testing.assert_array_equal(by_name.classes_, names)
    np.testing.assert_array_equal(by_name.predict(X), np.array(names)[by_code.predict(X)])
    assert by_name.score(X, labels) == by_code.score(X, y)
    assert by_name.objective(X, labels) == by_code.objective(X, y)


# ---- reproducibility and partial_fit ----------------------------------------------------------


def test_same_random_state_gives_the_same_model_bit_for_bit():
    X, y = make_dataset("moons", 80, 0.2, random_state=0)
    a = LogisticRegression(epochs=15, batch_size=8, random_state=3).fit(X, y)
    b = LogisticRegression(epochs=15, batch_size=8, random_state=3).fit(X, y)
    c = LogisticRegression(epochs=15, batch_size=8, random_state=4).fit(X, y)
    np.testing.assert_array_equal(a.coef_, b.coef_)
    np.testing.assert_array_equal(a.intercept_, b.intercept_)
    assert a.loss_curve_ == b.loss_curve_
    assert not np.array_equal(a.coef_, c.coef_)


def test_refitting_the_same_estimator_gives_the_same_model():
    X, y = make_dataset("blobs", 60, 0.5, random_state=1)
    model = LogisticRegression(epochs=5, batch_size=7, optimizer="adam", random_state=0)
    first = model.fit(X, y).coef_.copy()
    np.testing.assert_array_equal(model.fit(X, y).coef_, first)


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_partial_fit_epochs_equal_one_fit(optimizer):
    X, y = make_dataset("blobs", 60, 0.5, random_state=1)
    fitted = LogisticRegression(epochs=4, batch_size=16, optimizer=optimizer, random_state=5).fit(X, y)
    stepped = LogisticRegression(batch_size=16, optimizer=optimizer, random_state=5)
    for i in range(4):
        stepped.partial_fit(X, y, classes=[0, 1, 2])
        assert stepped.n_iter_ == i + 1 and len(stepped.loss_curve_) == i + 1
    np.testing.assert_array_equal(stepped.coef_, fitted.coef_)
    np.testing.assert_array_equal(stepped.intercept_, fitted.intercept_)
    assert stepped.loss_curve_ == fitted.loss_curve_


def test_partial_fit_learns_from_batches_that_miss_a_class():
    X, y = make_dataset("blobs", 90, 0.3, random_state=2)
    model = LogisticRegression(learning_rate=0.5, random_state=0)
    model.partial_fit(X[y != 2], y[y != 2], classes=[0, 1, 2])
    assert model.coef_.shape == (3, 2)
    for _ in range(10):
        model.partial_fit(X, y)
    assert model.score(X, y) > 0.9


def test_partial_fit_continues_after_fit():
    X, y = make_dataset("moons", 60, 0.2, random_state=0)
    model = LogisticRegression(epochs=3, random_state=0).fit(X, y)
    model.partial_fit(X, y)
    np.testing.assert_array_equal(model.coef_, LogisticRegression(epochs=4, random_state=0).fit(X, y).coef_)


def test_partial_fit_rejects_labels_outside_classes():
    X, y = make_dataset("moons", 40, 0.2, random_state=0)
    model = LogisticRegression().partial_fit(X, y, classes=[0, 1])
    with pytest.raises(ValueError, match=r"y has labels \[7\] that are not in classes_ \[0, 1\]; pass every label"):
        model.partial_fit(X, np.where(y == 1, 7, 0))


# ---- the examples from the seeds --------------------------------------------------------------


def test_toy_problem_predicts_class_1_at_9():
    X, y = make_dataset("toy", 6, 0.0, random_state=0)
    np.testing.assert_array_equal(X[:, 0], [1, 2, 3, 4, 5, 6])
    np.testing.assert_array_equal(y, [0, 0, 0, 1, 1, 1])
    model = LogisticRegression(learning_rate=0.1, epochs=1000, batch_size=None).fit(X, y)
    assert model.predict_proba([[9]])[0, 1] > 0.5
    assert model.predict([[9], [0]]).tolist() == [1, 0]


def test_moons_need_polynomial_features():
    """A line gets about 0.87 of the moons right; degree-3 features get above 0.95."""
    linear, cubic = [], []
    for seed in range(5):
        X, y = make_dataset("moons", 100, 0.24, random_state=seed)
        line = make_pipeline(FeatureMap(), LogisticRegression(learning_rate=0.1, epochs=100, random_state=0))
        curve = make_pipeline(FeatureMap(degree=3), LogisticRegression(learning_rate=1.0, epochs=1000, batch_size=None))
        linear.append(line.fit(X, y).score(X, y))
        cubic.append(curve.fit(X, y).score(X, y))
    assert all(0.8 <= a <= 0.92 for a in linear) and np.mean(linear) == pytest.approx(0.87, abs=0.02)
    assert np.mean(cubic) > 0.95 and min(cubic) >= 0.93  # seed 1's moons overlap: even sklearn gets 0.94
    assert all(c > a for a, c in zip(linear, cubic))


def test_three_blobs_train_a_softmax_model():
    X, y = make_dataset("blobs", 150, 0.2, random_state=0, centers=3)
    model = LogisticRegression(learning_rate=0.1, epochs=50, random_state=0).fit(X, y)
    assert model.coef_.shape == (3, 2) and model.intercept_.shape == (3,)
    assert model.predict_proba(X).shape == (150, 3)
    assert model.score(X, y) > 0.95


# ---- bad input: every ValueError names the parameter, what it got and what was expected -------

GOOD_X = [[0.0, 1.0], [1.0, 0.0], [2.0, 1.0], [3.0, 0.0]]
GOOD_Y = [0, 0, 1, 1]


@pytest.mark.parametrize(
    ("X", "y", "match"),
    [
        (
            [[0.0, np.nan], *GOOD_X[1:]],
            GOOD_Y,
            r"X contains NaN or infinity \(1 values, first at index \(0, 1\), value nan\); expected finite numbers",
        ),
        (
            [*GOOD_X[:3], [np.inf, 0.0]],
            GOOD_Y,
            r"X contains NaN or infinity \(1 values, first at index \(3, 0\), value inf\); expected finite",
        ),
        (GOOD_X, [0, 0, 0, 0], r"y has only one class \(\[0\]\); a classifier needs at least 2 classes"),
        (np.zeros((0, 2)), [], r"X has 0 samples \(shape \(0, 2\)\); expected at least 2"),
        (GOOD_X, [0, 1, 1], r"X has 4 samples but y has 3 labels; expected one label per row of X"),
        (GOOD_X, [0.0, np.nan, 1.0, 1.0], r"y contains NaN or infinity .*; expected finite numbers"),
    ],
    ids=["nan", "inf", "one-class", "empty", "shape-mismatch", "nan-label"],
)
def test_fit_rejects_bad_data(X, y, match):
    with pytest.raises(ValueError, match=match):
        LogisticRegression().fit(X, y)


def test_predict_rejects_bad_data():
    model = LogisticRegression(epochs=1).fit(GOOD_X, GOOD_Y)
    with pytest.raises(ValueError, match=r"X contains NaN or infinity .*value nan\); expected finite numbers"):
        model.predict([[0.0, np.nan]])
    with pytest.raises(ValueError, match=r"X has 3 features, but LogisticRegression is expecting 2 features"):
        model.predict([[0.0, 1.0, 2.0]])


@pytest.mark.parametrize(
    ("params", "match"),
    [
        ({"learning_rate": 0}, r"learning_rate must be a number > 0; got 0\. Try 0\.1\."),
        ({"learning_rate": -0.5}, r"learning_rate must be a number > 0; got -0\.5\."),
        ({"learning_rate": np.nan}, r"learning_rate must be a number > 0; got nan\."),
        ({"batch_size": 0}, r"batch_size must be an integer >= 1; got 0\. Use None for full batch\."),
        ({"epochs": -1}, r"epochs must be an integer >= 0; got -1\."),
        ({"epochs": 2.5}, r"epochs must be an integer >= 0; got 2\.5\."),
        ({"l2": -1.0}, r"l2 must be a number >= 0; got -1\.0\."),
        ({"optimizer": "lbfgs"}, r"optimizer='lbfgs' is not supported; expected one of 'sgd', 'momentum', 'adam'\."),
        ({"random_state": -1}, r"random_state must be an integer in \[0, 4294967295\]; got -1\."),
    ],
)
def test_fit_rejects_bad_hyper_parameters(params, match):
    with pytest.raises(ValueError, match=match):
        LogisticRegression(**params).fit(GOOD_X, GOOD_Y)


def test_unknown_data_set_name_is_rejected():
    with pytest.raises(ValueError, match=r"name='spirals' is not supported; expected one of 'blobs', 'moons'"):
        make_dataset("spirals")
