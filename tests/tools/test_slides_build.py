"""What a deck makes of a notebook (course_tools.slides.deck_notebook), on every source notebook: the
exercise slide holds the student's stub, its solution comes on a slide of its own after the cell that
settles the exercise, check cells are skipped, and the data set of the build is named."""

import nbformat
import pytest

from course_tools import cells, slides
from tests.course import NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_solution_slide_comes_after_the_cell_that_settles_the_exercise(path):
    nb = nbformat.read(path, as_version=4)
    deck = slides.deck_notebook(nb, slides.Build(dataset="mnist_5k", language="en"))
    sources = [c.source for c in deck.cells]
    for solution, after in cells.exercises(nb):
        original = nb.cells[solution]
        stub_at = sources.index(deck.cells[solution].source)
        assert cells.BEGIN not in deck.cells[solution].source
        body = cells.solution_text(original.source)
        shown = [i for i, s in enumerate(sources) if s.startswith("#### Solution") and body in s]
        assert len(shown) == 1, f"{path.stem}: one solution slide per exercise"
        settled_by = sources.index(nb.cells[after].source) if after != solution else stub_at
        assert shown[0] > settled_by >= stub_at, (path.stem, stub_at, settled_by, shown[0])
        assert deck.cells[shown[0]].metadata["slideshow"]["slide_type"] == "subslide"
    for cell in deck.cells:
        if cells.CHECK_TAG in cell.metadata.get("tags", []):
            assert cell.metadata["slideshow"]["slide_type"] == "skip"
    data_lines = [s for s in sources if "dataset_name(" in s]
    assert all("COURSE_DATASET=mnist_5k" in s for s in data_lines), data_lines
