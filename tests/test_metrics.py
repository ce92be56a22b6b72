"""Metrics against ``sklearn.metrics``."""

import numpy as np
import pytest
from sklearn import metrics as skm

from logreg_core import LogisticRegression, metrics
from logreg_core.datasets import make_dataset


@pytest.fixture
def binary():
    """Integer labels and probabilities (n, 2), with tied scores."""
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 200)
    p1 = np.clip(np.round(0.3 * y + rng.uniform(0, 0.7, 200), 1), 0, 1)  # rounded: many ties
    return y, np.column_stack([1 - p1, p1])


@pytest.fixture
def multiclass():
    rng = np.random.default_rng(1)
    y = rng.integers(0, 4, 150)
    Z = rng.normal(size=(150, 4)) + 2 * np.eye(4)[y]
    P = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    return y, P


def test_accuracy_matches_scikit_learn(multiclass):
    y, P = multiclass
    assert metrics.accuracy(y, P.argmax(axis=1)) == skm.accuracy_score(y, P.argmax(axis=1))


@pytest.mark.parametrize("case", ["binary", "multiclass"])
def test_log_loss_matches_scikit_learn(case, request):
    y, P = request.getfixturevalue(case)
    P = np.clip(P, 1e-6, 1)  # away from sklearn's and our different clipping of zeros
    P = P / P.sum(axis=1, keepdims=True)
    assert metrics.log_loss(y, P) == pytest.approx(skm.log_loss(y, P, labels=range(P.shape[1])), rel=1e-12)


def test_log_loss_stays_finite_for_a_confident_mistake():
    assert metrics.log_loss(np.array([0]), np.array([[0.0, 1.0]])) == pytest.approx(-np.log(1e-15))


def test_confusion_matrix_matches_scikit_learn(multiclass):
    y, P = multiclass
    pred = P.argmax(axis=1)
    np.testing.assert_array_equal(metrics.confusion_matrix(y, pred, 4), skm.confusion_matrix(y, pred, labels=range(4)))
    C = metrics.confusion_matrix([0, 0], [0, 0], 3)  # classes that never occur still get their row and column
    assert C.shape == (3, 3) and C.sum() == 2


def test_roc_curve_matches_scikit_learn(binary):
    y, P = binary
    fpr, tpr, thr = metrics.roc_curve(y, P[:, 1])
    sk_fpr, sk_tpr, sk_thr = skm.roc_curve(y, P[:, 1], drop_intermediate=False)
    np.testing.assert_allclose(fpr, sk_fpr)
    np.testing.assert_allclose(tpr, sk_tpr)
    np.testing.assert_array_equal(thr, sk_thr)
    assert metrics.auc(fpr, tpr) == pytest.approx(skm.roc_auc_score(y, P[:, 1]), rel=1e-12)


def test_auc_of_a_perfect_and_a_reversed_score():
    y = np.array([0, 0, 1, 1])
    s = np.array([0.1, 0.2, 0.8, 0.9])
    assert metrics.auc(*metrics.roc_curve(y, s)[:2]) == 1.0
    assert metrics.auc(*metrics.roc_curve(y, -s)[:2]) == 0.0


def test_report_matches_scikit_learn(binary, multiclass):
    y, P = binary
    rep = metrics.report(y, P, threshold=0.4)
    pred = (P[:, 1] > 0.4).astype(int)
    assert rep["accuracy"] == skm.accuracy_score(y, pred)
    np.testing.assert_array_equal(rep["confusion"], skm.confusion_matrix(y, pred))
    assert rep["auc"] == pytest.approx(skm.roc_auc_score(y, P[:, 1]))
    y, P = multiclass
    rep = metrics.report(y, P)
    assert rep["accuracy"] == skm.accuracy_score(y, P.argmax(axis=1)) and "auc" not in rep


def test_report_breaks_ties_like_predict():
    """At zero weights every probability is exactly 0.5; the report must agree with the model and trainer."""
    X, y = make_dataset("moons", 40, 0.1, random_state=0)
    X, y = X[y == 1][:5].tolist() + X[y == 0].tolist(), [1] * 5 + [0] * 20  # 5 of class 1, 20 of class 0
    model = LogisticRegression(epochs=0).fit(X, y)
    P = model.predict_proba(X)
    assert (P == 0.5).all()
    assert metrics.report(np.array(y), P)["accuracy"] == model.score(X, y) == 0.8
