"""Notebook 04's figures: each draws from data alone, returns its figure and carries the alt text it is given."""

import pytest
import torch

from course_utils import plots

from . import layout


def test_kl_convergence_draws_one_line_and_one_dashed_reference_per_case():
    kl_mc, kl_closed = torch.rand(5, 3), torch.rand(3)
    fig = plots.plot_kl_convergence([10, 100, 1000, 10_000, 100_000], kl_mc, kl_closed, ["a", "b", "c"], alt="KL.")
    (ax,) = fig.axes
    assert len(ax.get_lines()) == 6 and ax.get_xscale() == "log" and ax.get_xlabel() and ax.get_ylabel()
    assert plots.alt_text(fig) == "KL."
    with pytest.raises(ValueError, match="kl_mc"):
        plots.plot_kl_convergence([10, 100], kl_mc, kl_closed, ["a", "b", "c"])


def test_gradient_estimators_show_two_histograms_and_the_true_gradient():
    g = torch.Generator().manual_seed(0)
    fig = plots.plot_gradient_estimators(torch.randn(1000, generator=g) * 10, torch.randn(1000, generator=g), -4.0)
    (ax,) = fig.axes
    assert len(ax.get_legend().get_texts()) == 3 and "-4" in ax.get_legend().get_texts()[2].get_text()


def test_sample_panels_one_grid_per_generator():
    panels = {"A": torch.rand(18, 64), "B": torch.rand(18, 64), "C": torch.rand(18, 64)}
    fig = plots.show_sample_panels(panels, (8, 8), alt="Samples.")
    assert len(fig.subfigs) == 3 and len(fig.axes) == 3 * 18 and plots.alt_text(fig) == "Samples."


def test_latent_side_by_side_and_manifold_and_interpolations():
    z, labels = torch.randn(50, 2), torch.arange(50) % 10
    fig = plots.plot_latent_side_by_side(3 * z, z, labels, alt="Codes.")
    left, right = fig.axes
    assert left.get_legend() is None and right.get_legend() is not None and len(right.patches) == 2
    fig = plots.show_latent_manifold(torch.rand(25, 64), torch.linspace(-1, 1, 5), torch.linspace(-1, 1, 5), (8, 8))
    assert fig.get_size_inches()[1] <= 5.2  # fits a 720 px slide at 100 dpi
    strips = {"autoencoder": torch.rand(10, 64), "VAE": torch.rand(10, 64)}
    fig = plots.show_interpolations(strips, (8, 8), title="From a 0 to a 3", alt="Paths.")
    assert len(fig.axes) == 20 and fig._suptitle.get_text() == "From a 0 to a 3"


def test_latent_explorer_states_the_code_and_the_judges_reading_in_its_alt_text(monkeypatch):
    from course_utils import widgets

    shown = []
    monkeypatch.setattr(widgets, "_show", lambda fig: shown.append(plots.alt_text(fig)))

    class Judge:  # reads every image as a 7, with probability 0.95
        def predict_proba(self, images):
            proba = torch.full((len(images), 11), 0.005)
            proba[:, 7] = 0.95
            return proba

    box = widgets.latent_explorer(
        lambda z: torch.rand(1, 64), (8, 8), z=torch.randn(20, 2), labels=torch.arange(20) % 10, judge=Judge()
    )
    sliders = [w for row in box.children[:-1] for w in row.children]
    assert [s.description for s in sliders] == ["z1", "z2"]  # their accessible names
    sliders[0].value = 1.5
    assert shown and "z = (1.50, 0.00)" in shown[-1] and "reads it as a 7 (p = 0.95)" in shown[-1]


def test_side_by_side_titles_fit_their_panels():
    # 04's two 8-D VAEs, titled as in the Spanish notebook: at the default size the first title ran into the second.
    titles = [
        "VAE 8-D, MLP: 25 s de entrenamiento\n−ELBO de prueba 123.9 nats, 33% con confianza",
        "VAE 8-D, convolucional: 34 s de entrenamiento\n−ELBO de prueba 126.0 nats, 24% con confianza",
    ]
    with layout.speaking("es"):
        fig = plots.show_sample_panels({title: torch.rand(18, 784) for title in titles}, (28, 28), alt="Samples.")
        fig.canvas.draw()
    boxes = [panel._suptitle.get_window_extent() for panel in fig.subfigs]
    assert not boxes[0].overlaps(boxes[1])
    assert all(box.width <= panel.bbox.width for box, panel in zip(boxes, fig.subfigs, strict=True))
    assert all(panel._suptitle.get_fontsize() >= 8 for panel in fig.subfigs)
