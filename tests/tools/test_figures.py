"""Every figure says what it shows: in the executed notebooks (the tests' English run), each figure is an
``<img class="course-figure">`` whose alt text the notebook's author wrote (not the titles standing in for a
missing one), a sentence or two, not a file name or a generic word; the figures the widgets saved too."""

import re

import nbformat
import pytest

from course_tools.slides import WIDGET_STATE

pytestmark = pytest.mark.xdist_group("built")
IMG = re.compile(r'<img class="course-figure" data-alt="(\w+)" alt="([^"]*)"')
GENERIC = re.compile(r"^(a |the )?(figure|plot|image|chart|graph|picture)s?\.?$|\.png|^figure:", re.I)


def figures(nb):
    """(where, source of the alt text, alt text) of every figure in the outputs and in the saved widget state."""
    found = []
    for i, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if "image/png" in output.get("data", {}):
                found.append((f"cell {i}", "png", ""))  # shown without the course's <img alt>
            for source, alt in IMG.findall(str(output.get("data", {}).get("text/html", ""))):
                found.append((f"cell {i}", source, alt))
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    for model_id, model in state.items():
        for output in model.get("state", {}).get("outputs", []) if model.get("model_name") == "OutputModel" else []:
            for source, alt in IMG.findall(str(output.get("data", {}).get("text/html", ""))):
                found.append((f"widget {model_id[:8]}", source, alt))
    return found


def test_every_figure_has_an_alt_text_that_says_what_it_shows(executed_fast):
    counted = {}
    for language, results in {"en": executed_fast["en"]}.items():  # the Spanish twins hold the same outputs
        for r in results:
            found = figures(nbformat.read(r.executed, as_version=4))
            bad = [(w, s, a[:60]) for w, s, a in found if s != "author" or len(a) < 25 or GENERIC.search(a.strip())]
            assert found and not bad, f"{r.name} ({language}): figures without a proper alt text: {bad[:5]}"
            counted[(language, r.name)] = len(found)
    print("figures with alt text:", counted, "total", sum(counted.values()))
