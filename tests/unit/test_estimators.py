"""course_utils.estimators against scikit-learn, NumPy and numerical integration."""

import numpy as np
import pytest
import torch
from sklearn.linear_model import Lasso, LinearRegression, Ridge

from course_utils import estimators


@pytest.fixture
def regression():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(50, 6))
    theta = np.array([1.5, 0.0, -2.0, 0.0, 0.0, 0.7])
    return X, X @ theta + 0.3 * rng.normal(size=50)


def test_gaussian_mle_matches_numpy():
    x = np.random.default_rng(1).normal(3.0, 2.0, size=500)
    mu, sigma = estimators.gaussian_mle(x)
    assert np.isclose(mu.item(), x.mean()) and np.isclose(sigma.item(), x.std(ddof=0))


def test_gaussian_log_likelihood_matches_torch():
    x = torch.randn(30, dtype=torch.float64)
    ref = torch.distributions.Normal(0.5, 1.7).log_prob(x).sum()
    torch.testing.assert_close(estimators.gaussian_log_likelihood(x, 0.5, 1.7), ref)


def test_least_squares_matches_sklearn(regression):
    X, y = regression
    ref = LinearRegression(fit_intercept=False).fit(X, y).coef_
    np.testing.assert_allclose(estimators.least_squares(X, y).numpy(), ref, atol=1e-10)


@pytest.mark.parametrize("lam", [0.0, 0.1, 10.0])
def test_ridge_matches_sklearn(regression, lam):
    X, y = regression
    ref = Ridge(alpha=lam, fit_intercept=False, solver="cholesky").fit(X, y).coef_
    np.testing.assert_allclose(estimators.ridge(X, y, lam).numpy(), ref, atol=1e-10)


@pytest.mark.parametrize("lam", [1.0, 10.0])
def test_lasso_matches_sklearn(regression, lam):
    X, y = regression
    ref = Lasso(alpha=lam / len(y), fit_intercept=False, tol=1e-12, max_iter=100_000).fit(X, y).coef_
    np.testing.assert_allclose(estimators.lasso(X, y, lam).numpy(), ref, atol=1e-6)


def test_polynomial_features():
    X = estimators.polynomial_features(torch.tensor([2.0, -1.0]), 3)
    np.testing.assert_allclose(X.numpy(), [[1, 2, 4, 8], [1, -1, 1, -1]])


def test_gaussian_posterior_matches_grid_bayes():
    y = torch.tensor([0.3, 1.1, 0.8], dtype=torch.float64)
    grid = torch.linspace(-6, 6, 20001, dtype=torch.float64)
    unnorm = (
        torch.distributions.Normal(grid[:, None], 0.7).log_prob(y).sum(1).exp()
        * torch.distributions.Normal(1.0, 2.0).log_prob(grid).exp()
    )
    post = unnorm / torch.trapezoid(unnorm, grid)
    mean = torch.trapezoid(grid * post, grid)
    std = torch.trapezoid((grid - mean) ** 2 * post, grid).sqrt()
    mu_n, tau_n = estimators.gaussian_posterior(y, 0.7, 1.0, 2.0)
    assert abs(mu_n - mean.item()) < 1e-6 and abs(tau_n - std.item()) < 1e-6


@pytest.mark.parametrize(
    "call, word",
    [
        (lambda: estimators.ridge(np.ones((3, 2)), np.ones(4), 1.0), "y"),
        (lambda: estimators.ridge(np.ones(3), np.ones(3), 1.0), "X"),
        (lambda: estimators.ridge(np.ones((3, 2)), np.ones(3), -1.0), "lam"),
        (lambda: estimators.polynomial_features(np.ones(3), -1), "degree"),
        (lambda: estimators.gaussian_mle(np.ones((2, 2))), "x"),
        (lambda: estimators.gaussian_posterior(np.ones(2), 0.0, 0.0, 1.0), "sigma"),
    ],
)
def test_bad_input_names_the_argument(call, word):
    with pytest.raises(ValueError, match=word):
        call()
