"""Plots return labelled figures; widgets render controls whose movement redraws the output."""

import ipywidgets
import pytest
import torch

from course_utils import latent, models, plots, training, widgets


def test_image_plots_return_figures():
    x = torch.rand(12, 64)
    assert len(plots.show_images(x, (8, 8), ncols=6).axes) == 12
    fig = plots.show_reconstructions(x, x, (8, 8), num_images=5, row_labels=("a", "b", "c"), extra_rows=[x])
    assert len(fig.axes) == 15 and fig.axes[0].get_ylabel() == "a"
    grid = plots.show_latent_grid(torch.rand(6, 64), torch.arange(3.0), torch.arange(2.0), (8, 8))
    assert grid.axes[0].get_xlabel() == "$z_1$"


def test_scatter_and_curves_are_labelled():
    fig = plots.plot_latent_scatter(torch.randn(30, 2), torch.arange(30) % 10)
    ax = fig.axes[0]
    assert ax.get_xlabel() and ax.get_ylabel() and len(ax.get_legend().get_texts()) == 10
    with pytest.raises(ValueError, match="z"):
        plots.plot_latent_scatter(torch.randn(30, 3), torch.arange(30))
    history = training.History(train_loss=[3.0, 2.0], val_loss=[3.5, 2.5])
    ax = plots.plot_loss_curves(history).axes[0]
    assert ax.get_xlabel() == "epoch" and len(ax.lines) == 2
    ax = plots.plot_error_curves([1, 2, 4], {"a": [3, 2, 1], "b": [4, 3, 2]}, logx=True, xlabel="d").axes[0]
    assert len(ax.lines) == 2 and ax.get_xlabel() == "d"


def _sliders(widget):
    found = []
    for child in getattr(widget, "children", ()):
        if isinstance(child, ipywidgets.widgets.widget_float._Float | ipywidgets.widgets.widget_int._Int):
            found.append(child)
        found += _sliders(child)
    return found


def test_polynomial_explorer_has_two_sliders():
    x = torch.linspace(-1, 1, 10, dtype=torch.float64)
    box = widgets.polynomial_explorer(x, x, x, x, x, x)
    assert [s.description for s in _sliders(box)] == ["degree", "λ"]


def test_latent_explorer_sliders_and_validation():
    model = models.Autoencoder(64, 3, hidden_dims=(8,))
    box = widgets.latent_explorer(model.decode, (8, 8), latent_dim=3)
    assert [s.description for s in _sliders(box)] == ["z1", "z2", "z3"]
    with pytest.raises(ValueError, match="latent_dim"):
        widgets.latent_explorer(model.decode, (8, 8), latent_dim=0)


def test_denoising_explorer_has_a_noise_slider():
    model = models.Autoencoder(64, 3, hidden_dims=(8,))
    box = widgets.denoising_explorer(torch.rand(4, 64), {"AE": model}, (8, 8), num_images=4)
    (slider,) = _sliders(box)
    assert slider.description == "noise σ" and slider.value == 0.3


def test_latent_grid_points_decode_in_order():
    pts = latent.grid(torch.linspace(-1, 1, 4), torch.linspace(-1, 1, 3))
    assert pts.shape == (12, 2) and pts[0].tolist() == [-1.0, 1.0]


def test_conditional_explorer_has_class_and_latent_sliders():
    model = models.ConditionalVAE(64, 2, num_classes=10, hidden_dims=(8,))
    box = widgets.conditional_explorer(lambda z, y: torch.sigmoid(model.decode(z, y)), 10, (8, 8), latent_dim=2)
    assert [s.description for s in _sliders(box)] == ["class", "z1", "z2"]


def test_elbo_gap_explorer_has_two_sliders():
    box = widgets.elbo_gap_explorer(1.2, 1.5, 0.5)
    assert [s.description for s in _sliders(box)] == ["mean m", "log v"]
