"""Where a figure's legends and notes sit, in display pixels: what the figure tests use to show that no
legend, note or title covers the data or another label (the Spanish labels are the longer ones)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import matplotlib.pyplot as plt
from matplotlib.patches import Rectangle

from course_utils import i18n, plots

LANGUAGES = ("en", "es")


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Figures drawn as the notebooks draw them inside the block: the course's style (its larger fonts)
    and the library's labels in ``language``; the style and the language before it afterwards."""
    before = i18n.current_language()
    with plt.rc_context():
        plots.use_course_style()
        i18n.use_language(language)
        try:
            yield
        finally:
            i18n.use_language(before)


def legends(fig) -> list:
    """Every legend of ``fig``: its own, its subfigures' and its axes'."""
    found = [*fig.legends, *(leg for sub in fig.subfigs for leg in sub.legends)]
    return found + [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None]


def covered(ax, box) -> list[str]:
    """What of ``ax``'s data the display box ``box`` covers: each line with a point inside it (the line's
    width as margin) and each bar (a rectangle of non-zero height) it overlaps."""
    hits = []
    for line in ax.lines:
        points = ax.transData.transform(line.get_xydata())  # (n, 2) display coordinates
        if box.padded(line.get_linewidth()).count_contains(points):
            hits.append(f"line {line.get_label()!r}")
    for bar in ax.patches:
        if isinstance(bar, Rectangle) and bar.get_height() != 0 and box.overlaps(bar.get_window_extent()):
            hits.append(f"bar at x = {bar.get_x():.2f}")
    return hits
