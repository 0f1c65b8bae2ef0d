"""Self-checks of notebook 04's exercises (re-exported by :mod:`course_utils.checks`)."""

from __future__ import annotations

import math
from collections.abc import Callable

import torch
import torch.nn.functional as F

from .. import losses
from .core import CORRECT, WRONG, Case, CheckResult, attempt, close, run_check


def check_kl_closed_form(fn: Callable) -> CheckResult:
    """Notebook 04, exercise 1: ``fn(mu, logvar)`` = KL(N(mu, diag exp(logvar)) ‖ N(0, I)) per example."""
    g = torch.Generator().manual_seed(8)
    cases = [
        Case(
            "mu = [[0., 0.]], logvar = [[0., 0.]] (q equals the prior)",
            (torch.zeros(1, 2), torch.zeros(1, 2)),
        ),
        Case(
            "mu = [[1., -2.]], logvar = [[0., 0.]]",
            (torch.tensor([[1.0, -2.0]]), torch.zeros(1, 2)),
        ),
        Case(
            "a batch of 5 with 3 latent dims",
            (torch.randn(5, 3, generator=g), torch.randn(5, 3, generator=g)),
        ),
    ]

    def reference(mu, logvar):
        q = torch.distributions.Normal(mu, (0.5 * logvar).exp())
        return torch.distributions.kl_divergence(q, torch.distributions.Normal(0.0, 1.0)).sum(dim=-1)

    def variance_as_std(got, exp, case):
        mu, logvar = case.args
        if close(got, reference(mu, 2 * logvar)):
            return "exp(logvar) is the variance σ², not σ: σ = exp(logvar / 2)."

    def no_half(got, exp, case):
        if close(got, 2 * exp):
            return "Missing the factor 1/2 in front of the sum."

    def no_sum(got, exp, case):
        mu, logvar = case.args
        if got.shape == mu.shape and mu.shape != exp.shape:
            return "Sum over the latent dimensions: one KL per example, shape (batch,)."

    return run_check(
        "Exercise 1 (KL to the standard normal)",
        fn,
        cases,
        reference,
        diagnoses=[no_sum, variance_as_std, no_half],
        hint="KL = ½ Σ_j (μ_j² + σ_j² − 1 − log σ_j²) with σ² = exp(logvar), summed over j.",
    )


def check_reparameterize(fn: Callable) -> CheckResult:
    """Notebook 04, exercise 2: ``fn(mu, logvar)`` = mu + exp(logvar / 2) * eps, differentiable."""
    name = "Exercise 2 (the reparameterisation trick)"
    mu = torch.full((20000, 2), 1.5, requires_grad=True)
    logvar = torch.full((20000, 2), math.log(0.25), requires_grad=True)  # sigma = 0.5
    z, fail = attempt(name, "On mu = 1.5, sigma = 0.5 (20,000 × 2), your function", lambda: fn(mu, logvar))
    if fail is not None:
        return fail
    if not isinstance(z, torch.Tensor) or z.shape != mu.shape:
        got = tuple(z.shape) if isinstance(z, torch.Tensor) else type(z).__name__
        return CheckResult(name, WRONG, f"On mu of shape (20000, 2), expected z of the same shape, got {got}.")
    if z.grad_fn is None:
        return CheckResult(
            name,
            WRONG,
            "On mu = 1.5, sigma = 0.5, z has no gradient path to mu and logvar (did you use .sample() or detach?). "
            "Write z = mu + std * eps with eps = torch.randn_like(std).",
        )
    mean, std = z.mean().item(), z.std().item()
    if abs(std) < 1e-6:
        return CheckResult(
            name,
            WRONG,
            f"On mu = 1.5, sigma = 0.5, every z equals {mean:.3f}: z must be random — add std * eps.",
        )
    if abs(mean - 1.5) > 0.02 or abs(std - 0.5) > 0.02:
        why = (
            "exp(logvar) is the variance; the standard deviation is exp(logvar / 2)."
            if abs(std - 0.25) < 0.02
            else "z should have mean mu and standard deviation exp(logvar / 2)."
        )
        return CheckResult(
            name,
            WRONG,
            f"On mu = 1.5, sigma = 0.5, your samples have mean {mean:.3f} and std {std:.3f}. {why}",
        )
    z.sum().backward()
    if mu.grad is None or abs(mu.grad.mean().item() - 1.0) > 1e-4:
        return CheckResult(name, WRONG, "On mu = 1.5, d z / d mu should be 1 for every entry.")
    return CheckResult(
        name,
        CORRECT,
        "Random, with the right mean and spread, and gradients flow to mu and logvar.",
    )


def check_vae_loss(fn: Callable) -> CheckResult:
    """Notebook 04, exercise 3: ``fn(x_logits, x, mu, logvar)`` = batch mean of BCE (summed) + KL."""
    g = torch.Generator().manual_seed(9)
    cases = [
        Case(
            "a batch of 4 with 6 pixels and 2 latent dims",
            (
                torch.randn(4, 6, generator=g),
                torch.rand(4, 6, generator=g),
                torch.randn(4, 2, generator=g),
                torch.randn(4, 2, generator=g),
            ),
        ),
    ]

    def reference(x_logits, x, mu, logvar):
        return losses.negative_elbo(x_logits, x, mu, logvar).mean()

    def kl_sign(got, exp, case):
        x_logits, x, mu, logvar = case.args
        rec = losses.bernoulli_nll(x_logits, x).mean()
        if close(got, rec - losses.kl_to_standard_normal(mu, logvar).mean()):
            return "The KL is *added*: the negative ELBO is reconstruction NLL + KL."
        if close(got, rec):
            return "The KL term is missing."

    def mean_pixels(got, exp, case):
        x_logits, x, mu, logvar = case.args
        bce_mean = F.binary_cross_entropy_with_logits(x_logits, x)
        if close(got, bce_mean + losses.kl_to_standard_normal(mu, logvar).mean()):
            return "F.binary_cross_entropy_with_logits averages over pixels by default: sum over pixels per image."

    return run_check(
        "Exercise 3 (the VAE loss)",
        fn,
        cases,
        reference,
        diagnoses=[kl_sign, mean_pixels],
        hint="Per image: BCE from logits summed over pixels + KL summed over latent dims; then the batch mean.",
    )
