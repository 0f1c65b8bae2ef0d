"""Figures of notebook 06 (re-exported by :mod:`course_utils.plots`): prior samples per model, linear
against spherical interpolation, the linear midpoint's norm against the latent size, and ROC curves
beside the images an anomaly score ranks first and last."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np

from ..i18n import _
from .common import show_images, show_reconstructions
from .core import LINE_COLORS, LINE_STYLES, MARKERS, NEUTRAL, _described, as_numpy

__all__ = [
    "show_prior_samples",
    "plot_interpolation_norms",
    "plot_midpoint_against_dimension",
    "plot_anomaly_scores",
]


def _line(i: int) -> dict:
    """The i-th compared line's colour, line style and marker."""
    return dict(color=LINE_COLORS[i % len(LINE_COLORS)], ls=LINE_STYLES[i % len(LINE_STYLES)], marker=MARKERS[i % 7])


def show_prior_samples(
    samples: Mapping,
    quality: Mapping,
    image_shape: Sequence[int],
    *,
    num_images: int = 12,
    ncols: int = 4,
    fig=None,
    alt: str | None = None,
):
    """One panel per model: ``samples[(d, beta)]`` (images as rows of pixels) under a title with ``d``,
    ``beta`` and ``quality[(d, beta)]`` (the fraction the judge reads as a digit with confidence)."""
    if fig is None:
        fig = plt.figure(figsize=(3 * len(samples), 3.3), layout="constrained")
    panels = fig.subfigures(1, len(samples), squeeze=False)[0]
    for panel, (key, images) in zip(panels, samples.items(), strict=True):
        d, beta = key
        show_images(
            as_numpy(images)[:num_images],
            image_shape,
            ncols=ncols,
            fig=panel,
            suptitle=_("d = {d}, β = {beta}\n{quality:.0%} confident").format(d=d, beta=beta, quality=quality[key]),
        )
    return _described(fig, alt)


def plot_interpolation_norms(
    strips: Mapping,
    norms: Mapping,
    band,
    image_shape: Sequence[int],
    *,
    latent_dim: int,
    fig=None,
    alt: str | None = None,
):
    """Left: the decoded path of each method (``strips[name]``, one row each); right: the norm of the code
    along each path (``norms[name]``) over ``band`` = (low, high), the range of 90 % of prior samples."""
    names = list(strips)
    num_images = len(as_numpy(strips[names[0]]))
    if fig is None:
        fig = plt.figure(figsize=(15, 3.6), layout="constrained")
    left, right = fig.subfigures(1, 2, width_ratios=[2.2, 1])
    show_reconstructions(
        strips[names[0]],
        strips[names[1]],
        image_shape,
        num_images=num_images,
        row_labels=names[:2],
        extra_rows=[strips[n] for n in names[2:]],
        fig=left,
    )
    left.suptitle(_("Between two codes at the typical radius, {d}-D VAE").format(d=latent_dim))
    ax = right.subplots()
    low, high = (float(v) for v in band)
    ax.axhspan(low, high, color=NEUTRAL, alpha=0.25, label=_("90 % of prior samples"))
    for i, (name, n) in enumerate(norms.items()):
        n = as_numpy(n)
        ax.plot(np.linspace(0, 1, len(n)), n, lw=2, ms=6, label=name, **_line(i))
    ax.set_xlabel("t")
    ax.set_ylabel(r"$\|z(t)\|$")
    ax.set_ylim(0, max(high, max(float(as_numpy(n).max()) for n in norms.values())) * 1.05)
    ax.set_title(_("Norm along the path"))
    # Below the band: no path between two codes at the typical radius dips under the 5th percentile of the
    # prior's norms (the linear midpoint sits near 0.7 of that radius), so the bottom of the axes is free.
    ax.legend(fontsize=9, loc="lower center", borderaxespad=0.3, labelspacing=0.3)
    return _described(fig, alt)


def plot_midpoint_against_dimension(
    dims, band_low, band_high, midpoint, probability, *, fig=None, alt: str | None = None
):
    r"""Left: the range of 90 % of $\|z\|/\sqrt d$ under N(0, I_d) (``band_low``, ``band_high``) and the linear
    midpoint's $\|(a + b)/2\|/\sqrt d$ (``midpoint``), against ``dims``; right: ``probability``, the prior's
    mass at norms below the midpoint's, against ``dims`` (log scales)."""
    dims = as_numpy(dims)
    if fig is None:
        fig = plt.figure(figsize=(11, 3.8), layout="constrained")
    left, right = fig.subplots(1, 2)
    left.fill_between(
        dims, as_numpy(band_low), as_numpy(band_high), color=NEUTRAL, alpha=0.3, label=_("90 % of prior samples")
    )
    left.plot(dims, as_numpy(midpoint), lw=2, ms=6, label=_("linear midpoint"), **_line(0))
    left.set_xscale("log", base=2)
    left.set_xticks(dims, [str(int(d)) for d in dims])
    left.set_xlabel(_("latent size d"))
    left.set_ylabel(r"$\|z\| / \sqrt{d}$")
    left.set_ylim(0, None)
    left.set_title(_("Norm, in units of the typical radius"))
    left.legend(fontsize=9, loc="lower right")
    right.plot(dims, as_numpy(probability), lw=2, ms=6, **_line(1))
    right.set_xscale("log", base=2)
    right.set_yscale("log")
    right.set_xticks(dims, [str(int(d)) for d in dims])
    right.axhline(0.05, color=NEUTRAL, ls=":", lw=1.5)
    right.annotate("5 %", (dims[0], 0.05), textcoords="offset points", xytext=(2, 4), color="black", fontsize=9)
    right.set_xlabel(_("latent size d"))
    right.set_ylabel(r"$P(\|z\| < \|(a + b)/2\|)$")
    right.set_title(_("Prior mass at norms below the midpoint's"))
    return _described(fig, alt)


def plot_anomaly_scores(
    curves: Mapping,
    ranked: Mapping,
    image_shape: Sequence[int],
    *,
    num_images: int = 10,
    fig=None,
    alt: str | None = None,
):
    """Left: one ROC curve per score, ``curves[name] = (false positive rates, true positive rates, AUC)``;
    right: ``ranked[row label] = images`` (the images a score ranks most and least anomalous)."""
    if fig is None:
        fig = plt.figure(figsize=(15, 4.6), layout="constrained")
    left, right = fig.subfigures(1, 2, width_ratios=[1, 1.6])
    ax = left.subplots()
    for i, (name, (fpr, tpr, auc)) in enumerate(curves.items()):
        ax.plot(
            as_numpy(fpr),
            as_numpy(tpr),
            lw=2.2,
            color=LINE_COLORS[i],
            ls=LINE_STYLES[i],
            label=_("{name}: AUC = {auc:.3f}").format(name=name, auc=auc),
        )
    ax.plot([0, 1], [0, 1], color=NEUTRAL, ls=":", label=_("chance: AUC = 0.5"))
    ax.set_xlabel(_("false positive rate (normal flagged)"))
    ax.set_ylabel(_("true positive rate (anomalies caught)"))
    ax.set_title(_("Trained on 0–6, tested on 0–9"))
    ax.legend(fontsize=8.5, loc="lower right")
    rows = list(ranked.values())
    show_reconstructions(
        rows[0], rows[1], image_shape, num_images=num_images, row_labels=list(ranked), extra_rows=rows[2:], fig=right
    )
    return _described(fig, alt)
