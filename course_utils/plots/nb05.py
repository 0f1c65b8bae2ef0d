"""Figures of notebook 05 (re-exported by :mod:`course_utils.plots`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np

from ..i18n import _
from .core import COLORS, LINE_COLORS, NEUTRAL, _axes, _described, as_numpy

__all__ = [
    "plot_elbo_sweeps",
    "plot_elbo_gap",
    "plot_iwae_curve",
    "plot_rate_distortion",
    "plot_kl_per_dimension",
]

_HATCHES = ("", "//", "..", "xx", "\\\\", "oo", "++")


def plot_elbo_sweeps(sweeps: Sequence[tuple], log_px: float, *, title: str | None = None, fig=None, alt=None):
    """The ELBO of q along sweeps of its parameters, under the constant log p(x), the gap shaded.

    ``sweeps`` holds one ``(grid, elbo, best, xlabel)`` per panel: the swept parameter's values, the ELBO
    at each, the value at the true posterior (a dashed vertical line) and the axis label."""
    if fig is None:
        fig = plt.figure(figsize=(13, 4.2), layout="constrained")
    axes = fig.subplots(1, len(sweeps), sharey=True, squeeze=False)[0]
    for ax, (grid, elbo, best, xlabel) in zip(axes, sweeps, strict=True):
        grid, elbo = as_numpy(grid), as_numpy(elbo)
        ax.axhline(log_px, color=COLORS["truth"], lw=2, ls="-", label=_(r"$\log p(x)$"))
        ax.plot(grid, elbo, color=COLORS["model"], lw=2.5, ls="--", label=_("ELBO(q)"))
        ax.fill_between(grid, elbo, log_px, color=COLORS["posterior"], alpha=0.25, label=_(r"gap = $KL(q \| p(z|x))$"))
        ax.axvline(best, color=NEUTRAL, ls=":", lw=2, label=_("true posterior"))
        ax.set_xlabel(xlabel)
        ax.set_ylim(log_px - 4, log_px + 0.5)
        ax.legend(loc="lower center", fontsize=9)
    axes[0].set_ylabel(_("nats"))
    if title:
        fig.suptitle(title)
    return _described(fig, alt)


def plot_elbo_gap(z, q_density, posterior_density, log_px: float, gap: float, elbo: float, *, fig=None, alt=None):
    """Left: q(z) against the true posterior p(z|x) on the grid ``z``. Right: −ELBO(q) as one stacked bar,
    −log p(x) (which does not depend on q) below and the gap KL(q ‖ p(z|x)) on top; the title compares the
    bar's height with −``elbo`` computed on its own."""
    z, q_density, posterior_density = map(as_numpy, (z, q_density, posterior_density))
    if fig is None:
        fig = plt.figure(figsize=(10, 3.4), layout="constrained")
    axes = fig.subplots(1, 2, width_ratios=[1.6, 1])
    axes[0].plot(z, posterior_density, lw=2.5, ls="-", color=COLORS["posterior"], label=_("true posterior p(z|x)"))
    axes[0].plot(z, q_density, lw=2.5, ls="--", color=COLORS["model"], label=_("q(z) = N(m, v)"))
    axes[0].set_xlabel("z")
    axes[0].set_ylabel(_("density"))
    axes[0].legend(fontsize=9)
    axes[0].set_title(_("q against the posterior"))
    bar = _("−ELBO(q)")
    axes[1].bar([bar], [-log_px], color=COLORS["data"], label=_("−log p(x) = {value:.2f}").format(value=-log_px))
    axes[1].bar(
        [bar],
        [gap],
        bottom=[-log_px],
        color=COLORS["posterior"],
        hatch="//",
        label=_("gap KL(q ‖ p(z|x)) = {value:.2f}").format(value=gap),
    )
    axes[1].set_ylabel(_("nats"))
    axes[1].legend(fontsize=9, loc="upper right")
    axes[1].set_ylim(0, max(-elbo, gap - log_px, -log_px) * 1.35 + 0.5)
    axes[1].set_title(
        _("−ELBO = {negative_elbo:.2f}; −log p(x) + gap = {total:.2f}").format(negative_elbo=-elbo, total=gap - log_px)
    )
    return _described(fig, alt)


def plot_iwae_curve(ks: Sequence[int], iwae_means, elbo: float, *, ax=None, alt=None):
    """The mean IWAE_K estimate of log p(x) against K (log axis), with the ELBO as a dashed line."""
    fig, ax = _axes(ax, (7.5, 4))
    ax.plot(
        list(ks),
        as_numpy(iwae_means),
        marker="o",
        ls="-",
        lw=2.5,
        color=COLORS["model"],
        label=_(r"$\mathrm{IWAE}_K$ (mean over test images)"),
    )
    ax.axhline(elbo, color=COLORS["data"], ls="--", label=_("ELBO (100-sample average)"))
    ax.set_xscale("log")
    ax.set_xlabel(_("number of importance samples K"))
    ax.set_ylabel(_("nats per image"))
    ax.set_title(_(r"Tighter estimates of $\log p(x)$ as K grows"))
    ax.legend()
    return _described(fig, alt)


def plot_rate_distortion(
    rates: Mapping[float, float],
    distortions: Mapping[float, float],
    distortion_no_code: float,
    *,
    ax=None,
    title: str | None = None,
    alt=None,
):
    """Distortion against rate, one point per β (the keys of ``rates`` and ``distortions``), labelled, with
    the distortion of a decoder that ignores the code (the mean image) as a dotted line."""
    betas = list(rates)
    fig, ax = _axes(ax, (7.5, 4.5))
    ax.plot(
        [rates[b] for b in betas],
        [distortions[b] for b in betas],
        marker="o",
        ls="-",
        lw=2,
        ms=8,
        color=COLORS["model"],
        label=_("β-VAE, one point per β"),
    )
    # One label per group of points that lie on top of each other (the collapsed end of the curve).
    r_span = max(rates.values()) - min(rates.values()) or 1.0
    d_span = max(distortions.values()) - min(distortions.values()) or 1.0
    groups: list[list[float]] = []
    for b in betas:
        if groups and all(
            abs(rates[b] - rates[g]) < 0.04 * r_span and abs(distortions[b] - distortions[g]) < 0.04 * d_span
            for g in groups[-1]
        ):
            groups[-1].append(b)
        else:
            groups.append([b])
    for i, group in enumerate(groups):
        ax.annotate(
            _("β = {betas}").format(betas=", ".join(f"{b:g}" for b in group)),
            (rates[group[0]], distortions[group[0]]),
            xytext=(8, 4 if i % 2 == 0 else -16),
            textcoords="offset points",
        )
    ax.axhline(distortion_no_code, color=NEUTRAL, ls=":", lw=2, label=_("distortion with no code (the mean image)"))
    ax.set_xlabel(_("rate: KL(q(z|x) || p(z)), nats"))
    ax.set_ylabel(_("distortion: −E log p(x|z), nats"))
    ax.set_title(title or _("β-VAE: trading rate for distortion"))
    # Centre right: the curve falls steeply from the no-code end, so above its flat tail the axes are empty.
    ax.legend(loc="center right")
    return _described(fig, alt)


def plot_kl_per_dimension(kl_dims: Mapping[str, object], *, ax=None, title: str | None = None, alt=None):
    """Grouped bars of the KL of each latent dimension (sorted, largest first), one group member per run;
    ``kl_dims`` maps a legend label to the run's per-dimension KL. Each run has a colour and a hatch."""
    fig, ax = _axes(ax, (10, 4))
    labels = list(kl_dims)
    latent_dim = len(as_numpy(kl_dims[labels[0]]))
    width = 0.8 / len(labels)
    for i, label in enumerate(labels):
        values = np.sort(as_numpy(kl_dims[label]))[::-1]
        ax.bar(
            np.arange(latent_dim) + (i - (len(labels) - 1) / 2) * width,
            values,
            width,
            color=LINE_COLORS[i % len(LINE_COLORS)],
            hatch=_HATCHES[i % len(_HATCHES)],
            edgecolor="white",
            label=label,
        )
    ax.set_yscale("symlog", linthresh=0.01)
    ax.set_xticks(range(latent_dim))
    ax.set_xlabel(_("latent dimension (sorted by KL)"))
    ax.set_ylabel(_("KL per dimension (nats)"))
    ax.set_title(title or _("Posterior collapse: as β grows, dimensions fall to the prior (KL → 0)"))
    ax.legend(fontsize=9, loc="upper left", bbox_to_anchor=(1.01, 1.0))  # outside: bars fill the axes
    return _described(fig, alt)
