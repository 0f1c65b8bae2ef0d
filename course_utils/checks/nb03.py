"""Self-checks of notebook 03's exercises (re-exported by :mod:`course_utils.checks`).

Each check that has a course implementation to copy names it in ``forbidden``: the denoising loss
(``objectives.denoising_autoencoder``; adding the noise with ``data.add_gaussian_noise`` is allowed, it
is the corruption that section 1 shows, not the loss the exercise asks for), the sparse loss
(``losses.sparse_loss``, ``objectives.sparse_autoencoder``) and masking noise (``data.add_masking_noise``).
The derivation is checked at means, variances and noise levels that the notebook never uses, so that a
number read off the notebook's own runs fails.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import torch

from .. import data, losses, objectives
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
    own_answer_message,
    run_check,
)

DENOISING_FORBIDDEN = (objectives.denoising_autoencoder,)
SPARSE_FORBIDDEN = (losses.sparse_loss, objectives.sparse_autoencoder)
MASKING_FORBIDDEN = (data.add_masking_noise,)


def _where_called(result: CheckResult, forbidden: Sequence[Callable], where: str) -> CheckResult:
    """``result`` with the input named when it rejects an answer that calls one of ``forbidden``."""
    own = {own_answer_message([f"{f.__module__}.{f.__qualname__}"]) for f in forbidden}
    if result.status == WRONG and result.message in own:
        return CheckResult(
            result.exercise, WRONG, _("On {where}: {message}").format(where=where, message=result.message)
        )
    return result


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
        return _(
            "On 400 images with noise_std = {std}, the noise your model received is zero: add noise_std · ε "
            "with ε ~ N(0, I)."
        ).format(std=std)
    if torch.allclose(noise, again, atol=1e-5):
        return _(
            "On 400 images with noise_std = {std}, the noise your model received is the same on every call: "
            "draw fresh noise each time (no fixed seed inside the loss)."
        ).format(std=std)
    if torch.allclose(noise, noise[:1].expand_as(noise), atol=1e-5):
        return _(
            "On 400 images with noise_std = {std}, the noise your model received is the same for every image: "
            "draw one ε per pixel *and* per image (torch.randn_like(x))."
        ).format(std=std)
    if torch.allclose(noise, noise[:, :1].expand_as(noise), atol=1e-5):
        return _(
            "On 400 images with noise_std = {std}, the noise your model received is the same for every pixel "
            "of an image: draw one ε per pixel."
        ).format(std=std)
    if abs(noise.mean()) > 0.05 * std + 0.01:
        return _(
            "On 400 images with noise_std = {std}, the noise your model received has mean {mean:.3f}: ε must "
            "be centred, ε ~ N(0, I) (torch.rand is uniform on [0, 1))."
        ).format(std=std, mean=noise.mean().item())
    spread_ok = abs(noise.std() - std) <= 0.05 * std
    if spread_ok and abs(fraction_beyond_two_sd(noise / std) - BEYOND_TWO_SD) > 0.01:
        return _(
            "On 400 images with noise_std = {std}, the noise your model received has the right spread but not "
            "a Gaussian shape: ε ~ N(0, I) is what the lecture's noise is."
        ).format(std=std)
    if not spread_ok:
        if abs(noise.std() - std**2) < 0.05 * std**2:
            return _(
                "On 400 images with noise_std = {std}, the noise your model received has standard deviation "
                "{got:.3f} — that is noise_std², a variance; expected noise_std = {std}."
            ).format(std=std, got=noise.std().item())
        return _(
            "On 400 images with noise_std = {std}, the noise your model received has standard deviation "
            "{got:.3f}; expected noise_std = {std}."
        ).format(std=std, got=noise.std().item())
    return None


def check_denoising_loss(fn: Callable) -> CheckResult:
    """Notebook 03: ``fn(model, x, noise_std)`` = mean over the batch of ‖x − model(x + ε)‖²."""
    name = _("The denoising loss")
    result = _check_denoising_loss(name, fn)
    return _where_called(result, DENOISING_FORBIDDEN, _("400 images with noise_std = 0.3"))


def _check_denoising_loss(name: str, fn: Callable) -> CheckResult:
    g = torch.Generator().manual_seed(5)
    x = torch.rand(400, 64, generator=g)
    constant = _Constant(torch.full((64,), 0.5))
    identity = torch.nn.Identity()
    expected_constant = losses.squared_error(constant(x), x).mean().double()

    def run(description, thunk):
        return attempt(name, description, thunk, forbidden=DENOISING_FORBIDDEN)

    value, fail = run(_("With a model that outputs 0.5 everywhere, your loss"), lambda: fn(constant, x, 0.3))
    if fail is not None:
        return fail
    value = torch.as_tensor(value, dtype=torch.float64)
    if value.shape != ():
        return CheckResult(
            name,
            WRONG,
            _("On 400 images, return one number (the batch mean), got shape {shape}.").format(shape=tuple(value.shape)),
        )
    if abs(value - expected_constant) > 1e-4 * expected_constant:
        extra = value - expected_constant
        why = (
            _("The target must be the *clean* x: compare model(x_noisy) with x, not with x_noisy.")
            if abs(extra - 64 * 0.09) < 1.0
            else _("Sum the squared error over pixels, then average over the batch.")
        )
        return CheckResult(
            name,
            WRONG,
            _(
                "On 400 images with a model that outputs 0.5 everywhere and noise_std = 0.3, expected "
                "{expected:.4f}, got {got:.4f}. {why}"
            ).format(expected=expected_constant.item(), got=value.item(), why=why),
        )
    recorder = _Recorder()
    _unused, fail = run(_("With a model that records its input, your loss"), lambda: fn(recorder, x, 0.3))
    if fail is not None:
        return fail
    calls_before = len(recorder.inputs)
    _unused, fail = run(_("Called a second time, your loss"), lambda: fn(recorder, x, 0.3))
    if fail is not None:
        return fail
    if calls_before == 0 or not all(isinstance(t, torch.Tensor) and t.shape == x.shape for t in recorder.inputs):
        return CheckResult(
            name, WRONG, _("On 400 images, your loss never passed the noisy batch (shaped like x) to the model.")
        )
    first, second = recorder.inputs[0].detach() - x, recorder.inputs[calls_before].detach() - x  # (400, 64) noise
    problem = _noise_problem(first, second, 0.3)
    if problem:
        return CheckResult(name, WRONG, problem)
    value, fail = run(_("With the identity model, your loss"), lambda: fn(identity, x, 0.3))
    if fail is not None:
        return fail
    expected = 64 * 0.3**2  # E||eps||^2 = D sigma^2
    if abs(float(value) - expected) > 0.05 * expected:
        return CheckResult(
            name,
            WRONG,
            _(
                "On 400 images with the identity model and noise_std = 0.3, expected about 64 × 0.3² = "
                "{expected:.2f} (the noise itself), got {got:.4f}. Feed the model x + noise_std · ε with "
                "ε ~ N(0, I) (torch.randn_like)."
            ).format(expected=expected, got=float(value)),
        )
    value, fail = run(_("With noise_std = 0 and the identity model, your loss"), lambda: fn(identity, x, 0.0))
    if fail is not None:
        return fail
    if abs(float(value)) > 1e-6:
        return CheckResult(
            name, WRONG, _("On 400 images with noise_std = 0 and the identity model the loss must be 0.")
        )
    return CheckResult(name, CORRECT, _("Clean target, noisy input with the requested noise_std, batch mean: right."))


def check_sparse_loss(fn: Callable) -> CheckResult:
    """Notebook 03: ``fn(x_hat, x, z, lam)`` = mean over the batch of ‖x − x̂‖² + λ/2 Σ|z_i|."""
    g = torch.Generator().manual_seed(6)
    first = _("x_hat = [[1., 1.]], x = [[0., 1.]], z = [[2., -4.]], lam = 1")
    cases = [
        Case(first, (torch.tensor([[1.0, 1.0]]), torch.tensor([[0.0, 1.0]]), torch.tensor([[2.0, -4.0]]), 1.0)),
        Case(
            _("a batch of 6 with 10 pixels and 20 code units, lam = 0.3"),
            (torch.rand(6, 10, generator=g), torch.rand(6, 10, generator=g), torch.randn(6, 20, generator=g), 0.3),
        ),
    ]

    def reference(x_hat, x, z, lam):
        return ((x - x_hat).pow(2).sum(1) + 0.5 * lam * z.abs().sum(1)).mean()

    def no_half(got, exp, case):
        x_hat, x, z, lam = case.args
        if close(got, reference(x_hat, x, z, 2 * lam)):
            return _("The lecture's penalty is λ/2 Σ|z_i|: you left out the 1/2.")

    def no_abs(got, exp, case):
        x_hat, x, z, lam = case.args
        if close(got, ((x - x_hat).pow(2).sum(1) + 0.5 * lam * z.sum(1)).mean()):
            return _("Take the absolute value |z_i|: negative codes must cost too.")

    def squared(got, exp, case):
        x_hat, x, z, lam = case.args
        if close(got, ((x - x_hat).pow(2).sum(1) + 0.5 * lam * z.pow(2).sum(1)).mean()):
            return _("That is an L2 penalty (z²); sparsity comes from the L1 penalty |z|.")

    def pixel_mean(got, exp, case):
        x_hat, x, z, lam = case.args
        if close(got, ((x - x_hat).pow(2).mean(1) + 0.5 * lam * z.abs().sum(1)).mean()):
            return _("The reconstruction error is summed over pixels, not averaged.")

    def batch_sum(got, exp, case):
        if close(got, exp * case.args[0].shape[0]):
            return _("That is the sum over the batch; return the batch mean.")

    result = run_check(
        _("Sparse autoencoder loss"),
        fn,
        cases,
        reference,
        diagnoses=[no_half, no_abs, squared, pixel_mean, batch_sum],
        hint=_(
            "Two terms per example, each summed over its own dimension (pixels, code units), then one number "
            "for the batch; compare them with the formula above."
        ),
        forbidden=SPARSE_FORBIDDEN,
    )
    return _where_called(result, SPARSE_FORBIDDEN, first)


def check_masking_noise(fn: Callable) -> CheckResult:
    """Notebook 03: ``fn(x, drop_prob)`` sets each pixel to 0 independently with probability ``drop_prob``
    (the number of zeroed pixels per image then varies, binomially; Vincent et al. 2008 zero a fixed number)."""
    name = _("Masking noise")
    result = _check_masking_noise(name, fn)
    return _where_called(result, MASKING_FORBIDDEN, _("300 images with drop_prob = 0.0"))


def _check_masking_noise(name: str, fn: Callable) -> CheckResult:
    x = torch.rand(300, 64, generator=torch.Generator().manual_seed(7)) * 0.9 + 0.1  # no zeros to start with
    for drop_prob in (0.0, 0.25, 0.7):
        out, fail = attempt(
            name,
            _("With drop_prob = {drop_prob}, your function").format(drop_prob=drop_prob),
            lambda p=drop_prob: fn(x, p),
            forbidden=MASKING_FORBIDDEN,
        )
        if fail is not None:
            return fail
        if not isinstance(out, torch.Tensor) or out.shape != x.shape:
            return CheckResult(
                name,
                WRONG,
                _("On 300 images with drop_prob = {drop_prob}, return a tensor shaped like x {shape}.").format(
                    drop_prob=drop_prob, shape=tuple(x.shape)
                ),
            )
        dropped = out == 0
        if not torch.allclose(out[~dropped], x[~dropped]):
            return CheckResult(
                name,
                WRONG,
                _(
                    "On 300 images with drop_prob = {drop_prob}, some pixels were changed but not set to 0: keep "
                    "the others as they are."
                ).format(drop_prob=drop_prob),
            )
        if drop_prob > 0 and (dropped == dropped[:1]).all():
            return CheckResult(
                name,
                WRONG,
                _(
                    "On 300 images with drop_prob = {drop_prob}, every image lost the same pixels: draw the mask "
                    "independently for every pixel of every image."
                ).format(drop_prob=drop_prob),
            )
        counts = dropped.sum(dim=1)  # (300,) zeroed pixels per image
        if drop_prob > 0 and (counts == counts[0]).all():
            return CheckResult(
                name,
                WRONG,
                _(
                    "On 300 images with drop_prob = {drop_prob}, every image lost exactly {count} pixels: that is "
                    "the fixed-count masking of Vincent et al. (2008). This exercise asks for each pixel to be "
                    "dropped on its own, with probability drop_prob, so that the count varies from image to image."
                ).format(drop_prob=drop_prob, count=int(counts[0])),
            )
        per_pixel = dropped.float().mean(0)  # (64,) how often each pixel position is dropped
        if drop_prob > 0 and (per_pixel - drop_prob).abs().max() > 0.15:
            return CheckResult(
                name,
                WRONG,
                _(
                    "On 300 images with drop_prob = {drop_prob}, some pixel positions are dropped {high:.0%} of "
                    "the time and others {low:.0%}: each pixel must be dropped at random, with probability "
                    "drop_prob, not by position."
                ).format(drop_prob=drop_prob, high=per_pixel.max().item(), low=per_pixel.min().item()),
            )
        rate = dropped.float().mean().item()
        if abs(rate - drop_prob) > 0.02:
            return CheckResult(
                name,
                WRONG,
                _(
                    "On 300 images of 64 pixels with drop_prob = {drop_prob}, {rate:.1%} of the pixels were "
                    "zeroed, expected about {expected:.0%}. Keep a pixel when torch.rand_like(x) >= drop_prob."
                ).format(drop_prob=drop_prob, rate=rate, expected=drop_prob),
            )
    again, fail = attempt(
        name,
        _("Called twice with drop_prob = 0.25, your function"),
        lambda: (fn(x, 0.25), fn(x, 0.25)),
        forbidden=MASKING_FORBIDDEN,
    )
    if fail is not None:
        return fail
    if torch.equal(again[0], again[1]):
        return CheckResult(
            name,
            WRONG,
            _(
                "On the same 300 images, two calls with drop_prob = 0.25 dropped exactly the same pixels: draw a "
                "fresh mask on every call (no fixed seed inside the function)."
            ),
        )
    return CheckResult(
        name, CORRECT, _("The right fraction of pixels is zeroed, at random and afresh, and the rest are untouched.")
    )


def check_optimal_denoiser(fn: Callable) -> CheckResult:
    r"""Notebook 03, derivation: ``fn(x_noisy, mean, var, noise_std)`` = $E[x \mid \tilde x]$ for
    $x \sim N(\text{mean}, \text{var})$ and $\tilde x = x + \epsilon$, $\epsilon \sim N(0, \text{noise\_std}^2)$:
    mean + var / (var + noise_std²) · (x_noisy − mean), elementwise.

    Checked at means, variances and noise levels that the notebook never uses (its noise levels are
    0.1–1.0 in the figures and 0.1, 0.3, 0.6 in training; its pixel variances are about 0.1–0.15), with
    per-pixel tensors for ``mean`` and ``var``, and near both limits (almost no noise, very much noise)."""
    g = torch.Generator().manual_seed(18)
    cases = [
        Case(_("x_noisy = 1, mean = 0, var = 1, noise_std = 2"), (torch.tensor(1.0), 0.0, 1.0, 2.0)),
        Case(
            _("x_noisy = [0.2, 0.9, 1.5], mean = [0.1, 0.5, 0.9], var = [0.01, 0.04, 0.2], noise_std = 0.35"),
            (torch.tensor([0.2, 0.9, 1.5]), torch.tensor([0.1, 0.5, 0.9]), torch.tensor([0.01, 0.04, 0.2]), 0.35),
        ),
        Case(
            _("100 noisy values, mean = -1, var = 4, noise_std = 0.7"),
            (torch.randn(100, generator=g), -1.0, 4.0, 0.7),
        ),
        Case(
            _("x_noisy = 2, mean = 0.5, var = 0.25, noise_std = 0.01 (almost no noise)"),
            (torch.tensor(2.0), 0.5, 0.25, 0.01),
        ),
        Case(
            _("x_noisy = 2, mean = 0.5, var = 0.25, noise_std = 30 (very much noise)"),
            (torch.tensor(2.0), 0.5, 0.25, 30.0),
        ),
    ]

    def reference(x_noisy, mean, var, noise_std):
        return mean + var / (var + noise_std**2) * (x_noisy - mean)

    def identity(got, exp, case):
        if close(got, case.args[0]):
            return _(
                "Returning x̃ ignores the prior: when the signal varies little, the best guess stays near its mean."
            )

    def prior_mean(got, exp, case):
        x_noisy, mean, var, noise_std = case.args
        if close(got, torch.zeros_like(x_noisy) + mean):
            return _("Returning the mean ignores the measurement: x̃ carries information whenever the noise is finite.")

    def std_for_var(got, exp, case):
        x_noisy, mean, var, noise_std = case.args
        if close(got, mean + var / (var + noise_std) * (x_noisy - mean)):
            return _("noise_std is a standard deviation: the formula weighs *variances* against each other.")

    def not_centred(got, exp, case):
        x_noisy, mean, var, noise_std = case.args
        if close(got, var / (var + noise_std**2) * x_noisy):
            return _("Shrink towards the prior mean, not towards 0: shrink x̃ − mean, then add the mean back.")

    def swapped(got, exp, case):
        x_noisy, mean, var, noise_std = case.args
        if close(got, mean + noise_std**2 / (var + noise_std**2) * (x_noisy - mean)):
            return _("Swapped weights: more noise must mean *less* trust in x̃.")

    def ignores(argument: str, index: int):
        def diagnosis(got, exp, case):
            args = list(case.args)
            args[index] = args[index] * 2 + 0.5
            try:
                other = fn(*args)
            except Exception:
                return None
            if other is not None and close(got, other):
                return _(
                    "Your answer does not change when {argument} changes: use the {argument} passed in, not a "
                    "number measured in the notebook."
                ).format(argument=argument)

        return diagnosis

    return run_check(
        _("Derive: the best denoiser of a Gaussian signal"),
        fn,
        cases,
        reference,
        diagnoses=[
            identity,
            prior_mean,
            std_for_var,
            not_centred,
            swapped,
            ignores("noise_std", 3),
            ignores("var", 2),
            ignores("mean", 1),
        ],
        hint=_(
            "x and x̃ are jointly Gaussian, so E[x | x̃] is a straight line in x̃: find it by completing the "
            "square in log p(x) + log p(x̃ | x), or as the least-squares line of x on x̃."
        ),
    )


def check_sparsity_prediction(fn: Callable, zero_fraction: list[float], errors: list[float]) -> CheckResult:
    """Notebook 03, predict then run: what a growing L1 weight λ does. ``zero_fraction`` and ``errors`` are
    the sweep's fraction of code values that are exactly 0 and its test error, in order of increasing λ."""
    sparser = zero_fraction[-1] > zero_fraction[0]
    worse = errors[-1] > errors[0]
    answer = {(True, True): "a", (True, False): "b", (False, True): "c", (False, False): "d"}[(sparser, worse)]
    measured = _(
        "code values equal to 0 {zero_first:.0%} → {zero_last:.0%}, test error {error_first:.2f} → "
        "{error_last:.2f} from the smallest to the largest λ"
    ).format(zero_first=zero_fraction[0], zero_last=zero_fraction[-1], error_first=errors[0], error_last=errors[-1])
    return check_choice(
        _("Predict: a growing sparsity weight"),
        fn,
        answer=answer,
        measured=measured,
        explanations={
            "a": _(
                "The penalty buys zeros with reconstruction quality: fewer non-zero code values carry less about x."
            ),
            "b": _(
                "A small λ can lower the error a little (the penalty then acts as a regulariser), but a large "
                "one leaves too few non-zero numbers to describe x: at the largest λ the error is higher."
            ),
            "c": _(
                "The L1 penalty's gradient λ/2 · sign(z) pushes every code value towards 0, so a larger λ zeroes "
                "*more* of them, not fewer."
            ),
            "d": _("The penalty is part of the loss the encoder minimises: a larger λ changes the codes."),
        },
    )
