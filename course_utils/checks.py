"""Exercise self-checks, in the spirit of Kaggle's learntools.

A check runs the student's function on a few inputs, compares with an independent reference and
answers with a :class:`CheckResult`: ``correct``, ``wrong`` (what differs, on which input, and a
hint aimed at the usual mistake) or ``not attempted`` (the function still raises
``NotImplementedError``, as in the student version). Checks never raise, so a student notebook
runs top to bottom with every exercise open.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import torch
import torch.nn.functional as F

from . import estimators, latent, losses, metrics, models

CORRECT, WRONG, NOT_ATTEMPTED = "correct", "wrong", "not attempted yet"
_ICONS = {CORRECT: "✅", WRONG: "❌", NOT_ATTEMPTED: "⏳"}
_COLOURS = {CORRECT: "#1a7f37", WRONG: "#cf222e", NOT_ATTEMPTED: "#9a6700"}


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check; truthy only when correct. Displays itself in a notebook."""

    exercise: str
    status: str
    message: str

    @property
    def passed(self) -> bool:
        return self.status == CORRECT

    def __bool__(self) -> bool:
        return self.passed

    def __repr__(self) -> str:
        return f"{_ICONS[self.status]} {self.exercise}: {self.status}. {self.message}"

    def _repr_html_(self) -> str:
        colour = _COLOURS[self.status]
        return (
            f'<div style="border-left:4px solid {colour};padding:4px 10px">'
            f"<b style='color:{colour}'>{_ICONS[self.status]} {html.escape(self.exercise)}: "
            f"{self.status}.</b> {html.escape(self.message)}</div>"
        )


@dataclass(frozen=True)
class Case:
    """One input of a check: a description the student can read and the arguments."""

    description: str
    args: tuple


Diagnosis = Callable[[torch.Tensor, torch.Tensor, Case], "str | None"]


def _to_tensor(value) -> torch.Tensor:
    if isinstance(value, tuple):
        return torch.stack([torch.as_tensor(v, dtype=torch.float64) for v in value])
    return torch.as_tensor(value, dtype=torch.float64)


def _fmt(t: torch.Tensor) -> str:
    if t.numel() == 1:
        return f"{t.item():.6g}"
    flat = ", ".join(f"{v:.4g}" for v in t.flatten()[:4].tolist())
    return f"tensor of shape {tuple(t.shape)} starting [{flat}{', …' if t.numel() > 4 else ''}]"


def run_check(
    exercise: str,
    fn: Callable,
    cases: Sequence[Case],
    reference: Callable,
    *,
    diagnoses: Sequence[Diagnosis] = (),
    hint: str = "",
    rtol: float = 1e-4,
    atol: float = 1e-6,
) -> CheckResult:
    """Compare ``fn(*case.args)`` with ``reference(*case.args)`` on every case.

    ``diagnoses`` are called on a mismatch, ``(got, expected, case) -> message or None``; the first
    message found explains the likely mistake, otherwise ``hint`` is shown.
    """
    for case in cases:
        expected = _to_tensor(reference(*case.args))
        try:
            got = fn(*case.args)
        except NotImplementedError:
            return CheckResult(
                exercise,
                NOT_ATTEMPTED,
                "Replace the `raise NotImplementedError` with your code, then run this cell again.",
            )
        except Exception as error:  # the student's code failed: say where, not a traceback
            return CheckResult(
                exercise,
                WRONG,
                f"On {case.description}, your function raised {type(error).__name__}: {error}",
            )
        if got is None:
            return CheckResult(
                exercise,
                WRONG,
                f"On {case.description}, your function returned None: did you forget `return`?",
            )
        try:
            got = _to_tensor(got).detach()
        except Exception:
            return CheckResult(
                exercise,
                WRONG,
                f"On {case.description}, expected a number or tensor, got {type(got).__name__}.",
            )
        if got.shape != expected.shape:
            why = next((m for d in diagnoses if (m := d(got, expected, case))), hint)
            return CheckResult(
                exercise,
                WRONG,
                f"On {case.description}, expected shape {tuple(expected.shape)}, got {tuple(got.shape)}. {why}".strip(),
            )
        if not torch.allclose(got, expected, rtol=rtol, atol=atol, equal_nan=False):
            why = next((m for d in diagnoses if (m := d(got, expected, case))), hint)
            return CheckResult(
                exercise,
                WRONG,
                f"On {case.description}, expected {_fmt(expected)}, got {_fmt(got)}. {why}".strip(),
            )
    return CheckResult(exercise, CORRECT, f"Matches the reference on all {len(cases)} test inputs.")


def _close(a: torch.Tensor, b: torch.Tensor) -> bool:
    a, b = _to_tensor(a), _to_tensor(b)
    return a.shape == b.shape and bool(torch.allclose(a, b, rtol=1e-4, atol=1e-6))


# ----------------------------------------------------------------------------- notebook 01


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
        if _close(got, exp / n):
            return "That is the *mean* over the points; the log-likelihood is their *sum*."

    def sign(got, exp, case):
        if _close(got, -exp):
            return "Wrong sign: that is the *negative* log-likelihood."

    def variance(got, exp, case):
        x, mu, sigma = case.args
        if _close(got, reference(x, mu, sigma**0.5)):
            return "You used sigma where sigma^2 belongs (or the reverse): the exponent is -(x-mu)^2 / (2 sigma^2)."

    def normaliser(got, exp, case):
        x, mu, sigma = case.args
        quad = -0.5 * ((x - mu) / sigma).pow(2).sum()
        if _close(got, quad):
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
        if _close(got, -exp):
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
        if lam > 0 and _close(got, estimators.least_squares(X, y)):
            return "That is plain least squares: the prior adds lam * I to X^T X."

    def factor_two(got, exp, case):
        X, y, lam = case.args
        for wrong in (2 * lam, lam / 2):
            if lam > 0 and _close(got, estimators.ridge(X, y, wrong)):
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


def _attempt(exercise: str, description: str, thunk: Callable):
    """Run ``thunk``; return ``(value, None)`` or ``(None, CheckResult)`` for a stub or a crash."""
    try:
        value = thunk()
    except NotImplementedError:
        return None, CheckResult(
            exercise,
            NOT_ATTEMPTED,
            "Replace the `raise NotImplementedError` with your code, then run this cell again.",
        )
    except Exception as error:
        return None, CheckResult(exercise, WRONG, f"{description} raised {type(error).__name__}: {error}")
    if value is None:
        return None, CheckResult(exercise, WRONG, f"{description} returned None: did you forget `return`?")
    return value, None


# ----------------------------------------------------------------------------- notebook 02


def check_autoencoder_class(cls: Callable) -> CheckResult:
    """Notebook 02, exercise 1: ``cls(input_dim, latent_dim, hidden_dim)`` with ``encode``/``decode``/``forward``.

    Expected architecture: E = Linear(input, hidden) → ReLU → Linear(hidden, latent);
    D = Linear(latent, hidden) → ReLU → Linear(hidden, input) → sigmoid.
    """
    name = "Exercise 1 (an autoencoder from scratch)"
    n, d, h = 64, 3, 32
    model, fail = _attempt(name, f"{cls.__name__}(input_dim={n}, latent_dim={d}, hidden_dim={h})", lambda: cls(n, d, h))
    if fail is not None:
        return fail
    x = torch.rand(5, n, generator=torch.Generator().manual_seed(0))
    z, fail = _attempt(name, "encode(x) on a batch of 5 images", lambda: model.encode(x))
    if fail is not None:
        return fail
    if not isinstance(z, torch.Tensor) or z.shape != (5, d):
        got = tuple(z.shape) if isinstance(z, torch.Tensor) else type(z).__name__
        return CheckResult(
            name,
            WRONG,
            f"On a batch of 5 images with latent_dim={d}, encode returned {got}, expected (5, {d}).",
        )
    x_hat, fail = _attempt(name, "decode(z)", lambda: model.decode(z))
    if fail is not None:
        return fail
    if not isinstance(x_hat, torch.Tensor) or x_hat.shape != (5, n):
        got = tuple(x_hat.shape) if isinstance(x_hat, torch.Tensor) else type(x_hat).__name__
        return CheckResult(name, WRONG, f"On codes of shape (5, {d}), decode returned {got}, expected (5, {n}).")
    if x_hat.min() < 0 or x_hat.max() > 1:
        return CheckResult(
            name,
            WRONG,
            f"On a batch of 5 images, decode gave values in [{x_hat.min():.2f}, {x_hat.max():.2f}]; pixels lie in "
            "[0, 1]: end the decoder with torch.sigmoid.",
        )
    out, fail = _attempt(name, "model(x)", lambda: model(x))
    if fail is not None:
        return fail
    if not isinstance(out, torch.Tensor) or not torch.allclose(out, model.decode(model.encode(x))):
        return CheckResult(
            name,
            WRONG,
            "On a batch of 5 images, forward(x) differs from decode(encode(x)): x̂ = D(E(x)).",
        )
    expected = (n * h + h) + (h * d + d) + (d * h + h) + (h * n + n)
    count = sum(p.numel() for p in model.parameters())
    if count != expected:
        return CheckResult(
            name,
            WRONG,
            f"On input_dim={n}, latent_dim={d}, hidden_dim={h} the model has {count} parameters, expected {expected}: "
            "one hidden layer of hidden_dim units in the encoder and one in the decoder (Linear layers with bias).",
        )
    with torch.no_grad():  # an affine encoder has equal steps: E(2x) − E(x) = E(x) − E(0)
        steps = model.encode(2 * x) - model.encode(x), model.encode(x) - model.encode(0 * x)
    if torch.allclose(*steps, atol=1e-6):
        return CheckResult(
            name,
            WRONG,
            "On a batch of 5 images, E(2x) − E(x) = E(x) − E(0): the encoder is linear in x. "
            "Put a nonlinearity (e.g. nn.ReLU) after the hidden layer.",
        )
    return CheckResult(name, CORRECT, "Shapes, the pixel range, x̂ = D(E(x)) and the parameter count are all right.")


def _pca_reconstruct(x_train, x, num_components):
    mean = x_train.mean(dim=0)  # (D,)
    _, _, vh = torch.linalg.svd(x_train - mean, full_matrices=False)
    components = vh[:num_components]  # (d, D)
    return (x - mean) @ components.T @ components + mean  # (n, D)


def check_pca_reconstruction(fn: Callable) -> CheckResult:
    """Notebook 02, exercise 2: ``fn(x_train, x, num_components)`` projects x on the top principal components."""
    g = torch.Generator().manual_seed(4)
    basis = torch.randn(5, 12, generator=g, dtype=torch.float64)
    x_train = torch.randn(80, 5, generator=g, dtype=torch.float64) @ basis + 3.0  # offset: centring matters
    x = torch.randn(10, 5, generator=g, dtype=torch.float64) @ basis + 3.0
    cases = [
        Case("80 training points in 12-D, 10 new points, num_components = 2", (x_train, x, 2)),
        Case("the same data with num_components = 5", (x_train, x, 5)),
    ]

    def uncentred(got, exp, case):
        x_train, x, k = case.args
        _, _, vh = torch.linalg.svd(x_train, full_matrices=False)
        if _close(got, x @ vh[:k].T @ vh[:k]):
            return "Centre first: PCA projects x − mean onto the components of the centred training data."

    def mean_not_added(got, exp, case):
        x_train, x, k = case.args
        if _close(got, exp - x_train.mean(dim=0)):
            return "Add the mean back after projecting: x̂ = mean + (x − mean) V_dᵀ V_d."

    def wrong_rows(got, exp, case):
        x_train, x, k = case.args
        _, _, vh = torch.linalg.svd(x_train - x_train.mean(0), full_matrices=False)
        if _close(got, (x - x_train.mean(0)) @ vh[-k:].T @ vh[-k:] + x_train.mean(0)):
            return (
                "You kept the *last* components; the principal ones are the first rows of Vᵀ (largest singular values)."
            )

    return run_check(
        "Exercise 2 (PCA reconstruction)",
        fn,
        cases,
        _pca_reconstruct,
        diagnoses=[uncentred, mean_not_added, wrong_rows],
        hint="Centre with the training mean, take the top rows of Vᵀ from torch.linalg.svd, project, add the mean back.",
    )


def check_interpolate(fn: Callable) -> CheckResult:
    """Notebook 02, exercise 3: ``fn(z_start, z_end, num_steps)`` = points on the segment, endpoints included."""
    cases = [
        Case(
            "z_start = [0, 0], z_end = [1, 2], num_steps = 3",
            (torch.tensor([0.0, 0.0]), torch.tensor([1.0, 2.0]), 3),
        ),
        Case(
            "3-D codes with num_steps = 7",
            (torch.tensor([1.0, -1.0, 0.5]), torch.tensor([-2.0, 3.0, 0.5]), 7),
        ),
    ]

    def endpoints(got, exp, case):
        if got.shape == exp.shape and not (_close(got[0], exp[0]) and _close(got[-1], exp[-1])):
            return "The first row must be z_start and the last z_end (torch.linspace(0, 1, num_steps) includes both)."

    return run_check(
        "Exercise 3 (linear interpolation in latent space)",
        fn,
        cases,
        latent.lerp,
        diagnoses=[endpoints],
        hint="Return (1 − t) z_start + t z_end for t in linspace(0, 1, num_steps), shape (num_steps, latent_dim).",
    )


# ----------------------------------------------------------------------------- notebook 03


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
    value, fail = _attempt(name, "With a model that outputs 0.5 everywhere, your loss", lambda: fn(constant, x, 0.3))
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
    value, fail = _attempt(name, "With the identity model, your loss", lambda: fn(identity, x, 0.3))
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
    value, fail = _attempt(name, "With noise_std = 0 and the identity model, your loss", lambda: fn(identity, x, 0.0))
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
        if _close(got, reference(x_hat, x, z, 2 * lam)):
            return "The lecture's penalty is λ/2 Σ|z_i|: you left out the 1/2."

    def no_abs(got, exp, case):
        x_hat, x, z, lam = case.args
        if _close(got, ((x - x_hat).pow(2).sum(1) + 0.5 * lam * z.sum(1)).mean()):
            return "Take the absolute value |z_i|: negative codes must cost too."

    def squared(got, exp, case):
        x_hat, x, z, lam = case.args
        if _close(got, ((x - x_hat).pow(2).sum(1) + 0.5 * lam * z.pow(2).sum(1)).mean()):
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
        out, fail = _attempt(name, f"With drop_prob = {drop_prob}, your function", lambda p=drop_prob: fn(x, p))
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


# ----------------------------------------------------------------------------- notebook 04


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
        if _close(got, reference(mu, 2 * logvar)):
            return "exp(logvar) is the variance σ², not σ: σ = exp(logvar / 2)."

    def no_half(got, exp, case):
        if _close(got, 2 * exp):
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
    z, fail = _attempt(name, "On mu = 1.5, sigma = 0.5 (20,000 × 2), your function", lambda: fn(mu, logvar))
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
        if _close(got, rec - losses.kl_to_standard_normal(mu, logvar).mean()):
            return "The KL is *added*: the negative ELBO is reconstruction NLL + KL."
        if _close(got, rec):
            return "The KL term is missing."

    def mean_pixels(got, exp, case):
        x_logits, x, mu, logvar = case.args
        bce_mean = F.binary_cross_entropy_with_logits(x_logits, x)
        if _close(got, bce_mean + losses.kl_to_standard_normal(mu, logvar).mean()):
            return "F.binary_cross_entropy_with_logits averages over pixels by default: sum over pixels per image."

    return run_check(
        "Exercise 3 (the VAE loss)",
        fn,
        cases,
        reference,
        diagnoses=[kl_sign, mean_pixels],
        hint="Per image: BCE from logits summed over pixels + KL summed over latent dims; then the batch mean.",
    )


# ----------------------------------------------------------------------------- notebook 05


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
        if _close(got, torch.distributions.Normal(0.0, w + s).log_prob(x)):
            return "Variances add, standard deviations do not: Var(x) = w² + s²."

    def likelihood_only(got, exp, case):
        x, w, s = case.args
        if _close(got, torch.distributions.Normal(0.0, s).log_prob(x)):
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
        if _close(got, exp + math.log(case.args[0].shape[0])):
            return "Divide by K: subtract log K after the logsumexp."

    def mean_of_logs(got, exp, case):
        if _close(got, case.args[0].mean(dim=0)):
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
        if _close(got, int((mu.pow(2).mean(0) > threshold).sum())):
            return "Use the variance across examples, not the mean square: an offset is not activity."

    def std_not_var(got, exp, case):
        mu, threshold = case.args
        if _close(got, int((mu.std(0) > threshold).sum())):
            return "Compare the *variance* (mu.var(dim=0)) with the threshold, not the standard deviation."

    def wrong_axis(got, exp, case):
        mu, threshold = case.args
        if _close(got, int((mu.var(1) > threshold).sum())):
            return "Take the variance over examples (dim=0), one value per latent dimension."

    return run_check(
        "Exercise 3 (counting active units)",
        fn,
        cases,
        reference,
        diagnoses=[second_moment, std_not_var, wrong_axis],
        hint="Count the latent dimensions j with Var over examples of mu[:, j] above the threshold; return an int.",
    )


# ----------------------------------------------------------------------------- notebook 06


def check_slerp(fn: Callable) -> CheckResult:
    """Notebook 06, exercise 1: ``fn(z_start, z_end, num_steps)`` = spherical interpolation, endpoints included."""
    cases = [
        Case(
            "z_start = [1, 0], z_end = [0, 1], num_steps = 5",
            (torch.tensor([1.0, 0.0]), torch.tensor([0.0, 1.0]), 5),
        ),
        Case(
            "z_start = [2, 0, 0], z_end = [0, 0, 4], num_steps = 3",
            (torch.tensor([2.0, 0.0, 0.0]), torch.tensor([0.0, 0.0, 4.0]), 3),
        ),
        Case(
            "two random 8-D codes, num_steps = 6",
            tuple(torch.randn(2, 8, generator=torch.Generator().manual_seed(12))) + (6,),
        ),
    ]

    def is_lerp(got, exp, case):
        if _close(got, latent.lerp(*case.args)):
            return "That is linear interpolation: slerp follows the arc, with weights sin((1 − t)Ω)/sin Ω and sin(tΩ)/sin Ω."

    def normalised(got, exp, case):
        a, b, n = case.args
        if _close(got, latent.slerp(a / a.norm(), b / b.norm(), n)):
            return (
                "Use the unit vectors only to find the angle Ω; interpolate the original codes, not the unit vectors."
            )

    return run_check(
        "Exercise 1 (spherical interpolation)",
        fn,
        cases,
        latent.slerp,
        diagnoses=[is_lerp, normalised],
        hint="Ω = arccos(ẑ_start · ẑ_end); z(t) = [sin((1 − t)Ω) z_start + sin(tΩ) z_end] / sin Ω for t in linspace(0, 1, num_steps).",
    )


def _auc_reference(scores: torch.Tensor, is_anomaly: torch.Tensor) -> torch.Tensor:
    from sklearn.metrics import roc_auc_score

    return torch.tensor(roc_auc_score(is_anomaly.numpy(), scores.numpy()), dtype=torch.float64)


def check_roc_auc(fn: Callable) -> CheckResult:
    """Notebook 06, exercise 2: ``fn(scores, is_anomaly)`` = ROC AUC = P(score of an anomaly > score of a normal)."""
    g = torch.Generator().manual_seed(13)
    labels = (torch.rand(200, generator=g) < 0.3).long()
    cases = [
        Case(
            "scores [0.1, 0.4, 0.35, 0.8] with anomalies [0, 0, 1, 1]",
            (torch.tensor([0.1, 0.4, 0.35, 0.8]), torch.tensor([0, 0, 1, 1])),
        ),
        Case("200 noisy scores", (torch.randn(200, generator=g) + 1.5 * labels, labels)),
        Case(
            "tied scores [1, 1, 2, 2] with anomalies [0, 1, 0, 1]",
            (torch.tensor([1.0, 1.0, 2.0, 2.0]), torch.tensor([0, 1, 0, 1])),
        ),
    ]

    def flipped(got, exp, case):
        if _close(got, 1 - exp):
            return "Flipped: that is P(normal scores higher). An anomaly should have the *higher* score."

    def ties(got, exp, case):
        scores, is_anomaly = case.args
        if len(scores.unique()) < len(scores):
            return "Ties count one half: P(s_anomaly > s_normal) + ½ P(s_anomaly = s_normal)."

    return run_check(
        "Exercise 2 (ROC AUC)",
        fn,
        cases,
        _auc_reference,
        diagnoses=[flipped, ties],
        hint="Compare every (anomaly, normal) pair: the AUC is the fraction where the anomaly scores higher, ties counting ½.",
    )


def check_reconstruction_score(fn: Callable) -> CheckResult:
    """Notebook 06, exercise 3: ``fn(model, x)`` = ‖x − sigmoid(decode(mu))‖² per image, with mu from encode(x)."""
    with torch.random.fork_rng():  # leave the notebook's random stream untouched
        torch.manual_seed(14)
        model = models.VAE(16, 2, hidden_dims=(8,))
    x = torch.rand(6, 16, generator=torch.Generator().manual_seed(15))
    cases = [Case("a small VAE (16 pixels, 2-D latent) on 6 images", (model, x))]

    def reference(model, x):
        with torch.no_grad():
            mu, _ = model.encode(x)
            return (x - torch.sigmoid(model.decode(mu))).pow(2).sum(dim=1)

    def logits(got, exp, case):
        model, x = case.args
        with torch.no_grad():
            if _close(got, (x - model.decode(model.encode(x)[0])).pow(2).sum(1)):
                return "decode returns logits: apply torch.sigmoid to get pixel means."

    def sampled(got, exp, case):
        model, x = case.args
        with torch.random.fork_rng():
            again = fn(model, x)
        if not _close(got, again):
            return "The score changes between calls: decode the mean mu, not a random sample z."

    return run_check(
        "Exercise 3 (reconstruction-error score)",
        fn,
        cases,
        reference,
        diagnoses=[logits, sampled],
        hint="mu, _ = model.encode(x); x_hat = torch.sigmoid(model.decode(mu)); sum (x − x_hat)² over pixels.",
    )
