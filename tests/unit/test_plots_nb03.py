"""Notebook 03's figures: each returns a labelled figure with the alt text it was given, draws what it
is given without training anything, and rejects inconsistent input; the denoising explorer describes
each drawing with its noise level and its rows."""

import pytest
import torch

from course_utils import models, plots, widgets
from course_utils.plots import nb03


def test_every_figure_of_notebook_03_is_exported():
    assert set(nb03.__all__) <= set(plots.__all__)


def test_noise_levels_one_row_per_level_and_clipped():
    x = torch.rand(4, 64)
    rows = [x + 2.0, x - 2.0]  # far outside [0, 1]: shown clipped
    fig = plots.show_noise_levels(x, rows, [0.0, 0.5, 1.0], (8, 8), alt="Four digits under two noise levels.")
    assert len(fig.axes) == 12 and plots.alt_text(fig) == "Four digits under two noise levels."
    assert [fig.axes[4 * r].get_ylabel() for r in range(3)] == ["σ = 0", "σ = 0.5", "σ = 1"]
    shown = fig.axes[4].images[0].get_array()
    assert shown.min() >= 0 and shown.max() <= 1
    with pytest.raises(ValueError, match="noisy_rows"):
        plots.show_noise_levels(x, rows, [0.0, 0.5], (8, 8))


def test_denoising_errors_draw_models_and_the_reference_apart():
    errors = {"noisy input": [0.0, 1.0, 4.0], "plain": [1.0, 2.0, 3.0], "denoising": [1.5, 1.8, 2.0]}
    fig = plots.plot_denoising_errors([0.0, 0.5, 1.0], errors, reference="noisy input", alt="Errors.")
    ax = fig.axes[0]
    assert [line.get_label() for line in ax.lines] == ["plain", "denoising", "noisy input"]
    assert ax.lines[-1].get_color() == plots.NEUTRAL and ax.lines[0].get_linestyle() != ax.lines[1].get_linestyle()
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_yscale() == "log"


def test_masking_rows_and_title_name_the_errors():
    x = torch.rand(5, 64)
    fig = plots.show_masking(
        x, x * 0, {"plain AE": x, "masking AE": x}, (8, 8), drop_prob=0.4, errors={"plain AE": 2.5}, alt="Masking."
    )
    assert len(fig.axes) == 20 and fig.axes[5].get_ylabel() == "40% erased"
    assert "plain AE 2.50" in fig._suptitle.get_text()


def test_sparsity_sweep_panels_are_labelled():
    codes = [torch.rand(10, 16), torch.rand(10, 16).clamp(min=0.5) - 0.5]
    fig = plots.plot_sparsity_sweep([0.0, 0.1], codes, [0.1, 0.5], [0.0, 0.2], [1.0, 2.0], alt="Sweep.")
    hist, fraction, error = fig.axes
    assert hist.get_yscale() == "log" and hist.get_xlabel() and hist.get_ylabel()
    assert fraction.get_xlabel() == "λ" and fraction.get_ylabel() and error.get_ylabel()
    styles = {line.get_linestyle() for line in fraction.lines + error.lines}
    assert len(styles) == 3 and plots.alt_text(fig) == "Sweep."


def test_feature_pairs_scale_each_feature_to_its_own_range():
    dense, sparse = torch.randn(8, 64) * 5, torch.randn(8, 64) * 0.01
    fig = plots.show_feature_pairs(dense, sparse, (8, 8), lam=0.1, ncols=4, alt="Features.")
    images = [ax.images[0].get_array() for ax in fig.axes if ax.images]
    assert len(images) == 16 and all(abs(a.min()) < 1e-6 and abs(a.max() - 1) < 1e-6 for a in images)


def test_laplace_priors_integrate_to_one_and_name_lambda():
    fig = plots.plot_laplace_priors([1.0, 0.25], 0.5, limit=6.0, alt="Priors.")
    ax = fig.axes[0]
    for line in ax.lines:
        z, p = line.get_data()
        assert abs(float((p[1:] + p[:-1]).sum() / 2 * (z[1] - z[0])) - 1) < 0.01
    assert "= 1" in ax.lines[0].get_label() and "= 4" in ax.lines[1].get_label()


def test_denoising_explorer_describes_its_drawing(monkeypatch):
    shown = []
    monkeypatch.setattr(widgets, "_show", shown.append)
    model = models.Autoencoder(64, 3, hidden_dims=(8,))
    widgets.denoising_explorer(torch.rand(4, 64), {"plain AE": model}, (8, 8), noise_std=0.45, num_images=4)
    (fig,) = shown
    alt = plots.alt_text(fig)
    assert "σ = 0.45" in alt and "plain AE" in alt and "rows" in alt
    assert [fig.axes[4 * r].get_ylabel().split("\n")[0] for r in range(3)] == ["clean x", "noisy, σ = 0.45", "plain AE"]
