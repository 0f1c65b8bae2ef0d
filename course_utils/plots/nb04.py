"""Figures of notebook 04 (re-exported by :mod:`course_utils.plots`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np

from ..i18n import _
from .common import plot_latent_scatter, show_images, show_latent_grid, show_reconstructions
from .core import LINE_COLORS, MARKERS, NEUTRAL, _axes, _described, as_numpy

__all__ = [
    "plot_kl_convergence",
    "plot_gradient_estimators",
    "show_sample_panels",
    "plot_latent_side_by_side",
    "show_latent_manifold",
    "show_interpolations",
]


def plot_kl_convergence(sample_counts, kl_mc, kl_closed, labels: Sequence[str], *, ax=None, alt=None):
    """Monte Carlo KL estimates ``kl_mc`` (len(sample_counts), num_cases) against the number of samples,
    one line per case named in ``labels``, each with its closed form ``kl_closed`` (num_cases,) dashed."""
    kl_mc, kl_closed = as_numpy(kl_mc), as_numpy(kl_closed)
    if kl_mc.shape != (len(sample_counts), len(labels)) or kl_closed.shape != (len(labels),):
        raise ValueError(
            f"kl_mc must have shape (len(sample_counts), len(labels)) = ({len(sample_counts)}, {len(labels)}) "
            f"and kl_closed ({len(labels)},), got {kl_mc.shape} and {kl_closed.shape}"
        )
    fig, ax = _axes(ax, (8, 4))
    for i, label in enumerate(labels):
        colour = LINE_COLORS[i % len(LINE_COLORS)]
        ax.plot(sample_counts, kl_mc[:, i], marker=MARKERS[i % len(MARKERS)], ls="-", color=colour, label=label)
        ax.axhline(kl_closed[i], color=colour, ls="--", lw=1)
    ax.set_xscale("log")
    ax.set_xlabel(_("number of Monte Carlo samples"))
    ax.set_ylabel(_("KL estimate (nats)"))
    ax.set_title(_("Monte Carlo KL converges to the closed form (dashed)"))
    ax.legend(fontsize=9)
    return _described(fig, alt)


def plot_gradient_estimators(grad_score, grad_reparam, true_grad: float, *, ax=None, alt=None):
    """Histograms of single-sample gradient estimates: the score function's and the reparameterisation's,
    with the true gradient as a vertical line."""
    grad_score, grad_reparam = as_numpy(grad_score), as_numpy(grad_reparam)
    fig, ax = _axes(ax, (8, 3.8))
    bins = np.linspace(-40, 30, 141)
    ratio = grad_score.var() / grad_reparam.var()
    ax.hist(
        grad_score,
        bins=bins,
        density=True,
        alpha=0.5,
        color=LINE_COLORS[0],
        label=_("score function (variance {variance:.1f})").format(variance=grad_score.var()),
    )
    ax.hist(
        grad_reparam,
        bins=bins,
        density=True,
        alpha=0.7,
        color=LINE_COLORS[1],
        hatch="//",
        label=_("reparameterisation (variance {variance:.1f})").format(variance=grad_reparam.var()),
    )
    ax.axvline(true_grad, color="black", ls="--", label=_("true gradient {value:g}").format(value=true_grad))
    ax.set_xlabel(_(r"single-sample estimate of $\partial_\mu \mathbb{E}_q[(z-3)^2]$"))
    ax.set_ylabel(_("density"))
    ax.set_title(_("Same mean, {ratio:.0f}× less variance with the reparameterisation trick").format(ratio=ratio))
    ax.legend(fontsize=9)
    return _described(fig, alt)


def show_sample_panels(
    panels: Mapping[str, object],
    image_shape: Sequence[int],
    *,
    num_images: int = 18,
    ncols: int = 6,
    height: float = 3.4,
    fig=None,
    alt=None,
):
    """Side-by-side grids of generated images: ``panels`` maps each grid's title to its images
    (num_images, height * width)."""
    if fig is None:
        fig = plt.figure(figsize=(4.5 * len(panels), height), layout="constrained")
    subfigures = np.atleast_1d(fig.subfigures(1, len(panels)))
    for panel, (title, images) in zip(subfigures, panels.items(), strict=True):
        show_images(as_numpy(images)[:num_images], image_shape, ncols=ncols, fig=panel, suptitle=title)
    return _described(fig, alt)


def plot_latent_side_by_side(z_ae, mu_vae, labels, *, radii=(1, 2), titles=None, fig=None, alt=None):
    """The 2-D autoencoder's codes (left) next to the 2-D VAE's means (right, with circles of ``radii``
    standard deviations of the prior N(0, I)), coloured and marked by digit."""
    if titles is None:
        titles = (_("Autoencoder codes $E(x)$"), _(r"VAE means $\mu_x$"))
    if fig is None:
        fig = plt.figure(figsize=(12, 5.0), layout="constrained")
    left, right = fig.subplots(1, 2)
    plot_latent_scatter(z_ae, labels, ax=left, title=titles[0])
    plot_latent_scatter(mu_vae, labels, ax=right, title=titles[1])
    for r in radii:
        right.add_patch(plt.Circle((0, 0), r, fill=False, ls="--", color=NEUTRAL))
    right.set_aspect("equal")
    left.get_legend().remove()
    return _described(fig, alt)


def show_latent_manifold(images, z1_values, z2_values, image_shape: Sequence[int], *, size=5.0, title="", alt=None):
    """:func:`~course_utils.plots.common.show_latent_grid` in a square figure of ``size`` inches, small enough
    for a slide (500 px at the course's 100 dpi)."""
    fig, ax = plt.subplots(figsize=(size, size), layout="constrained")
    show_latent_grid(images, z1_values, z2_values, image_shape, ax=ax, title=title)
    return _described(fig, alt)


def show_interpolations(strips: Mapping[str, object], image_shape: Sequence[int], *, title="", alt=None):
    """One row of decoded images per model: ``strips`` maps a row label to its images along a path,
    (num_steps, height * width) each, with the same number of steps."""
    rows = [as_numpy(s) for s in strips.values()]
    num_steps = len(rows[0])
    fig = show_reconstructions(
        rows[0], rows[1], image_shape, num_images=num_steps, row_labels=tuple(strips), extra_rows=rows[2:]
    )
    if title:
        fig.suptitle(title, fontsize=11)
    return _described(fig, alt)
