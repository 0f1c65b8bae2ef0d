"""Self-checks of notebook 05's exercises (re-exported by :mod:`course_utils.checks`)."""

from __future__ import annotations

import math
from collections.abc import Callable

import torch

from .. import losses, metrics
from .core import Case, CheckResult, close, run_check


def check_log_evidence(fn: Callable) -> CheckResult:
    """Notebook 05, exercise 1: ``fn(x, w, s)`` = log p(x) for z ~ N(0, 1), x | z ~ N(w z, s²)."""
    cases = [
        Case("x = 1, w = 2, s = 0.5", (torch.tensor(1.0), 2.0, 0.5)),
        Case("x = [-1., 0., 3.], w = 0.5, s = 1", (torch.tensor([-1.0, 0.0, 3.0]), 0.5, 1.0)),
    ]

    def reference(x, w, s):
        return torch.distributions.Normal(0.0, math.sqrt(w**2 + s**2)).log_prob(x)

    def std_sum(got, exp, case):
        x, w, s = case.args
        if close(got, torch.distributions.Normal(0.0, w + s).log_prob(x)):
            return "Variances add, standard deviations do not: Var(x) = w² + s²."

    def likelihood_only(got, exp, case):
        x, w, s = case.args
        if close(got, torch.distributions.Normal(0.0, s).log_prob(x)):
            return "That is log p(x | z = 0); integrate z out: x = w z + noise has variance w² + s²."

    return run_check(
        "Exercise 1 (the evidence of a linear-Gaussian model)",
        fn,
        cases,
        reference,
        diagnoses=[std_sum, likelihood_only],
        hint="p(x) = N(x | 0, w² + s²).",
    )


def check_iwae_bound(fn: Callable) -> CheckResult:
    """Notebook 05, exercise 2: ``fn(log_w)`` = log (1/K) Σ_k exp(log_w[k]) per column, stably."""
    g = torch.Generator().manual_seed(10)
    cases = [
        Case(
            "log_w = [[0.], [log 3]] (K = 2, one example)",
            (torch.tensor([[0.0], [math.log(3.0)]]),),
        ),
        Case("K = 50 samples for 4 examples", (torch.randn(50, 4, generator=g),)),
        Case(
            "log weights around -1000 (K = 3)",
            (torch.tensor([[-1000.0, -2000.0], [-1001.0, -2001.0], [-1002.0, -2000.5]]),),
        ),
    ]

    def not_finite(got, exp, case):
        if not torch.isfinite(got).all():
            return "exp(-1000) underflows to 0 and log(0) = -inf: use torch.logsumexp(log_w, dim=0) - log K."

    def forgot_log_k(got, exp, case):
        if close(got, exp + math.log(case.args[0].shape[0])):
            return "Divide by K: subtract log K after the logsumexp."

    def mean_of_logs(got, exp, case):
        if close(got, case.args[0].mean(dim=0)):
            return (
                "That is the average of the log-weights — the ELBO estimate; IWAE takes the log of the average weight."
            )

    return run_check(
        "Exercise 2 (the IWAE bound)",
        fn,
        cases,
        losses.iwae_bound,
        diagnoses=[not_finite, forgot_log_k, mean_of_logs],
        hint="log (1/K) Σ_k w_k = logsumexp_k(log w_k) − log K, over dim 0; shape (batch,).",
    )


def check_active_units(fn: Callable) -> CheckResult:
    """Notebook 05, exercise 3: ``fn(mu, threshold)`` = number of latent dims with Var_x(mu_j) > threshold."""
    g = torch.Generator().manual_seed(11)
    scales = torch.tensor([2.0, 0.5, 0.05, 0.001, 1.0, 0.0])
    mu = torch.randn(1000, 6, generator=g) * scales + 3.0  # large offset: the mean must not count
    cases = [
        Case(
            "1,000 codes with standard deviations [2, 0.5, 0.05, 0.001, 1, 0] per dim, threshold 0.01",
            (mu, 0.01),
        ),
        Case("the same codes with threshold 0.5", (mu, 0.5)),
    ]

    def reference(mu, threshold):
        return int(metrics.active_units(mu, threshold).sum())

    def second_moment(got, exp, case):
        mu, threshold = case.args
        if close(got, int((mu.pow(2).mean(0) > threshold).sum())):
            return "Use the variance across examples, not the mean square: an offset is not activity."

    def std_not_var(got, exp, case):
        mu, threshold = case.args
        if close(got, int((mu.std(0) > threshold).sum())):
            return "Compare the *variance* (mu.var(dim=0)) with the threshold, not the standard deviation."

    def wrong_axis(got, exp, case):
        mu, threshold = case.args
        if close(got, int((mu.var(1) > threshold).sum())):
            return "Take the variance over examples (dim=0), one value per latent dimension."

    return run_check(
        "Exercise 3 (counting active units)",
        fn,
        cases,
        reference,
        diagnoses=[second_moment, std_not_var, wrong_axis],
        hint="Count the latent dimensions j with Var over examples of mu[:, j] above the threshold; return an int.",
    )
