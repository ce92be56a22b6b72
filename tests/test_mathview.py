import numpy as np
import plotly.graph_objects as go
import pytest

from logreg_core import ops
from logreg_core.trainer import one_hot
from playground import engine, figures
from playground import mathview as M
from playground.settings import Settings

RNG = np.random.default_rng(0)


def prepared(**changes):
    s = Settings(samples=80, epochs=20, **changes)
    return s, engine.prepare(s, engine.generate(s))


def weights(k, m):
    return RNG.normal(size=(k, m)), RNG.normal(size=k)


def finite_difference(F, y, n_classes, coef, intercept, i, h=1e-6):
    """Central differences of one point's cross-entropy with respect to coef and intercept."""
    X, Y = F[i : i + 1], one_hot(y[i : i + 1], n_classes)

    def f(c, b):
        return ops.objective(X, Y, c.T, b)

    gc, gb = np.zeros_like(coef), np.zeros_like(intercept)
    for idx in np.ndindex(coef.shape):
        e = np.zeros_like(coef)
        e[idx] = h
        gc[idx] = (f(coef + e, intercept) - f(coef - e, intercept)) / (2 * h)
    for j in range(len(intercept)):
        e = np.zeros_like(intercept)
        e[j] = h
        gb[j] = (f(coef, intercept + e) - f(coef, intercept - e)) / (2 * h)
    return gc, gb


def test_binary_point_follows_the_slide_formulas():
    _, prep = prepared()
    coef, b = weights(1, 2)
    pt = M.point(prep.F_train, prep.y_train, coef, b, 7)
    x, y = prep.F_train[7], prep.y_train[7]
    z = x @ coef[0] + b[0]
    p = 1 / (1 + np.exp(-z))
    assert pt.y == y and pt.z[0] == pytest.approx(z, rel=1e-12) and pt.p[0] == pytest.approx(p, rel=1e-12)
    assert pt.loss == pytest.approx(-(y * np.log(p) + (1 - y) * np.log(1 - p)), rel=1e-10)
    np.testing.assert_allclose(pt.grad_coef[0], (p - y) * x, rtol=1e-10)
    assert pt.grad_intercept[0] == pytest.approx(p - y, rel=1e-10)


@pytest.mark.parametrize(("changes", "k"), [({}, 1), ({"dataset": "blobs", "degree": 2}, 3)])
def test_point_gradient_matches_finite_differences(changes, k):
    _, prep = prepared(**changes)
    coef, b = weights(k, prep.F_train.shape[1])
    pt = M.point(prep.F_train, prep.y_train, coef, b, 3)
    gc, gb = finite_difference(prep.F_train, prep.y_train, prep.n_classes, coef, b, 3)
    np.testing.assert_allclose(pt.grad_coef, gc, atol=1e-7)
    np.testing.assert_allclose(pt.grad_intercept, gb, atol=1e-7)
    if k > 1:
        assert pt.p.sum() == pytest.approx(1.0) and pt.loss == pytest.approx(-np.log(pt.p[pt.y]), rel=1e-10)


def test_equations_carry_the_point_numbers():
    _, prep = prepared()
    pt = M.point(prep.F_train, prep.y_train, *weights(1, 2), 0)
    eq = M.equations(pt)
    assert set(eq) == {"z", "p", "loss", "gradient"}
    assert M.num(pt.z[0]) in eq["z"] and M.num(pt.p[0]) in eq["p"] and M.num(pt.loss) in eq["loss"]
    assert M.num(pt.grad_coef[0, 0]) in eq["gradient"] and r"\sigma(z)" in eq["p"]


def test_multiclass_equations_have_a_line_per_class_and_elide_long_sums():
    _, prep = prepared(dataset="blobs", degree=3)  # 9 features, 3 classes
    pt = M.point(prep.F_train, prep.y_train, *weights(3, 9), 1)
    eq = M.equations(pt)
    assert all(f"z_{{{c}}} &=" in eq["z"] for c in range(3)) and r"\cdots" in eq["z"]
    assert r"\mathrm{softmax}" in eq["p"] and f"p_{{{pt.y}}}" in eq["loss"]
    assert r"\ldots" in eq["gradient"]


def test_numbers_are_latex_ready():
    assert M.num(0.0000123456) == r"1.235 \times 10^{-5}" and M.num(0.000123456) == "0.0001235"
    assert M.num(2.5) == "2.5" and M.factor(-2.5) == "(-2.5)" and M.factor(2.5) == "2.5"
    assert M.vector(range(8)) == r"\left(0,\ 1,\ 2,\ 3,\ \ldots,\ 7\right)"


def test_point_table_lists_every_feature_and_the_bias():
    _, prep = prepared(dataset="blobs")
    pt = M.point(prep.F_train, prep.y_train, *weights(3, 2), 0)
    rows = M.point_table(pt, ["a", "b"], prep.classes)
    assert rows["feature"] == ["a", "b", "bias"] and len(rows) == 3 + 2 * 3
    np.testing.assert_array_equal(rows["gradient (class 2)"], np.r_[pt.grad_coef[2], pt.grad_intercept[2]])


@pytest.mark.parametrize(
    ("changes", "l2", "l1"), [({}, 0.0, 0.0), ({"degree": 2}, 0.05, 0.01), ({"dataset": "blobs"}, 0.02, 0.0)]
)
def test_objective_grid_equals_the_core_objective(changes, l2, l1):
    _, prep = prepared(**changes)
    k = 1 if prep.n_classes == 2 else prep.n_classes
    coef, b = weights(k, prep.F_train.shape[1])
    us, vs = np.linspace(-2, 2, 7), np.linspace(-1, 3, 5)
    grid = M.objective_grid(prep.F_train, prep.y_train, prep.n_classes, coef, b, M.PLANE_AXES, us, vs, l2, l1)
    assert grid.shape == (5, 7)
    Y = one_hot(prep.y_train, prep.n_classes)
    for r, c in [(0, 0), (2, 3), (4, 6)]:
        W = coef.copy()
        W[0, 0], W[0, 1] = us[c], vs[r]
        assert grid[r, c] == pytest.approx(ops.objective(prep.F_train, Y, W.T, b, l2, l1), rel=1e-12)


def test_toy_landscape_varies_w_and_b_and_reaches_the_sklearn_optimum():
    ls = M.toy_landscape(("sgd", "adam"), 0.3, 300)
    X, y = M.toy_data()
    np.testing.assert_array_equal(X[:, 0], [1, 2, 3, 4, 5, 6])
    np.testing.assert_array_equal(y, [0, 0, 0, 1, 1, 1])
    assert ls.objective.shape == (M.GRID, M.GRID) and ls.labels == ("w", "b")
    for r, c in [(0, 0), (30, 17)]:  # the grid is the core's objective at (w, b)
        w, b = ls.us[c], ls.vs[r]
        expected = ops.objective(X, y[:, None].astype(float), np.array([[w]]), np.array([b]), l2=M.TOY_L2)
        assert ls.objective[r, c] == pytest.approx(expected, rel=1e-12)
    w, b = ls.optimum
    W, B = np.array([[w]]), np.array([b])
    gW, gb = ops.objective_grad(X, y[:, None].astype(float), W, B, l2=M.TOY_L2)
    assert abs(gW[0, 0]) < 1e-6 and abs(gb[0]) < 1e-6, "scikit-learn's optimum is the core objective's minimum"
    sgd = ls.paths["sgd"]  # 300 epochs, every other one recorded
    assert len(sgd) == 151 <= M.PATH_POINTS and tuple(sgd[0]) == (0.0, 0.0)
    final = M.toy_trainer("sgd", 0.3, 300, M.TOY_L2)
    final.run(max_snapshots=0)
    np.testing.assert_array_equal(sgd[-1], [final.state.W[0, 0], final.state.b[0]])
    assert np.hypot(*(ls.paths["adam"][-1] - ls.optimum)) < 0.2  # Adam gets there; SGD crawls along the valley
    assert np.hypot(*(ls.paths["sgd"][-1] - ls.optimum)) > 1.0
    assert ls.us[0] < 0 < w < ls.us[-1] and ls.vs[0] < b < 0 < ls.vs[-1]


def test_toy_problem_without_a_penalty_has_no_finite_optimum():
    assert M.toy_optimum(0.0) is None
    assert M.toy_landscape((), 0.3, 10, l2=0.0).optimum is None


def test_plane_landscape_projects_the_runs_and_hides_an_optimum_at_infinity():
    s, prep = prepared(dataset="linear", noise=0.0)  # separable
    t = engine.new_trainer(s, prep)
    t.run()
    snap = t.snapshot()
    best = engine.sklearn_optimum(s, prep)
    ls = M.plane_landscape(s, prep, snap.coef, snap.intercept, ("sgd", "momentum"), best)
    assert ls.optimum is None and set(ls.paths) == {"sgd", "momentum"}
    np.testing.assert_allclose(ls.paths["sgd"][-1], snap.coef[0, :2])  # the playground's own run, projected
    penalized = Settings(**{**vars(s), "l2": 0.01})
    best = engine.sklearn_optimum(penalized, prep)
    ls = M.plane_landscape(penalized, prep, snap.coef, snap.intercept, ("adam",), best)
    assert ls.optimum == pytest.approx(tuple(best[0][0, :2]))


def test_sigmoid_figure_animates_the_curve_per_epoch():
    snaps = M.snapshots(M.toy_trainer("sgd", 0.3, 50, 0.01), M.CURVE_FRAMES)
    spec = M.sigmoid_figure(snaps, *M.toy_data()).spec
    go.Figure(spec)
    assert len(spec["frames"]) == 51 and spec["layout"]["sliders"][0]["steps"][-1]["label"] == "50"
    assert spec["layout"]["updatemenus"][0]["buttons"][0]["label"] == figures.PLAY
    last = snaps[-1]
    assert f"w = {last.coef[0, 0]:.3f}" in spec["frames"][-1]["data"][2]["text"][0]


def test_landscape_figure_is_valid_plotly():
    ls = M.toy_landscape(tuple(M.PATH_COLORS), 0.3, 30)
    spec = M.landscape_figure(ls).spec
    go.Figure(spec)
    names = [t.get("name") for t in spec["data"]]
    assert {"sgd", "momentum", "adam", "scikit-learn optimum"} <= set(names)
