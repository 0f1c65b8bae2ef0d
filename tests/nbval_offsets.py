"""A pytest plugin for the nbval run of `make test` (``-p tests.nbval_offsets``): the Spanish edition runs
with every seed moved by two, the English one with the seeds as written, so that CI checks the claims
beyond seed 0.

``make test`` runs the tests and nbval in one pytest run, ``--dist loadfile``: every cell of a notebook on one
worker, in order, in one kernel (pytest-xdist's groups do not reach nbval's cells). The offset is set for a
notebook's cells only, so a test that the same worker runs next sees none."""

import os

import pytest

SPANISH_SEED_OFFSET = "2"
# The longest test files first (--dist loadfile with --no-loadscope-reorder hands files out in this order, to
# whichever worker runs short of work): otherwise pytest-xdist sends the files with the most tests first, and
# JupyterLab's eight long tests ran last, on one worker, while the other had nothing left to do.
LONGEST_FIRST = ("test_jupyterlab.py", "test_nbgrader.py", "test_decks.py", "test_site.py", ".ipynb")
AS_GIVEN = os.environ.get("COURSE_SEED_OFFSET")  # what the other tests of the run see


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before nbval starts a notebook's kernel (in the setup of its first cell)."""
    if str(getattr(item, "path", "")).endswith(".ipynb"):
        spanish = os.sep + "es" + os.sep in str(item.path)
        os.environ["COURSE_SEED_OFFSET"] = SPANISH_SEED_OFFSET if spanish else "0"


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item):
    """The kernel has read its offset: the worker's next tests (the same pytest run) get the offset they were given."""
    if str(getattr(item, "path", "")).endswith(".ipynb"):
        if AS_GIVEN is None:
            os.environ.pop("COURSE_SEED_OFFSET", None)
        else:
            os.environ["COURSE_SEED_OFFSET"] = AS_GIVEN


def pytest_collection_modifyitems(items):
    """Order the run: :data:`LONGEST_FIRST`, then the rest as collected (the order within a file is kept)."""

    def rank(item):
        name = str(getattr(item, "path", ""))
        return next((i for i, end in enumerate(LONGEST_FIRST) if name.endswith(end)), len(LONGEST_FIRST))

    items.sort(key=rank)  # stable
