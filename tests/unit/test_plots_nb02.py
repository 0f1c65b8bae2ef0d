"""Notebook 02's figures: each draws what its docstring says, labels its axes and carries the alt text it is given."""

import torch

from course_utils import latent, plots, training
from course_utils.plots import nb02

from . import layout


def _history(epochs=4):
    history = training.History()
    history.train_loss.extend(float(5 - e) for e in range(epochs))
    history.val_loss.extend(float(5.5 - e) for e in range(epochs))
    return history


def test_every_figure_is_exported_by_the_package():
    assert set(nb02.__all__) <= set(plots.__all__)
    assert all(callable(getattr(plots, name)) for name in nb02.__all__)


def test_linear_ae_vs_pca_draws_the_rows_and_the_paired_angles():
    x = torch.rand(10, 64)
    angles, random = torch.rand(8) * 2, 50 + 40 * torch.rand(8)
    fig = plots.plot_linear_ae_vs_pca(x, x * 1.5, x - 0.5, (8, 8), angles, random, alt="Two rows alike.")
    bars = fig.axes[-1]
    assert len(bars.patches) == 16 and bars.get_xlabel() and bars.get_ylabel()
    assert len(fig.axes) == 3 * 8 + 1
    # reconstructions outside [0, 1] are clipped before they are shown
    shown = [ax.images[0].get_array() for ax in fig.axes[:-1]]
    assert min(a.min() for a in shown) >= 0 and max(a.max() for a in shown) <= 1
    assert plots.alt_text(fig) == "Two rows alike."


def test_linear_ae_vs_pca_legend_covers_no_bar_and_stays_in_the_figure():
    # The random subspace's angles reach 80-90 degrees on every index: a legend inside the axes hid their tops.
    angles, random = torch.full((8,), 0.5), torch.linspace(78, 89.5, 8)
    for language in layout.LANGUAGES:
        with layout.speaking(language):
            x = torch.rand(8, 64)
            fig = plots.plot_linear_ae_vs_pca(x, x, x, (8, 8), angles, random, alt="Angles.")
            fig.canvas.draw()
            (legend,) = layout.legends(fig)
            box = legend.get_window_extent()
            assert layout.covered(fig.axes[-1], box) == [], language
            assert fig.bbox.x0 <= box.x0 and box.x1 <= fig.bbox.x1 and fig.bbox.y0 <= box.y0


def test_mlp_reconstructions_show_three_rows_and_the_losses():
    x = torch.rand(12, 64)
    fig = plots.plot_mlp_reconstructions(x, x, x, (8, 8), _history(), latent_dim=8, alt="Three rows.")
    curves = fig.axes[-1]
    assert len(fig.axes) == 3 * 12 + 1 and len(curves.lines) == 2 and curves.get_xlabel()
    assert plots.alt_text(fig) == "Three rows."


def test_code_spaces_share_one_legend():
    z = torch.randn(40, 2)
    fig = plots.plot_code_spaces({"PCA": z, "AE": 2 * z}, torch.arange(40) % 10, alt="Two panels.")
    assert [ax.get_title() for ax in fig.axes] == ["PCA", "AE"]
    assert fig.axes[0].get_legend() is None and fig.axes[1].get_legend() is not None
    assert all(ax.get_xlabel() and ax.get_ylabel() for ax in fig.axes)


def test_latent_box_puts_the_codes_on_the_grid_axes():
    z1, z2 = torch.linspace(-2, 3, 4), torch.linspace(-1, 1, 3)
    images = torch.rand(len(latent.grid(z1, z2)), 64)
    fig = plots.plot_latent_box(images, z1, z2, (8, 8), torch.randn(30, 2), torch.arange(30) % 10, alt="Box.")
    grid_ax, scatter_ax = fig.axes
    assert grid_ax.get_xlim() == scatter_ax.get_xlim() and grid_ax.get_ylim() == scatter_ax.get_ylim()
    assert plots.alt_text(fig) == "Box."


def test_judged_images_title_each_image_with_its_verdict():
    rows = {"a": torch.rand(3, 64), "b": torch.rand(2, 64)}
    verdicts = {"a": ["0  99%", "blend", "7  40%"], "b": ["blend", "1  95%"]}
    fig = plots.show_judged_images(rows, verdicts, (8, 8), suptitle="Verdicts", alt="Judged.")
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["0  99%", "blend", "7  40%", "blend", "1  95%", ""]  # the short row leaves a blank
    assert [fig.axes[0].get_ylabel(), fig.axes[3].get_ylabel()] == ["a", "b"]
    assert plots.alt_text(fig) == "Judged."
