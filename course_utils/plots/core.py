"""The core of the course's figures: style, colours, alt text and how a figure is shown.

**Every figure says what it shows.** Each function takes ``alt=``, one or two sentences on what the
figure shows and what to see in it, written next to the code that draws it; :func:`describe` sets it
on a figure built from several calls. Once :func:`use_course_style` has run (every notebook's set-up
cell), a figure is shown as an ``<img>`` whose ``alt`` is that text: JupyterLab, the decks and the
website all read the same output.

**Colours every student can tell apart.** :data:`COLORS` (roles) and :data:`CLASS_COLORS` (the ten
digits) keep every pair at least :data:`MIN_COLOUR_DISTANCE` apart in CAM02-UCS, for normal vision
and under simulated deuteranopia, protanopia and tritanopia (``tests/unit/test_plots_widgets.py``).
Colour never carries meaning alone: lines that are compared differ in style and marker too, and the
digit classes have a marker each and a direct label.
"""

from __future__ import annotations

import html
import weakref

import matplotlib.pyplot as plt
import numpy as np
from cycler import cycler

from ..i18n import _

# Okabe & Ito (2008), "Color Universal Design": the roles of the course's figures.
COLORS = {
    "data": "#0072B2",  # blue
    "model": "#D55E00",  # vermillion
    "prior": "#009E73",  # bluish green
    "likelihood": "#CC79A7",  # reddish purple
    "posterior": "#E69F00",  # orange
    "truth": "#000000",  # black
}
NEUTRAL = "#999999"  # context that is not compared (test points, reference lines)

# Ten digit classes: a set chosen for the largest smallest distance under the three simulated colour-vision
# deficiencies (from Okabe-Ito's and Paul Tol's palettes), each with its own marker as well.
CLASS_COLORS = (
    "#0077BB",
    "#CC3311",
    "#1B7837",
    "#AA3377",
    "#999933",
    "#332288",
    "#33BBEE",
    "#CC6677",
    "#44AA99",
    "#882255",
)
CLASS_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "<", ">")
MIN_COLOUR_DISTANCE = 10.0
"""The smallest CAM02-UCS distance allowed between two categorical colours, in every vision simulated."""

# Lines drawn in turn: Okabe-Ito colours, each with a line style of its own.
LINE_COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
LINE_STYLES = ("-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1, 1, 1)), (0, (1, 1)))
MARKERS = ("o", "s", "D", "^", "v", "P", "X")

_ALT_TEXTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def use_course_style() -> None:
    """Readable defaults for laptops and projectors, colour-vision-safe line cycles, and figures shown
    with their alt text (called once in each notebook's set-up cell)."""
    plt.rcParams.update(
        {
            "figure.dpi": 100,
            "savefig.dpi": 120,
            "font.size": 12,
            "axes.titlesize": 13,
            "axes.labelsize": 12,
            "legend.fontsize": 10,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "image.cmap": "gray_r",
            "axes.prop_cycle": cycler(color=LINE_COLORS) + cycler(linestyle=LINE_STYLES),
        }
    )
    _show_figures_with_alt_text()


def describe(fig, alt: str):
    """Give ``fig`` its alt text (what it shows and what to see in it); returns ``fig``."""
    if not isinstance(alt, str) or not alt.strip():
        raise ValueError(f"alt must be a non-empty sentence saying what the figure shows, got {alt!r}")
    _ALT_TEXTS[fig] = alt.strip()
    return fig


def alt_text(fig) -> str | None:
    """The alt text given to ``fig`` with ``alt=`` or :func:`describe`, or None."""
    return _ALT_TEXTS.get(fig)


def _described(fig, alt: str | None):
    return describe(fig, alt) if alt is not None else fig


def figure_html(fig) -> str | None:
    """``fig`` as an ``<img>`` with its alt text: how notebooks show figures once :func:`use_course_style`
    ran. A figure without one gets its titles as a stand-in, marked ``data-alt="auto"``."""
    from IPython.core.pylabtools import print_figure

    data = print_figure(fig, "png", base64=True)
    if data is None:  # an empty figure
        return None
    alt, source = alt_text(fig), "author"
    if alt is None:
        titles = [fig._suptitle.get_text()] if fig._suptitle is not None else []
        titles += [ax.get_title() for ax in fig.axes if ax.get_title()]
        alt, source = _("Figure: {titles}").format(titles="; ".join(titles) or _("no title")), "auto"
    return (
        f'<img class="course-figure" data-alt="{source}" alt="{html.escape(alt, quote=True)}" '
        f'src="data:image/png;base64,{data}">'
    )


def _show_figures_with_alt_text() -> None:
    try:
        from IPython import get_ipython
    except ImportError:  # matplotlib outside IPython: nothing is displayed
        return
    shell = get_ipython()
    if shell is None:
        return
    import matplotlib
    from matplotlib.figure import Figure

    if "inline" in matplotlib.get_backend():
        # The inline backend sets its own figure formats when it is first imported: let it, then replace them.
        import matplotlib_inline.backend_inline  # noqa: F401

    formatters = shell.display_formatter.formatters
    formatters["text/html"].for_type(Figure, figure_html)
    formatters["image/png"].pop(Figure, None)  # one rendering per figure: the <img> above


def _axes(ax, figsize=(6, 4)):
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax.figure, ax


def as_numpy(x) -> np.ndarray:
    """A tensor (detached, on the CPU) or an array-like as a NumPy array."""
    return x.detach().cpu().numpy() if hasattr(x, "detach") else np.asarray(x)


__all__ = [
    "COLORS",
    "NEUTRAL",
    "CLASS_COLORS",
    "CLASS_MARKERS",
    "MIN_COLOUR_DISTANCE",
    "LINE_COLORS",
    "LINE_STYLES",
    "MARKERS",
    "use_course_style",
    "describe",
    "alt_text",
    "figure_html",
    "as_numpy",
]
