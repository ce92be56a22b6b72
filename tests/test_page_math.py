"""AppTest: the Inside-the-math page, alone and after a Playground run."""

import json

from apptest_app import APP, open_app, press
from streamlit.testing.v1 import AppTest

from playground import engine
from playground import mathview as M
from playground.settings import Settings


def open_math(at=None):
    at = at or AppTest.from_file(APP, default_timeout=60)
    return at.switch_page("pages/math.py").run()


def chart(at, i):
    """The plotly.js spec of the page's i-th chart (0: sigmoid, 1: landscape)."""
    return json.loads(at.get("plotly_chart")[i].proto.spec)


def test_page_loads_with_the_equations_of_a_default_run():
    at = open_math()
    assert not at.exception
    assert at.title[0].value == "Inside the math" and len(at.latex) == 4
    assert "trained here at epoch 100" in at.caption[0].value
    assert len(at.get("plotly_chart")) == 2 and len(chart(at, 0)["frames"]) == M.CURVE_FRAMES


def test_the_point_input_shows_that_points_numbers_from_the_core():
    at = open_math()
    at.number_input(key="math_point").set_value(5).run()
    assert not at.exception
    s = Settings()
    prep = engine.prepare(s, engine.generate(s))
    trainer = engine.new_trainer(s, prep)
    trainer.run(max_snapshots=0)
    snap = trainer.snapshot()
    expected = M.equations(M.point(prep.F_train, prep.y_train, snap.coef, snap.intercept, 5))
    assert [x.value for x in at.latex] == [f"$$\n{expected[k]}\n$$" for k in ("z", "p", "loss", "gradient")]


def test_toy_controls_retrain_the_sigmoid():
    at = open_math()
    before = chart(at, 0)["frames"][-1]["data"][2]["text"][0]
    at.selectbox(key="math_toy_optimizer").set_value("adam").run()
    at.select_slider(key="math_toy_lr").set_value(0.1).run()
    assert not at.exception
    after = chart(at, 0)["frames"][-1]["data"][2]["text"][0]
    snaps = M.snapshots(M.toy_trainer("adam", 0.1, 300, M.TOY_L2), M.CURVE_FRAMES)
    assert after != before and f"w = {snaps[-1].coef[0, 0]:.3f}" in after


def test_landscape_follows_the_space_and_the_optimizers_chosen():
    at = open_math()
    names = {t.get("name") for t in chart(at, 1)["data"]}
    assert {"sgd", "momentum", "adam", "scikit-learn optimum"} <= names
    at.multiselect(key="math_paths").set_value(["adam"]).run()
    names = {t.get("name") for t in chart(at, 1)["data"]}
    assert "adam" in names and "sgd" not in names
    at.radio(key="math_space").set_value("plane").run()
    assert not at.exception
    assert chart(at, 1)["layout"]["xaxis"]["title"]["text"] == "w1"
    assert any("weights of the first two features" in c.value for c in at.caption)
    at.multiselect(key="math_paths").set_value([]).run()
    assert not at.exception and at.info[0].value.startswith("Pick an optimizer")


def test_uses_the_playgrounds_run_with_softmax_for_three_classes():
    at = press(open_app(dataset="blobs", epochs="20"), "Train")
    open_math(at)
    assert not at.exception
    assert at.caption[0].value.startswith("Weights of the Playground's run at epoch 20")
    assert r"\mathrm{softmax}" in at.latex[1].value
