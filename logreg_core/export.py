"""A trained model, its feature map and classes, to and from JSON (never pickle)."""

import json
import math

import numpy as np

from .features import MAX_DEGREE, FeatureMap
from .model import LogisticRegression
from .validation import check_finite_array, check_number

FORMAT = "logreg_core/1"
KINDS = {"str": object, "int": int, "float": float, "bool": bool}  # classes_kind -> dtype of classes_


def to_dict(model, feature_map=None, **extra):
    """A JSON-ready dict of a fitted model (and the FeatureMap in front of it)."""
    classes = model.classes_
    kind = {"b": "bool", "i": "int", "u": "int", "f": "float"}.get(classes.dtype.kind, "str")
    out = {
        "format": FORMAT,
        "params": model.get_params(),
        "classes": [str(c) if kind == "str" else c.item() for c in classes],
        "classes_kind": kind,
        "coef": model.coef_.tolist(),
        "intercept": model.intercept_.tolist(),
        "feature_map": None,
        **extra,
    }
    if feature_map is not None:
        out["feature_map"] = {
            "degree": feature_map.degree,
            "standardize": feature_map.standardize,
            "n_features_in": feature_map.n_features_in_,
            **{k: getattr(feature_map, k).tolist() for k in ("mean_in_", "scale_in_", "mean_out_", "scale_out_")},
        }
    return out


def from_dict(d):
    """(model, feature_map or None) from ``to_dict`` output; raises ValueError on anything malformed."""
    if not isinstance(d, dict) or d.get("format") != FORMAT:
        got = d.get("format") if isinstance(d, dict) else type(d).__name__
        raise ValueError(f"model file format must be {FORMAT!r}; got {got!r}. Export the model from this app.")
    try:
        model = LogisticRegression(**d["params"])
        model.classes_ = np.array(d["classes"], dtype=KINDS[d["classes_kind"]])
        model.coef_ = np.array(d["coef"], dtype=float)
        model.intercept_ = np.array(d["intercept"], dtype=float)
        _check_weights(model.classes_, model.coef_, model.intercept_)
        model.n_features_in_ = model.coef_.shape[1]
        fm = None if d["feature_map"] is None else _feature_map(d["feature_map"], model.n_features_in_)
    except (KeyError, TypeError, ValueError) as e:
        raise ValueError(
            f"model file is missing or has a malformed field ({e}); expected the JSON this app exports."
        ) from None
    return model, fm


def _check_weights(classes, coef, intercept):
    """Shapes that fit together: classes (n,) with n >= 2, coef (k, d) and intercept (k,), all finite."""
    n = len(classes) if classes.ndim == 1 else 0
    if n < 2:
        raise ValueError(f"classes has shape {classes.shape}; expected a list of at least 2 labels")
    k = 1 if n == 2 else n
    if coef.ndim != 2 or coef.shape[0] != k or intercept.shape != (k,):
        raise ValueError(f"coef has shape {coef.shape} and intercept {intercept.shape}; expected ({k}, d) and ({k},)")
    check_finite_array("coef", coef)
    check_finite_array("intercept", intercept)


def _feature_map(f, d):
    """The FeatureMap of ``to_dict``'s dict ``f``, checked to make the d features coef expects."""
    degree, n_in = f["degree"], f["n_features_in"]
    check_number("feature_map degree", degree, low=1, high=MAX_DEGREE, integer=True)
    check_number("feature_map n_features_in", n_in, low=1, integer=True)
    m = math.comb(n_in + degree, degree) - 1  # monomials of degree 1..degree, checked before building them
    if m != d:
        raise ValueError(f"feature_map makes {m} features but coef has {d} columns; expected the same number")
    fm = FeatureMap(degree, f["standardize"]).fit(np.zeros((2, n_in)))
    for key, size in (("mean_in_", n_in), ("scale_in_", n_in), ("mean_out_", m), ("scale_out_", m)):
        a = np.array(f[key], dtype=float)
        if a.shape != (size,):
            raise ValueError(f"feature_map {key} has shape {a.shape}; expected ({size},)")
        check_finite_array(f"feature_map {key}", a)
        setattr(fm, key, a)
    return fm


def dumps(model, feature_map=None, **extra):
    """JSON text of ``to_dict``."""
    return json.dumps(to_dict(model, feature_map, **extra), indent=1)


def loads(text):
    """(model, feature_map) from JSON text."""
    try:
        d = json.loads(text)
    except json.JSONDecodeError as e:
        raise ValueError(
            f"model file is not valid JSON ({e.msg} at line {e.lineno}); expected this app's export."
        ) from None
    return from_dict(d)
