"""Self-checks of notebook 03's exercises (re-exported by :mod:`course_utils.checks`)."""

from __future__ import annotations

from collections.abc import Callable

import torch

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


class _Constant(torch.nn.Module):
    """A 'model' that ignores its input: lets a check tell a clean target from a noisy one."""

    def __init__(self, value: torch.Tensor):
        super().__init__()
        self.value = value

    def forward(self, x):
        return self.value.expand_as(x)


class _Recorder(torch.nn.Module):
    """The identity, keeping every input it sees: lets a check look at the noise itself."""

    def __init__(self):
        super().__init__()
        self.inputs = []

    def forward(self, x):
        self.inputs.append(x)
        return x


def _noise_problem(noise: torch.Tensor, again: torch.Tensor, std: float) -> str | None:
    """What is wrong with ``noise`` (batch, pixels), meant to be i.i.d. N(0, std²) and fresh on each call."""
    if noise.std() < 1e-8:
        return "is zero: add noise_std · ε with ε ~ N(0, I)."
    if torch.allclose(noise, again, atol=1e-5):
        return "is the same on every call: draw fresh noise each time (no fixed seed inside the loss)."
    if torch.allclose(noise, noise[:1].expand_as(noise), atol=1e-5):
        return "is the same for every image: draw one ε per pixel *and* per image (torch.randn_like(x))."
    if torch.allclose(noise, noise[:, :1].expand_as(noise), atol=1e-5):
        return "is the same for every pixel of an image: draw one ε per pixel."
    if abs(noise.mean()) > 0.05 * std + 0.01:
        return f"has mean {noise.mean():.3f}: ε must be centred, ε ~ N(0, I) (torch.rand is uniform on [0, 1))."
    if abs(noise.std() - std) <= 0.05 * std and abs(fraction_beyond_two_sd(noise / std) - BEYOND_TWO_SD) > 0.01:
        return "has the right spread but not a Gaussian shape: ε ~ N(0, I) is what the lecture's noise is."
    if abs(noise.std() - std) > 0.05 * std:
        hint = " — that is noise_std², a variance" if abs(noise.std() - std**2) < 0.05 * std**2 else ""
        return f"has standard deviation {noise.std():.3f}{hint}; expected noise_std = {std}."
    return None


def check_denoising_loss(fn: Callable) -> CheckResult:
    """Notebook 03: ``fn(model, x, noise_std)`` = mean over the batch of ‖x − model(x + ε)‖²."""
    name = "The denoising loss"
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
    recorder = _Recorder()
    _, fail = attempt(name, "With a model that records its input, your loss", lambda: fn(recorder, x, 0.3))
    if fail is not None:
        return fail
    calls_before = len(recorder.inputs)
    _, fail = attempt(name, "Called a second time, your loss", lambda: fn(recorder, x, 0.3))
    if fail is not None:
        return fail
    if calls_before == 0 or not all(isinstance(t, torch.Tensor) and t.shape == x.shape for t in recorder.inputs):
        return CheckResult(
            name, WRONG, "On 400 images, your loss never passed the noisy batch (shaped like x) to the model."
        )
    first, second = recorder.inputs[0].detach() - x, recorder.inputs[calls_before].detach() - x  # (400, 64) noise
    problem = _noise_problem(first, second, 0.3)
    if problem:
        return CheckResult(name, WRONG, f"On 400 images with noise_std = 0.3, the noise your model received {problem}")
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
    """Notebook 03: ``fn(x_hat, x, z, lam)`` = mean over the batch of ‖x − x̂‖² + λ/2 Σ|z_i|."""
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

    def pixel_mean(got, exp, case):
        x_hat, x, z, lam = case.args
        if close(got, ((x - x_hat).pow(2).mean(1) + 0.5 * lam * z.abs().sum(1)).mean()):
            return "The reconstruction error is summed over pixels, not averaged."

    def batch_sum(got, exp, case):
        if close(got, exp * case.args[0].shape[0]):
            return "That is the sum over the batch; return the batch mean."

    return run_check(
        "Sparse autoencoder loss",
        fn,
        cases,
        reference,
        diagnoses=[no_half, no_abs, squared, pixel_mean, batch_sum],
        hint="Two terms per example, each summed over its own dimension (pixels, code units), then one number for "
        "the batch; compare them with the formula above.",
    )


def check_masking_noise(fn: Callable) -> CheckResult:
    """Notebook 03: ``fn(x, drop_prob)`` sets each pixel to 0 with probability ``drop_prob``."""
    name = "Masking noise"
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
        if drop_prob > 0 and (dropped == dropped[:1]).all():
            return CheckResult(
                name,
                WRONG,
                f"On 300 images with drop_prob = {drop_prob}, every image lost the same pixels: draw the mask "
                "independently for every pixel of every image.",
            )
        per_pixel = dropped.float().mean(0)  # (64,) how often each pixel position is dropped
        if drop_prob > 0 and (per_pixel - drop_prob).abs().max() > 0.15:
            return CheckResult(
                name,
                WRONG,
                f"On 300 images with drop_prob = {drop_prob}, some pixel positions are dropped {per_pixel.max():.0%} "
                f"of the time and others {per_pixel.min():.0%}: each pixel must be dropped at random, with "
                "probability drop_prob, not by position.",
            )
        rate = dropped.float().mean().item()
        if abs(rate - drop_prob) > 0.02:
            return CheckResult(
                name,
                WRONG,
                f"On 300 images of 64 pixels with drop_prob = {drop_prob}, {rate:.1%} of the pixels were zeroed, expected "
                f"about {drop_prob:.0%}. Keep a pixel when torch.rand_like(x) >= drop_prob.",
            )
    again, fail = attempt(name, "Called twice with drop_prob = 0.25, your function", lambda: (fn(x, 0.25), fn(x, 0.25)))
    if fail is not None:
        return fail
    if torch.equal(again[0], again[1]):
        return CheckResult(
            name,
            WRONG,
            "On the same 300 images, two calls with drop_prob = 0.25 dropped exactly the same pixels: draw a fresh "
            "mask on every call (no fixed seed inside the function).",
        )
    return CheckResult(
        name, CORRECT, "The right fraction of pixels is zeroed, at random and afresh, and the rest are untouched."
    )


def check_optimal_denoiser(fn: Callable) -> CheckResult:
    r"""Notebook 03, derivation: ``fn(x_noisy, mean, var, noise_std)`` = $E[x \mid \tilde x]$ for
    $x \sim N(\text{mean}, \text{var})$ and $\tilde x = x + \epsilon$, $\epsilon \sim N(0, \text{noise\_std}^2)$:
    mean + var / (var + noise_std²) · (x_noisy − mean), elementwise."""
    g = torch.Generator().manual_seed(18)
    cases = [
        Case("x_noisy = 1, mean = 0, var = 1, noise_std = 1", (torch.tensor(1.0), 0.0, 1.0, 1.0)),
        Case(
            "x_noisy = [0.2, 0.9, 1.5], mean = 0.5, var = 0.04, noise_std = 0.3",
            (torch.tensor([0.2, 0.9, 1.5]), 0.5, 0.04, 0.3),
        ),
        Case("100 noisy values, mean = -1, var = 4, noise_std = 0.5", (torch.randn(100, generator=g), -1.0, 4.0, 0.5)),
    ]

    def reference(x_noisy, mean, var, noise_std):
        return mean + var / (var + noise_std**2) * (x_noisy - mean)

    def identity(got, exp, case):
        if close(got, case.args[0]):
            return "Returning x̃ ignores the prior: when the signal varies little, the best guess stays near its mean."

    def prior_mean(got, exp, case):
        x_noisy, mean, var, noise_std = case.args
        if close(got, torch.full_like(x_noisy, mean)):
            return "Returning the mean ignores the measurement: x̃ carries information whenever the noise is finite."

    def std_for_var(got, exp, case):
        x_noisy, mean, var, noise_std = case.args
        if close(got, mean + var / (var + noise_std) * (x_noisy - mean)):
            return "noise_std is a standard deviation: the formula weighs *variances* against each other."

    def not_centred(got, exp, case):
        x_noisy, mean, var, noise_std = case.args
        if close(got, var / (var + noise_std**2) * x_noisy):
            return "Shrink towards the prior mean, not towards 0: shrink x̃ − mean, then add the mean back."

    def swapped(got, exp, case):
        x_noisy, mean, var, noise_std = case.args
        if close(got, mean + noise_std**2 / (var + noise_std**2) * (x_noisy - mean)):
            return "Swapped weights: more noise must mean *less* trust in x̃."

    return run_check(
        "Derive: the best denoiser of a Gaussian signal",
        fn,
        cases,
        reference,
        diagnoses=[identity, prior_mean, std_for_var, not_centred, swapped],
        hint="x and x̃ are jointly Gaussian, so E[x | x̃] is a straight line in x̃: find it by completing the square "
        "in log p(x) + log p(x̃ | x), or as the least-squares line of x on x̃.",
    )


def check_sparsity_prediction(fn: Callable, inactive: list[float], errors: list[float]) -> CheckResult:
    """Notebook 03, predict then run: what a growing L1 weight λ does. ``inactive`` and ``errors`` are the
    sweep's fraction of inactive code units and test error, in order of increasing λ."""
    more_inactive = inactive[-1] > inactive[0]
    worse = errors[-1] > errors[0]
    answer = {(True, True): "a", (True, False): "b", (False, True): "c", (False, False): "d"}[(more_inactive, worse)]
    measured = (
        f"inactive units {inactive[0]:.0%} → {inactive[-1]:.0%}, test error {errors[0]:.2f} → {errors[-1]:.2f} "
        "from the smallest to the largest λ"
    )
    return check_choice(
        "Predict: a growing sparsity weight",
        fn,
        answer=answer,
        measured=measured,
        explanations={
            "a": "The penalty buys zeros with reconstruction quality: fewer active units carry less about x.",
            "b": "More zeros leave fewer units to describe x; nothing in the penalty helps reconstruction on these "
            "data, so the error cannot fall for free.",
            "c": "The L1 penalty's gradient λ/2 · sign(z) pushes every code towards 0, so a larger λ zeroes *more* "
            "units, not fewer.",
            "d": "The penalty is part of the loss the encoder minimises: a larger λ changes the codes.",
        },
    )
