"""Reading user CSV files safely, and writing CSV that spreadsheets cannot mistake for formulas.

``read_csv`` turns bytes into a ``Table`` of strings (structure checks); ``to_xy`` turns chosen
columns into X (n, d) floats and y (n,) integer class codes (content checks). Every error is a
ValueError that says what was expected, what was found and where, and how to fix it.
"""

import csv
import io
import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

MAX_BYTES = 5 * 2**20  # 5 MiB, the app's upload cap
MAX_ROWS = 5000
MAX_COLUMNS = 50
MAX_CLASSES = 10
FORMULA = re.compile(r"^[=+\-@\t\r]")


@dataclass(frozen=True)
class Table:
    """A parsed CSV: column names and rows of strings, all rows as long as the header."""

    columns: list
    rows: list


def read_csv(data):
    """Parse CSV bytes (UTF-8, comma, semicolon or tab separated) into a Table."""
    if isinstance(data, str):
        data = data.encode()
    if len(data) > MAX_BYTES:
        raise ValueError(
            f"file is {len(data) / 2**20:.1f} MiB; expected at most {MAX_BYTES // 2**20} MiB. Upload fewer rows."
        )
    if not data.strip():
        raise ValueError("file is empty; expected a header row and at least 2 data rows.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ValueError(
            f"file is not UTF-8 text (byte 0x{data[e.start]:02x} at position {e.start}); "
            "save it as 'CSV UTF-8' and upload it again."
        ) from None
    header_line = re.match(r"[^\r\n]*", text).group()  # the first line, whatever the line ending
    sep = max(",;\t", key=header_line.count)
    _check_columns(header_line.count(sep) + 1)  # counted before parsing: huge headers cost CPU
    records = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    try:
        rows = [r for r in records if any(c.strip() for c in r)]
    except csv.Error as e:
        raise ValueError(
            f"file is not valid CSV at line {records.line_num} ({e}); expected plain comma-, semicolon- or tab-separated "
            "values. Look for an unclosed quote."
        ) from None
    if rows:
        _check_columns(len(rows[0]))  # a quoted line break can hide header cells from the count above
    if len(rows) - 1 > MAX_ROWS:
        raise ValueError(f"file has {len(rows) - 1} data rows; expected at most {MAX_ROWS}. Sample it down first.")
    if len(rows) < 3:
        raise ValueError(f"file has {max(len(rows) - 1, 0)} data row(s); expected at least 2 below the header.")
    columns = [c.strip() or f"column {i + 1}" for i, c in enumerate(rows[0])]
    if len(columns) < 2:
        raise ValueError("file has 1 column; expected at least 2 (features and a label), separated by commas.")
    dupes = sorted(c for c, count in Counter(columns).items() if count > 1)
    if dupes:
        raise ValueError(
            f"column names {dupes} appear more than once; expected unique names. Rename them in the header."
        )
    for i, r in enumerate(rows[1:], start=2):
        if len(r) != len(columns):
            raise ValueError(
                f"row {i} has {len(r)} cells; expected {len(columns)} like the header. Fix that row or remove it."
            )
    return Table(columns, [[c.strip() for c in r] for r in rows[1:]])


def _check_columns(n):
    """Refuse a file of more than MAX_COLUMNS columns."""
    if n > MAX_COLUMNS:
        raise ValueError(f"file has {n} columns; expected at most {MAX_COLUMNS}. Keep only the features and the label.")


def parse_number(cell, column, row):
    """The float in ``cell``, or a ValueError naming the column and row."""
    where = f"column {column!r}, row {row}"
    if FORMULA.match(cell) and not _is_number(cell):
        raise ValueError(
            f"{where}: {cell[:40]!r} looks like a spreadsheet formula; expected a number. Paste values only."
        )
    try:
        v = float(cell)
    except ValueError:
        raise ValueError(
            f"{where}: {cell[:40]!r} is not a number; expected numeric features. Fix or remove the row."
        ) from None
    if not math.isfinite(v):
        raise ValueError(f"{where}: {cell[:40]!r} is {v}; expected a finite number. Replace it or remove the row.")
    return v


def _is_number(cell):
    try:
        float(cell)
        return True
    except ValueError:
        return False


def label_codes(labels, name="label"):
    """Sorted class names and integer codes of a label column of strings; refuses continuous labels."""
    classes = sorted(set(labels), key=_label_key)
    if len(classes) < 2:
        raise ValueError(
            f"{name} column has one class ({classes[0]!r}); expected at least 2. Add rows of another class."
        )
    if len(classes) > MAX_CLASSES:
        numeric = all(_is_number(c) for c in classes)
        why = " and looks continuous (a regression target)" if numeric else ""
        raise ValueError(
            f"{name} column has {len(classes)} distinct values{why}; expected 2 to {MAX_CLASSES} classes. "
            "Pick a categorical label column or bin the values."
        )
    index = {c: i for i, c in enumerate(classes)}
    return classes, np.array([index[v] for v in labels], dtype=int)


def _label_key(c):
    return (0, float(c), c) if _is_number(c) else (1, 0.0, c)


def to_xy(table, features, label):
    """X (n, len(features)) floats, y (n,) codes and the class names, from the chosen columns."""
    missing = [c for c in [*features, label] if c not in table.columns]
    if missing:
        raise ValueError(f"columns {missing} are not in the file; expected some of {table.columns}.")
    if label in features:
        raise ValueError(f"column {label!r} is both a feature and the label; pick a different label column.")
    if not features:
        raise ValueError("no feature columns chosen; expected at least 1.")
    fi = [table.columns.index(c) for c in features]
    li = table.columns.index(label)
    X = np.array([[parse_number(r[j], table.columns[j], i) for j in fi] for i, r in enumerate(table.rows, start=2)])
    labels = [r[li] for r in table.rows]
    if any(v == "" for v in labels):
        row = labels.index("") + 2
        raise ValueError(
            f"column {label!r}, row {row}: the label is empty; expected a class name. Fill it or remove the row."
        )
    classes, y = label_codes(labels, label)
    return X, y, classes


def safe_cell(value):
    """A CSV cell a spreadsheet will show as text: cells starting with = + - @ (not numbers) get a quote."""
    s = str(value)
    return "'" + s if FORMULA.match(s) and not _is_number(s) else s


def to_csv(X, labels, columns):
    """CSV text of features X (n, d) and labels (n,) under ``columns`` (d + 1 names)."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow([safe_cell(c) for c in columns])
    for row, lab in zip(np.asarray(X).tolist(), labels):
        w.writerow([repr(float(v)) for v in row] + [safe_cell(lab)])
    return out.getvalue()
