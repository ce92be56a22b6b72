"""Feature maps: standardization fitted on training data only, and polynomial features of degree 1-6."""

from itertools import combinations_with_replacement

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted, validate_data

from .validation import check_number

MAX_DEGREE = 6


def polynomial_powers(n_features, degree):
    """Exponents (n_terms, n_features) of every monomial of degree 1..degree, lowest degree first."""
    rows = []
    for d in range(1, degree + 1):
        for combo in combinations_with_replacement(range(n_features), d):
            rows.append(np.bincount(combo, minlength=n_features))
    return np.array(rows, dtype=int).reshape(-1, n_features)


def monomial_name(powers, names):
    """'x1^2*x2' for powers (2, 1)."""
    parts = [n if p == 1 else f"{n}^{p}" for n, p in zip(names, powers) if p]
    return "*".join(parts)


def polynomial(X, powers):
    """Evaluate the monomials: X (n, d), powers (m, d) -> (n, m)."""
    return np.prod(X[:, None, :] ** powers[None, :, :], axis=2)


def _mean_scale(A):
    mean, scale = A.mean(axis=0), A.std(axis=0)
    scale[scale == 0] = 1.0  # a constant column stays constant instead of dividing by zero
    return mean, scale


class FeatureMap(TransformerMixin, BaseEstimator):
    """Standardize (optional), expand into polynomial features, and standardize those again.

    Parameters
    ----------
    degree : int in [1, 6], default=1
        Highest total degree of the monomials; 1 keeps the inputs as they are.
    standardize : bool, default=True
        Subtract the mean and divide by the standard deviation learned in ``fit`` (training data
        only), before and, for degree > 1, after the expansion, so every feature has scale 1.
    """

    def __init__(self, degree=1, standardize=True):
        self.degree = degree
        self.standardize = standardize

    def fit(self, X, y=None):
        """Learn the means and scales of X (n_samples, n_features)."""
        check_number("degree", self.degree, low=1, high=MAX_DEGREE, integer=True)
        X = validate_data(self, X, dtype=np.float64)
        d = X.shape[1]
        self.powers_ = polynomial_powers(d, self.degree)  # (m, d)
        self.mean_in_, self.scale_in_ = _mean_scale(X) if self.standardize else (np.zeros(d), np.ones(d))
        m = len(self.powers_)
        self.mean_out_, self.scale_out_ = np.zeros(m), np.ones(m)
        if self.standardize and self.degree > 1:
            self.mean_out_, self.scale_out_ = _mean_scale(
                polynomial((X - self.mean_in_) / self.scale_in_, self.powers_)
            )
        return self

    def transform(self, X):
        """Map X (n_samples, n_features) to (n_samples, n_output_features)."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=np.float64)
        return self.map(X)

    def map(self, X):
        """``transform`` without input checks, for trusted arrays (grids, the app's data)."""
        F = (X - self.mean_in_) / self.scale_in_
        if self.degree > 1:
            F = (polynomial(F, self.powers_) - self.mean_out_) / self.scale_out_
        return F

    def get_feature_names_out(self, input_features=None):
        """Readable names: x1, x2, x1^2, x1*x2, x2^2, ..."""
        check_is_fitted(self)
        names = (
            list(input_features) if input_features is not None else [f"x{i + 1}" for i in range(self.n_features_in_)]
        )
        return np.array([monomial_name(p, names) for p in self.powers_], dtype=object)

    def raw_affine(self):
        """For degree 1, (A, c) with map(X) = X * A + c, so a linear model stays a line in raw space."""
        assert self.degree == 1, f"raw_affine needs degree 1, got {self.degree}"
        return 1.0 / self.scale_in_, -self.mean_in_ / self.scale_in_
