"""Figures of notebook 02 (re-exported by :mod:`course_utils.plots`): a linear autoencoder against PCA,
reconstructions of an MLP autoencoder, the decoded latent box beside the training codes, and decoded images
with a judge's verdict above each."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np

from ..i18n import _
from .common import plot_latent_scatter, plot_loss_curves, show_latent_grid, show_reconstructions
from .core import COLORS, NEUTRAL, _described, as_numpy

__all__ = [
    "plot_linear_ae_vs_pca",
    "plot_mlp_reconstructions",
    "plot_code_spaces",
    "plot_latent_box",
    "show_judged_images",
]


def plot_linear_ae_vs_pca(
    x,
    x_hat_pca,
    x_hat_linear,
    image_shape: Sequence[int],
    angles_pca,
    angles_random,
    *,
    num_images: int = 8,
    alt: str | None = None,
):
    """Left: images, their PCA reconstruction and the linear autoencoder's (pixels clipped to [0, 1]).
    Right: the principal angles (degrees) of the decoder's column space and of a random subspace to the
    PCA subspace, as paired bars (the random one grey and hatched)."""
    k = len(as_numpy(angles_pca))
    fig = plt.figure(figsize=(13, 5.2), layout="constrained")
    left, right = fig.subfigures(1, 2, width_ratios=[1.9, 1])
    show_reconstructions(
        x[:num_images],
        np.clip(as_numpy(x_hat_pca)[:num_images], 0, 1),
        image_shape,
        num_images=num_images,
        row_labels=(_("original"), _("PCA, d = {d}").format(d=k), _("linear AE, d = {d}").format(d=k)),
        extra_rows=[np.clip(as_numpy(x_hat_linear)[:num_images], 0, 1)],
        fig=left,
    )
    left.suptitle(_("Same reconstructions, pixel for pixel"))
    ax = right.subplots()
    index = np.arange(1, k + 1)
    ax.bar(index - 0.2, as_numpy(angles_random), 0.4, color=NEUTRAL, hatch="//", label=_("random subspace"))
    ax.bar(index + 0.2, as_numpy(angles_pca), 0.4, color=COLORS["model"], label=_("linear AE decoder"))
    ax.set_xlabel(_("principal angle index"))
    ax.set_ylabel(_("angle to the PCA subspace (°)"))
    ax.set_ylim(0, 90)
    ax.set_xticks(index)
    ax.set_title(_("Subspace of $W_D$ against PCA's"))
    # Below the axes: the random subspace's bars reach 80-90°, so a legend inside would cover them.
    right.legend(loc="outside lower center")
    return _described(fig, alt)


def plot_mlp_reconstructions(
    x,
    x_hat_mlp,
    x_hat_pca,
    image_shape: Sequence[int],
    history,
    *,
    latent_dim: int,
    num_images: int = 12,
    alt: str | None = None,
):
    """Left: test images above the MLP autoencoder's and PCA's reconstructions at the same ``latent_dim``.
    Right: the autoencoder's training and test loss per epoch (a :class:`~course_utils.training.History`)."""
    fig = plt.figure(figsize=(15, 4.2), layout="constrained")
    left, right = fig.subfigures(1, 2, width_ratios=[2.6, 1])
    show_reconstructions(
        x[:num_images],
        x_hat_mlp[:num_images],
        image_shape,
        num_images=num_images,
        row_labels=(
            _("test image"),
            _("MLP AE, d = {d}").format(d=latent_dim),
            _("PCA, d = {d}").format(d=latent_dim),
        ),
        extra_rows=[np.clip(as_numpy(x_hat_pca)[:num_images], 0, 1)],
        fig=left,
    )
    left.suptitle(_("Unseen test digits and their reconstructions"))
    plot_loss_curves(history, ax=right.subplots(), title=_("Training"), ylabel=_(r"$\|x - \hat x\|^2$ per image"))
    return _described(fig, alt)


def plot_code_spaces(codes: Mapping[str, object], labels, *, alt: str | None = None):
    """2-D codes of the same images side by side, one panel per entry of ``codes`` (title → codes of shape
    (num_images, 2)), each point with its digit's colour and marker (see :func:`plot_latent_scatter`)."""
    fig, axes = plt.subplots(1, len(codes), figsize=(6.4 * len(codes), 5.2), layout="constrained", squeeze=False)
    for ax, (title, z) in zip(axes[0], codes.items(), strict=True):
        plot_latent_scatter(z, labels, ax=ax, s=6, title=title)
        if ax is not axes[0, -1]:
            ax.get_legend().remove()  # one legend, on the right
    return _described(fig, alt)


def plot_latent_box(grid_images, z1_values, z2_values, image_shape: Sequence[int], z_train, y_train, *, alt=None):
    """Left: images decoded on a regular grid over the box of the training codes. Right: the training codes
    themselves (a colour and a marker per digit) on the same axes, so that empty regions line up."""
    fig, axes = plt.subplots(1, 2, figsize=(14, 6.4), layout="constrained")
    show_latent_grid(
        grid_images, z1_values, z2_values, image_shape, ax=axes[0], title=_("Decoded on a grid over the latent box")
    )
    plot_latent_scatter(z_train, y_train, ax=axes[1], s=5, title=_("Training codes in the same box"))
    axes[1].set_xlim(axes[0].get_xlim())
    axes[1].set_ylim(axes[0].get_ylim())
    axes[1].set_aspect(axes[0].get_aspect())
    return _described(fig, alt)


def show_judged_images(
    rows: Mapping[str, object],
    verdicts: Mapping[str, Sequence[str]],
    image_shape: Sequence[int],
    *,
    suptitle: str | None = None,
    alt: str | None = None,
):
    """One row of images per entry of ``rows`` (name → images as rows of pixels), the row's name on its left
    and each image's verdict (``verdicts[name][i]``, e.g. a judge's label and confidence) above it."""
    rows = {name: as_numpy(images) for name, images in rows.items()}
    ncols = max(len(images) for images in rows.values())
    fig = plt.figure(figsize=(1.1 * ncols + 2.2, 1.35 * len(rows) + (0.4 if suptitle else 0)), layout="constrained")
    axes = fig.subplots(len(rows), ncols, squeeze=False)
    for r, (name, images) in enumerate(rows.items()):
        for c in range(ncols):
            ax = axes[r, c]
            ax.set_xticks([])
            ax.set_yticks([])
            ax.grid(False)
            for spine in ax.spines.values():
                spine.set_visible(False)
            if c < len(images):
                ax.imshow(images[c].reshape(image_shape), cmap="gray_r", vmin=0, vmax=1, interpolation="nearest")
                ax.set_title(verdicts[name][c], fontsize=9)
        axes[r, 0].set_ylabel(name, rotation=0, ha="right", va="center", fontsize=11)
    if suptitle:
        fig.suptitle(suptitle)
    return _described(fig, alt)
