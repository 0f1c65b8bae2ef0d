"""ipywidgets explorers built on :mod:`course_utils.plots` (each names the notebook that shows it)."""

from __future__ import annotations

import math
from collections.abc import Callable

import ipywidgets as widgets
import matplotlib.pyplot as plt
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
    low training error next to a high test error.
    """
    degree_slider = widgets.IntSlider(
        value=degree, min=0, max=max_degree, description=_("degree"), continuous_update=False
    )
    lam_slider = widgets.FloatLogSlider(
        value=lam,
        base=10,
        min=-9,
        max=2,
        step=0.25,
        description="λ",
        readout_format=".1e",
        continuous_update=False,
    )

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
                "A polynomial of degree {degree} fitted with λ = {lam:.1e} to 15 training points; "
                "training error {train:.3f}, test error {test:.3f}."
            ).format(degree=degree, lam=lam, train=mse["train"], test=mse["test"]),
        )
        _show(fig)

    out = widgets.interactive_output(draw, {"degree": degree_slider, "lam": lam_slider})
    return widgets.VBox([widgets.HBox([degree_slider, lam_slider]), out])


def _latent_sliders(latent_dim: int, limit: float) -> list[widgets.FloatSlider]:
    """One slider per latent coordinate, z1 ... zd, each in [-limit, limit]."""
    return [
        widgets.FloatSlider(
            value=0.0, min=-limit, max=limit, step=limit / 50, description=f"z{i + 1}", readout_format=".2f"
        )
        for i in range(latent_dim)
    ]


def latent_explorer(
    decode,
    image_shape,
    *,
    latent_dim: int = 2,
    z=None,
    labels=None,
    limit: float = 3.0,
    title: str = "decoded image",
) -> widgets.Widget:
    """Notebooks 02 and 04: one slider per latent coordinate → the decoded image, live.

    ``decode`` maps codes of shape (1, latent_dim) to pixels in [0, 1] of shape (1, height * width).
    With a 2-D latent space and codes ``z`` (with ``labels``) the point is also shown on the scatter.
    """
    if latent_dim < 1:
        raise ValueError(f"latent_dim must be >= 1, got {latent_dim!r}")
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
        if show_scatter:
            plots.plot_latent_scatter(z, labels, ax=axes[0, 0], s=6, title="latent space")
            axes[0, 0].plot(*point[0].tolist(), marker="X", ms=16, color="black", markeredgecolor="white")
        image_ax = axes[0, -1]
        image_ax.imshow(plots.as_numpy(image).reshape(image_shape), cmap="gray_r", vmin=0, vmax=1)
        image_ax.set_title(f"{title}\nz = ({', '.join(f'{v:.2f}' for v in point[0].tolist())})")
        image_ax.axis("off")
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
    (seeded) so that moving the slider only changes its strength.
    """
    slider = widgets.FloatSlider(
        value=noise_std,
        min=0.0,
        max=max_noise,
        step=0.05,
        description=_("noise σ"),
        continuous_update=False,
    )
    x = x[:num_images]
    eps = torch.randn(x.shape, generator=torch.Generator().manual_seed(seed))  # fixed pattern

    def draw(sigma: float) -> None:
        x_noisy = x + sigma * eps
        with torch.no_grad():
            outputs = {label: model(x_noisy) for label, model in models.items()}
        errors = {label: (out - x).pow(2).sum(1).mean().item() for label, out in outputs.items()}
        labels = [
            "clean x",
            f"noisy, σ = {sigma:.2f}",
            *[f"{k}\n‖x − x̂‖² = {errors[k]:.2f}" for k in outputs],
        ]
        fig = plots.show_reconstructions(
            x,
            x_noisy.clamp(0, 1),
            image_shape,
            num_images=len(x),
            row_labels=labels,
            extra_rows=list(outputs.values()),
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
        axes[0].set_title(f"class {label}")
        axes[0].axis("off")
        strip = plots.as_numpy(every).reshape(num_classes, *image_shape).transpose(1, 0, 2).reshape(image_shape[0], -1)
        axes[1].imshow(strip, cmap="gray_r", vmin=0, vmax=1)
        axes[1].axis("off")
        axes[1].set_title("the same z with every class: " + " ".join(str(k) for k in range(num_classes)))
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
