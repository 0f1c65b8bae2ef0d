"""The course as an nbgrader course folder (``make nbgrader``), and the scores nbgrader gives.

Every notebook is one assignment, ``source/<notebook>/<notebook>.ipynb``; its cells carry nbgrader's
metadata: the exercise's code is a *solution* cell, each self-check an autograder *test* cell worth
one point (its ``### BEGIN HIDDEN TESTS`` assert turns the check's verdict into the points), and a
written answer a manually graded cell. A *predict, then run* check is feedback only: it shows what the
run measured, so a point there could be won by trying each answer in turn; it carries no points. The
usual commands then work in that folder::

    nbgrader generate_assignment 04_variational_autoencoders   # release/…: what students get
    nbgrader autograde 04_variational_autoencoders             # submitted/<student>/… → autograded/…
    nbgrader generate_feedback 04_variational_autoencoders

The folder's configuration keeps nbgrader quiet about what it does itself, and makes feedback readable
offline, by exercise:

- an untouched test cell differs from the master only by the hidden tests that nbgrader removed; it is
  restored without the "checksum has changed" warning (:class:`ReleasedCellsUnchanged`), while a test
  cell a student edited still gets it;
- the feedback HTML typesets its formulas with a copy of MathJax inside the page (no CDN), and lists each
  grade by its exercise ("Exercise 3 — binary cross-entropy from logits"), not as "Test cell"
  (:class:`FeedbackExtras`);
- kernels use the client of :mod:`course_tools.kernels` and, on POSIX systems, Unix sockets.

The tests (tests/tools/test_nbgrader.py) run this in a temporary folder: the instructor notebooks get
every autograded point, the released ones none, and one wrong answer costs exactly its exercise's point.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from nbconvert.preprocessors import Preprocessor
from nbgrader.preprocessors import OverwriteCells
from traitlets import Bool, Unicode

from . import cells, kernels, project

MATHJAX = Path("slides") / "node_modules" / "mathjax" / "es5" / "tex-svg-full.js"  # one file, SVG glyphs inside
HEADING = re.compile(r"^### ((?:Exercise|Ejercicio) \d+ — .+)$", re.M)  # the course's two languages

CONFIG = """\
# nbgrader's configuration for the generative-models course (written by `python -m course_tools nbgrader`).
import os

import warnings

c = get_config()  # noqa: F821 (nbgrader provides it)
here = os.path.dirname(os.path.abspath(__file__))
# nbgrader 0.9 with SQLAlchemy 2 warns about its own session handling on every submission.
warnings.filterwarnings("ignore", message=r".*not in session, add operation along.*")
c.CourseDirectory.course_id = "generative-models"
# A training cell runs for minutes in full mode; nbgrader's default limit is 30 s per cell.
c.Execute.timeout = 1800
# The kernel client of course_tools.kernels: it still reads a reply whose socket wake-up was missed,
# which left notebook runs here waiting forever on an idle kernel.
c.AsyncKernelManager.client_factory = "{client}"
{transport}
# An untouched test cell is restored without a warning; an edited one still gets it.
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "course_tools.grading.ReleasedCellsUnchanged",
    "nbgrader.preprocessors.CheckCellMetadata",
]
# Feedback: formulas typeset offline, grades listed by exercise.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    "course_tools.grading.FeedbackExtras",
]
c.HTMLExporter.template_name = "course_feedback"
c.HTMLExporter.extra_template_basedirs = [{nbgrader_templates!r}, os.path.join(here, "templates")]
c.FeedbackExtras.mathjax_path = os.path.join(here, "mathjax", "tex-svg-full.js")
"""


class ReleasedCellsUnchanged(OverwriteCells):
    """nbgrader's ``OverwriteCells``, quiet about the difference nbgrader makes itself: a locked test cell
    that the student has not touched is the master without its hidden tests. Such a cell is restored
    silently; a locked cell the student did edit is restored with nbgrader's warning, as before."""

    def preprocess_cell(self, cell, resources, cell_index):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id and cell.metadata.nbgrader.get("locked"):
            from nbgrader.api import MissingEntry

            try:
                master = self.gradebook.find_source_cell(grade_id, self.notebook_id, self.assignment_id)
            except MissingEntry:
                master = None
            if master is not None and cells.without_hidden_tests(master.source).rstrip() == cell.source.rstrip():
                cell.source = master.source
        return super().preprocess_cell(cell, resources, cell_index)


class FeedbackExtras(Preprocessor):
    """Give the feedback page a copy of MathJax and each graded cell the name of its exercise."""

    enabled = Bool(True).tag(config=True)  # nbconvert runs a registered preprocessor only when enabled
    mathjax_path = Unicode("", help="MathJax's tex-svg-full.js, inlined into each feedback page").tag(config=True)

    def preprocess(self, nb, resources):
        path = Path(self.mathjax_path)
        resources["course_mathjax"] = path.read_text(encoding="utf-8") if path.is_file() else ""
        exercise = None
        for cell in nb.cells:
            if cell.cell_type == "markdown" and (found := HEADING.findall(cell.source)):
                exercise = found[-1]
            if cell.metadata.get("nbgrader", {}).get("grade") and exercise:
                cell.metadata.setdefault("course", {})["exercise"] = exercise
        return nb, resources


def nbgrader_templates() -> Path:
    """nbgrader's own templates folder (its feedback template lives there)."""
    import nbgrader

    return Path(nbgrader.__file__).parent / "server_extensions" / "formgrader" / "templates"


def feedback_template() -> str:
    """nbgrader's feedback template with MathJax inlined and grades named by exercise."""
    text = (nbgrader_templates() / "feedback" / "index.html.j2").read_text(encoding="utf-8")
    name = "{{ cell.metadata.get('course', {}).get('exercise', '%s') }}"
    edits = {
        "{{ mathjax() }}": (
            "<script>window.MathJax = {tex: {inlineMath: [['$', '$'], ['\\\\(', '\\\\)']], processEscapes: true}, "
            "svg: {fontCache: 'global'}};</script>\n<script>{{ resources.course_mathjax }}</script>"
        ),
        '">Test cell</a>': '">' + name % "Test cell" + "</a>",
        '">Written response</a>': '">' + name % "Written response" + "</a>",
        "Grade cell: <code>{{ cell.metadata.nbgrader.grade_id }}</code>": name % "Grade cell",
    }
    for old, new in edits.items():
        if old not in text:
            raise RuntimeError(f"nbgrader's feedback template changed: {old!r} not found; update course_tools.grading")
        text = text.replace(old, new)
    return text


def make_course(notebooks: list[Path], course_dir: Path, root: Path | None = None) -> Path:
    """Write ``nbgrader_config.py``, the feedback template, MathJax and one assignment per notebook under
    ``course_dir/source`` (each source notebook checked clean first)."""
    course_dir = Path(course_dir)
    course_dir.mkdir(parents=True, exist_ok=True)
    transport = ""
    if os.name == "posix":  # Unix sockets under the course folder: no shared TCP ports, no plain-text warning
        transport = "\n".join(
            [
                "# Kernels on Unix sockets in the course folder (an absolute path: a kernel works in its notebook).",
                'c.KernelManager.transport = "ipc"',
                'c.KernelManager.ip = os.path.join(here, ".kernels", "kernel")',
                'os.makedirs(os.path.join(here, ".kernels"), exist_ok=True)',
            ]
        )
    (course_dir / "nbgrader_config.py").write_text(
        CONFIG.format(client=kernels.CLIENT_NAME, transport=transport, nbgrader_templates=str(nbgrader_templates()))
    )
    template = course_dir / "templates" / "course_feedback"
    template.mkdir(parents=True, exist_ok=True)
    (template / "index.html.j2").write_text(feedback_template(), encoding="utf-8")
    shutil.copy(nbgrader_templates() / "feedback" / "conf.json", template / "conf.json")
    mathjax = Path(root or project.find_root(Path(__file__).parent)) / MATHJAX
    if mathjax.is_file():
        (course_dir / "mathjax").mkdir(exist_ok=True)
        shutil.copy(mathjax, course_dir / "mathjax" / mathjax.name)
    for path in notebooks:
        cells.read_source(path)
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
