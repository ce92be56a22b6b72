"""FeatureMap: names, polynomial terms, standardization learned on training data only, raw_affine."""

import numpy as np
import pytest
from sklearn.preprocessing import PolynomialFeatures, StandardScaler

from logreg_core.features import FeatureMap, monomial_name, polynomial, polynomial_powers


@pytest.fixture
def X():
    return np.random.default_rng(0).normal([2.0, -1.0], [3.0, 0.5], (40, 2))


def test_feature_names_of_degree_two():
    fm = FeatureMap(degree=2).fit(np.zeros((3, 2)))
    assert fm.get_feature_names_out().tolist() == ["x1", "x2", "x1^2", "x1*x2", "x2^2"]
    assert fm.get_feature_names_out(["a", "b"]).tolist() == ["a", "b", "a^2", "a*b", "b^2"]


def test_monomial_names_and_counts():
    assert monomial_name((2, 1), ["x1", "x2"]) == "x1^2*x2"
    assert monomial_name((0, 3), ["x1", "x2"]) == "x2^3"
    for d, degree, count in [(2, 1, 2), (2, 3, 9), (2, 6, 27), (3, 2, 9)]:
        assert polynomial_powers(d, degree).shape == (count, d)


def test_polynomial_terms_match_scikit_learn(X):
    ours = polynomial(X, polynomial_powers(2, 3))
    ref = PolynomialFeatures(3, include_bias=False).fit_transform(X)
    np.testing.assert_allclose(ours, ref, rtol=1e-12)


def test_degree_one_standardizes_like_standard_scaler(X):
    np.testing.assert_allclose(FeatureMap().fit_transform(X), StandardScaler().fit_transform(X), atol=1e-12)


def test_higher_degrees_standardize_the_expanded_features(X):
    F = FeatureMap(degree=3).fit_transform(X)
    assert F.shape == (40, 9)
    np.testing.assert_allclose(F.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(F.std(axis=0), 1, rtol=1e-12)


def test_standardization_uses_the_training_data_only(X):
    train, test = X[:30], X[30:] * 10 + 5
    fm = FeatureMap(degree=2).fit(train)
    before = fm.transform(test)
    np.testing.assert_array_equal(fm.mean_in_, train.mean(axis=0))
    np.testing.assert_array_equal(fm.transform(test), before)  # transforming never refits
    refit = FeatureMap(degree=2).fit(np.vstack([train, test]))
    assert not np.allclose(refit.transform(test), before)


def test_without_standardization_the_inputs_pass_through(X):
    np.testing.assert_array_equal(FeatureMap(standardize=False).fit_transform(X), X)
    F = FeatureMap(degree=2, standardize=False).fit_transform(X)
    np.testing.assert_allclose(F, PolynomialFeatures(2, include_bias=False).fit_transform(X), rtol=1e-12)


def test_a_constant_column_stays_finite():
    X = np.column_stack([np.arange(5.0), np.full(5, 7.0)])
    F = FeatureMap(degree=2).fit_transform(X)
    assert np.isfinite(F).all()
    np.testing.assert_array_equal(F[:, 1], 0)


def test_raw_affine_rewrites_the_map_as_a_line_in_raw_space(X):
    fm = FeatureMap().fit(X)
    A, c = fm.raw_affine()
    np.testing.assert_allclose(X * A + c, fm.transform(X), atol=1e-12)


def test_raw_affine_needs_degree_one(X):
    with pytest.raises(AssertionError, match="raw_affine needs degree 1, got 2"):
        FeatureMap(degree=2).fit(X).raw_affine()


@pytest.mark.parametrize("degree", [0, 7, 1.5])
def test_degree_out_of_range_is_rejected(degree):
    with pytest.raises(ValueError, match=rf"degree must be an integer in \[1, 6\]; got {degree}\."):
        FeatureMap(degree=degree).fit(np.zeros((3, 2)))


def test_transform_checks_its_input(X):
    fm = FeatureMap(degree=2).fit(X)
    with pytest.raises(ValueError, match="X has 3 features, but FeatureMap is expecting 2 features"):
        fm.transform(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="Input X contains NaN"):
        fm.transform([[np.nan, 0.0]])
