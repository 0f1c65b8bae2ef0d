"""ipywidgets explorers built on :mod:`course_utils.plots` (each names the notebook that shows it)."""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt

from . import estimators, plots


def polynomial_explorer(
    x_train, y_train, x_test, y_test, x_grid, y_grid_true, *, max_degree: int = 12, degree: int = 9, lam: float = 1e-6
) -> widgets.Widget:
    """Notebook 01: a polynomial fitted by MAP (ridge), with sliders for the degree and lambda.

    The title reports the training and test mean squared errors, so overfitting is visible as a
    low training error next to a high test error.
    """
    degree_slider = widgets.IntSlider(
        value=degree, min=0, max=max_degree, description="degree", continuous_update=False
    )
    lam_slider = widgets.FloatLogSlider(
        value=lam, base=10, min=-9, max=2, step=0.25, description="λ", readout_format=".1e", continuous_update=False
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
            title=f"degree {degree}, λ = {lam:.1e}: train MSE {mse['train']:.3f}, test MSE {mse['test']:.3f}",
        )
        plt.show(fig)

    out = widgets.interactive_output(draw, {"degree": degree_slider, "lam": lam_slider})
    return widgets.VBox([widgets.HBox([degree_slider, lam_slider]), out])
