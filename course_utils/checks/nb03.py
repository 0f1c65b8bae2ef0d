"""Self-checks of notebook 03's exercises (re-exported by :mod:`course_utils.checks`)."""

from __future__ import annotations

from collections.abc import Callable

import torch

from .. import losses
from .core import CORRECT, WRONG, Case, CheckResult, attempt, close, run_check


class _Constant(torch.nn.Module):
    """A 'model' that ignores its input: lets a check tell a clean target from a noisy one."""

    def __init__(self, value: torch.Tensor):
        super().__init__()
        self.value = value

    def forward(self, x):
        return self.value.expand_as(x)


def check_denoising_loss(fn: Callable) -> CheckResult:
    """Notebook 03, exercise 1: ``fn(model, x, noise_std)`` = mean over the batch of ‖x − model(x + ε)‖²."""
    name = "Exercise 1 (denoising loss)"
    g = torch.Generator().manual_seed(5)
    x = torch.rand(400, 64, generator=g)
    constant = _Constant(torch.full((64,), 0.5))
    identity = torch.nn.Identity()
    expected_constant = losses.squared_error(constant(x), x).mean().double()
    value, fail = attempt(name, "With a model that outputs 0.5 everywhere, your loss", lambda: fn(constant, x, 0.3))
    if fail is not None:
        return fail
    value = torch.as_tensor(value, dtype=torch.float64)
    if value.shape != ():
        return CheckResult(
            name,
            WRONG,
            f"On 400 images, return one number (the batch mean), got shape {tuple(value.shape)}.",
        )
    if abs(value - expected_constant) > 1e-4 * expected_constant:
        extra = value - expected_constant
        why = (
            "The target must be the *clean* x: compare model(x_noisy) with x, not with x_noisy."
            if abs(extra - 64 * 0.09) < 1.0
            else "Sum the squared error over pixels, then average over the batch."
        )
        return CheckResult(
            name,
            WRONG,
            f"On 400 images with a model that outputs 0.5 everywhere and noise_std = 0.3, expected "
            f"{expected_constant:.4f}, got {value:.4f}. {why}",
        )
    value, fail = attempt(name, "With the identity model, your loss", lambda: fn(identity, x, 0.3))
    if fail is not None:
        return fail
    expected = 64 * 0.3**2  # E||eps||^2 = D sigma^2
    if abs(float(value) - expected) > 0.05 * expected:
        return CheckResult(
            name,
            WRONG,
            f"On 400 images with the identity model and noise_std = 0.3, expected about 64 × 0.3² = {expected:.2f} "
            f"(the noise itself), got {float(value):.4f}. Feed the model x + noise_std · ε with ε ~ N(0, I) (torch.randn_like).",
        )
    value, fail = attempt(name, "With noise_std = 0 and the identity model, your loss", lambda: fn(identity, x, 0.0))
    if fail is not None:
        return fail
    if abs(float(value)) > 1e-6:
        return CheckResult(
            name,
            WRONG,
            "On 400 images with noise_std = 0 and the identity model the loss must be 0.",
        )
    return CheckResult(name, CORRECT, "Clean target, noisy input with the requested noise_std, batch mean: right.")


def check_sparse_loss(fn: Callable) -> CheckResult:
    """Notebook 03, exercise 2: ``fn(x_hat, x, z, lam)`` = mean over the batch of ‖x − x̂‖² + λ/2 Σ|z_i|."""
    g = torch.Generator().manual_seed(6)
    cases = [
        Case(
            "x_hat = [[1., 1.]], x = [[0., 1.]], z = [[2., -4.]], lam = 1",
            (
                torch.tensor([[1.0, 1.0]]),
                torch.tensor([[0.0, 1.0]]),
                torch.tensor([[2.0, -4.0]]),
                1.0,
            ),
        ),
        Case(
            "a batch of 6 with 10 pixels and 20 code units, lam = 0.3",
            (
                torch.rand(6, 10, generator=g),
                torch.rand(6, 10, generator=g),
                torch.randn(6, 20, generator=g),
                0.3,
            ),
        ),
    ]

    def reference(x_hat, x, z, lam):
        return ((x - x_hat).pow(2).sum(1) + 0.5 * lam * z.abs().sum(1)).mean()

    def no_half(got, exp, case):
        x_hat, x, z, lam = case.args
        if close(got, reference(x_hat, x, z, 2 * lam)):
            return "The lecture's penalty is λ/2 Σ|z_i|: you left out the 1/2."

    def no_abs(got, exp, case):
        x_hat, x, z, lam = case.args
        if close(got, ((x - x_hat).pow(2).sum(1) + 0.5 * lam * z.sum(1)).mean()):
            return "Take the absolute value |z_i|: negative codes must cost too."

    def squared(got, exp, case):
        x_hat, x, z, lam = case.args
        if close(got, ((x - x_hat).pow(2).sum(1) + 0.5 * lam * z.pow(2).sum(1)).mean()):
            return "That is an L2 penalty (z²); sparsity comes from the L1 penalty |z|."

    return run_check(
        "Exercise 2 (sparse autoencoder loss)",
        fn,
        cases,
        reference,
        diagnoses=[no_half, no_abs, squared],
        hint="Per example: squared error summed over pixels + lam / 2 × sum of |z|; then the batch mean.",
    )


def check_masking_noise(fn: Callable) -> CheckResult:
    """Notebook 03, exercise 3: ``fn(x, drop_prob)`` sets each pixel to 0 with probability ``drop_prob``."""
    name = "Exercise 3 (masking noise)"
    x = torch.rand(300, 64, generator=torch.Generator().manual_seed(7)) * 0.9 + 0.1  # no zeros to start with
    for drop_prob in (0.0, 0.25, 0.7):
        out, fail = attempt(name, f"With drop_prob = {drop_prob}, your function", lambda p=drop_prob: fn(x, p))
        if fail is not None:
            return fail
        if not isinstance(out, torch.Tensor) or out.shape != x.shape:
            return CheckResult(
                name,
                WRONG,
                f"On 300 images with drop_prob = {drop_prob}, return a tensor shaped like x {tuple(x.shape)}.",
            )
        dropped = out == 0
        kept_ok = torch.allclose(out[~dropped], x[~dropped])
        if not kept_ok:
            return CheckResult(
                name,
                WRONG,
                f"On 300 images with drop_prob = {drop_prob}, some pixels were changed but not set to 0: keep the others as they are.",
            )
        rate = dropped.float().mean().item()
        if abs(rate - drop_prob) > 0.02:
            return CheckResult(
                name,
                WRONG,
                f"On 300 images of 64 pixels with drop_prob = {drop_prob}, {rate:.1%} of the pixels were zeroed, expected "
                f"about {drop_prob:.0%}. Keep a pixel when torch.rand_like(x) >= drop_prob.",
            )
    return CheckResult(name, CORRECT, "The right fraction of pixels is zeroed and the rest are untouched.")
