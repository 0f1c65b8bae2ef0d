"""Answers to notebook 01's checks."""

import math

import numpy as np
import torch
import torch.nn.functional as F
from scipy import special, stats
from sklearn.linear_model import Ridge

from course_utils import checks, estimators

from . import Answers


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
        ],
    ),
    "check_ridge": Answers(
        run=checks.check_ridge,
        valid=[estimators.ridge, _ridge_sklearn, _ridge_augmented],
        wrong=[
            (lambda X, y, lam: estimators.least_squares(X, y), "plain least squares"),
            (lambda X, y, lam: estimators.ridge(X, y, 2 * lam), "factor 2"),
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
        run=lambda fn: checks.check_sigma2_mle_prediction(fn, {2: 0.497, 5: 0.802, 20: 0.951}),
        valid=[lambda n: (n - 1) / n, lambda n: 1 - 1 / n, lambda n: np.float64(n - 1) / n],
        wrong=[
            (lambda n: 1.0, "no bias"),
            (lambda n: n / (n - 1), "Inverted"),
            (lambda n: math.sqrt((n - 1) / n), "no square root"),
            (lambda n: 1 / n, "variance of x̄"),
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
        ],
    ),
}
