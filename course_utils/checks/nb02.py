"""Self-checks of notebook 02's exercises (re-exported by :mod:`course_utils.checks`)."""

from __future__ import annotations

from collections.abc import Callable

import torch

from .. import latent
from .core import CORRECT, WRONG, Case, CheckResult, attempt, check_choice, close, run_check


def check_autoencoder_class(cls: Callable) -> CheckResult:
    """Notebook 02: ``cls(input_dim, latent_dim, hidden_dim)`` with ``encode``/``decode``/``forward``.

    Expected architecture: E = Linear(input, hidden) → ReLU → Linear(hidden, latent);
    D = Linear(latent, hidden) → ReLU → Linear(hidden, input) → sigmoid.
    """
    name = "An autoencoder from scratch"
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
    with torch.no_grad():  # the same test on the decoder, before its sigmoid
        z = model.encode(x)
        pre = [torch.logit(model.decode(c * z).double(), eps=1e-12) for c in (0.0, 1.0, 2.0)]
    if torch.allclose(pre[2] - pre[1], pre[1] - pre[0], atol=1e-4):
        return CheckResult(
            name,
            WRONG,
            "On a batch of 5 codes, the decoder's logits satisfy D(2z) − D(z) = D(z) − D(0): the decoder is linear "
            "before its sigmoid. It needs a nonlinearity after its hidden layer too.",
        )
    return CheckResult(
        name,
        CORRECT,
        "Shapes, the pixel range, x̂ = D(E(x)), the parameter count and a nonlinearity in both halves are all right.",
    )


def _pca_reconstruct(x_train, x, num_components):
    mean = x_train.mean(dim=0)  # (D,)
    _, _, vh = torch.linalg.svd(x_train - mean, full_matrices=False)
    components = vh[:num_components]  # (d, D)
    return (x - mean) @ components.T @ components + mean  # (n, D)


def check_pca_reconstruction(fn: Callable) -> CheckResult:
    """Notebook 02: ``fn(x_train, x, num_components)`` projects x on the top principal components."""
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

    def own_mean(got, exp, case):
        x_train, x, k = case.args
        _, _, vh = torch.linalg.svd(x_train - x_train.mean(0), full_matrices=False)
        if close(got, (x - x.mean(0)) @ vh[:k].T @ vh[:k] + x.mean(0)):
            return "Centre new points with the *training* mean: PCA is fitted once, then applied to any x."

    def wrong_rows(got, exp, case):
        x_train, x, k = case.args
        _, _, vh = torch.linalg.svd(x_train - x_train.mean(0), full_matrices=False)
        if close(got, (x - x_train.mean(0)) @ vh[-k:].T @ vh[-k:] + x_train.mean(0)):
            return (
                "You kept the *last* components; the principal ones are the first rows of Vᵀ (largest singular values)."
            )

    return run_check(
        "PCA reconstruction",
        fn,
        cases,
        _pca_reconstruct,
        diagnoses=[uncentred, mean_not_added, own_mean, wrong_rows],
        hint="PCA describes the *centred* training data: express x relative to the training mean in the leading "
        "principal directions, then return to pixel space.",
    )


def check_interpolate(fn: Callable) -> CheckResult:
    """Notebook 02: ``fn(z_start, z_end, num_steps)`` = points on the segment, endpoints included."""
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
        "Linear interpolation in latent space",
        fn,
        cases,
        latent.lerp,
        diagnoses=[endpoints],
        hint="One row per step t, from 0 to 1 with both ends included; each row a weighted average of the two "
        "endpoints. Shape (num_steps, latent_dim).",
    )


def check_pca_error_formula(fn: Callable) -> CheckResult:
    """Notebook 02, derivation: ``fn(eigenvalues, num_components)`` = the mean over examples of ‖x − x̂‖² of PCA
    with ``num_components`` components, from the covariance eigenvalues (descending, covariance with 1/n).
    The reference reconstructs the data with PCA and measures the error: no formula is assumed."""
    g = torch.Generator().manual_seed(17)
    x = torch.randn(300, 6, generator=g, dtype=torch.float64) @ torch.randn(6, 6, generator=g, dtype=torch.float64)
    centred = x - x.mean(0)
    eigenvalues = torch.linalg.eigvalsh(centred.T @ centred / len(x)).flip(0)  # (6,) descending
    cases = [
        Case(f"300 points in 6-D, eigenvalues {_fmt_list(eigenvalues)}, num_components = {k}", (eigenvalues, k))
        for k in (2, 4)
    ]

    def reference(eigenvalues, k):
        return (x - _pca_reconstruct(x, x, k)).pow(2).sum(1).mean()

    def kept(got, exp, case):
        eigenvalues, k = case.args
        if close(got, eigenvalues[:k].sum()):
            return "That is the variance PCA *keeps*; the error is the variance it throws away."

    def averaged(got, exp, case):
        eigenvalues, k = case.args
        if close(got, eigenvalues[k:].mean()) or close(got, exp / len(eigenvalues)):
            return "The squared error is summed over pixels: add the discarded variances, do not average them."

    def std(got, exp, case):
        eigenvalues, k = case.args
        if close(got, eigenvalues[k:].sqrt().sum()):
            return "Eigenvalues of the covariance are already variances (squared lengths): no square root."

    def first_dropped(got, exp, case):
        eigenvalues, k = case.args
        if close(got, eigenvalues[k]):
            return "Every discarded direction contributes, not only the first one."

    return run_check(
        "Derive: the PCA error from the spectrum",
        fn,
        cases,
        reference,
        diagnoses=[kept, averaged, std, first_dropped],
        hint="Write x − x̂ in the eigenvector basis: which coordinates does PCA set to zero, and what is the "
        "average square of each?",
    )


def _fmt_list(t: torch.Tensor) -> str:
    return "[" + ", ".join(f"{v:.2f}" for v in t.tolist()) + "]"


def check_linear_ae_prediction(fn: Callable, subspace_angle: float, component_angle: float) -> CheckResult:
    """Notebook 02, predict then run: what a linear autoencoder's decoder learns. ``subspace_angle`` is the
    largest principal angle (degrees) between its columns' span and the top principal components' span;
    ``component_angle`` the largest angle between a decoder column and its closest principal component."""
    same_span = subspace_angle < 5
    answer = ("a" if component_angle < 5 else "b") if same_span else "c"
    measured = (
        f"the decoder's columns span the principal subspace to within {subspace_angle:.1f}°, while a column lies "
        f"up to {component_angle:.0f}° from the nearest principal component"
    )
    return check_choice(
        "Predict: what a linear autoencoder learns",
        fn,
        answer=answer,
        measured=measured,
        explanations={
            "a": "The loss only sees x̂ = W_dec W_enc x: any invertible A gives the same x̂ with W_dec A and "
            "A⁻¹ W_enc, so nothing makes the columns orthonormal or ordered like principal components.",
            "b": "Only the subspace is pinned down: x̂ = W_dec W_enc x is unchanged by W_dec → W_dec A, "
            "W_enc → A⁻¹ W_enc (Baldi & Hornik 1989).",
            "c": "Squared error on a linear model is minimised by the orthogonal projection onto the top-d "
            "principal subspace, so gradient descent that converges finds that subspace.",
        },
    )
