"""Fixtures shared by the tool and browser tests."""

import pytest

from course_tools import execution
from tests.course import NOTEBOOKS


@pytest.fixture(scope="session")
def executed_fast(tmp_path_factory):
    """Every notebook executed once in fast mode, as CI runs it; the decks (and the site) are built from these."""
    results = execution.run_notebooks(NOTEBOOKS, fast=True, out_dir=tmp_path_factory.mktemp("executed"))
    assert all(r.passed for r in results), execution.format_table(results, fast=True)
    return results
