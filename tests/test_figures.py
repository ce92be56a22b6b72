import base64
import json

import numpy as np
import plotly.graph_objects as go
import pytest

from logreg_core import metrics
from logreg_core.datasets import make_dataset
from playground import engine, figures
from playground.session import Run
from playground.settings import Settings


def trained(**changes):
    s = Settings(**changes)
    run = Run(s, engine.prepare(s, engine.generate(s)))
    run.train(now=0.0)
    return run


def spec_of(run, **kw):
    frames = [engine.frame(run.prep, s) for s in run.snaps]
    return figures.figure(run.prep, frames, run.curves(), token="t-1", **kw).spec


@pytest.mark.parametrize(
    "changes", [{}, {"dataset": "blobs", "centers": 4}, {"degree": 3}, {"dataset": "spiral", "degree": 5}]
)
def test_every_spec_is_a_valid_plotly_figure(changes):
    run = trained(epochs=20, **changes)
    spec = spec_of(run, optimum=engine.boundary_xy(run.prep, run.current.coef, run.current.intercept))
    go.Figure(spec)  # plotly's own validation, run here once instead of on every rerun
    assert len(spec["frames"]) == 21 and spec["layout"]["meta"] == "t-1"
    slider = spec["layout"]["sliders"][0]
    # the page's counter shows each frame's epoch: no step labels, the epochs as values, the ends annotated
    assert [s["value"] for s in slider["steps"]] == [str(e) for e in range(21)]
    assert {s["label"] for s in slider["steps"]} == {""} and slider["currentvalue"] == {"visible": False}
    assert [a["text"] for a in spec["layout"]["annotations"][1:]] == ["epoch 0", "epoch 20"]


def test_default_run_fits_the_page_budget():
    spec = spec_of(trained())
    size = len(json.dumps(spec))
    assert len(spec["frames"]) == 101
    assert size < 300 * 1024, f"{size / 1024:.0f} KiB"


def test_frames_replay_without_a_full_redraw():
    spec = spec_of(trained(epochs=5))
    play = spec["layout"]["updatemenus"][0]["buttons"][0]
    assert play["label"] == figures.PLAY and play["args"][1]["frame"]["redraw"] is False
    assert all(f["traces"] == figures.ANIMATED for f in spec["frames"])


def test_shade_codes_encode_class_and_confidence():
    P2 = np.array([[1.0, 0.0], [0.5, 0.5], [0.0, 1.0]])
    assert engine.shade_codes(P2).tolist() == [0, 128, 255]
    P3 = np.array([[1.0, 0, 0], [1 / 3, 1 / 3, 1 / 3], [0, 0, 1.0]])
    band = 256 // 3
    assert engine.shade_codes(P3).tolist() == [band - 1, 0, 2 * band + band - 1]


def test_frame_marks_exactly_the_misclassified_points():
    run = trained(epochs=30)
    f = engine.frame(run.prep, run.current)
    X = np.vstack([run.prep.X_train, run.prep.X_test])
    y = np.r_[run.prep.y_train, run.prep.y_test]
    P = engine.probabilities(run.prep, run.current.coef, run.current.intercept, X)
    wrong = metrics.predict(P) != y
    assert len(f.wrong_x) == wrong.sum() > 0
    np.testing.assert_allclose(f.wrong_x, X[wrong, 0].astype(np.float32))


def test_static_step_figure_rings_the_batch():
    s = Settings()
    run = Run(s, engine.prepare(s, engine.generate(s)))
    snap = run.step()
    batch = run.prep.X_train[snap.batch]
    spec = figures.figure(run.prep, [engine.frame(run.prep, snap)], run.curves(), batch=batch).spec
    go.Figure(spec)
    assert "frames" not in spec or not spec["frames"]
    assert any(t.get("name") == "this step's batch" for t in spec["data"])


def test_typed_arrays_round_trip():
    import base64

    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    t = figures.typed(a)
    assert t["dtype"] == "f4" and t["shape"] == "2, 3"
    np.testing.assert_array_equal(np.frombuffer(base64.b64decode(t["bdata"]), np.float32).reshape(2, 3), a)


@pytest.mark.parametrize("k", range(2, 11))  # a CSV may bring up to 10 classes
def test_colorscales_run_from_0_to_1_in_order(k):
    stops = [s for s, _ in figures.colorscale(k)]
    assert stops[0] == 0 and stops[-1] == 1 and stops == sorted(stops)
    assert len(set(figures.COLORS[:k])) == k  # every class its own colour


def test_ten_classes_without_test_points_get_ten_colours_and_a_key_without_test_rings():
    X, _ = make_dataset("blobs", 200, 0.3, 0, centers=5)
    y = np.arange(200) % 10  # ten classes, as a CSV may bring
    s = Settings(test_fraction=0.0, epochs=3)
    prep = engine.prepare(s, engine.Data(X, y, tuple(f"c{i}" for i in range(10))))
    run = Run(s, prep)
    run.train(now=0.0)
    spec = spec_of(run)
    go.Figure(spec)
    points = next(t for t in spec["data"] if t.get("name") == "data")
    codes = np.frombuffer(base64.b64decode(points["marker"]["color"]["bdata"]), np.uint8)
    np.testing.assert_array_equal(codes, prep.y_train)  # train points filled with their class colour
    scale = points["marker"]["colorscale"]
    assert [color for _, color in scale] == [*figures.COLORS, "white"]
    assert all(stop * points["marker"]["cmax"] == i for i, (stop, _) in enumerate(scale))  # code i hits stop i
    key = spec["layout"]["annotations"][0]["text"]
    assert key.count("●") == 10 and "filled: train" in key and "ringed" not in key


def test_frames_simplify_boundaries_within_a_fraction_of_a_pixel():
    box = (0.0, 1.0, 0.0, 1.0)
    for x in (np.array([]), np.array([np.nan]), np.array([0.2, np.nan, 0.4])):  # nothing to drop
        sx, sy = engine.simplify(x, x.copy(), box)
        np.testing.assert_array_equal(sx, x)
    t = np.linspace(0, 1, 50)
    x = np.r_[t, np.nan, t]  # a straight line, a gap, a bent one
    y = np.r_[t, np.nan, 0.5 + 0.01 * np.sin(6 * t)]
    sx, sy = engine.simplify(x, y, box)
    assert np.isnan(sx).sum() == 1 and len(sx) < len(x) / 2  # the gap stays; most points go
    assert (sx[0], sx[-1]) == (0, 1) and sx[np.flatnonzero(np.isnan(sx))[0] - 1] == 1  # every end stays
    kept = np.interp(t, sx[np.flatnonzero(np.isnan(sx))[0] + 1 :], sy[np.flatnonzero(np.isnan(sx))[0] + 1 :])
    assert np.abs(kept - y[51:]).max() < 2 * engine.LINE_TOLERANCE  # the bent line stays within tolerance
