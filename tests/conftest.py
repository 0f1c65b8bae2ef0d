"""Fixtures shared by the tool and browser tests: the notebooks executed once, the decks built once, for both
pytest-xdist workers (:func:`once`)."""

import dataclasses
import json
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from filelock import FileLock

from course_tools import runner, slides, translate
from tests.course import NOTEBOOKS, ROOT

DECK_DATASET = slides.DECK_DATASET  # what `make slides` and `make site` present
LANGUAGES = ("en", "es")
# The run the decks, the site and the figure tests look at: the English notebooks in a shorter run on the
# 8 x 8 digits with every seed moved by one. With nbval's run of the Spanish notebooks (seeds moved by two)
# and JupyterLab's run of the student edition (seeds as written), CI runs every notebook with three
# sets of seeds, within its fifteen minutes. `make slides` and `make site` present mnist_5k.
TEST_RUN = ("digits", 1)
EDITION_RUNS = {language: TEST_RUN for language in LANGUAGES}


def once(tmp_path_factory, name: str, compute, dump, load):
    """``compute()`` once for the whole pytest run, though pytest-xdist's two workers each ask for it.

    The first worker to ask computes it under a file lock and writes ``dump(value)`` as JSON next to the
    workers' temporary folders; the other waits for the lock and reads ``load(...)`` of it. (The session
    fixtures used to rely on ``--dist loadgroup`` sending their tests to one worker; pytest-xdist 3.8 sends a
    group's tests to both, and each worker executed every notebook again.) Without xdist: ``compute()``."""
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return compute()
    shared = tmp_path_factory.getbasetemp().parent  # this run's folder, shared by its workers
    stored = shared / f"{name}.json"
    with FileLock(str(shared / f"{name}.lock")):
        if stored.exists():
            return load(json.loads(stored.read_text()))
        value = compute()
        stored.write_text(json.dumps(dump(value)))
        return value


@pytest.fixture(scope="session")
def executed_fast(tmp_path_factory):
    return once(
        tmp_path_factory,
        "executed_fast",
        lambda: _execute(tmp_path_factory),
        lambda results: {
            k: [{**dataclasses.asdict(r), "executed": str(r.executed)} for r in v] for k, v in results.items()
        },
        lambda data: {
            k: [runner.RunResult(**{**r, "executed": Path(r["executed"])}) for r in v] for k, v in data.items()
        },
    )


def _execute(tmp_path_factory):
    """Every English notebook executed once (:data:`TEST_RUN`), and its Spanish twin: the executed notebook
    with its prose, literals and comments translated (its outputs, computed in English, stay as they are:
    what the tests read of a Spanish page or deck is its structure, language, text and layout; a Spanish
    run executes the Spanish code, which the translation tests hold equal to the English)."""
    dataset, offset = TEST_RUN
    english = runner.run_notebooks(  # two at a time, one thread each: about half the wall time
        NOTEBOOKS,
        fast=True,
        out_dir=tmp_path_factory.mktemp("executed_en"),
        dataset=dataset,
        workers=2,
        timeout=300,  # a shorter run's cell takes seconds: a hung kernel fails instead of waiting 30 minutes
        language="en",
        seed_offset=offset,
    )
    table = runner.format_table(english, fast=True, dataset=dataset)
    assert all(r.passed for r in english), table
    print(f"\n{table}")
    results = {"en": english}
    for language in LANGUAGES[1:]:
        written = translate.write_notebooks(
            ROOT, language, tmp_path_factory.mktemp(f"executed_{language}"), [r.executed for r in english]
        )
        results[language] = [dataclasses.replace(r, executed=path) for r, path in zip(english, written, strict=True)]
    return results


@pytest.fixture(scope="session")
def decks_dir(tmp_path_factory, executed_fast):
    return once(
        tmp_path_factory,
        "decks_dir",
        lambda: _build_decks(tmp_path_factory, executed_fast),
        lambda out: {k: str(v) for k, v in out.items()},
        lambda data: {k: Path(v) for k, v in data.items()},
    )


def _build_decks(tmp_path_factory, executed_fast):
    """The offline decks of the shorter runs, per language, each with its shared lib/ folder: the two
    languages built at once, in two processes (the other test worker waits for them)."""
    out = {language: tmp_path_factory.mktemp(f"decks_{language}") for language in executed_fast}
    with ProcessPoolExecutor(len(out), mp_context=multiprocessing.get_context("spawn")) as pool:  # no fork of threads
        builds = [
            pool.submit(_build_edition_decks, [r.executed for r in results], out[language], language)
            for language, results in executed_fast.items()
        ]
        for build in builds:
            build.result()
    return out


def _build_edition_decks(executed: list[Path], out: Path, language: str) -> None:
    build = slides.Build(EDITION_RUNS[language][0], fast=True, language=language)
    slides.build_decks(executed, out, ROOT / "slides", build=build)
