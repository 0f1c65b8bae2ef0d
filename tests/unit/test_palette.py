"""The course's categorical colours stay apart for every student: each pair is at least
plots.MIN_COLOUR_DISTANCE apart in CAM02-UCS (Luo, Cui & Li 2006), for normal vision and under a
full-severity simulation of deuteranopia, protanopia and tritanopia (Machado, Oliveira & Fernandes 2009,
as colorspacious implements it)."""

import itertools

import numpy as np
import pytest

from course_utils import plots

colorspacious = pytest.importorskip("colorspacious")
VISIONS = {
    "normal": None,
    "deuteranopia": "deuteranomaly",
    "protanopia": "protanomaly",
    "tritanopia": "tritanomaly",
}
PALETTES = {
    "roles (plots.COLORS)": list(plots.COLORS.values()),
    "digit classes (plots.CLASS_COLORS)": list(plots.CLASS_COLORS),
    "lines in turn (plots.LINE_COLORS)": list(plots.LINE_COLORS),
}


def _rgb(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]) / 255


def distances(colours, vision):
    rgb = [_rgb(c) for c in colours]
    if VISIONS[vision]:
        space = {"name": "sRGB1+CVD", "cvd_type": VISIONS[vision], "severity": 100}
        rgb = [np.clip(colorspacious.cspace_convert(c, space, "sRGB1"), 0, 1) for c in rgb]
    ucs = [colorspacious.cspace_convert(c, "sRGB1", "CAM02-UCS") for c in rgb]
    return {
        (colours[i], colours[j]): float(np.linalg.norm(ucs[i] - ucs[j]))
        for i, j in itertools.combinations(range(len(colours)), 2)
    }


@pytest.mark.parametrize("vision", VISIONS)
@pytest.mark.parametrize("palette", PALETTES)
def test_every_pair_of_categorical_colours_stays_apart(palette, vision):
    found = distances(PALETTES[palette], vision)
    closest = min(found, key=found.get)
    print(f"{palette}, {vision}: closest pair {closest} at {found[closest]:.1f}")
    assert found[closest] >= plots.MIN_COLOUR_DISTANCE, (closest, round(found[closest], 1))


def test_the_palettes_have_what_their_figures_need():
    assert len(plots.CLASS_COLORS) == len(set(plots.CLASS_COLORS)) == len(set(plots.CLASS_MARKERS)) == 10
    assert len(plots.LINE_COLORS) == len(plots.LINE_STYLES) == len(set(map(str, plots.LINE_STYLES)))
    assert set(plots.COLORS) == {"data", "model", "prior", "likelihood", "posterior", "truth"}
