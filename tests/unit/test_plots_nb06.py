"""Notebook 06's figures (course_utils.plots.nb06) and its widget: labelled axes, alt text, one figure each."""

import torch

from course_utils import models, plots, widgets

from . import layout


def test_show_prior_samples_has_a_panel_per_model_and_its_alt_text():
    samples = {(2, 1.0): torch.rand(12, 64), (8, 0.5): torch.rand(12, 64)}
    fig = plots.show_prior_samples(samples, {(2, 1.0): 0.5, (8, 0.5): 0.25}, (8, 8), alt="Samples of two models.")
    assert len(fig.axes) == 24 and plots.alt_text(fig) == "Samples of two models."
    assert "25% confident" in fig.subfigs[1]._suptitle.get_text()


def test_plot_interpolation_norms_labels_its_axes_and_band():
    strips = {"linear": torch.rand(9, 64), "spherical": torch.rand(9, 64)}
    norms = {"linear": torch.linspace(2, 3, 9), "spherical": torch.full((9,), 2.8)}
    fig = plots.plot_interpolation_norms(strips, norms, (1.6, 3.9), (8, 8), latent_dim=8, alt="Norms.")
    ax = fig.axes[-1]
    assert ax.get_xlabel() == "t" and ax.get_ylabel() and len(ax.lines) == 2
    assert len(ax.get_legend().get_texts()) == 3  # the band and the two paths
    assert ax.lines[0].get_linestyle() != ax.lines[1].get_linestyle()


def test_plot_midpoint_against_dimension_has_two_labelled_panels():
    dims = torch.tensor([2, 8, 64])
    fig = plots.plot_midpoint_against_dimension(
        dims,
        torch.tensor([0.2, 0.6, 0.85]),
        torch.tensor([1.7, 1.4, 1.15]),
        torch.full((3,), 0.71),
        torch.tensor([0.4, 0.14, 3e-4]),
        alt="Midpoint.",
    )
    left, right = fig.axes
    assert left.get_xlabel() and left.get_ylabel() and right.get_yscale() == "log" and right.get_ylabel()


def test_plot_anomaly_scores_draws_a_curve_per_score_and_the_ranked_rows():
    curves = {"a": ([0, 0.5, 1], [0, 0.8, 1], 0.9), "b": ([0, 1], [0, 1], 0.5)}
    ranked = {"most": torch.rand(10, 64), "least": torch.rand(10, 64), "other": torch.rand(10, 64)}
    fig = plots.plot_anomaly_scores(curves, ranked, (8, 8), alt="ROC.")
    roc = fig.axes[0]
    assert len(roc.lines) == 3 and "AUC = 0.900" in roc.get_legend().get_texts()[0].get_text()
    assert len(fig.axes) == 1 + 30 and plots.alt_text(fig) == "ROC."


def test_conditional_explorer_describes_what_it_draws(monkeypatch):
    shown = []
    monkeypatch.setattr(widgets, "_show", shown.append)
    model = models.ConditionalVAE(64, 2, num_classes=10, hidden_dims=(8,))
    box = widgets.conditional_explorer(lambda z, y: torch.sigmoid(model.decode(z, y)), 10, (8, 8), digit=3)
    box.children[0].children[0].value = 5  # the class slider redraws
    assert shown, "the widget drew nothing"
    alt = plots.alt_text(shown[-1])
    assert alt and "class 5" in alt and "z = (0.00, 0.00)" in alt


def test_the_norm_legend_covers_no_path():
    # Two codes at the typical radius of N(0, I_8) (about 2.8); the linear path's midpoint falls to about 0.7
    # of it, still above the 5th percentile of the prior's norms (about 1.65).
    t = torch.linspace(0, 1, 9)
    names = {"en": ("linear path", "spherical path"), "es": ("trayectoria lineal", "trayectoria esférica")}
    for language in layout.LANGUAGES:
        linear, spherical = names[language]  # the notebook names the paths in its own language
        norms = {linear: 2.83 * torch.sqrt(t**2 + (1 - t) ** 2), spherical: torch.full((9,), 2.83)}
        strips = {name: torch.rand(9, 64) for name in norms}
        with layout.speaking(language):
            fig = plots.plot_interpolation_norms(strips, norms, (1.65, 4.0), (8, 8), latent_dim=8, alt="n")
            fig.canvas.draw()
            ax = fig.axes[-1]
            box = ax.get_legend().get_window_extent()
            assert layout.covered(ax, box) == [] and box.x1 <= ax.bbox.x1 and box.x0 >= ax.bbox.x0, language
