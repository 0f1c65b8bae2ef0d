"""Fixtures shared by the tool and browser tests: the notebooks executed once, the decks built once."""

import pytest

from course_tools import runner, slides
from tests.course import NOTEBOOKS, ROOT

DECK_DATASET = slides.DECK_DATASET  # what `make slides` presents


@pytest.fixture(scope="session")
def executed_fast(tmp_path_factory):
    """Every notebook executed once in fast mode on ``mnist_5k``, the 28 x 28 sample (nbval runs them on
    the default ``digits``, so CI runs every notebook on both); the decks and the site use these, so the
    browser tests look at 28 x 28 figures, as a lecture hall does (``make slides``)."""
    results = runner.run_notebooks(  # two at a time, one thread each: about half the wall time
        NOTEBOOKS,
        fast=True,
        out_dir=tmp_path_factory.mktemp("executed"),
        dataset=DECK_DATASET,
        workers=2,
        timeout=300,  # a fast-mode cell takes seconds: a hung kernel fails instead of waiting 30 minutes
    )
    assert all(r.passed for r in results), runner.format_table(results, fast=True, dataset=DECK_DATASET)
    return results


@pytest.fixture(scope="session")
def decks_dir(tmp_path_factory, executed_fast):
    """The offline decks of the fast-mode run, with their shared lib/ folder."""
    out = tmp_path_factory.mktemp("decks")
    slides.build_decks(
        [r.executed for r in executed_fast], out, ROOT / "slides", build=slides.Build(DECK_DATASET, fast=True)
    )
    return out
