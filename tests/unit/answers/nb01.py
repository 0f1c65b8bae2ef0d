"""Answers to notebook 01's checks."""

import math

import numpy as np
import torch
import torch.nn.functional as F
from scipy import special, stats
from sklearn.linear_model import Ridge

from course_utils import checks, estimators, losses

from . import Answers

# Names bound to the course's own implementations before a check, as a student might bind them.
course_ll = estimators.gaussian_log_likelihood
course_nll = losses.bernoulli_nll
course_ridge = estimators.ridge
SIMULATED = {2: 0.497, 5: 0.802, 20: 0.951}  # a run's averages of sigma_hat^2, for the prediction check


def _ll_by_hand(x, mu, sigma):
    n = x.numel()
    return -0.5 * ((x - mu) / sigma).pow(2).sum() - n * math.log(sigma) - 0.5 * n * math.log(2 * math.pi)


def _ridge_sklearn(X, y, lam):
    if lam == 0:
        return torch.linalg.lstsq(X, y.unsqueeze(1)).solution.squeeze(1)
    return torch.as_tensor(Ridge(alpha=lam, fit_intercept=False, tol=1e-12).fit(X.numpy(), y.numpy()).coef_)


def _ridge_augmented(X, y, lam):  # least squares on [X; sqrt(lam) I] against [y; 0]
    p = X.shape[1]
    X_aug = torch.cat([X, math.sqrt(lam) * torch.eye(p, dtype=X.dtype)])
    y_aug = torch.cat([y, torch.zeros(p, dtype=y.dtype)])
    return torch.linalg.lstsq(X_aug, y_aug.unsqueeze(1)).solution.squeeze(1)


def _bce_autograd(logits, x):
    return torch.func.grad(lambda l: F.binary_cross_entropy_with_logits(l, x, reduction="sum"))(logits)


def _bce_autograd_through_the_course(logits, x):
    return torch.func.grad(lambda l: losses.bernoulli_nll(l, x).sum())(logits)


def _ll_through_an_alias(x, mu, sigma):
    return course_ll(x, mu, sigma)


def _nll_through_an_alias(logits, x):
    return course_nll(logits, x)


def _ridge_through_an_alias(X, y, lam):
    return course_ridge(X, y, lam)


def _ridge_factor_two(X, y, lam):  # the normal equations of 1/2 ||y - X theta||^2 + lam ||theta||^2
    return torch.linalg.solve(X.T @ X + 2 * lam * torch.eye(X.shape[1], dtype=X.dtype), X.T @ y)


ANSWERS = {
    "check_gaussian_log_likelihood": Answers(
        run=checks.check_gaussian_log_likelihood,
        valid=[
            lambda x, mu, sigma: torch.distributions.Normal(mu, sigma).log_prob(x).sum(),
            _ll_by_hand,
            lambda x, mu, sigma: stats.norm.logpdf(x.numpy(), mu, sigma).sum(),
        ],
        wrong=[
            (lambda x, mu, sigma: torch.distributions.Normal(mu, sigma).log_prob(x).mean(), "*mean*"),
            (lambda x, mu, sigma: -torch.distributions.Normal(mu, sigma).log_prob(x).sum(), "sign"),
            (lambda x, mu, sigma: torch.distributions.Normal(mu, sigma**0.5).log_prob(x).sum(), "sigma^2"),
            (lambda x, mu, sigma: -0.5 * ((x - mu) / sigma).pow(2).sum(), "normaliser"),
            (estimators.gaussian_log_likelihood, "course's own"),
            (lambda x, mu, sigma: estimators.gaussian_log_likelihood(x, mu, sigma), "course's own"),
            (_ll_through_an_alias, "course's own"),
            (
                lambda x, mu, sigma: -losses.gaussian_nll(torch.full_like(x, mu)[None], x[None], sigma).sum(),
                "course's own",
            ),
        ],
    ),
    "check_bernoulli_nll": Answers(
        run=checks.check_bernoulli_nll,
        valid=[
            lambda logits, x: F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(1),
            lambda logits, x: -(x * F.logsigmoid(logits) + (1 - x) * F.logsigmoid(-logits)).sum(1),
            lambda logits, x: (F.softplus(logits) - x * logits).sum(1),
        ],
        wrong=[
            (
                lambda logits, x: (
                    -(x * torch.log(torch.sigmoid(logits)) + (1 - x) * torch.log(1 - torch.sigmoid(logits))).sum(1)
                ),
                "log(0)",
            ),
            (lambda logits, x: F.binary_cross_entropy_with_logits(logits, x), "shape"),
            (lambda logits, x: -F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(1), "sign"),
            (
                lambda logits, x: F.binary_cross_entropy_with_logits(logits, x.round(), reduction="none").sum(1),
                "not labels",
            ),
            (
                lambda logits, x: F.binary_cross_entropy_with_logits(logits, x, reduction="none").mean(1),
                "mean over pixels",
            ),
            (
                lambda logits, x: F.binary_cross_entropy(torch.sigmoid(logits), x, reduction="none").sum(1),
                "clamps each log at -100",
            ),
            (
                lambda logits, x: F.binary_cross_entropy(logits, x, reduction="none").sum(1),
                "F.binary_cross_entropy takes probabilities",
            ),
            (losses.bernoulli_nll, "course's own"),
            (lambda logits, x: losses.bernoulli_nll(logits, x), "course's own"),
            (_nll_through_an_alias, "course's own"),
        ],
    ),
    "check_ridge": Answers(
        run=checks.check_ridge,
        valid=[
            lambda X, y, lam: torch.linalg.solve(X.T @ X + lam * torch.eye(X.shape[1], dtype=X.dtype), X.T @ y),
            _ridge_sklearn,
            _ridge_augmented,
        ],
        wrong=[
            (lambda X, y, lam: estimators.least_squares(X, y), "plain least squares"),
            (_ridge_factor_two, "factor 2"),
            (estimators.ridge, "course's own"),
            (lambda X, y, lam: estimators.ridge(X, y, lam), "course's own"),
            (_ridge_through_an_alias, "course's own"),
            (
                lambda X, y, lam: torch.linalg.solve(X.T @ X, X.T @ y + lam * torch.ones_like(X.T @ y)),
                "matrix side",
            ),
            (
                lambda X, y, lam: torch.linalg.solve(X.T @ X + lam * torch.ones_like(X.T @ X), X.T @ y),
                "diagonal only",
            ),
        ],
    ),
    "check_sigma2_mle_prediction": Answers(
        run=lambda fn: checks.check_sigma2_mle_prediction(fn, SIMULATED),
        valid=[lambda n: (n - 1) / n, lambda n: 1 - 1 / n, lambda n: np.float64(n - 1) / n],
        wrong=[
            (lambda n: 1.0, "no bias"),
            (lambda n: n / (n - 1), "Inverted"),
            (lambda n: math.sqrt((n - 1) / n), "no square root"),
            (lambda n: 1 / n, "variance of x̄"),
            (lambda n: SIMULATED[n], "simulated average"),
        ],
    ),
    "check_bce_gradient": Answers(
        run=checks.check_bce_gradient,
        valid=[
            lambda logits, x: torch.sigmoid(logits) - x,
            _bce_autograd,
            lambda logits, x: special.expit(logits.numpy()) - x.numpy(),
        ],
        wrong=[
            (lambda logits, x: x - torch.sigmoid(logits), "sign"),
            (lambda logits, x: torch.sigmoid(logits) * (1 - torch.sigmoid(logits)), "sigmoid alone"),
            (
                lambda logits, x: (torch.sigmoid(logits) - x) / (torch.sigmoid(logits) * (1 - torch.sigmoid(logits))),
                "p = sigmoid(l)",
            ),
            (lambda logits, x: (torch.sigmoid(logits) - x).sum(-1), "keep the shape"),
            (lambda logits, x: torch.sigmoid(logits) - x.round(), "not labels"),
            (_bce_autograd_through_the_course, "course's own"),
            (lambda logits, x: torch.full_like(logits, 0.99995), "one number for every pixel"),
        ],
    ),
}
