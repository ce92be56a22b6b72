"""Properties of ``ops`` over arbitrary finite float arrays (hypothesis); NumPy warnings are errors here too.

Probabilities must hold over the whole float range. A loss is bounded below by 0 but above only by about
2 * max|z|, which is not representable near the top of the range, so losses are checked for |z| <= 1e300.
"""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

from logreg_core import ops

FIXED = settings(max_examples=100, deadline=None, derandomize=True, database=None)  # the same examples every run

ANY = st.floats(allow_nan=False, allow_infinity=False)  # every finite float64, subnormals and +-1.8e308 included
LOGIT = st.floats(-1e300, 1e300)


def vectors(elements):
    return arrays(np.float64, array_shapes(min_dims=1, max_dims=1, min_side=1, max_side=20), elements=elements)


def matrices(elements, min_cols=1):
    shape = array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=8).filter(lambda s: s[1] >= min_cols)
    return arrays(np.float64, shape, elements=elements)


@st.composite
def logits_and_labels(draw, elements):
    """(Z (n, k), Y one-hot (n, k)) with k >= 2."""
    Z = draw(matrices(elements, min_cols=2))
    labels = draw(arrays(np.int64, Z.shape[0], elements=st.integers(0, Z.shape[1] - 1)))
    return Z, np.eye(Z.shape[1])[labels]


@FIXED
@given(vectors(ANY))
def test_sigmoid_is_a_probability(z):
    p = ops.sigmoid(z)
    assert p.shape == z.shape
    assert not np.isnan(p).any()
    assert ((p >= 0) & (p <= 1)).all()


@FIXED
@given(vectors(ANY))
def test_sigmoid_is_symmetric(z):
    np.testing.assert_allclose(ops.sigmoid(-z), 1 - ops.sigmoid(z), atol=1e-15)


@FIXED
@given(matrices(ANY))
def test_softmax_rows_are_distributions(Z):
    P = ops.softmax(Z)
    assert not np.isnan(P).any()
    assert ((P >= 0) & (P <= 1)).all()
    np.testing.assert_allclose(P.sum(axis=1), 1.0, rtol=1e-12)
    assert (P[np.arange(len(Z)), Z.argmax(axis=1)] >= P.max(axis=1) - 1e-15).all()  # the largest logit wins


@FIXED
@given(matrices(ANY))
def test_logsumexp_is_finite_and_bounds_the_row_max(Z):
    m, lse = Z.max(axis=1), ops.logsumexp(Z)
    assert np.isfinite(lse).all()
    assert (lse >= m).all()
    assert (lse - m <= np.log(Z.shape[1]) + 1e-15 * np.abs(m) + 1e-12).all()  # up to rounding of m + log(k)


@FIXED
@given(matrices(ANY))
def test_probabilities_has_the_shape_of_its_logits(Z):
    P = ops.probabilities(Z)
    assert P.shape == Z.shape and not np.isnan(P).any()


@FIXED
@given(st.data(), vectors(LOGIT))
def test_binary_cross_entropy_is_finite_and_non_negative(data, z):
    y = data.draw(arrays(np.float64, z.shape, elements=st.sampled_from([0.0, 1.0])))
    loss = ops.binary_cross_entropy(z, y)
    assert np.isfinite(loss) and loss >= 0
    g = ops.binary_cross_entropy_grad(z, y)
    assert np.isfinite(g).all() and (np.abs(g) <= 1 / len(z)).all()


@FIXED
@given(logits_and_labels(LOGIT))
def test_cross_entropy_is_finite_and_non_negative(ZY):
    Z, Y = ZY
    loss = ops.cross_entropy(Z, Y)
    assert np.isfinite(loss) and loss >= 0
    G = ops.cross_entropy_grad(Z, Y)
    assert np.isfinite(G).all()
    np.testing.assert_allclose(G.sum(axis=1), 0, atol=1e-12)  # softmax and one-hot rows both sum to 1


@FIXED
@given(logits_and_labels(LOGIT))
def test_data_loss_covers_both_models(ZY):
    Z, Y = ZY
    assert ops.data_loss(Z, Y) >= 0
    assert ops.data_loss(Z[:, :1], Y[:, :1]) >= 0


@FIXED
@given(matrices(st.floats(-1e100, 1e100)), st.floats(0, 1e3), st.floats(0, 1e3))
def test_penalties_are_non_negative_and_their_gradients_finite(W, l2, l1):
    assert ops.l2_penalty(W, l2) >= 0 and ops.l1_penalty(W, l1) >= 0
    assert np.isfinite(ops.l2_penalty_grad(W, l2)).all() and np.isfinite(ops.l1_penalty_grad(W, l1)).all()
