"""ipywidgets explorers built on :mod:`course_utils.plots` (each names the notebook that shows it)."""

from __future__ import annotations

import math

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


def elbo_gap_explorer(x: float, w: float, s: float) -> widgets.Widget:
    """Notebook 05: move q = N(m, v) and watch ELBO(q) + KL(q ‖ p(z|x)) = log p(x) on the toy model.

    Toy model: z ~ N(0, 1), x | z ~ N(w z, s²). Everything is in closed form, so the bar chart is exact.
    """
    post_mean, post_var = w * x / (w**2 + s**2), s**2 / (w**2 + s**2)
    log_px = -0.5 * math.log(2 * math.pi * (w**2 + s**2)) - x**2 / (2 * (w**2 + s**2))
    mean_slider = widgets.FloatSlider(
        value=0.0, min=-1.5, max=2.5, step=0.05, description=_("mean m"), continuous_update=False
    )
    logvar_slider = widgets.FloatSlider(
        value=0.0, min=-5.0, max=1.0, step=0.1, description="log v", continuous_update=False
    )

    def draw(m: float, log_v: float) -> None:
        v = math.exp(log_v)
        expected = -0.5 * math.log(2 * math.pi * s**2) - ((x - w * m) ** 2 + w**2 * v) / (2 * s**2)
        elbo = expected - 0.5 * (m**2 + v - 1 - log_v)
        gap = 0.5 * (math.log(post_var / v) + (v + (m - post_mean) ** 2) / post_var - 1)  # KL(q || p(z|x))
        fig, axes = plt.subplots(1, 2, figsize=(10, 3.4), layout="constrained", width_ratios=[1.6, 1])
        grid = [post_mean - 3 + 6 * i / 300 for i in range(301)]
        for mean, var, label, colour in (
            (post_mean, post_var, "true posterior p(z|x)", plots.COLORS["posterior"]),
            (m, v, "q(z) = N(m, v)", plots.COLORS["model"]),
        ):
            axes[0].plot(
                grid,
                [math.exp(-((g - mean) ** 2) / (2 * var)) / math.sqrt(2 * math.pi * var) for g in grid],
                lw=2.5,
                color=colour,
                label=label,
            )
        axes[0].set_xlabel("z")
        axes[0].set_ylabel("density")
        axes[0].legend(fontsize=9)
        axes[0].set_title("q against the posterior")
        # -ELBO = -log p(x) + KL(q || p(z|x)): one stacked bar, the evidence below and the gap on top.
        axes[1].bar(["−ELBO(q)"], [-log_px], color=plots.COLORS["data"], label=f"−log p(x) = {-log_px:.2f}")
        axes[1].bar(
            ["−ELBO(q)"],
            [gap],
            bottom=[-log_px],
            color=plots.COLORS["posterior"],
            label=f"gap KL(q ‖ p(z|x)) = {gap:.2f}",
        )
        axes[1].set_ylabel("nats")
        axes[1].legend(fontsize=9, loc="upper right")
        axes[1].set_ylim(0, max(-elbo, -log_px) * 1.35 + 0.5)
        axes[1].set_title(f"−ELBO = {-elbo:.2f} = −log p(x) + gap")
        _show(fig)

    out = widgets.interactive_output(draw, {"m": mean_slider, "log_v": logvar_slider})
    return widgets.VBox([widgets.HBox([mean_slider, logvar_slider]), out])
