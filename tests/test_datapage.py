"""The Data page's computations: tables to data, editor rows to data, identity, counts and the preview."""

import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from logreg_core import csvdata
from playground import datapage as D
from playground import engine
from playground.settings import Settings
from playground.text import escape_html, literal


def table(text):
    return csvdata.read_csv(text.encode())


GOOD = "name,a,b,cls\np,1,2,x\nq,3,4,y\nr,5,6,x\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[a](http://e.vil) **b** :red[c] $x$", "` [a](http://e.vil) **b** :red[c] $x$ `"),
        ("a `b` c", "`` a `b` c ``"),  # the fence is longer than any run of backticks inside
        ("``x", "``` ``x ```"),
        ("two\nlines", "` two lines `"),
    ],
)
def test_literal_wraps_text_in_a_code_span_that_markdown_shows_as_it_is(text, expected):
    assert literal(text) == expected


def test_escape_html_makes_plotly_labels_literal():
    assert escape_html("<b>a</b> & c") == "&lt;b&gt;a&lt;/b&gt; &amp; c"


def test_default_columns_are_the_first_two_numeric_ones_and_the_last():
    assert D.default_columns(table(GOOD)) == ("a", "b", "cls")
    t = table("a,b\n1,x\n2,y\n")  # two columns: the label is also the only other candidate
    assert D.default_columns(t) == ("a", "b", "b")
    t = table("a,b,c\n1e400,x,0\n2,y,1\n")  # 1e400 reads as a number: to_xy will say it is infinite
    assert D.default_columns(t) == ("a", "b", "c")


def test_from_table_gives_data_with_the_column_names_and_sorted_classes():
    data = D.from_table(table(GOOD), ("a", "b"), "cls")
    np.testing.assert_array_equal(data.X, [[1, 2], [3, 4], [5, 6]])
    np.testing.assert_array_equal(data.y, [0, 1, 0])
    assert data.classes == ("x", "y") and data.names == ("a", "b")


@pytest.mark.parametrize(
    ("text", "features", "label", "match"),
    [
        (GOOD, ("a", "a"), "cls", "feature 1 and feature 2 are both 'a'; expected two different columns"),
        ("a,b\n1,x\n2,y\n", ("a", "b"), "b", "file has 2 columns; expected at least 3"),
        (GOOD, ("name", "b"), "cls", "'p' is not a number"),
        (GOOD, ("a", "b"), "a", "is both a feature and the label"),
        ("a,b,c\n1,2,x\n3,4,x\n", ("a", "b"), "c", "one class"),
    ],
)
def test_from_table_refuses_bad_choices_with_csvdata_messages(text, features, label, match):
    with pytest.raises(ValueError, match=re.escape(match)):
        D.from_table(table(text), features, label)


def test_editor_frame_round_trips_through_from_editor():
    data = engine.generate(Settings(dataset="blobs", samples=40, centers=3))
    back = D.from_editor(D.editor_frame(data), ("u", "v"))
    np.testing.assert_array_equal(back.X, data.X)
    np.testing.assert_array_equal(back.y, data.y)
    assert back.classes == data.classes and back.names == ("u", "v")


def test_from_editor_reads_cells_like_a_csv_file():
    df = pd.DataFrame({"x1": [1.0, 2.0, 3.0], "x2": [0.5, 1.5, 2.5], "label": [" a", "b ", "a"]})
    data = D.from_editor(df)
    assert data.classes == ("a", "b") and data.names == ("x1", "x2")


@pytest.mark.parametrize(
    ("df", "match"),
    [
        ({"x1": [1.0, np.nan], "x2": [1.0, 2.0], "label": ["a", "b"]}, "column 'x1', row 3: '' is not a number"),
        ({"x1": [1.0, 2.0], "x2": [1.0, None], "label": ["a", "b"]}, "column 'x2', row 3: '' is not a number"),
        ({"x1": [1.0, np.inf], "x2": [1.0, 2.0], "label": ["a", "b"]}, "'inf' is inf; expected a finite number"),
        ({"x1": [1.0, 2.0], "x2": [1.0, 2.0], "label": ["a", None]}, "column 'label', row 3: the label is empty"),
        (
            {"x1": [1.0, 2.0], "x2": [1.0, 2.0], "label": pd.array(["a", None], dtype="string")},
            "column 'label', row 3: the label is empty",
        ),
        ({"x1": [1.0, 2.0], "x2": [1.0, 2.0], "label": ["a", "a"]}, "label column has one class ('a')"),
        ({"x1": [1.0], "x2": [1.0], "label": ["a"]}, "table has 1 row(s); expected at least 2"),
        ({"x1": [], "x2": [], "label": []}, "table has 0 row(s); expected at least 2"),
        (
            {"x1": np.arange(12.0), "x2": np.arange(12.0), "label": [str(i) for i in range(12)]},
            "12 distinct values and looks continuous",
        ),
    ],
)
def test_from_editor_refuses_bad_tables_with_csvdata_messages(df, match):
    with pytest.raises(ValueError, match=re.escape(match)):
        D.from_editor(pd.DataFrame(df))


def test_from_editor_refuses_more_rows_than_a_file_may_hold():
    n = csvdata.MAX_ROWS + 1
    df = pd.DataFrame({"x1": np.zeros(n), "x2": np.zeros(n), "label": ["a", "b"] * (n // 2) + ["a"]})
    with pytest.raises(ValueError, match=f"table has {n} rows; expected at most {csvdata.MAX_ROWS}"):
        D.from_editor(df)


def test_starting_data_is_the_custom_data_else_the_playground_data_set():
    custom = D.from_table(table(GOOD), ("a", "b"), "cls")
    assert D.starting_data(custom, Settings()) is custom
    default = D.starting_data(None, None)
    np.testing.assert_array_equal(default.X, engine.generate(Settings()).X)
    circles = D.starting_data(None, Settings(dataset="circles", samples=60))
    assert circles.X.shape == (60, 2)
    forgotten = D.starting_data(None, Settings(dataset="custom", samples=60))  # no custom data: Moons
    np.testing.assert_array_equal(forgotten.X, engine.generate(Settings(samples=60)).X)


def test_data_id_is_short_stable_and_changes_with_the_content():
    data = D.from_table(table(GOOD), ("a", "b"), "cls")
    same = D.from_table(table(GOOD), ("a", "b"), "cls")
    assert D.data_id(data) == D.data_id(same) and re.fullmatch(r"[0-9a-f]{16}", D.data_id(data))
    assert D.data_id(data) != D.data_id(engine.Data(data.X, 1 - data.y, data.classes, data.names))
    assert D.data_id(data) != D.data_id(engine.Data(data.X, data.y, ("x", "z"), data.names))
    assert D.data_id(data) != D.data_id(engine.Data(data.X, data.y, data.classes, ("b", "a")))
    assert D.data_id(data) != D.data_id(engine.Data(data.X + 1e-12, data.y, data.classes, data.names))


def test_class_counts_count_every_class_even_an_empty_one():
    data = engine.Data(np.zeros((3, 2)), np.array([0, 2, 2]), ("a", "b", "c"))
    assert D.class_counts(data) == {"class": ["a", "b", "c"], "points": [1, 0, 2]}


def test_preview_figure_has_one_trace_per_class_with_escaped_labels():
    data = engine.Data(np.arange(8.0).reshape(4, 2), np.array([0, 1, 1, 0]), ("<b>a</b>", "b"), ("<i>u", "v&w"))
    fig = D.preview_figure(data)
    go.Figure(fig.to_dict())  # a valid Plotly figure
    assert [t.name for t in fig.data] == ["&lt;b&gt;a&lt;/b&gt;", "b"]
    assert [len(t.x) for t in fig.data] == [2, 2]
    assert fig.layout.xaxis.title.text == "&lt;i&gt;u" and fig.layout.yaxis.title.text == "v&amp;w"
    assert fig.data[0].marker.color == D.COLORS[0] and fig.data[1].marker.color == D.COLORS[1]
