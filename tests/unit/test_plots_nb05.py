"""Notebook 05's figures are labelled and described; its widget draws from the notebook's own toy-model
functions, and without them from Bayes' rule on a grid, which agrees with the closed forms."""

import math

import pytest
import torch

from course_utils import plots, widgets

from . import layout
from .answers.nb05 import _log_evidence, _posterior


def _closed_form_elbo(x, a, s):
    def elbo(m, v):
        expected = -0.5 * math.log(2 * math.pi * s**2) - ((x - a * m) ** 2 + a**2 * v) / (2 * s**2)
        return expected - 0.5 * (m**2 + v - 1 - torch.log(torch.as_tensor(v)))

    return elbo


def test_quadrature_agrees_with_the_closed_forms():
    x, a, s = 0.7, 1.2, 0.6
    log_px, (mean, var), elbo = widgets._toy_by_quadrature(x, a, s)
    assert abs(log_px - _log_evidence(torch.tensor(x), a, s).item()) < 1e-6
    assert abs(mean - _posterior(x, a, s)[0]) < 1e-6 and abs(var - _posterior(x, a, s)[1]) < 1e-6
    closed = _closed_form_elbo(x, a, s)
    for m, v in ((0.0, 1.0), (0.5, 0.1), (-1.0, math.exp(-5))):
        assert (
            abs(float(elbo(torch.tensor(m), torch.tensor(v))) - float(closed(torch.tensor(m), torch.tensor(v)))) < 1e-5
        )
    # at the true posterior the ELBO equals log p(x): the gap is zero
    assert abs(float(elbo(torch.tensor(mean), torch.tensor(var))) - log_px) < 1e-6


def test_widget_uses_the_functions_it_is_given(monkeypatch):
    x, a, s = 1.2, 1.5, 0.5
    calls, figures = [], []
    closed = _closed_form_elbo(x, a, s)

    def elbo(m, v):
        calls.append((float(m), float(v)))
        return closed(m, v)

    monkeypatch.setattr(widgets, "_show", figures.append)
    monkeypatch.setattr(widgets, "_toy_by_quadrature", lambda *args: pytest.fail("the notebook's functions were given"))
    box = widgets.elbo_gap_explorer(
        x, a, s, elbo=elbo, posterior=_posterior(x, a, s), log_evidence=_log_evidence(torch.tensor(x), a, s).item()
    )
    mean_slider, logvar_slider = box.children[0].children
    assert (mean_slider.description, logvar_slider.description) == ("mean m", "log v")
    mean_slider.value = 0.65
    assert calls and calls[-1][0] == pytest.approx(0.65)
    fig = figures[-1]
    negative_elbo, total = (float(t.split("=")[-1]) for t in fig.axes[1].get_title().split(";"))
    assert negative_elbo == pytest.approx(total, abs=0.01)  # −ELBO = −log p(x) + gap, at any q
    assert "−ELBO(q)" in plots.alt_text(fig) and "posterior" in plots.alt_text(fig)
    with pytest.raises(ValueError, match="s must be > 0"):
        widgets.elbo_gap_explorer(x, a, 0.0)


def test_figures_are_labelled_and_described():
    grid = torch.linspace(-1, 2, 50)
    fig = plots.plot_elbo_sweeps(
        [(grid, -(grid**2) - 2, 0.0, "m"), (grid, -(grid**2) - 2, 0.0, "log v")], -2.0, alt="a"
    )
    assert len(fig.axes) == 2 and fig.axes[0].get_ylabel() == "nats" and plots.alt_text(fig) == "a"
    fig = plots.plot_iwae_curve([1, 5, 50], [-25.0, -24.8, -24.7], -25.1, alt="b")
    assert fig.axes[0].get_xscale() == "log" and fig.axes[0].get_xlabel()
    fig = plots.plot_rate_distortion({0.1: 15.0, 1.0: 2.0}, {0.1: 18.0, 1.0: 23.0}, 27.0, alt="c")
    assert fig.axes[0].get_xlabel().startswith("rate") and fig.axes[0].get_ylabel().startswith("distortion")
    fig = plots.plot_kl_per_dimension({"β = 0.1": torch.rand(16), "β = 30": torch.zeros(16)}, alt="d")
    hatches = {bar.get_hatch() for bar in fig.axes[0].patches}
    assert len(hatches) == 2 and len(fig.axes[0].get_legend().get_texts()) == 2  # not colour alone


@pytest.mark.parametrize(
    "rates, distortions, no_code",
    [
        # the notebook's full runs, read off its figures: mnist_5k, then digits (three β collapsed onto one point)
        ((51.5, 35.0, 21.0, 9.5, 2.7, 0.0), (88.5, 91.0, 98.0, 121.0, 164.0, 208.0), 208.0),
        ((17.4, 9.1, 3.1, 0.0, 0.0, 0.0), (16.5, 18.1, 21.5, 27.1, 27.2, 27.2), 27.2),
    ],
)
def test_the_rate_distortion_legend_covers_no_point_and_no_label(rates, distortions, no_code):
    betas = (0.1, 0.3, 1.0, 3.0, 10.0, 30.0)
    for language in layout.LANGUAGES:
        with layout.speaking(language):
            fig = plots.plot_rate_distortion(
                dict(zip(betas, rates, strict=True)), dict(zip(betas, distortions, strict=True)), no_code, alt="rd"
            )
            fig.canvas.draw()
            ax = fig.axes[0]
            box = ax.get_legend().get_window_extent()
            curve = [line for line in ax.lines if len(line.get_xdata()) == len(betas)]
            assert layout.covered(ax, box) == [] and curve, language
            assert not any(box.overlaps(text.get_window_extent()) for text in ax.texts), language
