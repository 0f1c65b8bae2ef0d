"""Fixtures shared by the tool and browser tests: the notebooks executed once per language, the decks built
once (the tests that use them carry ``xdist_group("built")``, so one of pytest-xdist's workers does it)."""

import pytest

from course_tools import runner, slides, translate
from tests.course import NOTEBOOKS, ROOT

DECK_DATASET = slides.DECK_DATASET  # what `make slides` and `make site` present
LANGUAGES = ("en", "es")
# The data set and seed offset of each edition's run here: English as `make slides` presents it (28 x 28),
# Spanish on the 8 x 8 digits with every seed moved by one, so that CI runs every notebook on both data sets
# in both languages (with nbval: English on digits, Spanish on digits with seeds moved by two) within its
# time budget.
EDITION_RUNS = {"en": (DECK_DATASET, 0), "es": ("digits", 1)}


@pytest.fixture(scope="session")
def executed_fast(tmp_path_factory):
    """Every notebook executed once per language in a shorter run, as :data:`EDITION_RUNS` says: English on
    ``mnist_5k``, the 28 x 28 sample (the browser tests look at 28 x 28 figures, as a lecture hall does), and
    Spanish on ``digits`` with every seed moved by one. The decks and the site use these."""
    results = {}
    for language in LANGUAGES:
        sources = NOTEBOOKS
        if language != "en":
            sources = translate.write_notebooks(ROOT, language, tmp_path_factory.mktemp(f"sources_{language}"))
        results[language] = runner.run_notebooks(  # two at a time, one thread each: about half the wall time
            sources,
            fast=True,
            out_dir=tmp_path_factory.mktemp(f"executed_{language}"),
            dataset=EDITION_RUNS[language][0],
            workers=2,
            timeout=300,  # a shorter run's cell takes seconds: a hung kernel fails instead of waiting 30 minutes
            language=language,
            seed_offset=EDITION_RUNS[language][1],
        )
        table = runner.format_table(results[language], fast=True, dataset=EDITION_RUNS[language][0])
        assert all(r.passed for r in results[language]), f"{language}:\n{table}"
        print(f"\n{language}:\n{table}")
    return results


@pytest.fixture(scope="session")
def decks_dir(tmp_path_factory, executed_fast):
    """The offline decks of the shorter runs, per language, each with its shared lib/ folder."""
    out = {}
    for language, results in executed_fast.items():
        out[language] = tmp_path_factory.mktemp(f"decks_{language}")
        build = slides.Build(EDITION_RUNS[language][0], fast=True, language=language)
        slides.build_decks([r.executed for r in results], out[language], ROOT / "slides", build=build)
    return out
