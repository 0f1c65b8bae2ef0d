"""Self-checks of notebook 02's exercises (re-exported by :mod:`course_utils.checks`)."""

from __future__ import annotations

from collections.abc import Callable

import torch

from .. import latent, models
from ..i18n import _
from .core import (
    CORRECT,
    WRONG,
    Case,
    CheckResult,
    attempt,
    check_choice,
    close,
    key_verdict,
    run_check,
    same_elsewhere,
)

SAME_DIRECTION_DEGREES = 8.0
"""Two subspaces (or two directions) within this many degrees count as the same in notebook 02: the
largest principal angle of a converged linear autoencoder stays below it (asserted in the notebook)."""

# Exercise 1 builds its layers with torch.nn: the course's autoencoder, and its mlp helper (mlp([n, h, d])
# is the whole Linear -> ReLU -> Linear encoder the exercise asks for), are the answer key.
_AUTOENCODER_KEY = (
    models.Autoencoder,
    models.Autoencoder.encode,
    models.Autoencoder.decode,
    models.Autoencoder.forward,
    models.mlp,
)


def check_autoencoder_class(cls: Callable) -> CheckResult:
    """Notebook 02: ``cls(input_dim, latent_dim, hidden_dim)`` with ``encode``/``decode``/``forward``.

    Expected architecture: E = Linear(input, hidden) → ReLU → Linear(hidden, latent);
    D = Linear(latent, hidden) → ReLU → Linear(hidden, input) → sigmoid. A class that subclasses or
    calls ``models.Autoencoder``, or builds its layers with ``models.mlp``, is rejected.
    """
    name = _("An autoencoder from scratch")
    n, d, h = 64, 3, 32
    if isinstance(cls, type) and issubclass(cls, models.Autoencoder):
        return CheckResult(
            name,
            WRONG,
            _(
                "On the class itself: {cls} subclasses the course's `models.Autoencoder`, which is what this "
                "exercise asks you to write: derive it from nn.Module and build its layers with torch.nn."
            ).format(cls=cls.__name__),
        )
    built = _("{cls}(input_dim={n}, latent_dim={d}, hidden_dim={h})").format(cls=cls.__name__, n=n, d=d, h=h)
    x = torch.rand(5, n, generator=torch.Generator().manual_seed(0))

    def use(model):
        return model(x), model.decode(model.encode(x))

    verdict = key_verdict(name, built, lambda: use(cls(n, d, h)), _AUTOENCODER_KEY)
    if verdict is not None:
        return verdict
    model, fail = attempt(name, built, lambda: cls(n, d, h), forbidden=_AUTOENCODER_KEY)
    if fail is not None:
        return fail
    z, fail = attempt(name, _("encode(x) on a batch of 5 images"), lambda: model.encode(x), forbidden=_AUTOENCODER_KEY)
    if fail is not None:
        return fail
    if not isinstance(z, torch.Tensor) or z.shape != (5, d):
        got = tuple(z.shape) if isinstance(z, torch.Tensor) else type(z).__name__
        return CheckResult(
            name,
            WRONG,
            _("On a batch of 5 images with latent_dim={d}, encode returned {got}, expected (5, {d}).").format(
                d=d, got=got
            ),
        )
    x_hat, fail = attempt(name, _("decode(z)"), lambda: model.decode(z), forbidden=_AUTOENCODER_KEY)
    if fail is not None:
        return fail
    if not isinstance(x_hat, torch.Tensor) or x_hat.shape != (5, n):
        got = tuple(x_hat.shape) if isinstance(x_hat, torch.Tensor) else type(x_hat).__name__
        return CheckResult(
            name,
            WRONG,
            _("On codes of shape (5, {d}), decode returned {got}, expected (5, {n}).").format(d=d, got=got, n=n),
        )
    if x_hat.min() < 0 or x_hat.max() > 1:
        return CheckResult(
            name,
            WRONG,
            _(
                "On a batch of 5 images, decode gave values in [{low:.2f}, {high:.2f}]; pixels lie in [0, 1]: "
                "end the decoder with torch.sigmoid."
            ).format(low=float(x_hat.detach().min()), high=float(x_hat.detach().max())),
        )
    out, fail = attempt(name, _("model(x)"), lambda: model(x), forbidden=_AUTOENCODER_KEY)
    if fail is not None:
        return fail
    if not isinstance(out, torch.Tensor) or not torch.allclose(out, model.decode(model.encode(x))):
        return CheckResult(
            name,
            WRONG,
            _("On a batch of 5 images, forward(x) differs from decode(encode(x)): x̂ = D(E(x))."),
        )
    expected = (n * h + h) + (h * d + d) + (d * h + h) + (h * n + n)
    count = sum(p.numel() for p in model.parameters())
    if count != expected:
        return CheckResult(
            name,
            WRONG,
            _(
                "On input_dim={n}, latent_dim={d}, hidden_dim={h} the model has {count} parameters, expected "
                "{expected}: one hidden layer of hidden_dim units in the encoder and one in the decoder (Linear "
                "layers with bias)."
            ).format(n=n, d=d, h=h, count=count, expected=expected),
        )
    with torch.no_grad():  # an affine encoder has equal steps: E(2x) − E(x) = E(x) − E(0)
        steps = model.encode(2 * x) - model.encode(x), model.encode(x) - model.encode(0 * x)
    if torch.allclose(*steps, atol=1e-6):
        return CheckResult(
            name,
            WRONG,
            _(
                "On a batch of 5 images, E(2x) − E(x) = E(x) − E(0): the encoder is linear in x. "
                "Put a nonlinearity (e.g. nn.ReLU) after the hidden layer."
            ),
        )
    with torch.no_grad():  # the same test on the decoder, before its sigmoid
        z = model.encode(x)
        pre = [torch.logit(model.decode(c * z).double(), eps=1e-12) for c in (0.0, 1.0, 2.0)]
    if torch.allclose(pre[2] - pre[1], pre[1] - pre[0], atol=1e-4):
        return CheckResult(
            name,
            WRONG,
            _(
                "On a batch of 5 codes, the decoder's logits satisfy D(2z) − D(z) = D(z) − D(0): the decoder is "
                "linear before its sigmoid. It needs a nonlinearity after its hidden layer too."
            ),
        )
    return CheckResult(
        name,
        CORRECT,
        _("Shapes, the pixel range, x̂ = D(E(x)), the parameter count and a nonlinearity in both halves are all right."),
    )


def _pca_reconstruct(x_train, x, num_components):
    mean = x_train.mean(dim=0)  # (D,)
    _u, _s, vh = torch.linalg.svd(x_train - mean, full_matrices=False)
    components = vh[:num_components]  # (d, D)
    return (x - mean) @ components.T @ components + mean  # (n, D)


def check_pca_reconstruction(fn: Callable) -> CheckResult:
    """Notebook 02: ``fn(x_train, x, num_components)`` projects x on the top principal components
    (scikit-learn's ``PCA`` is a valid answer too)."""
    g = torch.Generator().manual_seed(4)
    basis = torch.randn(5, 12, generator=g, dtype=torch.float64)
    x_train = torch.randn(80, 5, generator=g, dtype=torch.float64) @ basis + 3.0  # offset: centring matters
    x = torch.randn(10, 5, generator=g, dtype=torch.float64) @ basis + 3.0
    cases = [
        Case(_("80 training points in 12-D, 10 new points, num_components = 2"), (x_train, x, 2)),
        Case(_("the same data with num_components = 5"), (x_train, x, 5)),
    ]

    def uncentred(got, exp, case):
        x_train, x, k = case.args
        _u, _s, vh = torch.linalg.svd(x_train, full_matrices=False)
        if close(got, x @ vh[:k].T @ vh[:k]):
            return _("Centre first: PCA projects x − mean onto the components of the centred training data.")

    def mean_not_added(got, exp, case):
        x_train, x, k = case.args
        if close(got, exp - x_train.mean(dim=0)):
            return _("Add the mean back after projecting: x̂ = mean + (x − mean) V_dᵀ V_d.")

    def own_mean(got, exp, case):
        x_train, x, k = case.args
        _u, _s, vh = torch.linalg.svd(x_train - x_train.mean(0), full_matrices=False)
        if close(got, (x - x.mean(0)) @ vh[:k].T @ vh[:k] + x.mean(0)):
            return _("Centre new points with the *training* mean: PCA is fitted once, then applied to any x.")

    def wrong_rows(got, exp, case):
        x_train, x, k = case.args
        _u, _s, vh = torch.linalg.svd(x_train - x_train.mean(0), full_matrices=False)
        if close(got, (x - x_train.mean(0)) @ vh[-k:].T @ vh[-k:] + x_train.mean(0)):
            return _(
                "You kept the *last* components; the principal ones are the first rows of Vᵀ (largest singular values)."
            )

    exercise = _("PCA reconstruction")
    verdict = key_verdict(exercise, cases[0].description, lambda: fn(*cases[0].args), [_pca_reconstruct])
    if verdict is not None:
        return verdict
    return run_check(
        exercise,
        fn,
        cases,
        _pca_reconstruct,
        diagnoses=[uncentred, mean_not_added, own_mean, wrong_rows],
        hint=_(
            "PCA describes the *centred* training data: express x relative to the training mean in the leading "
            "principal directions, then return to pixel space."
        ),
        forbidden=[_pca_reconstruct],
    )


def check_interpolate(fn: Callable) -> CheckResult:
    """Notebook 02: ``fn(z_start, z_end, num_steps)`` = points on the segment, endpoints included.
    ``latent.lerp`` is the course's answer and is rejected."""
    cases = [
        Case(
            _("z_start = [0, 0], z_end = [1, 2], num_steps = 3"),
            (torch.tensor([0.0, 0.0]), torch.tensor([1.0, 2.0]), 3),
        ),
        Case(
            _("3-D codes with num_steps = 7"),
            (torch.tensor([1.0, -1.0, 0.5]), torch.tensor([-2.0, 3.0, 0.5]), 7),
        ),
    ]

    def endpoints(got, exp, case):
        if got.shape == exp.shape and not (close(got[0], exp[0]) and close(got[-1], exp[-1])):
            return _("The first row must be z_start and the last z_end: both ends of [0, 1] are steps.")

    def transposed(got, exp, case):
        if got.shape == exp.T.shape and got.shape != exp.shape:
            return _("One row per step: the shape is (num_steps, latent_dim), not (latent_dim, num_steps).")

    exercise = _("Linear interpolation in latent space")
    verdict = key_verdict(exercise, cases[0].description, lambda: fn(*cases[0].args), [latent.lerp])
    if verdict is not None:
        return verdict
    return run_check(
        exercise,
        fn,
        cases,
        latent.lerp,
        diagnoses=[endpoints, transposed],
        hint=_(
            "One row per step t, from 0 to 1 with both ends included; each row a weighted average of the two "
            "endpoints. Shape (num_steps, latent_dim)."
        ),
        forbidden=[latent.lerp],
    )


def _spectrum_data(seed: int, num_points: int, dim: int) -> torch.Tensor:
    g = torch.Generator().manual_seed(seed)
    scales = torch.logspace(0.5, -1.0, dim, dtype=torch.float64)  # a decreasing spread per direction
    mixing = torch.linalg.qr(torch.randn(dim, dim, generator=g, dtype=torch.float64))[0]  # a rotation
    return (torch.randn(num_points, dim, generator=g, dtype=torch.float64) * scales) @ mixing + 2.0


def _covariance_eigenvalues(x: torch.Tensor) -> torch.Tensor:
    centred = x - x.mean(0)
    return torch.linalg.eigvalsh(centred.T @ centred / len(x)).flip(0)  # descending


def check_pca_error_formula(fn: Callable) -> CheckResult:
    """Notebook 02, derivation: ``fn(eigenvalues, num_components)`` = the mean over examples of ‖x − x̂‖² of PCA
    with ``num_components`` components, from the covariance eigenvalues (descending, covariance with 1/n).

    Checked on synthetic data the notebook never sees (6-D and 10-D, 2 to 7 components), so a number measured
    in the notebook fails. The reference reconstructs the data with PCA and measures the error: no formula is
    assumed."""
    data = {6: _spectrum_data(17, 300, 6), 10: _spectrum_data(18, 500, 10)}
    cases = [
        Case(
            _("{n} points in {dim}-D, eigenvalues {values}, num_components = {k}").format(
                n=len(data[dim]), dim=dim, values=_fmt_list(_covariance_eigenvalues(data[dim])), k=k
            ),
            (_covariance_eigenvalues(data[dim]), k),
        )
        for dim, k in ((6, 2), (6, 4), (10, 7))
    ]

    def reference(eigenvalues, k):
        x = data[len(eigenvalues)]
        return (x - _pca_reconstruct(x, x, k)).pow(2).sum(1).mean()

    def constant(got, exp, case):
        other_case = cases[-1] if case is not cases[-1] else cases[0]  # another spectrum, another count
        if same_elsewhere(fn, got, other_case.args):
            return _(
                "Your function returns {value:.4g} for two different spectra: compute the error from the "
                "arguments eigenvalues and num_components, not from a number measured in the notebook."
            ).format(value=float(got))

    def kept(got, exp, case):
        eigenvalues, k = case.args
        if close(got, eigenvalues[:k].sum()):
            return _("That is the variance PCA *keeps*; the error is the variance it throws away.")

    def averaged(got, exp, case):
        eigenvalues, k = case.args
        if close(got, eigenvalues[k:].mean()) or close(got, exp / len(eigenvalues)):
            return _("The squared error is summed over pixels: add the discarded variances, do not average them.")

    def std(got, exp, case):
        eigenvalues, k = case.args
        if close(got, eigenvalues[k:].sqrt().sum()):
            return _("Eigenvalues of the covariance are already variances (squared lengths): no square root.")

    def first_dropped(got, exp, case):
        eigenvalues, k = case.args
        if close(got, eigenvalues[k]):
            return _("Every discarded direction contributes, not only the first one.")

    def fixed_count(got, exp, case):
        eigenvalues, k = case.args
        if any(close(got, eigenvalues[j:].sum()) for j in range(len(eigenvalues) + 1) if j != k):
            return _(
                "That is the error for another number of components than num_components = {k}: use the argument, "
                "not the notebook's d."
            ).format(k=k)

    return run_check(
        _("Derive: the PCA error from the spectrum"),
        fn,
        cases,
        reference,
        diagnoses=[constant, kept, averaged, std, first_dropped, fixed_count],
        hint=_(
            "Write x − x̂ in the eigenvector basis: which coordinates does PCA set to zero, and what is the "
            "average square of each?"
        ),
    )


def _fmt_list(t: torch.Tensor) -> str:
    return "[" + ", ".join(f"{v:.3g}" for v in t.tolist()) + "]"


def check_linear_ae_prediction(fn: Callable, subspace_angle: float, component_angle: float) -> CheckResult:
    """Notebook 02, predict then run: what a linear autoencoder's decoder learns. ``subspace_angle`` is the
    largest principal angle (degrees) between its columns' span and the top principal components' span;
    ``component_angle`` the largest angle between a decoder column and its closest principal component.
    Within :data:`SAME_DIRECTION_DEGREES` counts as the same (the notebook asserts the subspace is)."""
    tolerance = SAME_DIRECTION_DEGREES
    same_span = subspace_angle < tolerance
    answer = ("a" if component_angle < tolerance else "b") if same_span else "c"
    measured = _(
        "the decoder's columns span the principal subspace to within {subspace:.1f}° (the same subspace: under "
        "{tolerance:.0f}°), while a column lies up to {component:.0f}° from the nearest principal component"
    ).format(subspace=subspace_angle, tolerance=tolerance, component=component_angle)
    return check_choice(
        _("Predict: what a linear autoencoder learns"),
        fn,
        answer=answer,
        measured=measured,
        explanations={
            "a": _(
                "The loss only sees x̂ = W_dec W_enc x: any invertible A gives the same x̂ with W_dec A and "
                "A⁻¹ W_enc, so nothing makes the columns orthonormal or ordered like principal components."
            ),
            "b": _(
                "Only the subspace is pinned down: x̂ = W_dec W_enc x is unchanged by W_dec → W_dec A, "
                "W_enc → A⁻¹ W_enc (Baldi & Hornik 1989)."
            ),
            "c": _(
                "Squared error on a linear model is minimised by the orthogonal projection onto the top-d "
                "principal subspace, so gradient descent that converges finds that subspace."
            ),
        },
    )
