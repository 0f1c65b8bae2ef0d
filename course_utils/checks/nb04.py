"""Self-checks of notebook 04's exercises (re-exported by :mod:`course_utils.checks`).

Each check rejects an answer that calls the course's own implementation of the exercise (``forbidden``),
directly, through a lambda or through a name bound to it earlier, and says on which input it caught it."""

from __future__ import annotations

from collections.abc import Callable

import torch
import torch.nn.functional as F

from .. import losses, models, objectives
from ..i18n import _
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
    key_verdict,
    run_check,
)

KL_CLOSED_FORM_KEY = (losses.kl_to_standard_normal, losses.kl_terms)
REPARAMETERIZE_KEY = (
    models.reparameterize,
    models.VAE.reparameterize,
    models.ConditionalVAE.reparameterize,
    losses.gaussian_samples,
)
VAE_LOSS_KEY = (losses.negative_elbo, objectives.vae)


def check_kl_closed_form(fn: Callable) -> CheckResult:
    """Notebook 04: ``fn(mu, logvar)`` = KL(N(mu, diag exp(logvar)) ‖ N(0, I)) per example."""
    exercise = _("KL to the standard normal")
    g = torch.Generator().manual_seed(8)
    cases = [
        Case(
            _("mu = [[0., 0.]], logvar = [[0., 0.]] (q equals the prior)"),
            (torch.zeros(1, 2), torch.zeros(1, 2)),
        ),
        Case(
            _("mu = [[1., -2.]], logvar = [[0., 0.]]"),
            (torch.tensor([[1.0, -2.0]]), torch.zeros(1, 2)),
        ),
        Case(
            _("a batch of 5 with 3 latent dims"),
            (torch.randn(5, 3, generator=g), torch.randn(5, 3, generator=g)),
        ),
    ]

    def reference(mu, logvar):
        q = torch.distributions.Normal(mu, (0.5 * logvar).exp())
        return torch.distributions.kl_divergence(q, torch.distributions.Normal(0.0, 1.0)).sum(dim=-1)

    def variance_as_std(got, exp, case):
        mu, logvar = case.args
        if close(got, reference(mu, 2 * logvar)):
            return _("exp(logvar) is the variance σ², not σ: σ = exp(logvar / 2).")

    def no_half(got, exp, case):
        if close(got, 2 * exp):
            return _("Missing the factor 1/2 in front of the sum.")

    def no_sum(got, exp, case):
        mu, logvar = case.args
        if got.shape == mu.shape and mu.shape != exp.shape:
            return _("Sum over the latent dimensions: one KL per example, shape (batch,).")

    def no_constant(got, exp, case):
        mu, logvar = case.args
        if close(got, exp + 0.5 * mu.shape[-1]):
            return _("When q equals the prior the KL must be 0: check the constant term (−1 per dimension).")

    def mean_over_dims(got, exp, case):
        mu, logvar = case.args
        if close(got, exp / mu.shape[-1]):
            return _("That is the mean over latent dims: the KL of a diagonal Gaussian is the *sum* over dims.")

    caught = key_verdict(exercise, cases[-1].description, lambda: fn(*cases[-1].args), KL_CLOSED_FORM_KEY)
    if caught is not None:
        return caught
    return run_check(
        exercise,
        fn,
        cases,
        reference,
        diagnoses=[no_sum, variance_as_std, no_half, no_constant, mean_over_dims],
        hint=_(
            "Per latent dim, the KL between two 1-D Gaussians has a mean term, a variance term, a log-variance "
            "term and a constant (it must be 0 when q is the prior); remember logvar = log σ²."
        ),
        forbidden=KL_CLOSED_FORM_KEY,
    )


def check_reparameterize(fn: Callable) -> CheckResult:
    """Notebook 04: ``fn(mu, logvar)`` = mu + exp(logvar / 2) * eps with eps ~ N(0, I) drawn afresh for every
    element, differentiable with respect to both mu and logvar."""
    name = _("The reparameterisation trick")
    sigma = torch.tensor([0.5, 2.0])  # a different sigma per latent dim
    mu = torch.full((20000, 2), 1.5, requires_grad=True)
    logvar = (2 * sigma.log()).expand(20000, 2).clone().requires_grad_(True)
    where = _("On mu = 1.5, sigma = [0.5, 2] (20,000 × 2)")
    caught = key_verdict(name, _("mu = 1.5, sigma = [0.5, 2] (20,000 × 2)"), lambda: fn(mu, logvar), REPARAMETERIZE_KEY)
    if caught is not None:
        return caught
    z, fail = attempt(
        name, _("{where}, your function").format(where=where), lambda: fn(mu, logvar), forbidden=REPARAMETERIZE_KEY
    )
    if fail is not None:
        return fail
    if not isinstance(z, torch.Tensor) or z.shape != mu.shape:
        got = tuple(z.shape) if isinstance(z, torch.Tensor) else type(z).__name__
        return CheckResult(
            name, WRONG, _("On mu of shape (20000, 2), expected z of the same shape, got {got}.").format(got=got)
        )
    if z.grad_fn is None:
        return CheckResult(
            name,
            WRONG,
            _(
                "{where}, z has no gradient path to mu and logvar (.sample() and .detach() cut it): build z from "
                "mu, logvar and a noise tensor with ordinary tensor arithmetic."
            ).format(where=where),
        )
    z_values = z.detach()
    if (z_values.std(0) < 1e-6).any():
        return CheckResult(
            name,
            WRONG,
            _(
                "{where}, z is the same for every example in a latent dim: z must be random, with its own noise "
                "for every example."
            ).format(where=where),
        )
    noise = (z_values - 1.5) / sigma  # (20000, 2): what eps must have been
    correlation = torch.corrcoef(noise.T)[0, 1].item()
    if abs(correlation) > 0.05:
        return CheckResult(
            name,
            WRONG,
            _(
                "{where}, the two latent dims move together (correlation {correlation:.2f}): draw independent "
                "noise for every element, shaped like mu."
            ).format(where=where, correlation=correlation),
        )
    mean, std = z_values.mean(0), z_values.std(0)
    if (mean - 1.5).abs().max() > 0.05 or ((std - sigma).abs() > 0.03 * sigma).any():
        why = (
            _("exp(logvar) is the variance σ²; the standard deviation is exp(logvar / 2).")
            if ((std - sigma**2).abs() < 0.05 * sigma**2).all()
            else _("z should have mean mu and standard deviation exp(logvar / 2), with ε ~ N(0, 1).")
        )
        return CheckResult(
            name,
            WRONG,
            _(
                "{where}, your samples have means {m0:.2f}, {m1:.2f} and standard deviations {s0:.2f}, {s1:.2f}. {why}"
            ).format(where=where, m0=mean[0], m1=mean[1], s0=std[0], s1=std[1], why=why),
        )
    beyond = fraction_beyond_two_sd(noise)
    if abs(beyond - BEYOND_TWO_SD) > 0.008:
        return CheckResult(
            name,
            WRONG,
            _(
                "{where}, {beyond:.1%} of the noise lies beyond 2 standard deviations, against {normal:.1%} for a "
                "standard normal: ε must be drawn from N(0, I) (torch.randn_like), not from another distribution."
            ).format(where=where, beyond=beyond, normal=BEYOND_TWO_SD),
        )
    again, fail = attempt(
        name,
        _("{where}, a second call to your function").format(where=where),
        lambda: fn(mu, logvar),
        forbidden=REPARAMETERIZE_KEY,
    )
    if fail is not None:
        return fail
    if torch.equal(again.detach(), z_values):
        return CheckResult(
            name,
            WRONG,
            _("{where}, two calls returned the same z: draw fresh noise on every call (no fixed seed inside).").format(
                where=where
            ),
        )
    z.sum().backward()
    if mu.grad is None or not torch.allclose(mu.grad, torch.ones_like(mu)):
        return CheckResult(name, WRONG, _("{where}, ∂z/∂mu should be 1 for every entry.").format(where=where))
    expected = 0.5 * (z_values - 1.5)  # dz/dlogvar = sigma * eps / 2
    if logvar.grad is None or not torch.allclose(logvar.grad, expected, atol=1e-5):
        return CheckResult(
            name,
            WRONG,
            _(
                "{where}, ∂z/∂logvar is wrong or missing (a detached σ or ε that depends on logvar?): with "
                "σ = exp(logvar / 2), ∂z/∂logvar = σ ε / 2, so the encoder's variance learns through z."
            ).format(where=where),
        )
    return CheckResult(
        name,
        CORRECT,
        _(
            "Random, fresh on each call, independent per element, with the right mean and spread, and gradients "
            "reach both mu and logvar."
        ),
    )


def check_vae_loss(fn: Callable) -> CheckResult:
    """Notebook 04: ``fn(x_logits, x, mu, logvar)`` = batch mean of BCE (summed over pixels) + KL, one scalar."""
    exercise = _("The VAE loss")
    g = torch.Generator().manual_seed(9)
    cases = [
        Case(
            _("a batch of 4 with 6 pixels and 2 latent dims"),
            (
                torch.randn(4, 6, generator=g),
                torch.rand(4, 6, generator=g),
                torch.randn(4, 2, generator=g),
                torch.randn(4, 2, generator=g),
            ),
        ),
        Case(
            _("a batch of 3 with 5 pixels and 4 latent dims"),
            (
                torch.randn(3, 5, generator=g),
                torch.rand(3, 5, generator=g),
                torch.randn(3, 4, generator=g),
                torch.randn(3, 4, generator=g),
            ),
        ),
    ]

    def bce(x_logits, x):  # (batch,) summed over pixels: the reference's own, not the course's
        return F.binary_cross_entropy_with_logits(x_logits, x, reduction="none").sum(dim=1)

    def kl(mu, logvar):  # (batch,)
        return 0.5 * (mu.pow(2) + logvar.exp() - 1 - logvar).sum(dim=1)

    def reference(x_logits, x, mu, logvar):
        return (bce(x_logits, x) + kl(mu, logvar)).mean()

    def kl_sign(got, exp, case):
        x_logits, x, mu, logvar = case.args
        rec = bce(x_logits, x).mean()
        if close(got, rec - kl(mu, logvar).mean()):
            return _("The KL is *added*: the negative ELBO is reconstruction NLL + KL.")
        if close(got, rec):
            return _("The KL term is missing.")

    def mean_pixels(got, exp, case):
        x_logits, x, mu, logvar = case.args
        bce_mean = F.binary_cross_entropy_with_logits(x_logits, x)
        if close(got, bce_mean + kl(mu, logvar).mean()):
            return _("F.binary_cross_entropy_with_logits averages over pixels by default: sum over pixels per image.")

    def batch_sum(got, exp, case):
        if close(got, exp * case.args[0].shape[0]):
            return _("That is the sum over the batch; the loss is the batch *mean* of the per-image negative ELBO.")

    def per_image(got, exp, case):
        if got.shape == case.args[0].shape[:1]:
            return _("That is one loss per image: return their batch mean, one scalar.")

    def double_sigmoid(got, exp, case):
        x_logits, x, mu, logvar = case.args
        if close(got, (bce(torch.sigmoid(x_logits), x) + kl(mu, logvar)).mean()):
            return _("x_logits are already logits: applying torch.sigmoid first squashes them twice.")

    caught = key_verdict(exercise, cases[0].description, lambda: fn(*cases[0].args), VAE_LOSS_KEY)
    if caught is not None:
        return caught
    return run_check(
        exercise,
        fn,
        cases,
        reference,
        diagnoses=[per_image, kl_sign, mean_pixels, batch_sum, double_sigmoid],
        hint=_(
            "Both terms are per image, each summed over its own dimension, and the batch mean comes last: check "
            "the reduction of every torch function you call."
        ),
        forbidden=VAE_LOSS_KEY,
    )


def check_kl_normal(fn: Callable) -> CheckResult:
    r"""Notebook 04, derivation: ``fn(mu_q, var_q, mu_p, var_p)`` = KL(N(mu_q, var_q) ‖ N(mu_p, var_p)), elementwise:
    $\frac12\big(\log\frac{v_p}{v_q} + \frac{v_q + (\mu_q - \mu_p)^2}{v_p} - 1\big)$ (checked against torch.distributions).

    Its inputs are ones the notebook never computes: priors other than N(0, 1), and tensors of another shape,
    so that neither exercise 1's formula nor a number copied from a printout passes."""
    exercise = _("Derive: the KL between two Gaussians")
    g = torch.Generator().manual_seed(19)
    cases = [
        Case(
            _("q = N(0, 4), p = N(2, 0.5)"),
            (torch.tensor(0.0), torch.tensor(4.0), torch.tensor(2.0), torch.tensor(0.5)),
        ),
        Case(
            _("q = N(-1, 0.3), p = N(0.5, 3)"),
            (torch.tensor(-1.0), torch.tensor(0.3), torch.tensor(0.5), torch.tensor(3.0)),
        ),
        Case(
            _("a 3 × 4 grid of random pairs of 1-D Gaussians"),
            (
                torch.randn(3, 4, generator=g),
                torch.rand(3, 4, generator=g) + 0.1,
                torch.randn(3, 4, generator=g),
                torch.rand(3, 4, generator=g) + 0.1,
            ),
        ),
    ]

    def reference(mu_q, var_q, mu_p, var_p):
        q, p = torch.distributions.Normal(mu_q, var_q.sqrt()), torch.distributions.Normal(mu_p, var_p.sqrt())
        return torch.distributions.kl_divergence(q, p)

    def standard_prior(got, exp, case):
        mu_q, var_q, mu_p, var_p = case.args
        if close(got, 0.5 * (mu_q**2 + var_q - 1 - var_q.log())):
            return _(
                "That is exercise 1's KL to N(0, 1): here p has its own mean mu_p and variance var_p, and both "
                "must appear in the formula."
            )

    def constant(got, exp, case):
        if got.numel() == 1 and exp.numel() > 1 and not close(exp, exp.flatten()[0].expand_as(exp)):
            return _("Your function gives one number for every pair: it must be a formula in its four arguments.")

    def swapped(got, exp, case):
        mu_q, var_q, mu_p, var_p = case.args
        if close(got, reference(mu_p, var_p, mu_q, var_q)):
            return _("That is KL(p ‖ q): the expectation is under q, and the KL is not symmetric.")

    def no_half(got, exp, case):
        if close(got, 2 * exp):
            return _("Off by a factor 2: a Gaussian's log-density carries ½ in front of its quadratic and log terms.")

    def var_as_std(got, exp, case):
        mu_q, var_q, mu_p, var_p = case.args
        if close(got, reference(mu_q, var_q**2, mu_p, var_p**2)):
            return _("var_q and var_p are variances already; you squared them as if they were standard deviations.")

    def no_log(got, exp, case):
        mu_q, var_q, mu_p, var_p = case.args
        if close(got, 0.5 * ((var_q + (mu_q - mu_p) ** 2) / var_p - 1)):
            return _("The log-ratio of the normalisers, ½ log(v_p / v_q), is missing.")

    def wrong_denominator(got, exp, case):
        mu_q, var_q, mu_p, var_p = case.args
        if close(got, 0.5 * ((var_p / var_q).log() + (var_q + (mu_q - mu_p) ** 2) / var_q - 1)):
            return _("Both the variance and the mean terms are divided by p's variance: it is log p that is averaged.")

    return run_check(
        exercise,
        fn,
        cases,
        reference,
        diagnoses=[standard_prior, constant, swapped, no_half, var_as_std, no_log, wrong_denominator],
        hint=_(
            "Write KL = E_q[log q(z) − log p(z)] with both log-densities in full, and use E_q[(z − m)²] = "
            "v_q + (μ_q − m)² for any m."
        ),
    )


def check_posterior_width_prediction(fn: Callable, encoder_std: float) -> CheckResult:
    """Notebook 04, predict then run: the typical encoder standard deviation σ(x) of the trained 2-D VAE
    (``encoder_std``, averaged over test images and latent dims) against the prior's 1."""
    answer = "a" if encoder_std > 0.7 else ("c" if encoder_std < 1e-3 else "b")
    return check_choice(
        _("Predict: how wide is q(z | x)?"),
        fn,
        answer=answer,
        measured=_("the encoder's σ(x), averaged over test images and latent dims, is {std:.3f}").format(
            std=encoder_std
        ),
        explanations={
            "a": _(
                "Each image's code cloud must be narrow enough for the decoder to tell images apart; it is the "
                "*aggregate* of all the clouds that the KL pulls towards N(0, I)."
            ),
            "b": _(
                "Each q(z | x) is a narrow cloud, so the decoder can tell images apart, while the clouds of all "
                "the images together cover the prior."
            ),
            "c": _(
                "σ → 0 costs −½ log σ² nats of KL per dim, without bound, so the KL term keeps every cloud "
                "from collapsing to a point."
            ),
        },
    )
