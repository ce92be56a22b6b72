"""Reading user CSV files: every bad family gives a ValueError saying where and what; writing is formula-safe."""

import time

import numpy as np
import pytest

from logreg_core import csvdata

GOOD = b"x1,x2,label\n1.5,-2,a\n3,4e-1,b\n-0.25,7,a\n"


def read(data, features=None, label=None):
    """read_csv then to_xy, with all but the last column as features by default."""
    table = csvdata.read_csv(data)
    features = table.columns[:-1] if features is None else features
    return csvdata.to_xy(table, features, label or table.columns[-1])


# ---- good files -------------------------------------------------------------------------------


def test_a_good_file_gives_features_and_label_codes():
    X, y, classes = read(GOOD)
    np.testing.assert_array_equal(X, [[1.5, -2.0], [3.0, 0.4], [-0.25, 7.0]])
    np.testing.assert_array_equal(y, [0, 1, 0])
    assert classes == ["a", "b"]


@pytest.mark.parametrize(
    "data",
    [
        GOOD.replace(b",", b";"),
        GOOD.replace(b",", b"\t"),
        b"\xef\xbb\xbf" + GOOD,  # a UTF-8 byte order mark, as Excel writes
        GOOD.replace(b"\n", b"\r\n"),
        GOOD.replace(b"\n", b"\r"),  # old Mac line endings
        GOOD.replace(b"x1,", b" x1 ,").replace(b"\n3,", b"\n 3 ,") + b"\n,,\n",  # padding, a blank row
        GOOD.decode().encode("utf-8") + "0,0,\u00e9t\u00e9\n".encode(),  # non-ASCII labels
    ],
    ids=["semicolon", "tab", "bom", "crlf", "cr", "padding", "unicode"],
)
def test_separators_line_endings_and_padding_are_understood(data):
    X, y, classes = read(data)
    np.testing.assert_array_equal(X[:3], [[1.5, -2.0], [3.0, 0.4], [-0.25, 7.0]])
    assert classes[:2] == ["a", "b"] and y[:3].tolist() == [0, 1, 0]


def test_semicolon_files_may_use_decimal_commas_in_text_but_not_in_features():
    table = csvdata.read_csv(b"a;b;y\n1,5;2;0\n2;3;1\n")
    assert table.rows[0] == ["1,5", "2", "0"]
    with pytest.raises(ValueError, match=r"column 'a', row 2: '1,5' is not a number; expected numeric features"):
        csvdata.to_xy(table, ["a", "b"], "y")


def test_numeric_labels_sort_as_numbers():
    _, y, classes = read(b"x,y\n1,10\n2,2\n3,10\n")
    assert classes == ["2", "10"] and y.tolist() == [1, 0, 1]


def test_to_xy_picks_the_chosen_columns():
    table = csvdata.read_csv(GOOD)
    X, y, classes = csvdata.to_xy(table, ["x2"], "x1")
    np.testing.assert_array_equal(X[:, 0], [-2, 0.4, 7])
    assert classes == ["-0.25", "1.5", "3"] and y.tolist() == [1, 2, 0]


# ---- bad cells --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "match"),
    [
        ("nan", r"'nan' is nan; expected a finite number"),
        ("NaN", r"'NaN' is nan; expected a finite number"),
        ("inf", r"'inf' is inf; expected a finite number"),
        ("-Infinity", r"'-Infinity' is -inf; expected a finite number"),
        ("1e400", r"'1e400' is inf; expected a finite number"),
        ("-1e400", r"'-1e400' is -inf; expected a finite number"),
        ("abc", r"'abc' is not a number; expected numeric features"),
        ("", r"'' is not a number; expected numeric features"),
        ("0x10", r"'0x10' is not a number"),
        (
            '"=HYPERLINK(""http://evil.example"",""click"")"',
            r"'=HYPERLINK\(\"http://evil\.example\",\"click\"' looks like a spreadsheet formula; expected a number",
        ),  # 40 chars
        ("+1+2", r"'\+1\+2' looks like a spreadsheet formula"),
        ("-2+3", r"'-2\+3' looks like a spreadsheet formula"),
        ("@SUM(A1:A2)", r"'@SUM\(A1:A2\)' looks like a spreadsheet formula"),
    ],
)
def test_non_finite_non_numeric_and_formula_cells_are_rejected_with_their_place(cell, match):
    data = f"x1,x2,label\n1,2,a\n3,{cell},b\n".encode()
    with pytest.raises(ValueError, match=r"column 'x2', row 3: " + match):
        read(data)


def test_signed_numbers_are_numbers_not_formulas():
    X, _, _ = read(b"x1,x2,label\n-1,+2,a\n-3e-2,4,b\n")
    np.testing.assert_array_equal(X, [[-1, 2], [-0.03, 4]])


def test_an_empty_label_is_rejected_with_its_place():
    with pytest.raises(ValueError, match=r"column 'y', row 3: the label is empty; expected a class name"):
        read(b"x,y\n1,a\n2,\n3,b\n")


# ---- bad labels -------------------------------------------------------------------------------


def test_a_continuous_label_is_rejected():
    data = b"x,y\n" + b"".join(f"{i},{i * 0.37:.2f}\n".encode() for i in range(20))
    with pytest.raises(
        ValueError,
        match=r"y column has 20 distinct values and looks continuous \(a regression target\); expected 2 to 10 classes",
    ):
        read(data)


def test_more_than_ten_classes_are_rejected():
    data = b"x,y\n" + b"".join(f"{i},c{i}\n".encode() for i in range(11))
    with pytest.raises(ValueError, match=r"y column has 11 distinct values; expected 2 to 10 classes"):
        read(data)


def test_one_class_is_rejected():
    with pytest.raises(ValueError, match=r"y column has one class \('a'\); expected at least 2"):
        read(b"x,y\n1,a\n2,a\n3,a\n")


# ---- bad structure ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (b"", r"file is empty; expected a header row and at least 2 data rows"),
        (b" \n\r\n  \n", r"file is empty"),
        (b"x,y\n", r"file has 0 data row\(s\); expected at least 2 below the header"),
        (b"x,y\n1,a\n", r"file has 1 data row\(s\); expected at least 2 below the header"),
        (b"x\n1\n2\n", r"file has 1 column; expected at least 2 \(features and a label\)"),
        (b"x1,x2,y\n1,2,a\n3,4\n", r"row 3 has 2 cells; expected 3 like the header"),
        (b"x1,x2,y\n1,2,a\n3,4,b,5\n", r"row 3 has 4 cells; expected 3 like the header"),
        (b"x,x,y\n1,2,a\n3,4,b\n", r"column names \['x'\] appear more than once; expected unique names"),
        (
            "x,y\n1,caf\u00e9\n2,b\n".encode("latin-1"),
            r"file is not UTF-8 text \(byte 0xe9 at position 9\); save it as 'CSV UTF-8'",
        ),
        (b"\xff\xfex\x00,\x00y\x00\n", r"file is not UTF-8 text \(byte 0xff at position 0\)"),  # UTF-16
        (
            b'x,y\n"' + b"1" * 200_000 + b'",a\n2,b\n',
            r"file is not valid CSV at line 2 \(field larger than field limit",
        ),
    ],
    ids=[
        "empty",
        "blank",
        "header-only",
        "single-row",
        "one-column",
        "short-row",
        "long-row",
        "duplicate-names",
        "latin-1",
        "utf-16",
        "huge-field",
    ],
)
def test_malformed_files_are_rejected(data, match):
    with pytest.raises(ValueError, match=match):
        csvdata.read_csv(data)


def test_files_over_the_size_cap_are_rejected_before_decoding():
    data = b"x,y\n" + b"1,a\n" * (csvdata.MAX_BYTES // 4)
    assert len(data) > csvdata.MAX_BYTES
    with pytest.raises(ValueError, match=r"file is 5\.0 MiB; expected at most 5 MiB"):
        csvdata.read_csv(data)


def test_too_many_rows_are_rejected():
    data = b"x,y\n" + b"1,a\n2,b\n" * (csvdata.MAX_ROWS // 2 + 1)
    with pytest.raises(ValueError, match=r"file has 5002 data rows; expected at most 5000"):
        csvdata.read_csv(data)


@pytest.mark.parametrize("sep", [b",", b";", b"\t"])
def test_a_header_of_100k_columns_is_rejected_before_parsing(sep, monkeypatch):
    data = sep.join(b"c%d" % i for i in range(100_000)) + b"\n1" + sep + b"2\n3" + sep + b"4\n"
    monkeypatch.setattr(csvdata.csv, "reader", None)  # parsing would fail with a TypeError
    t0 = time.perf_counter()
    with pytest.raises(ValueError, match=r"file has 100000 columns; expected at most 50\. Keep only the features"):
        csvdata.read_csv(data)
    assert time.perf_counter() - t0 < 1.0


def test_a_wide_header_hidden_behind_a_quoted_line_break_is_rejected_fast():
    """The first line has no separator, but the quoted cell goes on: the header has 20k cells after all."""
    header = b'"a\nb",' + b",".join(b"c%d" % i for i in range(20_000))
    row = b",".join([b"1"] * 20_001)
    t0 = time.perf_counter()
    with pytest.raises(ValueError, match=r"file has 20001 columns; expected at most 50"):
        csvdata.read_csv(header + b"\n" + row + b"\n" + row + b"\n")
    assert time.perf_counter() - t0 < 2.0  # a quadratic duplicate-name check took 8 s, then accepted it


def test_to_xy_rejects_bad_column_choices():
    table = csvdata.read_csv(GOOD)
    with pytest.raises(
        ValueError, match=r"columns \['nope'\] are not in the file; expected some of \['x1', 'x2', 'label'\]"
    ):
        csvdata.to_xy(table, ["x1", "nope"], "label")
    with pytest.raises(ValueError, match=r"column 'x1' is both a feature and the label"):
        csvdata.to_xy(table, ["x1", "x2"], "x1")
    with pytest.raises(ValueError, match=r"no feature columns chosen; expected at least 1"):
        csvdata.to_xy(table, [], "label")


# ---- writing ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+cmd", "'+cmd"),
        ("-cmd", "'-cmd"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\t=1", "'\t=1"),
        ("-3", "-3"),
        ("-2.5e-3", "-2.5e-3"),
        ("+4", "+4"),
        ("plain", "plain"),
        (7, "7"),
    ],
)
def test_safe_cell_quotes_formulas_but_keeps_numbers(value, written):
    assert csvdata.safe_cell(value) == written


def test_to_csv_neutralizes_formula_names_and_labels_and_round_trips_numbers():
    X = np.array([[-1.5, 0.1], [1e-300, -2.0]])
    text = csvdata.to_csv(X, ["=cmd", "-1"], ["-a", "@b", "+label"])
    assert text.splitlines() == ["'-a,'@b,'+label", "-1.5,0.1,'=cmd", "1e-300,-2.0,-1"]
    X2, _, classes = read(text.encode(), ["'-a", "'@b"], "'+label")
    np.testing.assert_array_equal(X2, X)  # repr of a float reads back exactly
    assert classes == ["-1", "'=cmd"]
