"""The Compare page's non-UI module: the run table's checks, the sweep it trains, and its figure."""

import base64
import json

import numpy as np
import plotly.graph_objects as go
import pytest

from logreg_core.trainer import TrainConfig, Trainer
from playground import compare as C
from playground import engine
from playground.settings import Settings

LR_SWEEP = [
    {"learning_rate": lr, "batch_size": 32, "optimizer": "sgd", "l2": 0.0, "l1": 0.0} for lr in (0.01, 0.1, 1, 10)
]


def prepared(**changes):
    s = Settings(**changes)
    return s, engine.prepare(s, engine.generate(s))


def rows(*changes):
    """One row per dict of changes to the default row."""
    return [{**LR_SWEEP[1], **c} for c in changes]


# ---- the run table ---------------------------------------------------------------------------------


def test_check_runs_reads_numbers_of_any_type():
    runs = C.check_runs(
        rows({"learning_rate": "0.5", "batch_size": 8.0, "optimizer": " adam "}, {"l2": np.float64(0.1)})
    )
    assert runs == (C.RunSpec(0.5, 8, "adam", 0.0, 0.0), C.RunSpec(0.1, 32, "sgd", 0.1, 0.0))
    assert isinstance(runs[0].batch_size, int)


@pytest.mark.parametrize(
    ("table", "match"),
    [
        ([], r"Compare needs 1 to 8 runs \(rows\); got 0\. Add a row\."),
        (rows(*[{}] * 9), r"got 9\. Delete rows until at most 8 are left\."),
        (
            rows({"learning_rate": -1}),
            r"Run 1: learning rate = ` -1 ` is out of range; expected a value from 0\.0001 to 1000\.",
        ),
        (rows({}, {"learning_rate": None}), r"Run 2: learning rate is empty; expected a value from 0\.0001 to 1000\."),
        (rows({"learning_rate": float("nan")}), r"Run 1: learning rate is empty"),
        (rows({"learning_rate": "fast"}), r"learning rate = ` fast ` is not a number"),
        (rows({"learning_rate": float("inf")}), r"learning rate = ` inf ` is not a finite number"),
        (rows({"batch_size": 2.5}), r"batch size = ` 2\.5 ` is not a whole number; expected a value from 1 to 2000\."),
        (rows({"batch_size": 0}), r"batch size = ` 0 ` is out of range"),
        (
            rows({"optimizer": "rmsprop"}),
            r"optimizer = ` rmsprop ` is not an option; expected one of sgd, momentum, adam\.",
        ),
        (rows({"l2": 2}), r"L2 = ` 2 ` is out of range; expected a value from 0 to 1\."),
        ([{"learning_rate": 0.1, "batch_size": 32, "optimizer": "sgd", "l2": 0.0}], r"Run 1: L1 is empty"),
    ],
)
def test_bad_tables_raise_errors_that_name_the_cell(table, match):
    with pytest.raises(ValueError, match=match):
        C.check_runs(table)


def test_every_bad_cell_is_named_and_user_text_stays_text():
    with pytest.raises(ValueError) as e:
        C.check_runs(rows({"optimizer": "**bold** http://x.y"}, {}, {"l1": -1}))
    message = str(e.value)
    assert "Run 1: optimizer = ` **bold** http://x.y ` is not an option" in message  # a code span: no markup
    assert "Run 3: L1 = ` -1 ` is out of range" in message
    assert message.endswith("Fix these cells or delete their rows.")


def test_presets_vary_one_column_and_keep_the_playgrounds_other_values():
    s = Settings(batch_size=16, optimizer="adam", l2=0.01)
    table = C.preset(s, "learning_rate", 150)
    assert [r["learning_rate"] for r in table] == [0.01, 0.1, 1.0, 10.0]
    assert all(r["batch_size"] == 16 and r["optimizer"] == "adam" and r["l2"] == 0.01 for r in table)
    assert [r["batch_size"] for r in C.preset(s, "batch_size", 150)] == [1, 8, 32, 150]  # the last: full batch
    for vary in C.PRESETS:
        C.check_runs(C.preset(s, vary, 150))


def test_labels_name_only_the_values_that_vary():
    runs = C.check_runs(LR_SWEEP)
    assert C.labels(runs, 150) == ["lr 0.01", "lr 0.1", "lr 1", "lr 10"]
    runs = C.check_runs(rows({"batch_size": 8, "optimizer": "adam"}, {"batch_size": 500}))
    assert C.labels(runs, 150) == ["batch 8 · adam", "full batch · sgd"]
    assert C.labels(C.check_runs(rows({}, {})), 150) == ["run 1", "run 2"]


# ---- training --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "table"),
    [
        (
            {"samples": 80, "epochs": 12},
            rows({"batch_size": 8}, {"optimizer": "adam", "l2": 0.01}, {"batch_size": 500, "l1": 0.01}),
        ),
        (
            {"samples": 80, "epochs": 7, "dataset": "blobs", "degree": 2},
            rows({"optimizer": "momentum"}, {"learning_rate": 3}),
        ),
        (
            {"samples": 60, "epochs": 5, "standardize": False, "scale": 100.0},
            rows({"learning_rate": 1}, {"learning_rate": 1e-4}),
        ),
    ],
)
def test_the_results_shown_equal_separate_trainer_runs(changes, table):
    s, prep = prepared(**changes)
    runs = C.check_runs(table)
    cmp = C.compare(s, prep, runs)
    n = len(prep.X_train)
    for i, r in enumerate(runs):
        config = TrainConfig(r.learning_rate, s.epochs, r.batch_size, r.l2, r.l1, r.optimizer, s.seed)
        trainer = Trainer(config, prep.F_train, prep.y_train, prep.n_classes, prep.F_test, prep.y_test)
        snaps = trainer.run(max_snapshots=C.FRAMES)
        assert cmp.results[i].config.batch_size == min(r.batch_size, n)
        assert cmp.results[i].history == trainer.state.history
        assert cmp.table.get("stopped", [""] * len(runs))[i] == (trainer.state.stopped or "")
        assert cmp.table["epochs"][i] == trainer.state.epoch
        for key in ("train_loss", "test_loss", "train_accuracy", "test_accuracy"):
            assert cmp.table[key.replace("_", " ")][i] == getattr(snaps[-1], key), key
        np.testing.assert_array_equal(cmp.results[i].coef, trainer.state.W.T)
    if changes.get("standardize") is False:
        assert cmp.table["stopped"][0].startswith("loss became") and cmp.table["stopped"][1] == ""
    else:
        assert "stopped" not in cmp.table, "no run stopped early: no empty column"


def test_the_step_cap_shortens_every_run_alike_with_a_note():
    s = Settings(samples=2000, epochs=1000)
    configs, note = C.plan(s, C.check_runs(rows({"batch_size": 1}, {"batch_size": 2}, {"batch_size": 2})), 1500)
    per_epoch = 1500 + 750  # the two runs of batch size 2 share their steps
    assert {c.epochs for c in configs} == {C.STEP_BUDGET // per_epoch}
    assert "a comparison is capped at 50,000, so these runs stop after 22 epochs" in note
    assert C.plan(Settings(), C.check_runs(LR_SWEEP), 150)[1] is None


@pytest.mark.parametrize("epochs", [1, 7, 50, 99, 100, 1000])
def test_frames_fall_on_the_epochs_of_a_complete_runs_snapshots(epochs):
    X, y = np.array([[0.0, 1], [1, 0], [1, 1], [0, 0]]), np.array([0, 1, 1, 0])
    snaps = Trainer(TrainConfig(0.1, epochs, None), X, y, 2).run(max_snapshots=C.FRAMES)
    assert C.frame_epochs(epochs) == [s.epoch for s in snaps]


# ---- the figure ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes", [{}, {"dataset": "blobs", "centers": 4, "degree": 2}, {"test_fraction": 0.0}, {"epochs": 1}]
)
def test_every_spec_is_a_valid_plotly_figure(changes):
    s, prep = prepared(**{"samples": 80, "epochs": 10, **changes})
    spec = C.compare(s, prep, C.check_runs(LR_SWEEP[:3])).figure.spec
    go.Figure(spec)  # plotly's own validation, once here instead of on every rerun
    assert len(spec["frames"]) == len(C.frame_epochs(s.epochs))


def test_frames_grow_the_curves_and_move_every_boundary_without_a_redraw():
    s, prep = prepared(samples=80, epochs=20)
    cmp = C.compare(s, prep, C.check_runs(LR_SWEEP))
    spec, grid = cmp.figure.spec, C.frame_epochs(20)
    play = spec["layout"]["updatemenus"][0]["buttons"][0]
    assert play["label"] == "▶ Play" and play["args"][1]["frame"]["redraw"] is False
    per_run = 4  # train loss, test loss, shading, boundary
    for j, frame in enumerate(spec["frames"]):
        assert len(frame["traces"]) == len(frame["data"]) == per_run * 4
        train = np.frombuffer(base64.b64decode(frame["data"][0]["y"]["bdata"]), np.float32)
        assert len(train) == j + 1  # the curve so far: one point per frame epoch
    first, last = spec["frames"][0]["data"], spec["frames"][-1]["data"]
    assert all(first[i] != last[i] for i in range(2, 16, per_run))  # every shading moved
    run = cmp.results[0]
    curve = np.float32([run.snapshots[0].train_loss] + run.history["train_loss"])  # (epochs + 1,)
    np.testing.assert_array_equal(train, curve[grid])  # the last frame: the loss at every frame epoch


def test_eight_runs_fit_the_page_budget():
    s, prep = prepared(dataset="spiral", samples=400, degree=5)  # curly boundaries: the heaviest lines
    table = [{**LR_SWEEP[0], "learning_rate": lr, "optimizer": o} for lr in (0.03, 0.3, 3, 30) for o in ("sgd", "adam")]
    spec = C.compare(s, prep, C.check_runs(table)).figure.spec
    size = len(json.dumps(spec))
    assert (
        len(spec["frames"]) == C.FRAMES == 51 and len(spec["layout"]["annotations"]) == 1 + 8
    )  # the class key, a title per run
    assert size < 600 * 1024, f"{size / 1024:.0f} KiB"


def test_class_names_are_escaped_in_the_figure():
    s = Settings(samples=40, epochs=3)
    X, y = engine.generate(s).X, engine.generate(s).y
    prep = engine.prepare(s, engine.Data(X, y, ("<b>big</b>", "a&b"), ("<i>x</i>", "y")))
    text = json.dumps(C.compare(s, prep, C.check_runs(LR_SWEEP[:2])).figure.spec)
    assert "<b>big</b>" not in text and "&lt;b&gt;big&lt;/b&gt;" in text and "a&amp;b" in text


def test_simplify_drops_only_points_on_the_line():
    box = (0.0, 1.0, 0.0, 1.0)
    t = np.linspace(0, 1, 50)
    x, y = np.r_[t, np.nan, t], np.r_[t, np.nan, 0.5 + 0.3 * np.sin(6 * t)]  # a straight line, then a wave
    sx, sy = engine.simplify(x, y, box, C.TOLERANCE)
    gap = int(np.flatnonzero(np.isnan(sx))[0])
    assert np.isnan(sx).sum() == 1 and gap == 2  # the straight polyline keeps its two ends
    wave = np.column_stack([sx, sy])[gap + 1 :]
    assert len(wave) < 25
    error = np.abs(np.interp(t, wave[:, 0], wave[:, 1]) - y[51:])
    assert error.max() < 2 * C.TOLERANCE  # every dropped point stays near the simplified line
