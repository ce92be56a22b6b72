"""Every gradient in ``ops`` against central finite differences; every function finite on extreme logits."""

import numpy as np
import pytest

from logreg_core import ops

H = 1e-6  # finite-difference step
TOL = 1e-7  # |analytic - numeric|: the central difference error is O(H^2) plus rounding O(eps / H)
EXTREMES = [1e4, 1e300]


def numeric_grad(f, x):
    """Central differences (f(x + h e_i) - f(x - h e_i)) / 2h of a scalar function, shape of x."""
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + H
        up = f(x)
        x[i] = old - H
        down = f(x)
        x[i] = old
        g[i] = (up - down) / (2 * H)
    return g


def away_from_zero(rng, shape):
    """Weights with |w| >= 0.1, where |w|_1 is differentiable and the finite difference is exact."""
    w = rng.normal(size=shape)
    return np.where(w >= 0, w + 0.1, w - 0.1)


@pytest.fixture
def rng():
    return np.random.default_rng(0)


def test_binary_cross_entropy_grad_matches_finite_differences(rng):
    z, y = rng.normal(0, 3, 12), rng.integers(0, 2, 12).astype(float)
    num = numeric_grad(lambda z: ops.binary_cross_entropy(z, y), z)
    np.testing.assert_allclose(ops.binary_cross_entropy_grad(z, y), num, rtol=0, atol=TOL)


def test_cross_entropy_grad_matches_finite_differences(rng):
    Z, Y = rng.normal(0, 3, (8, 4)), np.eye(4)[rng.integers(0, 4, 8)]
    num = numeric_grad(lambda Z: ops.cross_entropy(Z, Y), Z)
    np.testing.assert_allclose(ops.cross_entropy_grad(Z, Y), num, rtol=0, atol=TOL)


def test_l2_penalty_grad_matches_finite_differences(rng):
    w = rng.normal(size=(3, 2))
    num = numeric_grad(lambda w: ops.l2_penalty(w, 0.7), w)
    np.testing.assert_allclose(ops.l2_penalty_grad(w, 0.7), num, rtol=0, atol=TOL)


def test_l1_penalty_grad_matches_finite_differences_away_from_zero(rng):
    w = away_from_zero(rng, (3, 2))
    num = numeric_grad(lambda w: ops.l1_penalty(w, 0.3), w)
    np.testing.assert_allclose(ops.l1_penalty_grad(w, 0.3), num, rtol=0, atol=TOL)


def test_l1_penalty_subgradient_is_zero_at_zero():
    np.testing.assert_array_equal(ops.l1_penalty_grad(np.array([0.0, -2.0, 3.0]), 0.5), [0.0, -0.5, 0.5])


@pytest.mark.parametrize("k", [1, 3])
@pytest.mark.parametrize(("l2", "l1"), [(0.0, 0.0), (0.1, 0.0), (0.0, 0.05), (0.2, 0.03)])
def test_objective_grad_matches_finite_differences(rng, k, l2, l1):
    n, d = 10, 3
    X = rng.normal(size=(n, d))
    Y = rng.integers(0, 2, (n, 1)).astype(float) if k == 1 else np.eye(k)[rng.integers(0, k, n)]
    W, b = away_from_zero(rng, (d, k)), rng.normal(size=k)
    dW, db = ops.objective_grad(X, Y, W, b, l2, l1)
    assert dW.shape == (d, k) and db.shape == (k,)
    np.testing.assert_allclose(dW, numeric_grad(lambda W: ops.objective(X, Y, W, b, l2, l1), W), rtol=0, atol=TOL)
    np.testing.assert_allclose(db, numeric_grad(lambda b: ops.objective(X, Y, W, b, l2, l1), b), rtol=0, atol=TOL)


def test_data_loss_grad_is_the_loss_gradient_for_both_models(rng):
    z, y = rng.normal(size=6), rng.integers(0, 2, 6).astype(float)
    np.testing.assert_allclose(ops.data_loss_grad(z[:, None], y[:, None])[:, 0], ops.binary_cross_entropy_grad(z, y))
    Z, Y = rng.normal(size=(6, 3)), np.eye(3)[rng.integers(0, 3, 6)]
    np.testing.assert_allclose(ops.data_loss_grad(Z, Y), ops.cross_entropy_grad(Z, Y))


def test_losses_equal_the_textbook_formulas_on_moderate_logits(rng):
    z, y = rng.normal(0, 2, 20), rng.integers(0, 2, 20).astype(float)
    p = 1 / (1 + np.exp(-z))
    assert ops.binary_cross_entropy(z, y) == pytest.approx(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)), rel=1e-12)
    Z, labels = rng.normal(0, 2, (20, 4)), rng.integers(0, 4, 20)
    P = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    expected = -np.mean(np.log(P[np.arange(20), labels]))
    assert ops.cross_entropy(Z, np.eye(4)[labels]) == pytest.approx(expected, rel=1e-12)


def test_sigmoid_matches_the_formula_where_it_is_safe():
    z = np.linspace(-700, 700, 2001)  # exp(700) is still finite
    np.testing.assert_allclose(ops.sigmoid(z), 1 / (1 + np.exp(-z)), rtol=1e-15, atol=1e-300)


def test_softmax_and_logsumexp_match_the_formulas_where_they_are_safe(rng):
    Z = rng.normal(0, 50, (30, 4))
    E = np.exp(Z)
    np.testing.assert_allclose(ops.softmax(Z), E / E.sum(axis=1, keepdims=True), rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(ops.logsumexp(Z), np.log(E.sum(axis=1)), rtol=1e-14)


@pytest.mark.parametrize("v", EXTREMES)
def test_sigmoid_saturates_without_warnings(v):
    p = ops.sigmoid(np.array([-v, -1.0, 0.0, 1.0, v]))  # pyproject turns any NumPy warning into an error
    assert np.isfinite(p).all()
    np.testing.assert_array_equal(p[[0, 2, 4]], [0.0, 0.5, 1.0])


@pytest.mark.parametrize("v", EXTREMES)
def test_softmax_and_logsumexp_are_exact_at_extremes(v):
    Z = np.array([[v, -v, 0.0], [-v, -v, -v], [v, v, -v]])
    np.testing.assert_array_equal(ops.softmax(Z), [[1, 0, 0], [1 / 3, 1 / 3, 1 / 3], [0.5, 0.5, 0]])
    np.testing.assert_allclose(ops.logsumexp(Z), [v, -v + np.log(3), v + np.log(2)], rtol=1e-15)


@pytest.mark.parametrize("v", EXTREMES)
def test_losses_and_gradients_are_finite_at_extremes(v):
    z, y = np.array([v, -v, v, -v]), np.array([1.0, 0.0, 0.0, 1.0])
    assert ops.binary_cross_entropy(z, y) == pytest.approx(v / 2)  # two right (0), two wrong (v each)
    np.testing.assert_array_equal(ops.binary_cross_entropy_grad(z, y), [0, 0, 0.25, -0.25])
    Z, Y = np.array([[v, -v], [-v, v]]), np.array([[1.0, 0.0], [1.0, 0.0]])
    assert ops.cross_entropy(Z, Y) == pytest.approx(v)  # 0 and 2v
    np.testing.assert_array_equal(ops.cross_entropy_grad(Z, Y), [[0, 0], [-0.5, 0.5]])
    dW, db = ops.objective_grad(np.array([[1.0], [-1.0]]), Y[:, :1], np.array([[v]]), np.zeros(1), l2=1e-300)
    assert np.isfinite(dW).all() and np.isfinite(db).all()


def test_softmax_does_not_warn_across_the_whole_float_range():
    big = np.finfo(float).max
    Z = np.array([[big, -big], [-big, big], [big, big]])
    np.testing.assert_array_equal(ops.softmax(Z), [[1, 0], [0, 1], [0.5, 0.5]])
    assert np.isfinite(ops.logsumexp(Z)).all()
    np.testing.assert_array_equal(ops.sigmoid(Z[:, 0]), [1, 0, 1])


def test_probabilities_pick_sigmoid_for_one_column_and_softmax_for_more(rng):
    z = rng.normal(size=(5, 1))
    np.testing.assert_array_equal(ops.probabilities(z), ops.sigmoid(z))
    Z = rng.normal(size=(5, 3))
    np.testing.assert_array_equal(ops.probabilities(Z), ops.softmax(Z))


def test_sigmoid_model_and_two_column_softmax_agree(rng):
    """sigma(z) is softmax([0, z])[1]: the binary model is the two-class softmax with one logit pinned."""
    z = rng.normal(0, 5, 50)
    np.testing.assert_allclose(ops.sigmoid(z), ops.softmax(np.column_stack([np.zeros_like(z), z]))[:, 1], rtol=1e-14)
