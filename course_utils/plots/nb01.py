"""Figures of notebook 01 (re-exported by :mod:`course_utils.plots`): maximum likelihood, the underflowing
product, least squares as a Gaussian model, the Bernoulli likelihood, Bayes' rule, ridge and the lasso.

Each function draws data it is given (nothing is fitted here) and takes ``alt=``, the one or two sentences
that say what the figure shows; the notebook writes them next to the call.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np

from ..i18n import _
from .common import plot_bayes_update, plot_polynomial_fit
from .core import COLORS, LINE_COLORS, LINE_STYLES, NEUTRAL, _axes, _described, as_numpy

__all__ = [
    "plot_log_likelihood_profiles",
    "plot_sigma2_bias",
    "plot_underflow",
    "plot_regression_band",
    "plot_bernoulli_pixel",
    "plot_posterior_sharpening",
    "plot_regularisation",
    "plot_sparse_coefficients",
]


def _figure(fig, ncols: int, figsize, **kwargs):
    if fig is None:
        fig = plt.figure(figsize=figsize, layout="constrained")
    return fig, fig.subplots(1, ncols, **kwargs)


def plot_log_likelihood_profiles(mu_grid, ll_mu, mu_hat, sigma_grid, ll_sigma, sigma_hat, *, fig=None, alt=None):
    """The Gaussian log-likelihood over a grid of ``mu`` (at ``sigma_hat``) and of ``sigma`` (at ``mu_hat``),
    each with the MLE marked: two panels."""
    fig, axes = _figure(fig, 2, (11, 3.8))
    panels = (
        (axes[0], mu_grid, ll_mu, float(mu_hat), r"\mu", _(r"log-likelihood over $\mu$ ($\sigma = \hat\sigma$)")),
        (
            axes[1],
            sigma_grid,
            ll_sigma,
            float(sigma_hat),
            r"\sigma",
            _(r"log-likelihood over $\sigma$ ($\mu = \hat\mu$)"),
        ),
    )
    for ax, grid, ll, best, name, title in panels:
        ax.plot(as_numpy(grid), as_numpy(ll), lw=2.5, color=COLORS["model"], label=r"$\log \mathcal{L}$")
        ax.axvline(
            best,
            color=COLORS["truth"],
            ls="--",
            label=_(r"MLE $\hat{name} = {value:.2f}$").format(name=name, value=best),
        )
        ax.set_xlabel(_("${name}$ (cm)").format(name=name))
        ax.set_ylabel(_(r"$\log \mathcal{L}$ (nats)"))
        ax.set_title(title)
        ax.legend(loc="lower center")
    return _described(fig, alt)


def plot_sigma2_bias(sample_sizes, mean_sigma2, *, num_datasets: int, ax=None, alt=None):
    """The average of the MLE of the variance over ``num_datasets`` data sets of each size, against the true
    variance 1 (the run of a predict-then-run exercise: it shows the measurement, not the formula)."""
    fig, ax = _axes(ax, (7, 3.6))
    n = np.asarray(sample_sizes, dtype=float)
    ax.plot(
        n,
        as_numpy(mean_sigma2),
        "o-",
        ms=7,
        lw=2.5,
        color=COLORS["model"],
        label=_(r"average $\hat\sigma^2$ over {num:,} data sets").format(num=num_datasets),
    )
    ax.axhline(1.0, color=COLORS["truth"], ls="--", lw=1.5, label=_(r"true $\sigma^2 = 1$"))
    ax.set_xscale("log")
    ax.set_xticks(n, [str(int(v)) for v in n])
    ax.minorticks_off()
    ax.set_xlabel(_("data set size n"))
    ax.set_ylabel(_(r"average of $\hat\sigma^2_{\mathrm{MLE}}$"))
    ax.set_title(_("The MLE of the variance, averaged over many data sets"))
    ax.legend(loc="lower right")
    return _described(fig, alt)


def plot_underflow(n_values, log10_likelihood, products: dict, first_zero: dict, *, ax=None, alt=None):
    """log10 of the likelihood of the first n points, computed as a sum of logs and as a product in each
    floating-point type of ``products`` (name -> running product); ``first_zero`` maps a name to the first
    n at which its product is exactly 0 (a value beyond the last n: never)."""
    fig, ax = _axes(ax, (8, 4))
    n = as_numpy(n_values)
    ax.plot(
        n,
        as_numpy(log10_likelihood),
        lw=5,
        alpha=0.45,
        color=COLORS["model"],
        label=_(r"$\sum_i \log_{10} p(x_i)$ (never underflows)"),
    )
    for k, (name, product) in enumerate(products.items()):
        product = as_numpy(product).astype(np.float64)
        shown = product > 0
        style, colour = LINE_STYLES[1 + k], LINE_COLORS[0 if k == 0 else 3]
        ax.plot(
            n[shown],
            np.log10(product[shown]),
            ls=style,
            lw=2,
            color=colour,
            label=_(r"$\log_{{10}} \prod_i p(x_i)$ in {name}").format(name=name),
        )
        if first_zero[name] <= n[-1]:
            ax.axvline(first_zero[name], color=NEUTRAL, ls=style, lw=1)
            ax.annotate(
                _("{name} product\nis exactly 0\nfrom n = {n}").format(name=name, n=first_zero[name]),
                (first_zero[name], 0.08),  # low: right of its line, the sum's curve is still high above
                xycoords=("data", "axes fraction"),
                xytext=(6, 0),
                textcoords="offset points",
                fontsize=10,
            )
    ax.set_xscale("log")
    ax.set_xlabel(_("number of data points n"))
    ax.set_ylabel(_(r"$\log_{10}$ likelihood"))
    ax.set_title(_("The likelihood product underflows; the log-likelihood does not"))
    ax.legend(loc="lower left")
    return _described(fig, alt)


def plot_regression_band(x, y, x_line, y_line, sigma: float, *, ax=None, alt=None):
    """Regression as a probabilistic model: data, the fitted mean f(x, θ̂) and the band f ± 2σ."""
    fig, ax = _axes(ax, (8, 4))
    x_line, y_line = as_numpy(x_line), as_numpy(y_line)
    ax.fill_between(
        x_line,
        y_line - 2 * sigma,
        y_line + 2 * sigma,
        color=COLORS["model"],
        alpha=0.2,
        label=_(r"$f(x,\hat\theta) \pm 2\sigma$: where the model expects 95% of the $y$"),
    )
    ax.plot(
        x_line,
        y_line,
        color=COLORS["model"],
        lw=2.5,
        label=_(r"$f(x, \hat\theta)$, the mean of $p(y \mid x, \hat\theta)$"),
    )
    ax.scatter(
        as_numpy(x), as_numpy(y), s=25, color=COLORS["data"], edgecolor="white", label=_("data $(x_i, y_i)$"), zorder=3
    )
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.legend(loc="upper left", fontsize=9)
    ax.set_title(_("Regression as a probabilistic model: a Gaussian around the curve"))
    return _described(fig, alt)


def plot_bernoulli_pixel(image, pixel: tuple[int, int], pi_grid, mean_nll, pi_hat: float, *, fig=None, alt=None):
    """Left, one image with the modelled ``pixel`` (row, column) framed; right, the mean Bernoulli negative
    log-likelihood of that pixel's observations over a grid of π, with the fraction of ink marked."""
    fig, axes = _figure(fig, 2, (11, 3.8), width_ratios=[1, 2.4])
    row, col = pixel
    axes[0].imshow(as_numpy(image), cmap="gray_r", vmin=0, vmax=1)
    axes[0].grid(False)
    axes[0].add_patch(plt.Rectangle((col - 0.5, row - 0.5), 1, 1, fill=False, color=COLORS["posterior"], lw=3))
    axes[0].set_title(_("the pixel we model"))
    axes[0].set_xticks([])
    axes[0].set_yticks([])
    axes[1].plot(as_numpy(pi_grid), as_numpy(mean_nll), lw=2.5, color=COLORS["model"], label=_("mean NLL"))
    axes[1].axvline(
        float(pi_hat),
        color=COLORS["truth"],
        ls="--",
        label=_(r"fraction of ink $\hat\pi = {value:.3f}$").format(value=float(pi_hat)),
    )
    axes[1].set_xlabel(_(r"$\pi$ = probability that the pixel is ink"))
    axes[1].set_ylabel(_("mean binary cross-entropy (nats)"))
    axes[1].set_title(_("Bernoulli NLL of one pixel: minimum at the fraction of ones"))
    axes[1].legend()
    return _described(fig, alt)


# One look per number of measurements: a stronger shade and a longer dash as n grows (never colour alone);
# the prior keeps the dotted line it has on the left panel.
_SHARPENING_STYLES = ((0.55, (0, (3, 1.5, 1, 1.5, 1, 1.5))), (0.7, "-."), (0.85, "--"), (1.0, "-"))


def plot_posterior_sharpening(
    theta, prior, likelihood, posterior, posteriors_by_n: dict, true_theta: float, *, fig=None, alt=None
):
    """Left, Bayes' rule on a grid (prior, likelihood, posterior; :func:`plot_bayes_update`); right, the
    posterior after n measurements for each n of ``posteriors_by_n`` (n -> (density on ``theta``, tau_n)),
    with the prior and the true θ: each curve has its own line style as well as its own shade."""
    fig, axes = _figure(fig, 2, (12, 4.2))
    plot_bayes_update(
        theta,
        prior,
        likelihood,
        posterior,
        ax=axes[0],
        title=_("n = 3 measurements: posterior ∝ likelihood × prior"),
    )
    theta = as_numpy(theta)
    axes[1].plot(theta, as_numpy(prior), lw=2.5, ls=":", color=COLORS["prior"], label=_("prior (n = 0)"))
    if len(posteriors_by_n) > len(_SHARPENING_STYLES):
        raise ValueError(f"posteriors_by_n holds at most {len(_SHARPENING_STYLES)} curves, got {len(posteriors_by_n)}")
    for (n, (density, tau_n)), (shade, style) in zip(
        posteriors_by_n.items(), _SHARPENING_STYLES[-len(posteriors_by_n) :], strict=True
    ):
        axes[1].plot(
            theta,
            as_numpy(density),
            color=COLORS["posterior"],
            alpha=shade,
            ls=style,
            lw=2.5,
            label=_(r"n = {n}: $\tau_n$ = {tau:.2f}").format(n=n, tau=tau_n),
        )
    axes[1].axvline(
        true_theta,
        color=COLORS["truth"],
        ls=(0, (6, 2, 1, 2)),
        lw=1.2,
        label=_(r"true $\theta$ = {value}").format(value=true_theta),
    )
    axes[1].set_xlim(true_theta - 2.2, true_theta + 1.8)
    axes[1].set_xlabel(r"$\theta$")
    axes[1].set_ylabel(_("density"))
    axes[1].set_title(_("The posterior sharpens as data arrive"))
    axes[1].legend(fontsize=9, loc="upper left")
    return _described(fig, alt)


def plot_regularisation(
    x_train,
    y_train,
    x_grid,
    y_grid_true,
    fits: dict,
    errors: dict,
    lams,
    mse_curves,
    best_lam: float,
    *,
    degree: int,
    fig=None,
    alt=None,
):
    """Two ridge fits of a polynomial of ``degree`` (``fits``: λ -> curve on ``x_grid``; ``errors``: λ ->
    (train MSE, test MSE)) and the training and test errors over a grid of λ (``mse_curves``: (len(lams), 2))."""
    fig, axes = _figure(fig, len(fits) + 1, (15, 4))
    for ax, (lam, y_fit) in zip(axes[:-1], fits.items(), strict=True):
        train, test = errors[lam]
        plot_polynomial_fit(
            x_train,
            y_train,
            x_grid,
            y_fit,
            y_grid_true=y_grid_true,
            ax=ax,
            title=_("degree {degree}, λ = {lam:.0e}\ntrain MSE {train:.3f}, test MSE {test:.3f}").format(
                degree=degree, lam=lam, train=train, test=test
            ),
        )
    ax = axes[-1]
    lams, mse_curves = as_numpy(lams), as_numpy(mse_curves)
    ax.plot(lams, mse_curves[:, 0], marker="o", ls="-", ms=4, color=LINE_COLORS[0], label=_("train"))
    ax.plot(lams, mse_curves[:, 1], marker="s", ls="--", ms=4, color=LINE_COLORS[1], label=_("test"))
    ax.axvline(best_lam, color=NEUTRAL, ls=":", lw=2, label=_("lowest test error: λ = {lam:.0e}").format(lam=best_lam))
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(_("λ (prior strength)"))
    ax.set_ylabel(_("mean squared error"))
    ax.set_title(_("Degree {degree}: error against the prior strength λ").format(degree=degree))
    ax.legend(fontsize=9)
    return _described(fig, alt)


# Bars that are compared: a colour and a hatch each.
_BAR_LOOKS = ((COLORS["truth"], ""), (COLORS["data"], "//"), (COLORS["prior"], ".."), (COLORS["posterior"], "xx"))


def plot_sparse_coefficients(coefficients: dict, lam: float, *, fig=None, alt=None):
    """Left, a Gaussian and a Laplace prior of the same variance (1); right, the coefficients of each
    estimate in ``coefficients`` (name -> (p,) vector, at most four), side by side for every index."""
    if len(coefficients) > len(_BAR_LOOKS):
        raise ValueError(f"coefficients holds at most {len(_BAR_LOOKS)} estimates, got {len(coefficients)}")
    fig, axes = _figure(fig, 2, (13, 4), width_ratios=[1, 2])
    t = np.linspace(-3, 3, 401)
    b = 1 / math.sqrt(2)  # Laplace scale of variance 2 b^2 = 1
    axes[0].plot(
        t,
        np.exp(-0.5 * t**2) / math.sqrt(2 * math.pi),
        lw=2.5,
        ls="--",
        color=COLORS["prior"],
        label=_("Gaussian → L2"),
    )
    axes[0].plot(t, np.exp(-np.abs(t) / b) / (2 * b), lw=2.5, color=COLORS["posterior"], label=_("Laplace → L1"))
    axes[0].set_xlabel(r"$\theta_j$")
    axes[0].set_ylabel(_("prior density"))
    axes[0].set_title(_("Two priors, same variance"))
    axes[0].legend()
    width = 0.8 / len(coefficients)
    p = len(next(iter(coefficients.values())))
    index = np.arange(p)
    for k, ((name, coef), (colour, hatch)) in enumerate(zip(coefficients.items(), _BAR_LOOKS, strict=False)):
        offset = (k - (len(coefficients) - 1) / 2) * width
        axes[1].bar(index + offset, as_numpy(coef), width, label=name, color=colour, hatch=hatch, edgecolor="white")
    axes[1].axhline(0, color="black", lw=0.8)
    axes[1].set_xticks(index)
    axes[1].set_xlabel(_("coefficient index j"))
    axes[1].set_ylabel(r"$\hat\theta_j$")
    axes[1].set_title(
        _("λ = {lam:g}: the lasso sets most irrelevant coefficients exactly to 0, ridge only shrinks them").format(
            lam=lam
        )
    )
    # Upper right, in two columns: the course's true coefficients there are 0 or 1, far below the top (2).
    axes[1].legend(ncols=2, fontsize=9, loc="upper right")
    return _described(fig, alt)
