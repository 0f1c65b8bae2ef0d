"""Self-checks of notebook 05's exercises (re-exported by :mod:`course_utils.checks`).

The toy model of notebook 05 is z ~ N(0, 1), x | z ~ N(a z, s²); the notebook works at x = 1.2, a = 1.5,
s = 0.5 (:data:`TOY`). The two *derive* checks never use those inputs, so an answer that returns the
notebook's own numbers fails, and says so. Each check rejects an answer that calls the course's own
implementation of the exercise (``forbidden``), directly, through a lambda or through a name bound to it
earlier, and says on which input it caught it."""

from __future__ import annotations

import math
from collections.abc import Callable

import torch

from .. import losses, metrics
from ..i18n import _
from .core import Case, CheckResult, check_choice, close, run_check

TOY = {"x": 1.2, "a": 1.5, "s": 0.5}
"""The toy model's numbers in notebook 05 (the checks of the derivations avoid them)."""


def _toy_log_evidence() -> float:
    x, a, s = TOY["x"], TOY["a"], TOY["s"]
    return torch.distributions.Normal(0.0, math.sqrt(a**2 + s**2)).log_prob(torch.tensor(x)).item()


def _toy_posterior() -> tuple[float, float]:
    x, a, s = TOY["x"], TOY["a"], TOY["s"]
    return a * x / (a**2 + s**2), s**2 / (a**2 + s**2)


def check_log_evidence(fn: Callable) -> CheckResult:
    """Notebook 05, derivation: ``fn(x, a, s)`` = log p(x) for z ~ N(0, 1), x | z ~ N(a z, s²), elementwise.

    The reference integrates z out numerically (Bayes on a fine grid), independently of the closed form."""
    exercise = _("Derive: the evidence of a linear-Gaussian model")
    cases = [
        Case(_("x = 1, a = 2, s = 0.5"), (torch.tensor(1.0), 2.0, 0.5)),
        Case(_("x = [-1., 0., 3.], a = 0.5, s = 1"), (torch.tensor([-1.0, 0.0, 3.0]), 0.5, 1.0)),
        Case(_("x = 0.4, a = 0.8, s = 1.5"), (torch.tensor(0.4), 0.8, 1.5)),
    ]

    def reference(x, a, s):
        z = torch.linspace(-12, 12, 48001, dtype=torch.float64)  # log ∫ p(x | z) p(z) dz on a grid
        x = torch.as_tensor(x, dtype=torch.float64)
        log_joint = torch.distributions.Normal(0.0, 1.0).log_prob(z) + torch.distributions.Normal(a * z, s).log_prob(
            x.reshape(-1, 1)
        )  # (num_x, grid)
        return (torch.logsumexp(log_joint, dim=-1) + math.log(z[1] - z[0])).reshape(x.shape)

    def notebook_number(got, exp, case):
        if close(got, torch.full_like(exp, _toy_log_evidence())):
            return _(
                "That is log p(x) at the notebook's own x = 1.2, a = 1.5, s = 0.5: compute it from the arguments "
                "x, a and s."
            )

    def std_sum(got, exp, case):
        x, a, s = case.args
        if close(got, torch.distributions.Normal(0.0, a + s).log_prob(x)):
            return _("Variances add, standard deviations do not: Var(x) = a² + s².")

    def likelihood_only(got, exp, case):
        x, a, s = case.args
        if close(got, torch.distributions.Normal(0.0, s).log_prob(x)):
            return _("That is log p(x | z = 0); integrate z out: x = a z + noise has variance a² + s².")

    def negated(got, exp, case):
        if close(got, -exp):
            return _("Wrong sign: log p(x) of a continuous x is usually negative here; you returned −log p(x).")

    def density(got, exp, case):
        if close(got, exp.exp()):
            return _("That is the density p(x); the exercise asks for its log.")

    return run_check(
        exercise,
        fn,
        cases,
        reference,
        diagnoses=[notebook_number, std_sum, likelihood_only, negated, density],
        hint=_(
            "x is a linear function of two independent Gaussians (z and the noise): find its mean and variance, "
            "and recall that a sum of independent Gaussians is Gaussian."
        ),
        forbidden=(),  # the course has no implementation of this model's evidence
    )


def check_iwae_bound(fn: Callable) -> CheckResult:
    """Notebook 05: ``fn(log_w)`` = log (1/K) Σ_k exp(log_w[k]) per column, stably."""
    exercise = _("The IWAE bound")
    g = torch.Generator().manual_seed(10)
    cases = [
        Case(
            _("log_w = [[0.], [log 3]] (K = 2, one example)"),
            (torch.tensor([[0.0], [math.log(3.0)]]),),
        ),
        Case(_("K = 50 samples for 4 examples"), (torch.randn(50, 4, generator=g),)),
        Case(
            _("log weights around -1000 (K = 3)"),
            (torch.tensor([[-1000.0, -2000.0], [-1001.0, -2001.0], [-1002.0, -2000.5]]),),
        ),
    ]

    def not_finite(got, exp, case):
        if not torch.isfinite(got).all():
            return _(
                "exp(-1000) underflows to 0, and log(0) = -inf: never leave log space; the exercise names the "
                "torch function that sums exponentials stably."
            )

    def forgot_log_k(got, exp, case):
        if close(got, exp + math.log(case.args[0].shape[0])):
            return _("Divide by K: in log space that is a subtraction, after the sum.")

    def mean_of_logs(got, exp, case):
        if close(got, case.args[0].mean(dim=0)):
            return _(
                "That is the average of the log-weights — the ELBO estimate; IWAE takes the log of the average weight."
            )

    def wrong_dim(got, exp, case):
        (log_w,) = case.args
        if got.shape != exp.shape and got.shape == (log_w.shape[0],):
            return _("The K samples are along dim 0: reduce over dim 0, one value per example.")

    def max_only(got, exp, case):
        (log_w,) = case.args
        top = log_w.max(0).values
        if close(got, top - math.log(log_w.shape[0])) or close(got, top):
            return _("Only the largest weight counts here; every weight contributes to the sum.")

    return run_check(
        exercise,
        fn,
        cases,
        losses.iwae_bound,
        diagnoses=[wrong_dim, not_finite, forgot_log_k, mean_of_logs, max_only],
        hint=_(
            "Work in log space the whole way: torch has a stable log of a sum of exponentials; the K samples are "
            "along dim 0 and the average divides by K."
        ),
        forbidden=(losses.iwae_bound,),
    )


def check_active_units(fn: Callable) -> CheckResult:
    """Notebook 05: ``fn(mu, threshold)`` = number of latent dims with Var_x(mu_j) > threshold."""
    exercise = _("Counting active units")
    g = torch.Generator().manual_seed(11)
    scales = torch.tensor([2.0, 0.5, 0.05, 0.001, 1.0, 0.0])
    mu = torch.randn(1000, 6, generator=g) * scales + 3.0  # large offset: the mean must not count
    cases = [
        Case(
            _("1,000 codes with standard deviations [2, 0.5, 0.05, 0.001, 1, 0] per dim, threshold 0.01"),
            (mu, 0.01),
        ),
        Case(_("the same codes with threshold 0.5"), (mu, 0.5)),
    ]

    def reference(mu, threshold):
        return int((mu.double().var(dim=0) > threshold).sum())

    def second_moment(got, exp, case):
        mu, threshold = case.args
        if close(got, int((mu.pow(2).mean(0) > threshold).sum())):
            return _("Use the variance across examples, not the mean square: an offset is not activity.")

    def std_not_var(got, exp, case):
        mu, threshold = case.args
        if close(got, int((mu.std(0) > threshold).sum())):
            return _("Compare the *variance* across examples with the threshold, not the standard deviation.")

    def wrong_axis(got, exp, case):
        mu, threshold = case.args
        if close(got, int((mu.var(1) > threshold).sum())):
            return _("Take the variance over examples (dim=0), one value per latent dimension.")

    def not_counted(got, exp, case):
        if got.numel() > 1:
            return _("Return the *number* of active units, one int, not a mask or the variances.")

    def at_or_above(got, exp, case):
        mu, threshold = case.args
        if close(got, int((mu.var(0) < threshold).sum())):
            return _("Reversed: active units are those whose variance is *above* the threshold.")

    return run_check(
        exercise,
        fn,
        cases,
        reference,
        diagnoses=[not_counted, second_moment, std_not_var, wrong_axis, at_or_above],
        hint=_(
            "Activity is how much a unit's mean code changes from one example to the next: measure that per "
            "latent dimension and count; return an int."
        ),
        forbidden=(metrics.active_units,),
    )


def check_exact_posterior(fn: Callable) -> CheckResult:
    """Notebook 05, derivation: ``fn(x, a, s)`` = (mean, variance) of p(z | x) for z ~ N(0, 1), x | z ~ N(a z, s²):
    (a x / (a² + s²), s² / (a² + s²)). The reference is Bayes' rule computed on a fine grid, independently of
    the closed form, at inputs other than the notebook's own."""
    exercise = _("Derive: the exact posterior of the toy model")
    cases = [
        Case(_("x = 0.7, a = 1.2, s = 0.6"), (0.7, 1.2, 0.6)),
        Case(_("x = -2, a = 0.5, s = 1"), (-2.0, 0.5, 1.0)),
        Case(_("x = 0.3, a = 2, s = 2"), (0.3, 2.0, 2.0)),
    ]

    def reference(x, a, s):
        z = torch.linspace(-12, 12, 200001, dtype=torch.float64)  # Bayes' rule on a fine grid
        log_joint = torch.distributions.Normal(0.0, 1.0).log_prob(z) + torch.distributions.Normal(a * z, s).log_prob(
            torch.tensor(x, dtype=torch.float64)
        )
        post = torch.softmax(log_joint, 0)
        mean = (post * z).sum()
        return mean, (post * (z - mean) ** 2).sum()

    def as_pair(got, exp, case):
        if got.shape != exp.shape:
            return _("Return two numbers: (posterior mean, posterior variance).")

    def notebook_numbers(got, exp, case):
        if close(got, torch.tensor(_toy_posterior())):
            return _(
                "That is the posterior at the notebook's own x = 1.2, a = 1.5, s = 0.5: compute it from the "
                "arguments x, a and s."
            )

    def swapped_variance(got, exp, case):
        x, a, s = case.args
        if close(got[1], a**2 / (a**2 + s**2)):
            return _("The posterior variance shrinks as the noise s falls: s² goes in the numerator, not a².")

    def std_not_var(got, exp, case):
        if close(got[1], exp[1].sqrt()):
            return _("That is the posterior standard deviation; return the variance.")

    def inverted(got, exp, case):
        x, a, s = case.args
        if close(got[0], x / a):
            return _("x / a inverts the decoder and ignores both the noise and the prior, which pulls z towards 0.")

    def no_prior(got, exp, case):
        x, a, s = case.args
        if close(got[0], a * x / s**2) or close(got[1], s**2 / a**2):
            return _("The prior N(0, 1) adds 1 to the posterior precision: precision = 1 + a² / s².")

    return run_check(
        exercise,
        fn,
        cases,
        reference,
        diagnoses=[as_pair, notebook_numbers, swapped_variance, std_not_var, inverted, no_prior],
        rtol=1e-4,
        hint=_(
            "log p(z | x) = log p(z) + log p(x | z) + const is quadratic in z: complete the square and read off "
            "the precision and the mean."
        ),
        forbidden=(),  # the course has no implementation of this model's posterior
    )


def check_collapse_prediction(fn: Callable, active_units: int, latent_dim: int, beta: float) -> CheckResult:
    """Notebook 05, predict then run: how many of ``latent_dim`` units stay active at the sweep's largest β."""
    answer = "a" if active_units == latent_dim else ("c" if active_units == 0 else "b")
    return check_choice(
        _("Predict: the code at β = {beta:g}").format(beta=beta),
        fn,
        answer=answer,
        measured=_("at β = {beta:g}, {active} of {latent_dim} latent units are active").format(
            beta=beta, active=active_units, latent_dim=latent_dim
        ),
        explanations={
            "a": _(
                "Shrinking every code would still pay β nats of distortion-equivalent per nat of KL in every unit; "
                "a unit that does not earn β times its KL in reconstruction is cheaper switched off."
            ),
            "b": _(
                "Units switch off one by one as β grows: each survives only while it buys more than β nats of "
                "reconstruction per nat of KL."
            ),
            "c": _(
                "At a β this large no unit buys β nats of reconstruction per nat of KL: the encoder matches the "
                "prior, KL → 0, and the decoder outputs one image for every input."
            ),
        },
    )
