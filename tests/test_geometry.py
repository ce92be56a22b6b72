"""Geometry: grids, marching squares, the exact line of a linear model, and boundaries that split the classes."""

import numpy as np
import pytest

from logreg_core import LogisticRegression
from logreg_core import geometry as g
from logreg_core.datasets import make_dataset
from logreg_core.features import FeatureMap


def test_bounds_pad_the_data_and_give_a_flat_axis_some_span():
    assert g.bounds(np.array([[0.0, 0.0], [1.0, 2.0]])) == pytest.approx((-0.1, 1.1, -0.2, 2.2))
    x0, x1, y0, y1 = g.bounds(np.array([[1.0, 2.0]]))
    assert x1 - x0 == pytest.approx(2) and y1 - y0 == pytest.approx(2)


def test_grid_varies_x_fastest():
    xs, ys, pts = g.grid((0, 1, 10, 12), resolution=3)
    np.testing.assert_array_equal(xs, [0, 0.5, 1])
    np.testing.assert_array_equal(ys, [10, 11, 12])
    np.testing.assert_array_equal(pts[:4], [[0, 10], [0.5, 10], [1, 10], [0, 11]])


def test_probability_grid_has_a_column_per_class():
    xs, ys, P = g.probability_grid(None, np.array([[1.0, 0.0]]), np.zeros(1), (-1, 1, -1, 1), resolution=5)
    assert P.shape == (5, 5, 2)
    np.testing.assert_allclose(P.sum(axis=2), 1)
    assert (P[:, 4, 1] > 0.5).all() and (P[:, 0, 1] < 0.5).all()  # class 1 on the right, where x > 0


def test_contour_of_a_circle_is_one_closed_loop_on_the_circle():
    xs = np.linspace(-1, 1, 41)
    gx, gy = np.meshgrid(xs, xs)
    (loop,) = g.contour(xs, xs, gx**2 + gy**2, 0.5**2)
    np.testing.assert_array_equal(loop[0], loop[-1])
    r = np.hypot(loop[:, 0], loop[:, 1])
    np.testing.assert_allclose(r, 0.5, atol=1e-3)  # linear interpolation cuts chords: error ~ h^2 / 8r
    angles = np.sort(np.arctan2(loop[:, 1], loop[:, 0]))
    assert np.diff(angles).max() < 0.2  # it goes all the way round


def test_contour_finds_separate_pieces_and_nothing_when_the_level_is_missed():
    xs = np.linspace(-1, 1, 31)
    gx, gy = np.meshgrid(xs, xs)
    pieces = g.contour(xs, xs, gx * gy, 0.1)  # a hyperbola: two branches
    assert len(pieces) == 2
    for line in pieces:
        np.testing.assert_allclose(line[:, 0] * line[:, 1], 0.1, atol=5e-3)
    assert g.contour(xs, xs, gx**2 + gy**2, 5.0) == []


def test_linear_segment_clips_the_line_to_the_box():
    np.testing.assert_allclose(g.linear_segment(np.array([1.0, 0.0]), -0.5, (0, 1, 0, 1)), [[0.5, 0], [0.5, 1]])
    np.testing.assert_allclose(g.linear_segment(np.array([1.0, -1.0]), 0.0, (0, 1, 0, 1)), [[0, 0], [1, 1]])
    seg = g.linear_segment(np.array([1.0, 2.0]), -1.0, (-2, 2, -2, 2))
    np.testing.assert_allclose(seg @ [1.0, 2.0] - 1.0, 0, atol=1e-12)
    assert g.linear_segment(np.array([1.0, 1.0]), -5.0, (0, 1, 0, 1)) is None  # misses the box
    assert g.linear_segment(np.array([0.0, 0.0]), 1.0, (0, 1, 0, 1)) is None  # no line at all


def test_as_xy_joins_polylines_with_gaps():
    x, y = g.as_xy([np.zeros((2, 2)), np.ones((3, 2))])
    np.testing.assert_array_equal(x, [0, 0, np.nan, 1, 1, 1])
    assert g.as_xy([])[0].size == 0


# ---- boundary() agrees with the model's predictions ----------------------------------------


def fitted(name, degree, **options):
    X, y = make_dataset(name, 200, 0.1, random_state=0, **options)
    fm = FeatureMap(degree=degree).fit(X)
    model = LogisticRegression(learning_rate=0.5, epochs=200, random_state=0).fit(fm.transform(X), y)
    return X, fm, model


def sides(fm, model, polylines, eps):
    """Predicted classes a distance eps to the left and right of the middle of every boundary segment."""
    left, right = [], []
    for line in polylines:
        a, b = line[:-1], line[1:]
        t = b - a
        keep = np.hypot(t[:, 0], t[:, 1]) > 0
        mid, t = ((a + b) / 2)[keep], t[keep]
        normal = np.column_stack([-t[:, 1], t[:, 0]]) / np.hypot(t[:, 0], t[:, 1])[:, None]
        left.append(model.predict(fm.transform(mid + eps * normal)))
        right.append(model.predict(fm.transform(mid - eps * normal)))
    return np.concatenate(left), np.concatenate(right)


@pytest.mark.parametrize(
    ("name", "degree", "options"),
    [("linear", 1, {}), ("moons", 3, {}), ("circles", 2, {}), ("blobs", 1, {}), ("blobs", 2, {"centers": 4})],
    ids=["linear", "poly-moons", "poly-circles", "multiclass", "multiclass-poly"],
)
def test_boundary_separates_points_of_different_predicted_classes(name, degree, options):
    X, fm, model = fitted(name, degree, **options)
    box = g.bounds(X)
    lines = g.boundary(fm, model.coef_, model.intercept_, box, resolution=60)
    assert lines
    for line in lines:
        assert line.shape[1] == 2 and len(line) >= 2
    cell = (box[1] - box[0]) / 59
    left, right = sides(fm, model, lines, eps=cell)
    assert len(left) >= 1 and (left != right).all()


def test_linear_boundary_is_the_exact_line_in_raw_space():
    X, fm, model = fitted("linear", 1)
    (seg,) = g.boundary(fm, model.coef_, model.intercept_, g.bounds(X))
    assert seg.shape == (2, 2)
    np.testing.assert_allclose(model.decision_function(fm.transform(seg)), 0, atol=1e-9)
    (raw,) = g.boundary(None, model.coef_, model.intercept_, g.bounds(X))  # no feature map: the same math
    np.testing.assert_allclose(model.decision_function(raw), 0, atol=1e-9)


@pytest.mark.parametrize("threshold", [0.2, 0.8])
def test_boundary_follows_the_threshold(threshold):
    X, fm, model = fitted("moons", 1)
    (seg,) = g.boundary(fm, model.coef_, model.intercept_, g.bounds(X), threshold=threshold)
    np.testing.assert_allclose(model.predict_proba(fm.transform(seg))[:, 1], threshold, atol=1e-9)
    _, poly, cubic = fitted("moons", 3)
    for line in g.boundary(poly, cubic.coef_, cubic.intercept_, g.bounds(X), resolution=80, threshold=threshold):
        np.testing.assert_allclose(cubic.predict_proba(poly.transform(line))[:, 1], threshold, atol=0.05)
