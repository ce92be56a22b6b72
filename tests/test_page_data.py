"""AppTest: the Data page, driven through its file uploader, selectboxes, points editor and buttons."""

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from logreg_core import csvdata

APP = str(Path(__file__).parents[1] / "app.py")
GOOD = b"id,a,b,kind\n" + b"\n".join(
    f"r{i},{i % 7},{(i * 3) % 5},{'cat' if i % 2 else 'dog'}".encode() for i in range(40)
)


def open_data_page(playground_first=True):
    """The Data page; ``playground_first`` opens the Playground before, as a visitor usually does."""
    at = AppTest.from_file(APP, default_timeout=60)
    if playground_first:
        at.run()
    return at.switch_page("pages/data.py").run()


def upload(at, content, name="data.csv"):
    at.file_uploader(key="upload").set_value((name, content, "text/csv")).run()
    if any(b.key == "use_csv" for b in at.button):  # the file parsed: choose the default columns
        at.button(key="use_csv").click().run()
    return at


def errors(at):
    """Error messages as the reader sees them: the page shows each as a markdown code span."""
    return [re.fullmatch(r"(`+) (.*) \1", e.value).group(2) for e in at.error]


def store_good(at):
    upload(at, GOOD)
    assert not at.exception and not at.error
    return at.session_state.custom_data, at.session_state.custom_data_id, at.session_state.settings


def test_page_loads_with_the_limits_and_an_editor_of_the_playground_data():
    at = open_data_page()
    assert not at.exception
    assert at.title[0].value == "Your data"
    limits = at.caption[0].value
    for n in (
        f"{csvdata.MAX_ROWS:,} rows",
        f"{csvdata.MAX_COLUMNS} columns",
        f"2 to {csvdata.MAX_CLASSES} classes",
        "5 MB",
    ):
        assert n in limits
    editor = at.data_editor(key="points")
    assert editor.editing_mode == "dynamic" and list(editor.value.columns) == ["x1", "x2", "label"]
    assert len(editor.value) == at.session_state.settings.samples
    assert all(b.key != "use_csv" for b in at.button)  # no file, no columns to use


def test_a_good_csv_is_stored_and_switches_the_playground_to_it():
    at = open_data_page()
    at.file_uploader(key="upload").set_value(("pets.csv", GOOD, "text/csv")).run()
    assert [s.value for s in at.selectbox] == ["a", "b", "kind"]  # the numeric columns and the last one
    assert any(t.value == "pets.csv: 40 rows, 4 columns" for t in at.text)
    at.button(key="use_csv").click().run()
    assert not at.exception and not at.error
    data = at.session_state.custom_data
    assert data.X.shape == (40, 2) and data.classes == ("cat", "dog") and data.names == ("a", "b")
    assert re.fullmatch(r"[0-9a-f]{16}", at.session_state.custom_data_id)
    assert at.session_state.settings.dataset == "custom" and at.session_state.dataset == "custom"
    assert at.success[0].value.startswith("Stored 40 points in 2 classes")
    assert at.page_link[0].proto.label == "Train it on the Playground"
    assert len(at.data_editor(key="points").value) == 40  # the editor now starts from the new data
    assert at.dataframe[-1].value.to_dict("list") == {"class": ["cat", "dog"], "points": [20, 20]}


def test_the_selectboxes_choose_the_columns():
    at = open_data_page()
    at.file_uploader(key="upload").set_value(("pets.csv", GOOD, "text/csv")).run()
    at.selectbox[0].set_value("b")
    at.selectbox[1].set_value("a").run()
    at.button(key="use_csv").click().run()
    assert at.session_state.custom_data.names == ("b", "a")


WIDE = ",".join(f"c{i}" for i in range(60)).encode() + b"\n" + b"\n".join(b",".join([b"1"] * 60) for _ in range(3))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "file is empty"),
        (b"a,b,c\n1,2,x\n3,4,\xff\n", "file is not UTF-8 text (byte 0xff"),
        (b"a,b,c\n1,2,x\n3,4\n5,6,y\n", "row 3 has 2 cells; expected 3"),
        (b'a,b,c\n1,2,x\n"=HYPERLINK(""http://e.vil"",""go"")",4,y\n', "looks like a spreadsheet formula"),
        (b"a,b,c\n1,2,x\n1e400,4,y\n", "'1e400' is inf; expected a finite number"),
        (b"a,b,c\n1,2,x\n3,4,x\n", "c column has one class ('x')"),
        (b"a,b,c\n" + b"\n".join(f"{i},{i},{i / 10}".encode() for i in range(12)), "looks continuous"),
        (WIDE, "file has 60 columns; expected at most 50"),
        (b"a,b,c\n1,2,x\n", "file has 1 data row(s); expected at least 2"),
        (b"a,b\n1,x\n2,y\n", "file has 2 columns; expected at least 3"),
    ],
)
def test_bad_files_show_an_error_and_keep_the_stored_data_and_settings(content, message):
    at = open_data_page()
    data, data_id, settings = store_good(at)
    upload(at, content, "bad.csv")
    assert not at.exception
    assert any(message in e for e in errors(at)), errors(at)
    assert at.session_state.custom_data is data and at.session_state.custom_data_id == data_id
    assert at.session_state.settings == settings


def test_user_text_is_never_rendered_as_markdown():
    content = b"[a](http://e.vil),<b>b</b>,:red[c]\n1,2,**x**\n3,4,![y](http://e.vil/y.png)\n5,6,**x**\n"
    at = open_data_page()
    upload(at, content, "[f](http://e.vil).csv")
    assert not at.exception and at.session_state.custom_data.names == ("[a](http://e.vil)", "<b>b</b>")
    markdown_like = [*at.markdown, *at.caption, *at.success, *at.info, *at.warning, *at.title, *at.header]
    assert not any("e.vil" in m.value for m in markdown_like)
    assert any(t.value.startswith("[f](http://e.vil).csv:") for t in at.text)  # shown as plain text
    upload(at, b"[a](http://e.vil),b,c\nx,2,y\n3,4,z\n", "bad.csv")
    assert any("'[a](http://e.vil)'" in e for e in errors(at))  # in a code span: literal text


def test_the_edited_table_is_checked_and_stored():
    at = open_data_page()
    at.session_state["points"] = {
        "edited_rows": {0: {"label": "new"}},
        "added_rows": [{"x1": 9.0, "x2": -9.0, "label": "new"}],
        "deleted_rows": [1],
    }
    at.button(key="use_table").click().run()
    assert not at.exception and not at.error
    data = at.session_state.custom_data
    assert data.X.shape == (200, 2) and data.classes == ("class 0", "class 1", "new")
    assert data.X[-1].tolist() == [9.0, -9.0] and (data.y == 2).sum() == 2
    assert at.session_state.settings.dataset == "custom"
    assert at.success[0].value.startswith("Stored 200 points in 3 classes")
    assert len(at.data_editor(key="points").value) == 200  # redrawn from the stored data


@pytest.mark.parametrize(
    ("edits", "message"),
    [
        ({"added_rows": [{"x2": 1.0, "label": "a"}]}, "column 'x1', row 42: '' is not a number"),
        ({"added_rows": [{"x1": 1.0, "x2": 1.0}]}, "column 'label', row 42: the label is empty"),
        ({"deleted_rows": list(range(1, 40))}, "table has 1 row(s); expected at least 2"),
        ({"edited_rows": {i: {"label": "one"} for i in range(40)}}, "label column has one class ('one')"),
    ],
)
def test_a_bad_edited_table_shows_an_error_and_keeps_the_edits_and_the_data(edits, message):
    at = open_data_page()
    data, data_id, settings = store_good(at)
    edits = {"edited_rows": {}, "added_rows": [], "deleted_rows": [], **edits}
    at.session_state["points"] = edits
    at.button(key="use_table").click().run()
    assert not at.exception
    assert any(message in e for e in errors(at)), errors(at)
    assert at.session_state.custom_data is data and at.session_state.custom_data_id == data_id
    assert at.session_state.settings == settings
    assert at.session_state["points"]["added_rows"] == edits["added_rows"]  # the edits are still there


def test_forget_my_data_goes_back_to_moons():
    at = open_data_page()
    store_good(at)
    at.button(key="forget").click().run()
    assert not at.exception
    assert "custom_data" not in at.session_state and at.session_state.settings.dataset == "moons"
    assert at.info[0].value.startswith("No data of your own yet")


def test_the_playground_trains_on_the_custom_data():
    at = open_data_page()
    data, data_id, _ = store_good(at)
    at.switch_page("pages/playground.py").run()
    assert not at.exception and at.session_state.settings.dataset == "custom"
    next(b for b in at.button if b.label == "Train").click().run()
    assert not at.exception
    assert at.session_state.run_data == data_id and at.session_state.run.prep.classes == data.classes
    assert at.session_state.run.trainer.state.epoch == at.session_state.settings.epochs


def test_data_stored_before_the_playground_ever_ran_switches_it_too():
    at = open_data_page(playground_first=False)
    assert "settings" not in at.session_state
    upload(at, GOOD)
    assert not at.exception and at.session_state.custom_data.X.shape == (40, 2)
    at.switch_page("pages/playground.py").run()
    assert not at.exception and at.session_state.settings.dataset == "custom"
