"""AppTest: the Compare page, alone and after the Playground, with good and bad run tables."""

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from playground import compare as C

APP = str(Path(__file__).parents[1] / "app.py")
ROW = {"learning_rate": 0.5, "batch_size": 32, "optimizer": "sgd", "l2": 0.0, "l1": 0.0}


def open_compare(at=None):
    at = at or AppTest.from_file(APP, default_timeout=60)
    return at.switch_page("pages/compare.py").run()


def compare_button(at):
    return next(b for b in at.button if b.label == "Compare")


def edit(at, edited=None, added=()):
    """Seed the run table's edits (AppTest cannot type into a data editor) and rerun."""
    at.session_state["compare_runs"] = {"edited_rows": edited or {}, "added_rows": list(added), "deleted_rows": []}
    return at.run()


def results(at):
    return at.dataframe[-1].value  # the last table on the page: the results


def test_page_loads_with_a_learning_rate_sweep_of_the_default_data():
    at = open_compare()
    assert not at.exception and at.title[0].value == "Compare runs"
    assert "default data" in at.caption[0].value and "150 training points" in at.caption[0].value
    table = at.data_editor(key="compare_runs").value
    assert table["learning_rate"].tolist() == [0.01, 0.1, 1.0, 10.0] and set(table["batch_size"]) == {32}
    assert not compare_button(at).disabled and not at.get("plotly_chart")


def test_compare_trains_every_run_and_shows_the_chart_and_the_results():
    at = open_compare()
    compare_button(at).click().run()
    assert not at.exception and not at.error
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert (
        len(spec["frames"]) == C.FRAMES and len(spec["layout"]["annotations"]) == 1 + 4
    )  # the class key, a title per run
    table = results(at)
    assert table["run"].tolist() == ["lr 0.01", "lr 0.1", "lr 1", "lr 10"]
    assert table["epochs"].tolist() == [100] * 4 and (table["train accuracy"] > 0.8).all()


def test_vary_fills_the_table_with_another_sweep():
    at = open_compare()
    at.radio(key="compare_vary").set_value("batch_size").run()
    assert at.data_editor(key="compare_runs").value["batch_size"].tolist() == [1, 8, 32, 150]
    compare_button(at).click().run()
    assert not at.exception and results(at)["run"].tolist() == ["batch 1", "batch 8", "batch 32", "full batch"]


def test_bad_values_show_an_error_and_the_page_keeps_working():
    at = open_compare()
    edit(at, {0: {"learning_rate": -1}, 2: {"optimizer": "**rms**"}})
    assert not at.exception and compare_button(at).disabled
    error = at.error[0].value
    assert "Run 1: learning rate = ` -1.0 ` is out of range; expected a value from 0.0001 to 1000." in error
    assert "Run 3: optimizer = ` **rms** ` is not an option" in error

    edit(at, added=[ROW] * 5)
    assert not at.exception and "Compare needs 1 to 8 runs (rows); got 9." in at.error[0].value

    edit(at, {0: {"learning_rate": 0.5}})
    assert not at.error and not compare_button(at).disabled
    compare_button(at).click().run()
    assert not at.exception and results(at)["run"].tolist() == ["lr 0.5", "lr 0.1", "lr 1", "lr 10"]


def test_compare_uses_the_playgrounds_data_and_settings():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(dataset="blobs", centers="3", optimizer="adam")
    at.run()
    open_compare(at)
    assert not at.exception and "the Playground's data and settings" in at.caption[0].value
    assert "3 classes" in at.caption[0].value
    assert set(at.data_editor(key="compare_runs").value["optimizer"]) == {"adam"}
    compare_button(at).click().run()
    assert not at.exception and len(results(at)) == 4
