"""The course as an nbgrader course folder (``make nbgrader``), and the scores nbgrader gives.

Every notebook is one assignment, ``source/<notebook>/<notebook>.ipynb``; its cells carry nbgrader's
metadata: the exercise's code is a *solution* cell, each self-check an autograder *test* cell worth
one point (its ``### BEGIN HIDDEN TESTS`` assert turns the check's verdict into the points), and a
written answer a manually graded cell. The usual commands then work in that folder::

    nbgrader generate_assignment 04_variational_autoencoders   # release/…: what students get
    nbgrader autograde 04_variational_autoencoders             # submitted/<student>/… → autograded/…
    nbgrader generate_feedback 04_variational_autoencoders

The tests (tests/tools/test_nbgrader.py) run this in a temporary folder: the instructor notebooks get
every autograded point, the released ones none, and one wrong answer costs exactly its exercise's point.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

CONFIG = """\
# nbgrader's configuration for the generative-models course (written by `python -m course_tools nbgrader`).
c = get_config()  # noqa: F821 (nbgrader provides it)
c.CourseDirectory.course_id = "generative-models"
# A training cell runs for minutes in full mode; nbgrader's default limit is 30 s per cell.
c.Execute.timeout = 1800
# The kernel client of course_tools.kernels: it still reads a reply whose socket wake-up was missed,
# which left notebook runs here waiting forever on an idle kernel.
c.AsyncKernelManager.client_factory = "course_tools.kernels.WakefulKernelClient"
"""


def make_course(notebooks: list[Path], course_dir: Path) -> Path:
    """Write ``nbgrader_config.py`` and one assignment per notebook under ``course_dir/source``."""
    course_dir = Path(course_dir)
    course_dir.mkdir(parents=True, exist_ok=True)
    (course_dir / "nbgrader_config.py").write_text(CONFIG)
    for path in notebooks:
        folder = course_dir / "source" / Path(path).stem
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, folder / Path(path).name)
    return course_dir


def nbgrader(course_dir: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``nbgrader <args>`` in ``course_dir`` with this interpreter (its ``bin/`` first on PATH:
    nbgrader calls ``alembic`` by name to set up its gradebook)."""
    bin_dir = str(Path(sys.executable).parent)
    environment = {**os.environ, **(env or {}), "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
    return subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=course_dir,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def scores(course_dir: Path, assignment: str, student: str) -> dict[str, tuple[float, float, bool]]:
    """``grade_id -> (score, max_score, needs_manual_grade)`` of one autograded submission."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{Path(course_dir) / 'gradebook.db'}") as gradebook:
        submission = gradebook.find_submission(assignment, student)
        return {
            grade.name: (grade.score, grade.max_score, grade.needs_manual_grade)
            for notebook in submission.notebooks
            for grade in notebook.grades
        }
