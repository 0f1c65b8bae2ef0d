"""Figures of the course: pure matplotlib, each takes ``ax=None`` (or ``fig=None``) and returns the figure.

Plots never train and models never plot: pass tensors or arrays in, get a figure out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np

COLORS = {
    "data": "#4C72B0",
    "model": "#DD8452",
    "prior": "#55A868",
    "likelihood": "#8172B3",
    "posterior": "#C44E52",
    "truth": "#333333",
}


def use_course_style() -> None:
    """Readable defaults for laptops and projectors (called once in each notebook's set-up cell)."""
    plt.rcParams.update(
        {
            "figure.dpi": 100,
            "savefig.dpi": 120,
            "font.size": 12,
            "axes.titlesize": 13,
            "axes.labelsize": 12,
            "legend.fontsize": 10,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "image.cmap": "gray_r",
        }
    )


def _axes(ax, figsize=(6, 4)):
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax.figure, ax


def _np(x) -> np.ndarray:
    return x.detach().cpu().numpy() if hasattr(x, "detach") else np.asarray(x)


def show_images(
    images,
    image_shape: Sequence[int],
    *,
    ncols: int = 10,
    titles: Sequence[str] | None = None,
    suptitle: str | None = None,
    fig=None,
    cmap: str = "gray_r",
):
    """A grid of images given as rows of pixels in [0, 1], shape (num_images, height * width)."""
    images = _np(images).reshape(-1, *image_shape)
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
        fig.suptitle(suptitle)
    return fig


def show_reconstructions(
    x,
    x_hat,
    image_shape: Sequence[int],
    *,
    num_images: int = 10,
    row_labels: Sequence[str] = ("original", "reconstruction"),
    extra_rows=(),
    fig=None,
):
    """Originals above their reconstructions (and any ``extra_rows``), one column per image."""
    rows = [
        _np(x)[:num_images],
        _np(x_hat)[:num_images],
        *[_np(r)[:num_images] for r in extra_rows],
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
    return fig


def plot_latent_scatter(z, labels, *, ax=None, title: str = "2-D latent space", s: float = 12):
    """Scatter of 2-D codes ``z`` (num_points, 2) coloured by integer ``labels``, with a legend."""
    z, labels = _np(z), _np(labels)
    if z.ndim != 2 or z.shape[1] != 2:
        raise ValueError(f"z must have shape (num_points, 2), got {z.shape}")
    fig, ax = _axes(ax, (6.2, 5.2))
    cmap = plt.get_cmap("tab10")
    for k in np.unique(labels):
        pts = z[labels == k]
        ax.scatter(
            pts[:, 0],
            pts[:, 1],
            s=s,
            color=cmap(int(k) % 10),
            label=str(k),
            alpha=0.8,
            linewidths=0,
        )
    ax.set_xlabel("$z_1$")
    ax.set_ylabel("$z_2$")
    ax.set_title(title)
    ax.legend(title="digit", markerscale=2, bbox_to_anchor=(1.0, 1.0), loc="upper left", frameon=False)
    return fig


def plot_loss_curves(history, *, ax=None, title: str = "Training", ylabel: str = "loss per example"):
    """Training (and validation, if any) loss per epoch from a :class:`~course_utils.training.History`."""
    fig, ax = _axes(ax)
    epochs = np.arange(1, len(history.train_loss) + 1)
    ax.plot(epochs, history.train_loss, "o-", ms=3, label="train")
    if history.val_loss:
        ax.plot(epochs, history.val_loss, "s--", ms=3, label="validation")
    ax.set_xlabel("epoch")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend()
    return fig


def plot_density_fit(x, mu: float, sigma: float, *, samples=None, ax=None, title: str = "Gaussian fitted by MLE"):
    """Histogram of data ``x`` with the fitted density N(mu, sigma²) and, optionally, samples from it."""
    x = _np(x)
    fig, ax = _axes(ax)
    bins = np.linspace(x.min() - 0.5 * x.std(), x.max() + 0.5 * x.std(), 30)
    ax.hist(x, bins=bins, density=True, alpha=0.5, color=COLORS["data"], label="data")
    if samples is not None:
        ax.hist(
            _np(samples),
            bins=bins,
            density=True,
            histtype="step",
            lw=2,
            color=COLORS["truth"],
            label="samples from the model",
        )
    grid = np.linspace(bins[0], bins[-1], 400)
    pdf = np.exp(-0.5 * ((grid - mu) / sigma) ** 2) / (sigma * math.sqrt(2 * math.pi))
    ax.plot(
        grid,
        pdf,
        color=COLORS["model"],
        lw=2.5,
        label=rf"$N(\hat\mu={mu:.2f}, \hat\sigma={sigma:.2f})$",
    )
    ax.set_xlabel("x")
    ax.set_ylabel("density")
    ax.set_title(title)
    ax.legend()
    return fig


def plot_bayes_update(theta, prior, likelihood, posterior, *, ax=None, title: str = "Bayes' rule"):
    """Prior, likelihood (rescaled to unit area for display) and posterior densities over a grid ``theta``."""
    theta, prior, likelihood, posterior = map(_np, (theta, prior, likelihood, posterior))
    fig, ax = _axes(ax)
    lik_area = np.trapezoid(likelihood, theta)
    ax.plot(theta, prior, lw=2, color=COLORS["prior"], label=r"prior $p(\theta)$")
    ax.plot(
        theta,
        likelihood / lik_area,
        lw=2,
        ls="--",
        color=COLORS["likelihood"],
        label=r"likelihood $p(y\mid\theta)$ (rescaled)",
    )
    ax.fill_between(theta, posterior, alpha=0.25, color=COLORS["posterior"])
    ax.plot(theta, posterior, lw=2.5, color=COLORS["posterior"], label=r"posterior $p(\theta\mid y)$")
    ax.set_xlabel(r"$\theta$")
    ax.set_ylabel("density")
    ax.set_title(title)
    ax.legend()
    return fig


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
):
    """Training points, the fitted curve on ``x_grid`` and, optionally, the true curve and test points."""
    fig, ax = _axes(ax, (6.5, 4.2))
    if y_grid_true is not None:
        ax.plot(
            _np(x_grid),
            _np(y_grid_true),
            color=COLORS["truth"],
            lw=1.5,
            ls=":",
            label="true function",
        )
    if x_test is not None:
        ax.scatter(_np(x_test), _np(y_test), s=18, color="#999999", label="test data", zorder=2)
    ax.scatter(
        _np(x_train),
        _np(y_train),
        s=40,
        color=COLORS["data"],
        edgecolor="white",
        label="training data",
        zorder=3,
    )
    ax.plot(_np(x_grid), _np(y_grid_fit), color=COLORS["model"], lw=2.5, label="fit")
    ax.set_ylim(*ylim)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.set_title(title)
    ax.legend(loc="lower left", fontsize=9)
    return fig


def show_latent_grid(images, z1_values, z2_values, image_shape: Sequence[int], *, ax=None, title: str = ""):
    """Images decoded on a regular 2-D latent grid, drawn as one mosaic with latent coordinates on the axes.

    ``images`` has shape (len(z2_values) * len(z1_values), height * width), rows ordered by z2 (top = largest)
    then z1: decode the points of :func:`course_utils.latent.grid` in order.
    """
    h, w = image_shape
    n1, n2 = len(z1_values), len(z2_values)
    side = 6.5 if h * w <= 100 else 8.5  # 28 x 28 tiles get a larger mosaic: readable on a projector
    padded = np.pad(_np(images).reshape(n2, n1, h, w), ((0, 0), (0, 0), (1, 1), (1, 1)))  # a white frame per tile
    h, w = h + 2, w + 2
    tiles = padded.transpose(0, 2, 1, 3).reshape(n2 * h, n1 * w)
    fig, ax = _axes(ax, (side, side))
    z1, z2 = _np(z1_values), _np(z2_values)
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
    return fig


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
):
    """Several named curves over the same x values (e.g. reconstruction error against bottleneck size)."""
    fig, ax = _axes(ax, (6.5, 4.2))
    markers = "osD^v<>"
    for i, (label, values) in enumerate(curves.items()):
        ax.plot(_np(x_values), _np(values), marker=markers[i % len(markers)], ms=5, lw=2, label=label)
    if logx:
        ax.set_xscale("log", base=2)
        ax.set_xticks(_np(x_values), [str(v) for v in _np(x_values)])
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend()
    return fig
