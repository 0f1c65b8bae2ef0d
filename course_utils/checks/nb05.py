"""Self-checks of notebook 05's exercises (re-exported by :mod:`course_utils.checks`)."""

from __future__ import annotations

import math
from collections.abc import Callable

import torch

from .. import losses, metrics
from .core import Case, CheckResult, check_choice, close, run_check


def check_log_evidence(fn: Callable) -> CheckResult:
    """Notebook 05: ``fn(x, w, s)`` = log p(x) for z ~ N(0, 1), x | z ~ N(w z, s²)."""
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

    def negated(got, exp, case):
        if close(got, -exp):
            return "Wrong sign: log p(x) of a continuous x is usually negative here; you returned −log p(x)."

    def density(got, exp, case):
        if close(got, exp.exp()):
            return "That is the density p(x); the exercise asks for its log."

    return run_check(
        "The evidence of a linear-Gaussian model",
        fn,
        cases,
        reference,
        diagnoses=[std_sum, likelihood_only, negated, density],
        hint="x is a linear function of two independent Gaussians (z and the noise): find its mean and "
        "variance, and recall that a sum of independent Gaussians is Gaussian.",
    )


def check_iwae_bound(fn: Callable) -> CheckResult:
    """Notebook 05: ``fn(log_w)`` = log (1/K) Σ_k exp(log_w[k]) per column, stably."""
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

    def wrong_dim(got, exp, case):
        (log_w,) = case.args
        if got.shape != exp.shape and got.shape == (log_w.shape[0],):
            return "The K samples are along dim 0: reduce over dim 0, one value per example."

    def max_only(got, exp, case):
        (log_w,) = case.args
        if close(got, log_w.max(0).values - torch.log(torch.tensor(float(log_w.shape[0])))) or close(
            got, log_w.max(0).values
        ):
            return "Only the largest weight counts here; every weight contributes to the sum."

    return run_check(
        "The IWAE bound",
        fn,
        cases,
        losses.iwae_bound,
        diagnoses=[wrong_dim, not_finite, forgot_log_k, mean_of_logs, max_only],
        hint="Work in log space the whole way: torch has a stable log of a sum of exponentials; the K samples "
        "are along dim 0 and the average divides by K.",
    )


def check_active_units(fn: Callable) -> CheckResult:
    """Notebook 05: ``fn(mu, threshold)`` = number of latent dims with Var_x(mu_j) > threshold."""
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

    def not_counted(got, exp, case):
        mu, threshold = case.args
        if got.numel() > 1:
            return "Return the *number* of active units, one int, not a mask or the variances."

    def at_or_above(got, exp, case):
        mu, threshold = case.args
        if close(got, int((mu.var(0) < threshold).sum())):
            return "Reversed: active units are those whose variance is *above* the threshold."

    return run_check(
        "Counting active units",
        fn,
        cases,
        reference,
        diagnoses=[not_counted, second_moment, std_not_var, wrong_axis, at_or_above],
        hint="Activity is how much a unit's mean code changes from one example to the next: measure that per "
        "latent dimension and count; return an int.",
    )


def check_exact_posterior(fn: Callable) -> CheckResult:
    """Notebook 05, derivation: ``fn(x, w, s)`` = (mean, variance) of p(z | x) for z ~ N(0, 1), x | z ~ N(w z, s²):
    (w x / (w² + s²), s² / (w² + s²)). The reference is the notebook-independent Bayes computation on a grid."""
    cases = [
        Case("x = 1.2, w = 1.5, s = 0.5", (1.2, 1.5, 0.5)),
        Case("x = -2, w = 0.5, s = 1", (-2.0, 0.5, 1.0)),
        Case("x = 0.3, w = 2, s = 2", (0.3, 2.0, 2.0)),
    ]

    def reference(x, w, s):
        z = torch.linspace(-12, 12, 200001, dtype=torch.float64)  # Bayes' rule on a fine grid
        log_joint = torch.distributions.Normal(0.0, 1.0).log_prob(z) + torch.distributions.Normal(w * z, s).log_prob(
            torch.tensor(x, dtype=torch.float64)
        )
        post = torch.softmax(log_joint, 0)
        mean = (post * z).sum()
        return mean, (post * (z - mean) ** 2).sum()

    def as_pair(got, exp, case):
        if got.shape != exp.shape:
            return "Return two numbers: (posterior mean, posterior variance)."

    def swapped_variance(got, exp, case):
        x, w, s = case.args
        if close(got[1], w**2 / (w**2 + s**2)):
            return "The posterior variance shrinks as the noise s falls: s² goes in the numerator, not w²."

    def std_not_var(got, exp, case):
        if close(got[1], exp[1].sqrt()):
            return "That is the posterior standard deviation; return the variance."

    def inverted(got, exp, case):
        x, w, s = case.args
        if close(got[0], x / w):
            return "x / w inverts the decoder and ignores both the noise and the prior, which pulls z towards 0."

    def no_prior(got, exp, case):
        x, w, s = case.args
        if close(got[0], w * x / s**2) or close(got[1], s**2 / w**2):
            return "The prior N(0, 1) adds 1 to the posterior precision: precision = 1 + w² / s²."

    return run_check(
        "Derive: the exact posterior of the toy model",
        fn,
        cases,
        reference,
        diagnoses=[as_pair, swapped_variance, std_not_var, inverted, no_prior],
        rtol=1e-4,
        hint="log p(z | x) = log p(z) + log p(x | z) + const is quadratic in z: complete the square and read off "
        "the precision and the mean.",
    )


def check_collapse_prediction(fn: Callable, active_units: int, latent_dim: int, beta: float) -> CheckResult:
    """Notebook 05, predict then run: how many of ``latent_dim`` units stay active at the sweep's largest β."""
    answer = "a" if active_units == latent_dim else ("c" if active_units == 0 else "b")
    return check_choice(
        f"Predict: the code at β = {beta:g}",
        fn,
        answer=answer,
        measured=f"at β = {beta:g}, {active_units} of {latent_dim} latent units are active",
        explanations={
            "a": "Shrinking every code would still pay β nats of distortion-equivalent per nat of KL in every "
            "unit; a unit that does not earn β times its KL in reconstruction is cheaper switched off.",
            "b": "Units switch off one by one as β grows: each survives only while it buys more than β nats of "
            "reconstruction per nat of KL.",
            "c": "At a β this large no unit buys β nats of reconstruction per nat of KL: the encoder matches the "
            "prior, KL → 0, and the decoder outputs one image for every input.",
        },
    )
