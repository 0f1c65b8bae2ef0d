"""Self-checks of notebook 04's exercises (re-exported by :mod:`course_utils.checks`)."""

from __future__ import annotations

from collections.abc import Callable

import torch
import torch.nn.functional as F

from .. import losses
from .core import (
    BEYOND_TWO_SD,
    CORRECT,
    WRONG,
    Case,
    CheckResult,
    attempt,
    check_choice,
    close,
    fraction_beyond_two_sd,
    run_check,
)


def check_kl_closed_form(fn: Callable) -> CheckResult:
    """Notebook 04: ``fn(mu, logvar)`` = KL(N(mu, diag exp(logvar)) ‖ N(0, I)) per example."""
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

    def no_constant(got, exp, case):
        mu, logvar = case.args
        if close(got, exp + 0.5 * mu.shape[-1]):
            return "When q equals the prior the KL must be 0: check the constant term (−1 per dimension)."

    def mean_over_dims(got, exp, case):
        mu, logvar = case.args
        if close(got, exp / mu.shape[-1]):
            return "That is the mean over latent dims: the KL of a diagonal Gaussian is the *sum* over dims."

    return run_check(
        "KL to the standard normal",
        fn,
        cases,
        reference,
        diagnoses=[no_sum, variance_as_std, no_half, no_constant, mean_over_dims],
        hint="Per latent dim, the KL between two 1-D Gaussians has a mean term, a variance term, a log-variance term "
        "and a constant (it must be 0 when q is the prior); remember logvar = log σ².",
    )


def check_reparameterize(fn: Callable) -> CheckResult:
    """Notebook 04: ``fn(mu, logvar)`` = mu + exp(logvar / 2) * eps with eps ~ N(0, I) drawn afresh for every
    element, differentiable with respect to both mu and logvar."""
    name = "The reparameterisation trick"
    sigma = torch.tensor([0.5, 2.0])  # a different sigma per latent dim
    mu = torch.full((20000, 2), 1.5, requires_grad=True)
    logvar = (2 * sigma.log()).expand(20000, 2).clone().requires_grad_(True)
    where = "On mu = 1.5, sigma = [0.5, 2] (20,000 × 2)"
    z, fail = attempt(name, f"{where}, your function", lambda: fn(mu, logvar))
    if fail is not None:
        return fail
    if not isinstance(z, torch.Tensor) or z.shape != mu.shape:
        got = tuple(z.shape) if isinstance(z, torch.Tensor) else type(z).__name__
        return CheckResult(name, WRONG, f"On mu of shape (20000, 2), expected z of the same shape, got {got}.")
    if z.grad_fn is None:
        return CheckResult(
            name,
            WRONG,
            f"{where}, z has no gradient path to mu and logvar (.sample() and .detach() cut it): build z from "
            "mu, logvar and a noise tensor with ordinary tensor arithmetic.",
        )
    z_values = z.detach()
    if (z_values.std(0) < 1e-6).any():
        return CheckResult(
            name,
            WRONG,
            f"{where}, z is the same for every example in a latent dim: z must be random, with its own noise "
            "for every example.",
        )
    noise = (z_values - 1.5) / sigma  # (20000, 2): what eps must have been
    if torch.corrcoef(noise.T)[0, 1].abs() > 0.05:
        return CheckResult(
            name,
            WRONG,
            f"{where}, the two latent dims move together (correlation {torch.corrcoef(noise.T)[0, 1]:.2f}): "
            "draw independent noise for every element, shaped like mu.",
        )
    mean, std = z_values.mean(0), z_values.std(0)
    if (mean - 1.5).abs().max() > 0.05 or ((std - sigma).abs() > 0.03 * sigma).any():
        why = (
            "exp(logvar) is the variance σ²; the standard deviation is exp(logvar / 2)."
            if ((std - sigma**2).abs() < 0.05 * sigma**2).all()
            else "z should have mean mu and standard deviation exp(logvar / 2), with ε ~ N(0, 1)."
        )
        return CheckResult(
            name,
            WRONG,
            f"{where}, your samples have means {mean[0]:.2f}, {mean[1]:.2f} and standard deviations "
            f"{std[0]:.2f}, {std[1]:.2f}. {why}",
        )
    beyond = fraction_beyond_two_sd(noise)
    if abs(beyond - BEYOND_TWO_SD) > 0.008:
        return CheckResult(
            name,
            WRONG,
            f"{where}, {beyond:.1%} of the noise lies beyond 2 standard deviations, against {BEYOND_TWO_SD:.1%} for a standard "
            "normal: ε must be drawn from N(0, I) (torch.randn_like), not from another distribution.",
        )
    again, fail = attempt(name, f"{where}, a second call to your function", lambda: fn(mu, logvar))
    if fail is not None:
        return fail
    if torch.equal(again.detach(), z_values):
        return CheckResult(
            name,
            WRONG,
            f"{where}, two calls returned the same z: draw fresh noise on every call (no fixed seed inside).",
        )
    z.sum().backward()
    if mu.grad is None or not torch.allclose(mu.grad, torch.ones_like(mu)):
        return CheckResult(name, WRONG, f"{where}, ∂z/∂mu should be 1 for every entry.")
    expected = 0.5 * (z_values - 1.5)  # dz/dlogvar = sigma * eps / 2
    if logvar.grad is None or not torch.allclose(logvar.grad, expected, atol=1e-5):
        return CheckResult(
            name,
            WRONG,
            f"{where}, ∂z/∂logvar is wrong or missing (a detached σ or ε that depends on logvar?): with "
            "σ = exp(logvar / 2), ∂z/∂logvar = σ ε / 2, so the encoder's variance learns through z.",
        )
    return CheckResult(
        name,
        CORRECT,
        "Random, fresh on each call, independent per element, with the right mean and spread, and gradients "
        "reach both mu and logvar.",
    )


def check_vae_loss(fn: Callable) -> CheckResult:
    """Notebook 04: ``fn(x_logits, x, mu, logvar)`` = batch mean of BCE (summed) + KL."""
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

    def batch_sum(got, exp, case):
        if close(got, exp * case.args[0].shape[0]):
            return "That is the sum over the batch; the loss is the batch *mean* of the per-image negative ELBO."

    def double_sigmoid(got, exp, case):
        x_logits, x, mu, logvar = case.args
        rec = F.binary_cross_entropy_with_logits(torch.sigmoid(x_logits), x, reduction="none").sum(1)
        if close(got, (rec + losses.kl_to_standard_normal(mu, logvar)).mean()):
            return "x_logits are already logits: applying torch.sigmoid first squashes them twice."

    return run_check(
        "The VAE loss",
        fn,
        cases,
        reference,
        diagnoses=[kl_sign, mean_pixels, batch_sum, double_sigmoid],
        hint="Both terms are per image, each summed over its own dimension, and the batch mean comes last: check "
        "the reduction of every torch function you call.",
    )


def check_kl_normal(fn: Callable) -> CheckResult:
    r"""Notebook 04, derivation: ``fn(mu_q, var_q, mu_p, var_p)`` = KL(N(mu_q, var_q) ‖ N(mu_p, var_p)), elementwise:
    $\frac12\big(\log\frac{v_p}{v_q} + \frac{v_q + (\mu_q - \mu_p)^2}{v_p} - 1\big)$ (checked against torch.distributions)."""
    g = torch.Generator().manual_seed(19)
    cases = [
        Case(
            "q = N(1, 0.25), p = N(0, 1)", (torch.tensor(1.0), torch.tensor(0.25), torch.tensor(0.0), torch.tensor(1.0))
        ),
        Case(
            "q = N(0, 4), p = N(2, 0.5)", (torch.tensor(0.0), torch.tensor(4.0), torch.tensor(2.0), torch.tensor(0.5))
        ),
        Case(
            "10 random pairs of 1-D Gaussians",
            (
                torch.randn(10, generator=g),
                torch.rand(10, generator=g) + 0.1,
                torch.randn(10, generator=g),
                torch.rand(10, generator=g) + 0.1,
            ),
        ),
    ]

    def reference(mu_q, var_q, mu_p, var_p):
        q, p = torch.distributions.Normal(mu_q, var_q.sqrt()), torch.distributions.Normal(mu_p, var_p.sqrt())
        return torch.distributions.kl_divergence(q, p)

    def swapped(got, exp, case):
        mu_q, var_q, mu_p, var_p = case.args
        if close(got, reference(mu_p, var_p, mu_q, var_q)):
            return "That is KL(p ‖ q): the expectation is under q, and the KL is not symmetric."

    def no_half(got, exp, case):
        if close(got, 2 * exp):
            return "Off by a factor 2: a Gaussian's log-density carries ½ in front of its quadratic and log terms."

    def var_as_std(got, exp, case):
        mu_q, var_q, mu_p, var_p = case.args
        if close(got, reference(mu_q, var_q**2, mu_p, var_p**2)):
            return "var_q and var_p are variances already; you squared them as if they were standard deviations."

    def no_log(got, exp, case):
        mu_q, var_q, mu_p, var_p = case.args
        if close(got, 0.5 * ((var_q + (mu_q - mu_p) ** 2) / var_p - 1)):
            return "The log-ratio of the normalisers, ½ log(v_p / v_q), is missing."

    def wrong_denominator(got, exp, case):
        mu_q, var_q, mu_p, var_p = case.args
        if close(got, 0.5 * ((var_p / var_q).log() + (var_q + (mu_q - mu_p) ** 2) / var_q - 1)):
            return "Both the variance and the mean terms are divided by p's variance: it is log p that is averaged."

    return run_check(
        "Derive: the KL between two Gaussians",
        fn,
        cases,
        reference,
        diagnoses=[swapped, no_half, var_as_std, no_log, wrong_denominator],
        hint="Write KL = E_q[log q(z) − log p(z)] with both log-densities in full, and use E_q[(z − m)²] = "
        "v_q + (μ_q − m)² for any m.",
    )


def check_posterior_width_prediction(fn: Callable, encoder_std: float) -> CheckResult:
    """Notebook 04, predict then run: the typical encoder standard deviation σ(x) of the trained 2-D VAE
    (``encoder_std``, averaged over test images and latent dims) against the prior's 1."""
    answer = "a" if encoder_std > 0.7 else ("c" if encoder_std < 1e-3 else "b")
    return check_choice(
        "Predict: how wide is q(z | x)?",
        fn,
        answer=answer,
        measured=f"the encoder's σ(x), averaged over test images and latent dims, is {encoder_std:.3f}",
        explanations={
            "a": "Each image's code cloud must be narrow enough for the decoder to tell images apart; it is the "
            "*aggregate* of all the clouds that the KL pulls towards N(0, I).",
            "b": "Each q(z | x) is a narrow cloud, so the decoder can tell images apart, while the clouds of all "
            "the images together cover the prior.",
            "c": "σ → 0 costs −½ log σ² nats of KL per dim, without bound, so the KL term keeps every cloud "
            "from collapsing to a point.",
        },
    )
