"""Notebook 01's figures (course_utils.plots.nb01) and its widget: labelled axes, alt text that reaches the
figure, compared curves that differ in line style as well as colour, and a widget whose alt text says what
the current fit shows."""

import math

import pytest
import torch

from course_utils import estimators, plots, widgets
from course_utils.plots import nb01

from . import layout


def _labelled(fig, skip_images=True):
    for ax in fig.axes:
        if skip_images and ax.images:
            continue
        assert ax.get_xlabel() and ax.get_ylabel(), ax.get_title()


def test_every_figure_of_notebook_01_is_exported_labelled_and_described():
    g = torch.Generator().manual_seed(0)
    grid = torch.linspace(0, 1, 11, dtype=torch.float64)
    density = torch.rand(50, generator=g, dtype=torch.float64) * 0.05
    figures = [
        nb01.plot_log_likelihood_profiles(grid, -grid, 0.5, grid, -grid, 0.5, alt="a"),
        nb01.plot_sigma2_bias([2, 5, 10], [0.5, 0.8, 0.9], num_datasets=100, alt="b"),
        nb01.plot_underflow(
            torch.arange(1, 51),
            torch.cumsum(density.log(), 0) / math.log(10),
            {"float64": torch.cumprod(density, 0), "float32": torch.cumprod(density.float(), 0)},
            {"float64": 51, "float32": 20},  # float64 never reaches 0 here: no marker, no crash
            alt="c",
        ),
        nb01.plot_regression_band(grid, grid, grid, grid, 0.1, alt="d"),
        nb01.plot_bernoulli_pixel(torch.rand(8, 8, generator=g), (3, 4), grid, grid, 0.5, alt="e"),
        nb01.plot_posterior_sharpening(grid, grid, grid, grid, {1: (grid, 0.5), 100: (grid, 0.1)}, 0.5, alt="f"),
        nb01.plot_regularisation(
            grid,
            grid,
            grid,
            grid,
            {1e-10: grid, 1e-2: grid},
            {1e-10: (0.1, 0.2), 1e-2: (0.2, 0.1)},
            torch.logspace(-10, 2, 5),
            torch.rand(5, 2, generator=g),
            1e-2,
            degree=3,
            alt="g",
        ),
        nb01.plot_sparse_coefficients({"truth": torch.zeros(4), "lasso (L1)": torch.ones(4)}, 8.0, alt="h"),
    ]
    assert [plots.alt_text(f) for f in figures] == list("abcdefgh")
    for fig in figures:
        _labelled(fig)
    assert set(nb01.__all__) <= set(plots.__all__)


def test_the_posteriors_over_n_and_the_prior_differ_in_line_style_and_shade():
    theta = torch.linspace(-4, 5, 201, dtype=torch.float64)
    curves = {
        n: (torch.distributions.Normal(1.2, 1 / math.sqrt(n)).log_prob(theta).exp(), 0.1) for n in (1, 5, 20, 100)
    }
    prior = torch.distributions.Normal(0.0, 1.5).log_prob(theta).exp()
    fig = nb01.plot_posterior_sharpening(theta, prior, prior, prior, curves, 1.2)
    right = fig.axes[1]
    compared = [line for line in right.lines if len(line.get_xdata()) == len(theta)]  # prior and posteriors
    assert len(compared) == 5
    dashes = {(line._dash_pattern[0], tuple(line._dash_pattern[1] or ())) for line in compared}
    looks = {(line.get_color(), line.get_alpha()) for line in compared}
    assert len(dashes) == 5  # five line styles
    assert len(looks) == 5  # and five colours or shades
    colours = {line.get_color() for line in fig.axes[0].lines + right.lines}
    assert colours <= set(plots.COLORS.values()) | {plots.NEUTRAL}


def test_the_compared_bars_differ_in_hatch_as_well_as_colour():
    estimates = {name: torch.randn(5) for name in ("truth", "least squares", "ridge (L2)", "lasso (L1)")}
    ax = nb01.plot_sparse_coefficients(estimates, 8.0).axes[1]
    looks = {(c.patches[0].get_facecolor(), c.patches[0].get_hatch()) for c in ax.containers}
    assert len(looks) == 4 and len({hatch for _, hatch in looks}) == 4


def _explorer_alt(monkeypatch, degree, lam):
    shown = []
    monkeypatch.setattr(widgets, "_show", lambda fig: shown.append(plots.alt_text(fig)))
    g = torch.Generator().manual_seed(5)  # a draw on which degree 12 without a prior overfits
    x_train = torch.linspace(-1, 1, 15, dtype=torch.float64)
    x_test = torch.rand(200, generator=g, dtype=torch.float64) * 2 - 1
    y_train = torch.sin(3 * x_train) + 0.25 * torch.randn(15, generator=g, dtype=torch.float64)
    y_test = torch.sin(3 * x_test) + 0.25 * torch.randn(200, generator=g, dtype=torch.float64)
    x_grid = torch.linspace(-1, 1, 400, dtype=torch.float64)
    box = widgets.polynomial_explorer(
        x_train, y_train, x_test, y_test, x_grid, torch.sin(3 * x_grid), degree=degree, lam=lam
    )
    sliders = box.children[0].children
    assert [s.description for s in sliders] == ["degree", "λ"] and all(s.tooltip for s in sliders)
    assert len(shown) == 1 and shown[0].startswith(f"A polynomial of degree {degree}")
    return shown[0]


def test_the_explorer_says_what_the_current_fit_shows(monkeypatch):
    assert "(overfitting)" in _explorer_alt(monkeypatch, 12, 1e-9)
    assert "(underfitting)" in _explorer_alt(monkeypatch, 0, 1e-9)
    close = _explorer_alt(monkeypatch, 5, 1e-2)
    assert "close to the true curve" in close and "for the true curve itself" in close


def test_the_underflow_notes_cross_no_curve_and_no_legend():
    # The notebook's case: log10 L falls to about -2900 by n = 2000; float32 hits 0 near n = 30, float64 near 220.
    # A note placed at mid-height sat on the falling curve (the Spanish note is the wider one).
    g = torch.Generator().manual_seed(1)
    x = 3 + 7 * torch.randn(2000, generator=g, dtype=torch.float64)
    density = torch.distributions.Normal(3.2, 7.1).log_prob(x).exp()
    products = {"float64": torch.cumprod(density, 0), "float32": torch.cumprod(density.float(), 0)}
    first_zero = {name: int((p > 0).sum()) + 1 for name, p in products.items()}
    assert first_zero["float32"] < first_zero["float64"] <= 2000
    for language in layout.LANGUAGES:
        with layout.speaking(language):
            log10_l = torch.cumsum(density.log(), 0) / math.log(10)
            fig = nb01.plot_underflow(torch.arange(1, 2001), log10_l, products, first_zero, alt="u")
            fig.canvas.draw()
            ax = fig.axes[0]
            notes = [text.get_window_extent() for text in ax.texts]
            legend = ax.get_legend().get_window_extent()
            assert len(notes) == 2 and not notes[0].overlaps(notes[1])
            for note in notes:
                assert not note.overlaps(legend) and layout.covered(ax, note) == [], language


@pytest.mark.parametrize("seed", range(4))
def test_the_coefficient_legend_covers_no_bar(seed):
    # The notebook's problem (40 points, 12 coefficients, 2, -1.5 and 1 at indices 1, 4, 9, lambda = 8), at
    # several seeds: an automatic legend went to the bottom, over the bars of index 4.
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(40, 12, generator=g)  # (40, 12)
    truth = torch.zeros(12)
    truth[[1, 4, 9]] = torch.tensor([2.0, -1.5, 1.0])
    y = x @ truth + 0.5 * torch.randn(40, generator=g)  # (40,)
    estimates = {
        "truth": truth,
        "least squares": estimators.least_squares(x, y),
        "ridge (L2)": estimators.ridge(x, y, 8.0),
        "lasso (L1)": estimators.lasso(x, y, 8.0),
    }
    for language in layout.LANGUAGES:
        with layout.speaking(language):
            fig = nb01.plot_sparse_coefficients(estimates, 8.0, alt="c")
            fig.canvas.draw()
            bars = fig.axes[1]
            assert layout.covered(bars, bars.get_legend().get_window_extent()) == [], language
