"""Fixtures shared by the tool and browser tests: the notebooks executed once per language, the decks built
once; and the grouping that keeps pytest-xdist's two workers from repeating that work."""

import os

import pytest

from course_tools import runner, slides, translate
from tests.course import NOTEBOOKS, ROOT

DECK_DATASET = slides.DECK_DATASET  # what `make slides` and `make site` present
LANGUAGES = ("en", "es")


def pytest_collection_modifyitems(items):
    """Under pytest-xdist (``--dist loadgroup``): every cell of a notebook run by nbval stays on one worker,
    in order; the tests that share the executed notebooks (decks, site) run on one worker, once."""
    for item in items:
        path = str(getattr(item, "path", ""))
        if path.endswith(".ipynb"):
            item.add_marker(pytest.mark.xdist_group(path))


NBVAL_SPANISH_SEED_OFFSET = "2"  # nbval runs the Spanish notebooks with every seed moved: claims beyond seed 0


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before nbval starts a notebook's kernel (in the setup of its first cell): the Spanish edition runs with
    its seeds moved, the English one with the seeds as written."""
    if str(getattr(item, "path", "")).endswith(".ipynb"):
        spanish = os.sep + "es" + os.sep in str(item.path)
        os.environ["COURSE_SEED_OFFSET"] = NBVAL_SPANISH_SEED_OFFSET if spanish else "0"


@pytest.fixture(scope="session")
def executed_fast(tmp_path_factory):
    """Every notebook executed once per language in a shorter run on ``mnist_5k``, the 28 x 28 sample (nbval
    runs the English ones on the default ``digits``, so CI runs every notebook on both); the decks and the
    site use these, so the browser tests look at 28 x 28 figures, as a lecture hall does (``make slides``).
    The Spanish run moves every seed by one (COURSE_SEED_OFFSET=1): CI checks the claims beyond seed 0."""
    results = {}
    for language in LANGUAGES:
        sources = NOTEBOOKS
        if language != "en":
            sources = translate.write_notebooks(ROOT, language, tmp_path_factory.mktemp(f"sources_{language}"))
        results[language] = runner.run_notebooks(  # two at a time, one thread each: about half the wall time
            sources,
            fast=True,
            out_dir=tmp_path_factory.mktemp(f"executed_{language}"),
            dataset=DECK_DATASET,
            workers=2,
            timeout=300,  # a shorter run's cell takes seconds: a hung kernel fails instead of waiting 30 minutes
            language=language,
            seed_offset=0 if language == "en" else 1,
        )
        table = runner.format_table(results[language], fast=True, dataset=DECK_DATASET)
        assert all(r.passed for r in results[language]), f"{language}:\n{table}"
        print(f"\n{language}:\n{table}")
    return results


@pytest.fixture(scope="session")
def decks_dir(tmp_path_factory, executed_fast):
    """The offline decks of the shorter runs, per language, each with its shared lib/ folder."""
    out = {}
    for language, results in executed_fast.items():
        out[language] = tmp_path_factory.mktemp(f"decks_{language}")
        build = slides.Build(DECK_DATASET, fast=True, language=language)
        slides.build_decks([r.executed for r in results], out[language], ROOT / "slides", build=build)
    return out
