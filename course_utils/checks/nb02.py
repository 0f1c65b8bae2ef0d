"""Self-checks of notebook 02's exercises (re-exported by :mod:`course_utils.checks`)."""

from __future__ import annotations

from collections.abc import Callable

import torch

from .. import latent
from .core import CORRECT, WRONG, Case, CheckResult, attempt, close, run_check


def check_autoencoder_class(cls: Callable) -> CheckResult:
    """Notebook 02, exercise 1: ``cls(input_dim, latent_dim, hidden_dim)`` with ``encode``/``decode``/``forward``.

    Expected architecture: E = Linear(input, hidden) → ReLU → Linear(hidden, latent);
    D = Linear(latent, hidden) → ReLU → Linear(hidden, input) → sigmoid.
    """
    name = "Exercise 1 (an autoencoder from scratch)"
    n, d, h = 64, 3, 32
    model, fail = attempt(name, f"{cls.__name__}(input_dim={n}, latent_dim={d}, hidden_dim={h})", lambda: cls(n, d, h))
    if fail is not None:
        return fail
    x = torch.rand(5, n, generator=torch.Generator().manual_seed(0))
    z, fail = attempt(name, "encode(x) on a batch of 5 images", lambda: model.encode(x))
    if fail is not None:
        return fail
    if not isinstance(z, torch.Tensor) or z.shape != (5, d):
        got = tuple(z.shape) if isinstance(z, torch.Tensor) else type(z).__name__
        return CheckResult(
            name,
            WRONG,
            f"On a batch of 5 images with latent_dim={d}, encode returned {got}, expected (5, {d}).",
        )
    x_hat, fail = attempt(name, "decode(z)", lambda: model.decode(z))
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
    out, fail = attempt(name, "model(x)", lambda: model(x))
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
        if close(got, x @ vh[:k].T @ vh[:k]):
            return "Centre first: PCA projects x − mean onto the components of the centred training data."

    def mean_not_added(got, exp, case):
        x_train, x, k = case.args
        if close(got, exp - x_train.mean(dim=0)):
            return "Add the mean back after projecting: x̂ = mean + (x − mean) V_dᵀ V_d."

    def wrong_rows(got, exp, case):
        x_train, x, k = case.args
        _, _, vh = torch.linalg.svd(x_train - x_train.mean(0), full_matrices=False)
        if close(got, (x - x_train.mean(0)) @ vh[-k:].T @ vh[-k:] + x_train.mean(0)):
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
        if got.shape == exp.shape and not (close(got[0], exp[0]) and close(got[-1], exp[-1])):
            return "The first row must be z_start and the last z_end (torch.linspace(0, 1, num_steps) includes both)."

    return run_check(
        "Exercise 3 (linear interpolation in latent space)",
        fn,
        cases,
        latent.lerp,
        diagnoses=[endpoints],
        hint="Return (1 − t) z_start + t z_end for t in linspace(0, 1, num_steps), shape (num_steps, latent_dim).",
    )
