"""What the Data page computes (no Streamlit): data from a CSV table or the points editor, its identity,
its class counts and its preview figure.

Every check is ``logreg_core.csvdata``'s, so an uploaded file and an edited table get the same
messages: a ValueError that says what was expected, what was found, and how to fix it.
"""

import hashlib
from dataclasses import replace

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from logreg_core import csvdata

from . import engine
from .figures import COLORS
from .settings import Settings
from .text import escape_html

EDITOR_COLUMNS = ("x1", "x2", "label")
SNIFF_ROWS = 20  # rows looked at to guess which columns are numeric


def numeric_looking(table, column):
    """True when the first ``SNIFF_ROWS`` cells of ``column`` read as numbers ("1e400" too: ``to_xy`` says
    what is wrong with it once the column is used)."""
    j = table.columns.index(column)
    return all(_number(r[j]) for r in table.rows[:SNIFF_ROWS])


def _number(cell):
    try:
        float(cell)
        return True
    except ValueError:
        return False


def default_columns(table):
    """(feature 1, feature 2, label): the first two numeric-looking columns before the last, and the last."""
    label = table.columns[-1]
    others = table.columns[:-1]
    numeric = [c for c in others if numeric_looking(table, c)]
    picks = (numeric + [c for c in others if c not in numeric] + [label, label])[:2]
    return picks[0], picks[1], label


def from_table(table, features, label):
    """An ``engine.Data`` of two feature columns and a label column of a ``csvdata.Table``."""
    if len(table.columns) < 3:
        raise ValueError(
            f"file has {len(table.columns)} columns; expected at least 3: two features and a label. "
            "Add a second feature column."
        )
    f1, f2 = features
    if f1 == f2:
        raise ValueError(f"feature 1 and feature 2 are both {f1!r}; expected two different columns. Pick another one.")
    X, y, classes = csvdata.to_xy(table, [f1, f2], label)
    return engine.Data(X, y, tuple(classes), (f1, f2))


def starting_data(custom, settings):
    """What the points editor starts from: the custom data, else the playground's generated data set."""
    if custom is not None:
        return custom
    settings = settings or Settings()
    if settings.dataset == "custom":  # custom chosen but forgotten: fall back to the default generator
        settings = replace(settings, dataset=Settings().dataset)
    return engine.generate(settings)


def editor_frame(data):
    """The points editor's table: columns x1, x2 (floats) and label (class names as text)."""
    return pd.DataFrame(
        {"x1": data.X[:, 0], "x2": data.X[:, 1], "label": [str(data.classes[c]) for c in data.y]},
        columns=list(EDITOR_COLUMNS),
    )


def _cell(v):
    """An editor cell as the text a CSV file would hold: empty for a missing value."""
    return "" if pd.isna(v) else str(v).strip()  # None, NaN and pd.NA alike


def from_editor(df, names=("x1", "x2")):
    """An ``engine.Data`` of the edited table (columns x1, x2, label), checked like an uploaded file.

    Row numbers in the messages count the header as row 1, as in a CSV file.
    """
    rows = [[_cell(v) for v in row] for row in df[list(EDITOR_COLUMNS)].itertuples(index=False, name=None)]
    if len(rows) > csvdata.MAX_ROWS:
        raise ValueError(f"table has {len(rows)} rows; expected at most {csvdata.MAX_ROWS}. Delete some rows.")
    if len(rows) < 2:
        raise ValueError(f"table has {len(rows)} row(s); expected at least 2. Add rows with the + button.")
    table = csvdata.Table(list(EDITOR_COLUMNS), rows)
    X, y, classes = csvdata.to_xy(table, ["x1", "x2"], "label")
    return engine.Data(X, y, tuple(classes), tuple(names))


def data_id(data):
    """A short content hash of the data: equal data get equal ids, so caches keyed by it are shared."""
    h = hashlib.sha256()
    h.update(np.ascontiguousarray(data.X, dtype=np.float64).tobytes())
    h.update(np.ascontiguousarray(data.y, dtype=np.int64).tobytes())
    h.update(repr((tuple(data.names), tuple(data.classes))).encode())
    return h.hexdigest()[:16]


def class_counts(data):
    """{"class": names, "points": counts} for a table of points per class."""
    counts = np.bincount(data.y, minlength=len(data.classes))
    return {"class": [str(c) for c in data.classes], "points": counts.tolist()}


def preview_figure(data, height=420):
    """A scatter of the data, one colour per class."""
    traces = [
        go.Scatter(
            x=data.X[data.y == c, 0],
            y=data.X[data.y == c, 1],
            mode="markers",
            name=escape_html(name),
            marker={"color": COLORS[c % len(COLORS)], "size": 8, "line": {"color": "white", "width": 1}},
            hovertemplate="(%{x:.3g}, %{y:.3g})",
        )
        for c, name in enumerate(data.classes)
    ]
    return go.Figure(
        traces,
        layout={
            "height": height,
            "margin": {"l": 50, "r": 10, "t": 10, "b": 40},
            "xaxis": {"title": {"text": escape_html(data.names[0])}},
            "yaxis": {"title": {"text": escape_html(data.names[1])}},
            "legend": {"title": {"text": "class"}},
        },
    )
