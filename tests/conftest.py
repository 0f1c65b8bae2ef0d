"""Fixtures shared by the tool and browser tests: the notebooks executed once, the decks built once."""

import pytest

from course_tools import execution, slides
from tests.course import NOTEBOOKS, ROOT


@pytest.fixture(scope="session")
def executed_fast(tmp_path_factory):
    """Every notebook executed once in fast mode, as CI runs it; the decks and the site use these."""
    results = execution.run_notebooks(NOTEBOOKS, fast=True, out_dir=tmp_path_factory.mktemp("executed"))
    assert all(r.passed for r in results), execution.format_table(results, fast=True)
    return results


@pytest.fixture(scope="session")
def decks_dir(tmp_path_factory, executed_fast):
    """The offline decks of the fast-mode run, with their shared lib/ folder."""
    out = tmp_path_factory.mktemp("decks")
    slides.build_decks([r.executed for r in executed_fast], out, ROOT / "slides")
    return out
