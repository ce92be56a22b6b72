"""A trained model, its feature map and classes, to and from JSON (never pickle)."""

import json

import numpy as np

from .features import FeatureMap
from .model import LogisticRegression

FORMAT = "logreg_core/1"


def to_dict(model, feature_map=None, **extra):
    """A JSON-ready dict of a fitted model (and the FeatureMap in front of it)."""
    classes = model.classes_
    kind = "str" if classes.dtype.kind in "OUS" else ("int" if classes.dtype.kind in "iub" else "float")
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
        kind = {"str": object, "int": int, "float": float}[d["classes_kind"]]
        model.classes_ = np.array(d["classes"], dtype=kind)
        model.coef_ = np.array(d["coef"], dtype=float)
        model.intercept_ = np.array(d["intercept"], dtype=float)
        model.n_features_in_ = model.coef_.shape[1]
        fm = None
        if d["feature_map"] is not None:
            f = d["feature_map"]
            fm = FeatureMap(f["degree"], f["standardize"]).fit(np.zeros((2, f["n_features_in"])))
            for k in ("mean_in_", "scale_in_", "mean_out_", "scale_out_"):
                setattr(fm, k, np.array(f[k], dtype=float))
    except (KeyError, TypeError) as e:
        raise ValueError(
            f"model file is missing or has a malformed field ({e}); expected the JSON this app exports."
        ) from None
    k = 1 if len(model.classes_) == 2 else len(model.classes_)
    if model.coef_.ndim != 2 or model.coef_.shape[0] != k or model.intercept_.shape != (k,):
        raise ValueError(
            f"coef has shape {model.coef_.shape} and intercept {model.intercept_.shape}; expected ({k}, d) and ({k},)."
        )
    return model, fm


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
