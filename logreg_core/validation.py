"""Checks at the boundary, with messages that name the parameter, what it got and the fix."""

import math
import numbers

import numpy as np


def check_number(name, value, *, low=None, high=None, low_open=False, integer=False, hint=""):
    """Return ``value`` if it is a finite number within [low, high] (or (low, high]); else raise."""
    kind = "an integer" if integer else "a number"
    ok_type = isinstance(value, numbers.Integral if integer else numbers.Real) and not isinstance(value, bool)
    if not ok_type or (not integer and not math.isfinite(value)):
        raise ValueError(f"{name} must be {kind}{_range(low, high, low_open)}; got {value!r}.{_hint(hint)}")
    if (low is not None and (value < low or (low_open and value == low))) or (high is not None and value > high):
        raise ValueError(f"{name} must be {kind}{_range(low, high, low_open)}; got {value!r}.{_hint(hint)}")
    return value


def check_choice(name, value, choices):
    """Return ``value`` if it is one of ``choices``; else raise naming them."""
    if value not in choices:
        raise ValueError(f"{name}={value!r} is not supported; expected one of {', '.join(map(repr, choices))}.")
    return value


def check_finite_array(name, A):
    """Raise if A holds NaN or inf, saying where."""
    bad = ~np.isfinite(A)
    if bad.any():
        where = np.argwhere(bad)[0]
        raise ValueError(
            f"{name} contains NaN or infinity ({int(bad.sum())} values, first at index {tuple(int(i) for i in where)}, "
            f"value {A[tuple(where)]}); expected finite numbers. Drop or impute those rows first."
        )


def _range(low, high, low_open):
    if low is not None and high is not None:
        return f" in {'(' if low_open else '['}{low}, {high}]"
    if low is not None:
        return f" {'>' if low_open else '>='} {low}"
    if high is not None:
        return f" <= {high}"
    return ""


def _hint(hint):
    return f" {hint}" if hint else ""
