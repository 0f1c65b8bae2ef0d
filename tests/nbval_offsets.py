"""A pytest plugin for the nbval run of `make test` (``-p tests.nbval_offsets``): the Spanish edition runs
with every seed moved by two, the English one with the seeds as written, so that CI checks the claims
beyond seed 0.

The nbval run is a pytest run of its own, ``--dist loadfile``: every cell of a notebook on one worker, in
order, in one kernel (pytest-xdist's groups do not reach nbval's cells)."""

import os

import pytest

SPANISH_SEED_OFFSET = "2"


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before nbval starts a notebook's kernel (in the setup of its first cell)."""
    if str(getattr(item, "path", "")).endswith(".ipynb"):
        spanish = os.sep + "es" + os.sep in str(item.path)
        os.environ["COURSE_SEED_OFFSET"] = SPANISH_SEED_OFFSET if spanish else "0"
