"""Figures of notebook 03 (re-exported by :mod:`course_utils.plots`): noise levels, denoising errors,
masking, the sparsity sweep, learned features and Laplace priors. Pure matplotlib: data in, figure out."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np

from ..i18n import _
from .common import plot_error_curves, show_images, show_reconstructions
from .core import COLORS, LINE_COLORS, LINE_STYLES, MARKERS, NEUTRAL, _axes, _described, as_numpy

__all__ = [
    "show_noise_levels",
    "plot_denoising_errors",
    "show_masking",
    "plot_sparsity_sweep",
    "show_feature_pairs",
    "plot_laplace_priors",
]


def show_noise_levels(x, noisy_rows: Sequence, noise_levels: Sequence[float], image_shape, *, alt: str | None = None):
    """The same images (``x``, the first row, σ = 0) under Gaussian noise of each level in ``noise_levels``
    (``noisy_rows``, one tensor per level after the first), clipped to [0, 1] for display."""
    if len(noisy_rows) != len(noise_levels) - 1:
        raise ValueError(
            f"noisy_rows must hold one row per noise level after the first: {len(noise_levels) - 1}, "
            f"got {len(noisy_rows)}"
        )
    rows = [np.clip(as_numpy(r), 0.0, 1.0) for r in noisy_rows]
    num_images = len(as_numpy(x))
    fig = show_reconstructions(
        x,
        rows[0],
        image_shape,
        num_images=num_images,
        row_labels=[_("σ = {sigma:g}").format(sigma=s) for s in noise_levels],
        extra_rows=rows[1:],
    )
    fig.suptitle(_("The same digits with Gaussian noise of growing σ (shown clipped to [0, 1])"))
    return _described(fig, alt)


def plot_denoising_errors(
    test_noises: Sequence[float], errors: dict, *, reference: str | None = None, ax=None, alt: str | None = None
):
    """Test error against test noise, one line per model of ``errors`` (label → values), on a log scale;
    ``reference`` names the entry drawn as a grey dotted line (the noisy input itself), not as a model."""
    models = {k: v for k, v in errors.items() if k != reference}
    fig, ax = _axes(ax, (8, 4.5))
    plot_error_curves(
        test_noises,
        models,
        ax=ax,
        logy=True,
        xlabel=_(r"test noise $\sigma_{test}$"),
        ylabel=_(r"$\|x - \hat x\|^2$ per image (log scale)"),
        title=_("Reconstruction of noisy test digits"),
    )
    if reference is not None:
        ax.plot(as_numpy(test_noises), as_numpy(errors[reference]), color=NEUTRAL, ls=":", lw=2, label=reference)
    ax.legend(fontsize=9)
    return _described(fig, alt)


def show_masking(x, x_masked, outputs: dict, image_shape, *, drop_prob: float, errors: dict, alt: str | None = None):
    """Clean images, their masked copies and each model's reconstruction (``outputs``: label → images),
    one column per image; the title gives the mean error per image of each row (``errors``: label → number)."""
    fig = show_reconstructions(
        x,
        x_masked,
        image_shape,
        num_images=len(as_numpy(x)),
        row_labels=(_("clean"), _("{fraction:.0%} erased").format(fraction=drop_prob), *outputs),
        extra_rows=list(outputs.values()),
    )
    summary = ", ".join(f"{label} {value:.2f}" for label, value in errors.items())
    fig.suptitle(_("Filling in erased pixels, error per image: {summary}").format(summary=summary))
    return _described(fig, alt)


def plot_sparsity_sweep(
    lams: Sequence[float],
    codes: Sequence,
    zero_fraction: Sequence[float],
    silent_fraction: Sequence[float],
    errors: Sequence[float],
    *,
    alt: str | None = None,
):
    """Left: histograms of the code values for each λ (log counts). Right: against λ, the fraction of code
    values that are exactly 0, the fraction of units that never fire, and (right axis) the test error."""
    fig, axes = plt.subplots(1, 2, figsize=(13, 4.3), layout="constrained")
    codes = [as_numpy(c).ravel() for c in codes]
    bins = np.linspace(0.0, max(float(c.max()) for c in codes) or 1.0, 40)
    for i, (lam, c) in enumerate(zip(lams, codes, strict=True)):
        axes[0].hist(
            c,
            bins=bins,
            histtype="step",
            lw=2,
            color=LINE_COLORS[i % len(LINE_COLORS)],
            ls=LINE_STYLES[i % len(LINE_STYLES)],
            label=f"λ = {lam:g}",
        )
    axes[0].set_yscale("log")
    axes[0].set_xlabel(_("code value $z_i$"))
    axes[0].set_ylabel(_("count (log scale)"))
    axes[0].set_title(_("Code values on test digits"))
    axes[0].legend()
    x_pos = np.arange(len(lams))
    axes[1].plot(x_pos, as_numpy(zero_fraction), "o-", lw=2, color=LINE_COLORS[0], label=_("code values = 0"))
    axes[1].plot(x_pos, as_numpy(silent_fraction), "s--", lw=2, color=LINE_COLORS[1], label=_("units that never fire"))
    axes[1].set_xticks(x_pos, [f"{lam:g}" for lam in lams])
    axes[1].set_xlabel("λ")
    axes[1].set_ylabel(_("fraction"))
    axes[1].set_ylim(0, 1)
    twin = axes[1].twinx()
    twin.plot(x_pos, as_numpy(errors), "D:", lw=2, color=COLORS["posterior"], label=_(r"test $\|x - \hat x\|^2$"))
    twin.set_ylabel(_(r"$\|x - \hat x\|^2$ per image"))
    twin.grid(False)
    axes[1].set_title(_("Sparsity and reconstruction error against λ"))
    handles = axes[1].get_legend_handles_labels()[0] + twin.get_legend_handles_labels()[0]
    axes[1].legend(handles=handles, loc="upper left", fontsize=9)
    return _described(fig, alt)


def _each_to_unit_range(features) -> np.ndarray:
    features = as_numpy(features)
    low, high = features.min(axis=1, keepdims=True), features.max(axis=1, keepdims=True)
    return (features - low) / np.maximum(high - low, 1e-12)


def show_feature_pairs(dense, sparse, image_shape, *, lam: float, ncols: int = 8, alt: str | None = None):
    """Decoder features (one image per row of ``dense`` and ``sparse``), side by side: without the penalty
    and with the penalty ``lam``. Each feature is scaled to its own range for display."""
    rows = -(-max(len(dense), len(sparse)) // ncols)
    fig = plt.figure(figsize=(13, 1.1 * rows + 0.6), layout="constrained")
    left, right = fig.subfigures(1, 2)
    show_images(_each_to_unit_range(dense), image_shape, ncols=ncols, fig=left, suptitle=_("λ = 0: a dense code"))
    show_images(
        _each_to_unit_range(sparse),
        image_shape,
        ncols=ncols,
        fig=right,
        suptitle=_("λ = {lam:g}: a sparse code").format(lam=lam),
    )
    return _described(fig, alt)


def plot_laplace_priors(b_values: Sequence[float], decoder_sigma: float, *, limit: float = 3.0, ax=None, alt=None):
    """Laplace densities p(z_i) = exp(−|z_i|/b) / (2b) for each scale b, labelled with the sparsity weight
    λ = 4σ_D²/b that each gives with a Gaussian decoder of standard deviation σ_D = ``decoder_sigma``."""
    fig, ax = _axes(ax, (7, 3.6))
    z = np.linspace(-limit, limit, 401)
    for i, b in enumerate(b_values):
        ax.plot(
            z,
            np.exp(-np.abs(z) / b) / (2 * b),
            lw=2,
            color=LINE_COLORS[i % len(LINE_COLORS)],
            ls=LINE_STYLES[i % len(LINE_STYLES)],
            marker=MARKERS[i % len(MARKERS)],
            markevery=50,
            label=_(r"b = {b:g}: $\lambda = 4\sigma_D^2/b$ = {lam:g}").format(b=b, lam=4 * decoder_sigma**2 / b),
        )
    ax.set_xlabel("$z_i$")
    ax.set_ylabel(_("prior density $p(z_i)$"))
    ax.set_title(
        _(r"Laplace priors on a code unit (decoder $\sigma_D$ = {sigma:g}): more peaked ⇒ larger λ").format(
            sigma=decoder_sigma
        )
    )
    ax.legend()
    return _described(fig, alt)
