"""ipywidgets explorers built on :mod:`course_utils.plots` (each names the notebook that shows it)."""

from __future__ import annotations

import math
from collections.abc import Callable

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import torch

from . import estimators, plots
from .i18n import _


def _show(fig) -> None:
    """Display a figure inside a widget's output area, then close it so it is not shown twice."""
    from IPython.display import display

    display(fig)
    plt.close(fig)


def polynomial_explorer(
    x_train,
    y_train,
    x_test,
    y_test,
    x_grid,
    y_grid_true,
    *,
    max_degree: int = 12,
    degree: int = 9,
    lam: float = 1e-6,
) -> widgets.Widget:
    """Notebook 01: a polynomial fitted by MAP (ridge), with sliders for the degree and lambda.

    The title reports the training and test mean squared errors, so overfitting is visible as a
    low training error next to a high test error. The figure's alt text says what the current fit
    shows: it compares both errors with the noise level, the error of the true curve itself (read off
    ``y_grid_true`` on ``x_grid``). A slider's description is its accessible name (the label a screen
    reader speaks); its tooltip says what it sets.
    """
    degree_slider = widgets.IntSlider(
        value=degree,
        min=0,
        max=max_degree,
        description=_("degree"),
        tooltip=_("degree of the polynomial"),
        continuous_update=False,
    )
    lam_slider = widgets.FloatLogSlider(
        value=lam,
        base=10,
        min=-9,
        max=2,
        step=0.25,
        description="λ",
        tooltip=_("λ, the strength of the Gaussian prior on the coefficients"),
        readout_format=".1e",
        continuous_update=False,
    )
    grid, truth = plots.as_numpy(x_grid), plots.as_numpy(y_grid_true)
    order = np.argsort(grid)

    def noise_level(x, y) -> float:
        """The mean squared error of the true curve itself on (x, y): what no fit beats on average."""
        true_y = np.interp(plots.as_numpy(x), grid[order], truth[order])
        return max(float(np.mean((plots.as_numpy(y) - true_y) ** 2)), 1e-12)

    floor = {"train": noise_level(x_train, y_train), "test": noise_level(x_test, y_test)}

    def verdict(mse: dict) -> str:
        """What the fit shows, in words, where the errors make it clear (else nothing)."""
        if mse["train"] > 1.5 * floor["train"]:
            return _("; it misses the shape of the true curve (underfitting)")
        if mse["train"] < 0.5 * floor["train"] and mse["test"] > 2 * floor["test"]:
            return _("; it follows the noise of the training points and swings between them (overfitting)")
        if mse["test"] < 1.6 * floor["test"]:
            return _("; it stays close to the true curve")
        return ""

    def draw(degree: int, lam: float) -> None:
        theta = estimators.ridge(estimators.polynomial_features(x_train, degree), y_train, lam)
        mse = {
            name: (estimators.polynomial_features(x, degree) @ theta - y).pow(2).mean().item()
            for name, x, y in (("train", x_train, y_train), ("test", x_test, y_test))
        }
        y_fit = estimators.polynomial_features(x_grid, degree) @ theta
        fig = plots.plot_polynomial_fit(
            x_train,
            y_train,
            x_grid,
            y_fit,
            y_grid_true=y_grid_true,
            x_test=x_test,
            y_test=y_test,
            title=_("degree {degree}, λ = {lam:.1e}: train MSE {train:.3f}, test MSE {test:.3f}").format(
                degree=degree, lam=lam, train=mse["train"], test=mse["test"]
            ),
            alt=_(
                "A polynomial of degree {degree} fitted with λ = {lam:.1e} to {n} training points: training error "
                "{train:.3f} and test error {test:.3f}, against {train_floor:.3f} and {test_floor:.3f} for the true "
                "curve itself{verdict}."
            ).format(
                degree=degree,
                lam=lam,
                n=len(x_train),
                train=mse["train"],
                test=mse["test"],
                train_floor=floor["train"],
                test_floor=floor["test"],
                verdict=verdict(mse),
            ),
        )
        _show(fig)

    out = widgets.interactive_output(draw, {"degree": degree_slider, "lam": lam_slider})
    return widgets.VBox([widgets.HBox([degree_slider, lam_slider]), out])


def _latent_sliders(latent_dim: int, limit: float) -> list[widgets.FloatSlider]:
    """One slider per latent coordinate, z1 ... zd, each in [-limit, limit]. A slider's description is its
    accessible name (the label a screen reader speaks), and the keyword its value is passed under."""
    return [
        widgets.FloatSlider(
            value=0.0,
            min=-limit,
            max=limit,
            step=limit / 50,
            description=f"z{i + 1}",
            readout_format=".2f",
            tooltip=_("latent coordinate z{index}").format(index=i + 1),
        )
        for i in range(latent_dim)
    ]


def _judge_reading(judge, image) -> str:
    """What ``judge`` (a :class:`~course_utils.metrics.DigitJudge`) reads in one image, in words."""
    proba = judge.predict_proba(image)[0]  # (11,): ten digits, then a blend of two
    k = int(proba.argmax())
    if k == len(proba) - 1:
        return _("the digit judge reads it as a blend of two digits (p = {p:.2f})").format(p=proba[k].item())
    return _("the digit judge reads it as a {digit} (p = {p:.2f})").format(digit=k, p=proba[k].item())


def latent_explorer(
    decode,
    image_shape,
    *,
    latent_dim: int = 2,
    z=None,
    labels=None,
    limit: float = 3.0,
    title: str | None = None,
    judge=None,
) -> widgets.Widget:
    """Notebooks 02 and 04: one slider per latent coordinate → the decoded image, live.

    ``decode`` maps codes of shape (1, latent_dim) to pixels in [0, 1] of shape (1, height * width).
    With a 2-D latent space and codes ``z`` (with ``labels``) the point is also shown on the scatter.
    With a ``judge`` (:func:`course_utils.metrics.fit_digit_judge`) the figure's alt text says what it
    reads in the image; the alt text always states the code z.
    """
    if latent_dim < 1:
        raise ValueError(f"latent_dim must be >= 1, got {latent_dim!r}")
    title = _("decoded image") if title is None else title
    sliders = _latent_sliders(latent_dim, limit)

    def draw(**values: float) -> None:
        point = torch.tensor([[values[f"z{i + 1}"] for i in range(latent_dim)]], dtype=torch.float32)  # (1, d)
        with torch.no_grad():
            image = decode(point)  # (1, height * width)
        show_scatter = z is not None and latent_dim == 2
        fig, axes = plt.subplots(
            1,
            2 if show_scatter else 1,
            figsize=(9 if show_scatter else 3.6, 3.8),
            layout="constrained",
            squeeze=False,
        )
        code = ", ".join(f"{v:.2f}" for v in point[0].tolist())
        if show_scatter:
            plots.plot_latent_scatter(z, labels, ax=axes[0, 0], s=6, title=_("latent space"))
            axes[0, 0].plot(*point[0].tolist(), marker="X", ms=16, color="black", markeredgecolor="white")
        image_ax = axes[0, -1]
        image_ax.imshow(plots.as_numpy(image).reshape(image_shape), cmap="gray_r", vmin=0, vmax=1)
        image_ax.set_title(_("{title}\nz = ({code})").format(title=title, code=code))
        image_ax.axis("off")
        if show_scatter:
            alt = _(
                "Left, the codes of the test images coloured by digit, with a cross at z = ({code}); right, "
                "the image the decoder draws from that code."
            ).format(code=code)
        else:
            alt = _("The image the decoder draws from the code z = ({code}).").format(code=code)
        if judge is not None:
            alt += " " + _("Of that image, {reading}.").format(reading=_judge_reading(judge, image))
        plots.describe(fig, alt)
        _show(fig)

    out = widgets.interactive_output(draw, {s.description: s for s in sliders})
    return widgets.VBox([widgets.HBox(sliders[:4]), *([widgets.HBox(sliders[4:])] if latent_dim > 4 else []), out])


def denoising_explorer(
    x,
    models: dict,
    image_shape,
    *,
    noise_std: float = 0.3,
    max_noise: float = 1.0,
    num_images: int = 8,
    seed: int = 0,
) -> widgets.Widget:
    """Notebook 03: a noise-level slider → clean, noisy and each model's reconstruction, with errors.

    ``models`` maps a row label to a model whose ``forward`` returns pixels; the noise pattern is fixed
    (seeded through :func:`course_utils.runtime.generator`, so ``COURSE_SEED_OFFSET`` moves it) so that
    moving the slider only changes its strength. Each drawing says in its alt text the noise level and
    what its rows show.
    """
    from .runtime import generator

    slider = widgets.FloatSlider(
        value=noise_std,
        min=0.0,
        max=max_noise,
        step=0.05,
        description=_("noise σ"),
        continuous_update=False,
    )
    x = x[:num_images]
    eps = torch.randn(x.shape, generator=generator(seed))  # fixed pattern

    def draw(sigma: float) -> None:
        x_noisy = x + sigma * eps
        with torch.no_grad():
            outputs = {label: model(x_noisy) for label, model in models.items()}
        errors = {label: (out - x).pow(2).sum(1).mean().item() for label, out in outputs.items()}
        labels = [
            _("clean x"),
            _("noisy, σ = {sigma:.2f}").format(sigma=sigma),
            *[_("{model}\n‖x − x̂‖² = {error:.2f}").format(model=k, error=errors[k]) for k in outputs],
        ]
        alt = _(
            "Noise level σ = {sigma:.2f}: the rows show {count} clean digits, the same digits with Gaussian "
            "noise (clipped to [0, 1] for display), and the reconstruction by each model ({models}); the mean "
            "error per image is {errors}."
        ).format(
            sigma=sigma,
            count=len(x),
            models=", ".join(outputs),
            errors=", ".join(f"{k} {v:.2f}" for k, v in errors.items()),
        )
        fig = plots.show_reconstructions(
            x,
            x_noisy.clamp(0, 1),
            image_shape,
            num_images=len(x),
            row_labels=labels,
            extra_rows=list(outputs.values()),
            alt=alt,
        )
        _show(fig)

    out = widgets.interactive_output(draw, {"sigma": slider})
    return widgets.VBox([slider, out])


def conditional_explorer(
    decode,
    num_classes: int,
    image_shape,
    *,
    latent_dim: int = 2,
    limit: float = 3.0,
    digit: int = 0,
) -> widgets.Widget:
    """Notebook 06: choose a class and the latent values of a conditional VAE → the decoded image, live.

    ``decode(z, y)`` maps codes (1, latent_dim) and labels (1,) to pixels in [0, 1] of shape (1, height * width).
    The image is shown next to the same z decoded with every other class, so the code reads as "style".
    """
    if latent_dim < 1:
        raise ValueError(f"latent_dim must be >= 1, got {latent_dim!r}")
    class_slider = widgets.IntSlider(value=digit, min=0, max=num_classes - 1, description=_("class"))
    sliders = _latent_sliders(latent_dim, limit)

    def draw(label: int, **values: float) -> None:
        z = torch.tensor([[values[f"z{i + 1}"] for i in range(latent_dim)]], dtype=torch.float32)  # (1, d)
        with torch.no_grad():
            chosen = decode(z, torch.tensor([label]))  # (1, height * width)
            every = decode(z.expand(num_classes, -1), torch.arange(num_classes))  # (num_classes, height * width)
        fig, axes = plt.subplots(1, 2, figsize=(10, 3.2), layout="constrained", width_ratios=[1, 3.2])
        axes[0].imshow(plots.as_numpy(chosen).reshape(image_shape), cmap="gray_r", vmin=0, vmax=1)
        axes[0].set_title(_("class {label}").format(label=label))
        axes[0].axis("off")
        strip = plots.as_numpy(every).reshape(num_classes, *image_shape).transpose(1, 0, 2).reshape(image_shape[0], -1)
        axes[1].imshow(strip, cmap="gray_r", vmin=0, vmax=1)
        axes[1].axis("off")
        classes = " ".join(str(k) for k in range(num_classes))
        axes[1].set_title(_("the same z with every class: {classes}").format(classes=classes))
        code = ", ".join(f"{v:.2f}" for v in z[0].tolist())
        plots.describe(
            fig,
            _(
                "The code z = ({code}) decoded as class {label} (left) and as every class from 0 to {last} "
                "(right): one z is one style, so compare the slant and the stroke along the strip."
            ).format(code=code, label=label, last=num_classes - 1),
        )
        _show(fig)

    controls = {"label": class_slider, **{s.description: s for s in sliders}}
    out = widgets.interactive_output(draw, controls)
    return widgets.VBox(
        [
            widgets.HBox([class_slider, *sliders[:3]]),
            *([widgets.HBox(sliders[3:])] if latent_dim > 3 else []),
            out,
        ]
    )


def _toy_by_quadrature(x: float, a: float, s: float):
    """log p(x), the (mean, variance) of p(z | x) and ELBO(m, v) of the toy model z ~ N(0, 1), x | z ~ N(a z, s²),
    from its densities alone: Bayes' rule and expectations on a fine grid of z, no closed form."""
    z = torch.linspace(-15.0, 15.0, 30001, dtype=torch.float64)
    dz = (z[1] - z[0]).item()
    prior = torch.distributions.Normal(0.0, 1.0)
    log_lik = torch.distributions.Normal(a * z, s).log_prob(torch.tensor(x, dtype=torch.float64))  # (grid,)
    log_joint = prior.log_prob(z) + log_lik
    log_px = torch.logsumexp(log_joint, 0).item() + math.log(dz)
    weights = torch.softmax(log_joint, 0)  # p(z | x) dz on the grid
    mean = (weights * z).sum().item()
    variance = (weights * (z - mean) ** 2).sum().item()

    def elbo(m, v):
        q = torch.distributions.Normal(torch.as_tensor(m, dtype=torch.float64), torch.as_tensor(v).sqrt())
        expected_log_lik = (q.log_prob(z).exp() * log_lik).sum() * dz
        return expected_log_lik - torch.distributions.kl_divergence(q, prior)

    return log_px, (mean, variance), elbo


def elbo_gap_explorer(
    x: float,
    a: float,
    s: float,
    *,
    elbo: Callable | None = None,
    posterior: tuple[float, float] | None = None,
    log_evidence: float | None = None,
) -> widgets.Widget:
    """Notebook 05: move q = N(m, v) and watch −ELBO(q) = −log p(x) + KL(q ‖ p(z|x)) on the toy model
    z ~ N(0, 1), x | z ~ N(a z, s²), at the observation ``x``.

    The notebook passes its own toy-model results, so that each formula is written once: ``elbo(m, v)``
    (tensors in, the ELBO of q = N(m, v) at this x out), ``posterior`` = (mean, variance) of p(z | x) and
    ``log_evidence`` = log p(x). What is left out is computed from the model's definition by Bayes' rule on a
    grid of z. The gap is torch.distributions' KL between q and the posterior, and the title compares
    −log p(x) + gap with −ELBO(q) computed on its own: they agree at every q.
    """
    if s <= 0:
        raise ValueError(f"s must be > 0, got {s!r}")
    if elbo is None or posterior is None or log_evidence is None:
        by_grid = _toy_by_quadrature(x, a, s)
        log_evidence = by_grid[0] if log_evidence is None else log_evidence
        posterior = by_grid[1] if posterior is None else posterior
        elbo = by_grid[2] if elbo is None else elbo
    post_mean, post_var = (float(v) for v in posterior)
    true_posterior = torch.distributions.Normal(post_mean, math.sqrt(post_var))
    mean_slider = widgets.FloatSlider(
        value=0.0, min=-1.5, max=2.5, step=0.05, description=_("mean m"), continuous_update=False
    )
    logvar_slider = widgets.FloatSlider(
        value=0.0, min=-5.0, max=1.0, step=0.1, description="log v", continuous_update=False
    )

    def draw(m: float, log_v: float) -> None:
        v = math.exp(log_v)
        q = torch.distributions.Normal(m, math.sqrt(v))
        gap = torch.distributions.kl_divergence(q, true_posterior).item()  # KL(q || p(z|x))
        elbo_q = float(elbo(torch.tensor(m), torch.tensor(v)))
        z = torch.linspace(post_mean - 3, post_mean + 3, 301)
        fig = plots.plot_elbo_gap(
            z,
            q.log_prob(z).exp(),
            true_posterior.log_prob(z).exp(),
            float(log_evidence),
            gap,
            elbo_q,
            alt=_(
                "q = N({m:.2f}, {v:.3f}) drawn over the true posterior N({post_mean:.2f}, {post_var:.3f}); "
                "−ELBO(q) = {negative_elbo:.2f} nats is −log p(x) = {negative_log_px:.2f} plus a gap of "
                "{gap:.2f}, which is zero only when q is the posterior."
            ).format(
                m=m,
                v=v,
                post_mean=post_mean,
                post_var=post_var,
                negative_elbo=-elbo_q,
                negative_log_px=-float(log_evidence),
                gap=gap,
            ),
        )
        _show(fig)

    out = widgets.interactive_output(draw, {"m": mean_slider, "log_v": logvar_slider})
    return widgets.VBox([widgets.HBox([mean_slider, logvar_slider]), out])
