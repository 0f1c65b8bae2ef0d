"""Figures that several notebooks draw: image grids, reconstructions, latent scatters and grids, loss and
error curves, densities, Bayes' rule, polynomial fits."""

from __future__ import annotations

import math
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import SubFigure

from ..i18n import _
from .core import (
    CLASS_COLORS,
    CLASS_MARKERS,
    COLORS,
    LINE_COLORS,
    LINE_STYLES,
    MARKERS,
    NEUTRAL,
    _axes,
    _described,
    as_numpy,
)

__all__ = [
    "show_images",
    "show_reconstructions",
    "plot_latent_scatter",
    "plot_loss_curves",
    "plot_density_fit",
    "plot_bayes_update",
    "plot_polynomial_fit",
    "show_latent_grid",
    "plot_error_curves",
]


def show_images(
    images,
    image_shape: Sequence[int],
    *,
    ncols: int = 10,
    titles: Sequence[str] | None = None,
    suptitle: str | None = None,
    fig=None,
    cmap: str = "gray_r",
    alt: str | None = None,
):
    """A grid of images given as rows of pixels in [0, 1], shape (num_images, height * width)."""
    images = as_numpy(images).reshape(-1, *image_shape)
    n = len(images)
    ncols = min(ncols, n)
    nrows = math.ceil(n / ncols)
    if fig is None:
        fig = plt.figure(figsize=(1.1 * ncols, 1.1 * nrows + (0.4 if suptitle else 0)), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i < n:
            ax.imshow(images[i], cmap=cmap, vmin=0, vmax=1, interpolation="nearest")
            if titles is not None:
                ax.set_title(titles[i], fontsize=9)
    if suptitle:
        title = fig.suptitle(suptitle)
        if isinstance(fig, SubFigure):  # beside other panels: its title must not run into theirs
            _fit_to_width(title, fig)
    return _described(fig, alt)


def _fit_to_width(text, panel, smallest: float = 8.0) -> None:
    """Shrink ``text`` (0.5 pt at a time, not below ``smallest``) until it takes at most 96 % of ``panel``'s
    width, so that side-by-side titles never run into each other (the Spanish ones are up to a fifth longer)."""
    renderer = panel.figure.canvas.get_renderer()  # a subfigure's .figure is the root figure
    while text.get_fontsize() > smallest and text.get_window_extent(renderer).width > 0.96 * panel.bbox.width:
        text.set_fontsize(text.get_fontsize() - 0.5)


def show_reconstructions(
    x,
    x_hat,
    image_shape: Sequence[int],
    *,
    num_images: int = 10,
    row_labels: Sequence[str] | None = None,
    extra_rows=(),
    fig=None,
    alt: str | None = None,
):
    """Originals above their reconstructions (and any ``extra_rows``), one column per image."""
    if row_labels is None:
        row_labels = (_("original"), _("reconstruction"))
    rows = [
        as_numpy(x)[:num_images],
        as_numpy(x_hat)[:num_images],
        *[as_numpy(r)[:num_images] for r in extra_rows],
    ]
    if fig is None:
        fig = plt.figure(figsize=(1.1 * num_images + 1.2, 1.15 * len(rows)), layout="constrained")
    axes = fig.subplots(len(rows), num_images, squeeze=False)
    for r, (row, label) in enumerate(zip(rows, row_labels, strict=True)):
        for c in range(num_images):
            ax = axes[r, c]
            ax.imshow(row[c].reshape(image_shape), cmap="gray_r", vmin=0, vmax=1, interpolation="nearest")
            ax.set_xticks([])
            ax.set_yticks([])
            for spine in ax.spines.values():
                spine.set_visible(False)
        axes[r, 0].set_ylabel(label, rotation=0, ha="right", va="center", fontsize=11)
    return _described(fig, alt)


def plot_latent_scatter(
    z, labels, *, ax=None, title: str | None = None, s: float = 14, direct_labels: bool = True, alt: str | None = None
):
    """Scatter of 2-D codes ``z`` (num_points, 2) by integer ``labels``: a colour and a marker per class,
    a legend, and (``direct_labels``) each class's digit written at the median of its codes."""
    z, labels = as_numpy(z), as_numpy(labels)
    if z.ndim != 2 or z.shape[1] != 2:
        raise ValueError(f"z must have shape (num_points, 2), got {z.shape}")
    fig, ax = _axes(ax, (6.2, 5.2))
    for k in np.unique(labels):
        pts = z[labels == k]
        ax.scatter(
            pts[:, 0],
            pts[:, 1],
            s=s,
            color=CLASS_COLORS[int(k) % 10],
            marker=CLASS_MARKERS[int(k) % 10],
            label=str(k),
            alpha=0.75,
            linewidths=0,
        )
    if direct_labels:
        import matplotlib.patheffects as effects

        for k in np.unique(labels):
            x_med, y_med = np.median(z[labels == k], axis=0)
            ax.text(
                x_med,
                y_med,
                str(k),
                fontsize=15,
                fontweight="bold",
                ha="center",
                va="center",
                color=CLASS_COLORS[int(k) % 10],
                path_effects=[effects.withStroke(linewidth=3.5, foreground="white")],
            )
    ax.set_xlabel("$z_1$")
    ax.set_ylabel("$z_2$")
    ax.set_title(title if title is not None else _("2-D latent space"))
    ax.legend(title=_("digit"), markerscale=1.6, bbox_to_anchor=(1.0, 1.0), loc="upper left", frameon=False)
    return _described(fig, alt)


def plot_loss_curves(history, *, ax=None, title: str | None = None, ylabel: str | None = None, alt: str | None = None):
    """Training (and validation, if any) loss per epoch from a :class:`~course_utils.training.History`."""
    fig, ax = _axes(ax)
    epochs = np.arange(1, len(history.train_loss) + 1)
    ax.plot(epochs, history.train_loss, "o-", ms=3, color=LINE_COLORS[0], label=_("train"))
    if history.val_loss:
        ax.plot(epochs, history.val_loss, "s--", ms=3, color=LINE_COLORS[1], label=_("validation"))
    ax.set_xlabel(_("epoch"))
    ax.set_ylabel(ylabel if ylabel is not None else _("loss per example"))
    ax.set_title(title if title is not None else _("Training"))
    ax.legend()
    return _described(fig, alt)


def plot_density_fit(x, mu: float, sigma: float, *, samples=None, ax=None, title: str | None = None, alt=None):
    """Histogram of data ``x`` with the fitted density N(mu, sigma²) and, optionally, samples from it."""
    x = as_numpy(x)
    fig, ax = _axes(ax)
    bins = np.linspace(x.min() - 0.5 * x.std(), x.max() + 0.5 * x.std(), 30)
    ax.hist(x, bins=bins, density=True, alpha=0.5, color=COLORS["data"], label=_("data"))
    if samples is not None:
        ax.hist(
            as_numpy(samples),
            bins=bins,
            density=True,
            histtype="step",
            lw=2,
            color=COLORS["truth"],
            label=_("samples from the model"),
        )
    grid = np.linspace(bins[0], bins[-1], 400)
    pdf = np.exp(-0.5 * ((grid - mu) / sigma) ** 2) / (sigma * math.sqrt(2 * math.pi))
    ax.plot(
        grid,
        pdf,
        color=COLORS["model"],
        lw=2.5,
        ls="--",
        label=rf"$N(\hat\mu={mu:.2f}, \hat\sigma={sigma:.2f})$",
    )
    ax.set_xlabel("x")
    ax.set_ylabel(_("density"))
    ax.set_title(title if title is not None else _("Gaussian fitted by MLE"))
    ax.legend()
    return _described(fig, alt)


def plot_bayes_update(theta, prior, likelihood, posterior, *, ax=None, title: str | None = None, alt=None):
    """Prior, likelihood (rescaled to unit area for display) and posterior densities over a grid ``theta``:
    three colours and three line styles (dotted, dashed, solid with a fill)."""
    theta, prior, likelihood, posterior = map(as_numpy, (theta, prior, likelihood, posterior))
    fig, ax = _axes(ax)
    lik_area = np.trapezoid(likelihood, theta)
    ax.plot(theta, prior, lw=2.5, ls=":", color=COLORS["prior"], label=_(r"prior $p(\theta)$"))
    ax.plot(
        theta,
        likelihood / lik_area,
        lw=2,
        ls="--",
        color=COLORS["likelihood"],
        label=_(r"likelihood $p(y\mid\theta)$ (rescaled)"),
    )
    ax.fill_between(theta, posterior, alpha=0.25, color=COLORS["posterior"])
    ax.plot(theta, posterior, lw=2.5, color=COLORS["posterior"], label=_(r"posterior $p(\theta\mid y)$"))
    ax.set_xlabel(r"$\theta$")
    ax.set_ylabel(_("density"))
    ax.set_title(title if title is not None else _("Bayes' rule"))
    ax.legend()
    return _described(fig, alt)


def plot_polynomial_fit(
    x_train,
    y_train,
    x_grid,
    y_grid_fit,
    *,
    y_grid_true=None,
    x_test=None,
    y_test=None,
    ax=None,
    title: str = "",
    ylim=(-2.0, 2.0),
    alt: str | None = None,
):
    """Training points, the fitted curve on ``x_grid`` and, optionally, the true curve and test points."""
    fig, ax = _axes(ax, (6.5, 4.2))
    if y_grid_true is not None:
        ax.plot(
            as_numpy(x_grid),
            as_numpy(y_grid_true),
            color=COLORS["truth"],
            lw=1.5,
            ls=":",
            label=_("true function"),
        )
    if x_test is not None:
        ax.scatter(as_numpy(x_test), as_numpy(y_test), s=18, marker="x", color=NEUTRAL, label=_("test data"), zorder=2)
    ax.scatter(
        as_numpy(x_train),
        as_numpy(y_train),
        s=40,
        color=COLORS["data"],
        edgecolor="white",
        label=_("training data"),
        zorder=3,
    )
    ax.plot(as_numpy(x_grid), as_numpy(y_grid_fit), color=COLORS["model"], lw=2.5, label=_("fit"))
    ax.set_ylim(*ylim)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.set_title(title)
    ax.legend(loc="lower left", fontsize=9)
    return _described(fig, alt)


def show_latent_grid(
    images, z1_values, z2_values, image_shape: Sequence[int], *, ax=None, title: str = "", alt: str | None = None
):
    """Images decoded on a regular 2-D latent grid, drawn as one mosaic with latent coordinates on the axes.

    ``images`` has shape (len(z2_values) * len(z1_values), height * width), rows ordered by z2 (top = largest)
    then z1: decode the points of :func:`course_utils.latent.grid` in order.
    """
    h, w = image_shape
    n1, n2 = len(z1_values), len(z2_values)
    side = 6.5 if h * w <= 100 else 8.5  # 28 x 28 tiles get a larger mosaic: readable on a projector
    padded = np.pad(as_numpy(images).reshape(n2, n1, h, w), ((0, 0), (0, 0), (1, 1), (1, 1)))  # a white frame per tile
    h, w = h + 2, w + 2
    tiles = padded.transpose(0, 2, 1, 3).reshape(n2 * h, n1 * w)
    fig, ax = _axes(ax, (side, side))
    z1, z2 = as_numpy(z1_values), as_numpy(z2_values)
    step1, step2 = (z1[-1] - z1[0]) / max(n1 - 1, 1), (z2[-1] - z2[0]) / max(n2 - 1, 1)
    extent = (z1[0] - step1 / 2, z1[-1] + step1 / 2, z2[0] - step2 / 2, z2[-1] + step2 / 2)
    # Square tiles: one tile spans step1 horizontally and step2 vertically.
    ax.imshow(
        tiles,
        cmap="gray_r",
        vmin=0,
        vmax=1,
        extent=extent,
        interpolation="nearest",
        aspect=step1 / step2,
    )
    ax.grid(False)
    ax.set_xlabel("$z_1$")
    ax.set_ylabel("$z_2$")
    ax.set_title(title)
    return _described(fig, alt)


def plot_error_curves(
    x_values,
    curves: dict,
    *,
    ax=None,
    xlabel: str = "",
    ylabel: str = "",
    title: str = "",
    logx: bool = False,
    logy: bool = False,
    alt: str | None = None,
):
    """Several named curves over the same x values (e.g. reconstruction error against bottleneck size),
    each with its own colour, line style and marker."""
    fig, ax = _axes(ax, (6.5, 4.2))
    for i, (label, values) in enumerate(curves.items()):
        ax.plot(
            as_numpy(x_values),
            as_numpy(values),
            color=LINE_COLORS[i % len(LINE_COLORS)],
            ls=LINE_STYLES[i % len(LINE_STYLES)],
            marker=MARKERS[i % len(MARKERS)],
            ms=5,
            lw=2,
            label=label,
        )
    if logx:
        ax.set_xscale("log", base=2)
        ax.set_xticks(as_numpy(x_values), [str(v) for v in as_numpy(x_values)])
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend()
    return _described(fig, alt)
