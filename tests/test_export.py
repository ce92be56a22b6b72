"""JSON export: a round trip predicts exactly as before; anything malformed is a ValueError."""

import json

import numpy as np
import pytest

from logreg_core import LogisticRegression, export
from logreg_core.datasets import make_dataset
from logreg_core.features import FeatureMap


def fitted(labels, degree=None):
    """(model, feature_map or None, raw X) trained on blobs relabelled with ``labels``."""
    X, y = make_dataset("blobs", 90, 0.3, random_state=0, centers=len(labels))
    fm = None if degree is None else FeatureMap(degree=degree).fit(X)
    F = X if fm is None else fm.transform(X)
    return LogisticRegression(epochs=20, random_state=0).fit(F, np.asarray(labels)[y]), fm, X


def predictions(model, fm, X):
    F = X if fm is None else fm.transform(X)
    return model.predict(F), model.predict_proba(F)


@pytest.mark.parametrize(
    ("labels", "degree"),
    [
        ([0, 1], None),
        (["cat", "dog", "emu"], 2),
        (["no", "yes"], 1),
        ([False, True], 3),
        ([-1.0, 2.0, 7.0], None),  # whole floats: fractional ones look like a regression target to sklearn
        (np.array([3, 9], dtype=np.uint8), 1),
    ],
    ids=["int", "str-poly", "str-linear", "bool", "float", "uint8"],
)
def test_round_trip_predicts_exactly_the_same(labels, degree):
    model, fm, X = fitted(labels, degree)
    text = export.dumps(model, fm, note="hello")
    loaded, loaded_fm = export.loads(text)
    assert (loaded_fm is None) == (fm is None)
    pred, P = predictions(model, fm, X)
    pred2, P2 = predictions(loaded, loaded_fm, X)
    np.testing.assert_array_equal(pred2, pred)
    assert [type(v) for v in pred2.tolist()] == [type(v) for v in pred.tolist()]  # 'cat' stays a str, True a bool
    np.testing.assert_array_equal(P2, P)
    assert loaded.get_params() == model.get_params()
    assert json.loads(text)["note"] == "hello"


def test_the_file_is_plain_json_with_a_format_tag():
    model, fm, _ = fitted(["a", "b"], 2)
    d = json.loads(export.dumps(model, fm))
    assert d["format"] == export.FORMAT and d["classes"] == ["a", "b"] and d["classes_kind"] == "str"
    assert d["feature_map"]["degree"] == 2 and len(d["coef"][0]) == 5


def good():
    model, fm, _ = fitted(["cat", "dog", "emu"], 2)
    return json.loads(export.dumps(model, fm))


def changed(**fields):
    return json.dumps({**good(), **fields})


def changed_map(**fields):
    d = good()
    return json.dumps({**d, "feature_map": {**d["feature_map"], **fields}})


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("", r"model file is not valid JSON \(Expecting value at line 1\); expected this app's export"),
        ("{", r"model file is not valid JSON \(Expecting property name"),
        ("[]", r"model file format must be 'logreg_core/1'; got 'list'"),
        ('{"format": "pickle"}', r"model file format must be 'logreg_core/1'; got 'pickle'"),
        ('{"format": "logreg_core/1"}', r"model file is missing or has a malformed field \('params'\)"),
        (changed(classes_kind="complex"), r"malformed field \('complex'\)"),
        (changed(params=[]), r"malformed field \(.*must be a mapping"),
        (changed(params={"bogus": 1}), r"malformed field \(.*unexpected keyword argument 'bogus'"),
        (changed(classes=5), r"classes has shape \(\); expected a list of at least 2 labels"),
        (changed(classes=["cat"]), r"classes has shape \(1,\); expected a list of at least 2 labels"),
        (changed(coef="abc"), r"could not convert string to float"),
        (changed(coef=[[1.0, 2.0], [3.0]]), r"malformed field \(setting an array element with a sequence"),
        (changed(coef=[[1.0] * 5] * 2), r"coef has shape \(2, 5\) and intercept \(3,\); expected \(3, d\) and \(3,\)"),
        (
            changed(intercept=[[0.0] * 3]),
            r"coef has shape \(3, 5\) and intercept \(1, 3\); expected \(3, d\) and \(3,\)",
        ),
        (changed(coef=[[float("nan")] * 5] * 3), r"coef contains NaN or infinity \(15 values"),
        (changed(intercept=[0.0, 1e400, 0.0]).replace("Infinity", "1e400"), r"intercept contains NaN or infinity"),
        (changed(feature_map="x"), r"malformed field \(string indices must be integers"),
        (changed_map(degree=9), r"feature_map degree must be an integer in \[1, 6\]; got 9"),
        (changed_map(degree="2"), r"feature_map degree must be an integer in \[1, 6\]; got '2'"),
        (changed_map(n_features_in=-1), r"feature_map n_features_in must be an integer >= 1; got -1"),
        (
            changed_map(n_features_in=3),
            r"feature_map makes 9 features but coef has 5 columns; expected the same number",
        ),
        (changed_map(mean_in_=[0.0, 1.0, 2.0]), r"feature_map mean_in_ has shape \(3,\); expected \(2,\)"),
        (changed_map(scale_out_=[1.0]), r"feature_map scale_out_ has shape \(1,\); expected \(5,\)"),
        (changed_map(scale_in_=[1.0, float("nan")]), r"feature_map scale_in_ contains NaN or infinity"),
    ],
    ids=[
        "empty",
        "truncated",
        "list",
        "other-format",
        "no-params",
        "classes-kind",
        "params-list",
        "params-unknown",
        "classes-scalar",
        "one-class",
        "coef-text",
        "coef-ragged",
        "coef-rows",
        "intercept-2d",
        "coef-nan",
        "intercept-inf",
        "map-text",
        "degree-9",
        "degree-text",
        "inputs-negative",
        "inputs-mismatch",
        "mean-in-shape",
        "scale-out-shape",
        "scale-in-nan",
    ],
)
def test_malformed_files_raise_value_error(text, match):
    with pytest.raises(ValueError, match=match):
        export.loads(text)


def test_a_huge_feature_map_is_rejected_before_it_is_built(monkeypatch):
    """A file claiming 10^9 inputs must not make us allocate them (or enumerate their monomials)."""
    monkeypatch.setattr(export, "FeatureMap", None)  # building one would fail differently
    with pytest.raises(ValueError, match=r"feature_map makes 500000001500000000 features but coef has 5 columns"):
        export.loads(changed_map(n_features_in=10**9))
