"""Self-checks of notebook 01's exercises (re-exported by :mod:`course_utils.checks`)."""

from __future__ import annotations

from collections.abc import Callable

import torch
import torch.nn.functional as F

from .. import estimators
from .core import Case, CheckResult, close, run_check


def check_gaussian_log_likelihood(fn: Callable) -> CheckResult:
    r"""Notebook 01, exercise 1: ``fn(x, mu, sigma)`` = $\sum_i \log N(x_i \mid \mu, \sigma^2)$."""
    g = torch.Generator().manual_seed(1)
    cases = [
        Case(
            "x = [1., 2., 3.], mu = 2, sigma = 1",
            (torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64), 2.0, 1.0),
        ),
        Case(
            "100 points, mu = 0.5, sigma = 2",
            (torch.randn(100, generator=g, dtype=torch.float64) * 2 + 0.5, 0.5, 2.0),
        ),
        Case(
            "x = [0.1, 0.2], mu = 0, sigma = 0.1",
            (torch.tensor([0.1, 0.2], dtype=torch.float64), 0.0, 0.1),
        ),
    ]

    def reference(x, mu, sigma):
        return torch.distributions.Normal(mu, sigma).log_prob(x).sum()

    def as_mean(got, exp, case):
        n = case.args[0].numel()
        if close(got, exp / n):
            return "That is the *mean* over the points; the log-likelihood is their *sum*."

    def sign(got, exp, case):
        if close(got, -exp):
            return "Wrong sign: that is the *negative* log-likelihood."

    def variance(got, exp, case):
        x, mu, sigma = case.args
        if close(got, reference(x, mu, sigma**0.5)):
            return "You used sigma where sigma^2 belongs (or the reverse): the exponent is -(x-mu)^2 / (2 sigma^2)."

    def normaliser(got, exp, case):
        x, mu, sigma = case.args
        quad = -0.5 * ((x - mu) / sigma).pow(2).sum()
        if close(got, quad):
            return "Only the quadratic term: add the normaliser -n log(sigma) - (n/2) log(2 pi)."

    return run_check(
        "Exercise 1 (Gaussian log-likelihood)",
        fn,
        cases,
        reference,
        diagnoses=[as_mean, sign, variance, normaliser],
        hint="Sum log N(x_i | mu, sigma^2) = -(x_i-mu)^2/(2 sigma^2) - log sigma - log(2 pi)/2 over i.",
    )


def check_bernoulli_nll(fn: Callable) -> CheckResult:
    """Notebook 01, exercise 2: ``fn(logits, x)`` = binary cross-entropy from logits, per example."""
    g = torch.Generator().manual_seed(2)
    f32 = torch.float32  # network outputs are float32, whatever the default dtype
    cases = [
        Case(
            "logits = [[0., 0.]], x = [[1., 0.]]",
            (torch.zeros(1, 2, dtype=f32), torch.tensor([[1.0, 0.0]], dtype=f32)),
        ),
        Case(
            "a batch of 4 examples with 5 pixels each",
            (
                torch.randn(4, 5, generator=g, dtype=f32) * 3,
                torch.rand(4, 5, generator=g, dtype=f32).round(),
            ),
        ),
        Case(
            "extreme logits [[-200., 200.]] with x = [[1., 0.]]",
            (torch.tensor([[-200.0, 200.0]], dtype=f32), torch.tensor([[1.0, 0.0]], dtype=f32)),
        ),
    ]

    def reference(logits, x):
        return F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(dim=1)

    def not_finite(got, exp, case):
        if not torch.isfinite(got).all():
            return (
                "Not finite: sigmoid(-200) rounds to 0 and log(0) = -inf. Use the stable form "
                "-log sigmoid(l) = softplus(-l) (torch.nn.functional.logsigmoid or softplus)."
            )

    def sign(got, exp, case):
        if close(got, -exp):
            return "Wrong sign: the negative log-likelihood is >= 0."

    return run_check(
        "Exercise 2 (Bernoulli NLL = binary cross-entropy)",
        fn,
        cases,
        reference,
        diagnoses=[not_finite, sign],
        hint="Per example, sum over pixels of -[x log sigmoid(l) + (1-x) log(1-sigmoid(l))]; shape (batch,).",
    )


def check_ridge(fn: Callable) -> CheckResult:
    """Notebook 01, exercise 3: ``fn(X, y, lam)`` = argmin ½‖y − Xθ‖² + λ/2 ‖θ‖² in closed form."""
    g = torch.Generator().manual_seed(3)
    X = torch.randn(20, 4, generator=g, dtype=torch.float64)
    y = X @ torch.tensor([1.0, -2.0, 0.5, 3.0], dtype=torch.float64) + 0.1 * torch.randn(
        20, generator=g, dtype=torch.float64
    )
    cases = [
        Case("a 20x4 design matrix with lam = 5", (X, y, 5.0)),
        Case("the same data with lam = 0 (least squares)", (X, y, 0.0)),
        Case(
            "a 6x6 polynomial design with lam = 1e-3",
            (estimators.polynomial_features(torch.linspace(-1, 1, 6), 5), y[:6], 1e-3),
        ),
    ]

    def ignored_prior(got, exp, case):
        X, y, lam = case.args
        if lam > 0 and close(got, estimators.least_squares(X, y)):
            return "That is plain least squares: the prior adds lam * I to X^T X."

    def factor_two(got, exp, case):
        X, y, lam = case.args
        for wrong in (2 * lam, lam / 2):
            if lam > 0 and close(got, estimators.ridge(X, y, wrong)):
                return (
                    "Off by a factor 2 in lambda: with ½‖y−Xθ‖² + λ/2‖θ‖² the normal equations are (XᵀX + λI)θ = Xᵀy."
                )

    return run_check(
        "Exercise 3 (MAP with a Gaussian prior = ridge)",
        fn,
        cases,
        estimators.ridge,
        diagnoses=[ignored_prior, factor_two],
        rtol=1e-5,
        atol=1e-6,
        hint="Solve (X^T X + lam I) theta = X^T y, e.g. with torch.linalg.solve.",
    )
