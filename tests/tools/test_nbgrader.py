"""nbgrader for real: the notebooks' cell metadata, and `generate_assignment` + `autograde` in a temporary
course folder, in both languages. The released student notebook gets no point (and runs top to bottom: no
error outside the autograder's test cells), the instructor notebooks every autograded point, and one wrong
answer costs exactly its exercise's point.

Autograded in CI: notebook 01 (the instructor version and the untouched release in both languages; in English
also one wrong answer whose test cell the student "fixed") and, in English, 03's written answer in a notebook of
its own (it waits for manual grading; 03's code runs in the decks' run and under nbval). Every notebook's release
is generated and compared with the student edition; the CI runs every instructor notebook elsewhere (the English ones
for the decks, the Spanish ones with nbval), hidden autograder asserts included, and JupyterLab runs every
student notebook: autograding the rest would repeat those runs. ``COURSE_GRADE_EVERY=1`` autogrades
the instructor version, the untouched release and one wrong answer of every notebook, in both languages
(15 minutes on two cores): ``COURSE_GRADE_EVERY=1 COURSE_FAST=1 python -m pytest -n 2 tests/tools/test_nbgrader.py``."""

import os
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from traitlets.utils.importstring import import_item

from course_tools import cells, grading, translate
from course_tools.kernels import WakefulKernelClient
from tests.conftest import once
from tests.course import NOTEBOOKS, ROOT

pytestmark = pytest.mark.xdist_group("nbgrader")  # one worker builds and autogrades the course folders, once
ASSIGNMENTS = [p.stem for p in NOTEBOOKS]
GRADE_EVERY = os.environ.get("COURSE_GRADE_EVERY") == "1"
FOLDERS = ("instructor", "student", "one_wrong")  # the course fixture's course folders
EDITED = "nb01_check_gaussian_log_likelihood"  # the test cell the wrong answer's student "fixes" (English)
INSTRUCTOR = ASSIGNMENTS if GRADE_EVERY else ASSIGNMENTS[:1]
# The course's written answers (notebook 03), autograded in CI in an assignment of their own: the markdown of 03
# (its title, the question and the answer cell, with their metadata) and none of its code. Autograding the whole
# of 03 to see nbgrader leave one cell to a human cost CI 45 s. COURSE_GRADE_EVERY=1 autogrades the whole 03.
WRITTEN = f"{ASSIGNMENTS[2]}_written"
HEADING = re.compile(r"^### Exercise (\d+) — (.*)$", re.M)
KINDS = ("derive", "predict", "explain")
# Two autogrades at once: one CPU thread per kernel (the course folder's configuration puts kernels on Unix
# sockets of their own, so two processes starting kernels at the same moment cannot share a TCP port).
ONE_THREAD = {"OMP_NUM_THREADS": "1"}
FAST_CELLS = ("--Execute.timeout=300",)  # a fast-mode cell takes seconds: a hung kernel fails instead of waiting


def _meta(cell):
    return cell.metadata.get("nbgrader", {})


def _is_test_cell(cell):
    return cell.cell_type == "code" and "checks.check_" in cell.source


def _is_prediction_check(cell):
    """A *predict, then run* check: feedback only. Its check shows what the run measured, so a point there could
    be won by trying every answer; nbgrader gives it none (instructor guide, "Grading with nbgrader")."""
    return _is_test_cell(cell) and re.search(r"checks\.check_\w*prediction\(", cell.source)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_exercise_cell_carries_nbgrader_metadata(path):
    nb = nbformat.read(path, as_version=4)
    ids = []
    for cell in nb.cells:
        meta = _meta(cell)
        if meta:
            assert meta["schema_version"] == 3 and meta["grade_id"], meta
            ids.append(meta["grade_id"])
        if cell.cell_type == "code" and cells.BEGIN in cell.source:
            assert meta.get("solution") and not meta.get("grade") and not meta.get("locked"), cell.source[:80]
            assert "checks.check_" not in cell.source, "a solution cell and its check are separate cells"
        elif _is_prediction_check(cell):
            assert not meta and "HIDDEN TESTS" not in cell.source, "a prediction's check is worth no point"
            assert cell.source.splitlines()[-1] == "display(result)"
        elif _is_test_cell(cell):
            assert meta.get("grade") and meta.get("locked") and not meta.get("solution"), cell.source[:80]
            assert meta["points"] > 0
            hidden = re.search(r"### BEGIN HIDDEN TESTS\n(.*)\n### END HIDDEN TESTS", cell.source, re.S)
            assert hidden and hidden.group(1).startswith("assert result, result"), cell.source
            # displayed, not the cell's value: nbgrader would try to read an execute_result as partial credit
            assert cell.source.splitlines()[-1] == "display(result)", "the check's verdict is displayed"
        elif cell.cell_type == "markdown" and cells.BEGIN in cell.source:
            assert meta.get("solution") and meta.get("grade") and meta["points"] > 0, "a written answer"
        else:
            assert not meta, f"nbgrader metadata on an ordinary cell: {cell.source[:80]}"
    assert len(ids) == len(set(ids)), "grade ids are unique"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_exercises_are_numbered_in_order_each_graded_and_of_thinking_kinds(path):
    nb = nbformat.read(path, as_version=4)
    numbers, kinds, graded = [], set(), []
    for cell in nb.cells:
        for number, title in HEADING.findall(cell.source) if cell.cell_type == "markdown" else []:
            numbers.append(int(number))
            kinds.update(k for k in KINDS if title.lower().startswith(k))
            graded.append(title.lower().startswith("predict"))  # feedback only: see _is_prediction_check
        if numbers and (_is_test_cell(cell) or (cell.cell_type == "markdown" and _meta(cell).get("grade"))):
            graded[-1] = True
    assert numbers == list(range(1, len(numbers) + 1)), numbers
    assert all(graded), f"exercises without a graded cell: {[n for n, g in zip(numbers, graded, strict=True) if not g]}"
    assert len(kinds) >= 2, f"at least two kinds of derive / predict / explain exercise, got {kinds}"


@pytest.fixture(scope="module", params=["en", "es"])
def course(tmp_path_factory, request):
    """The autograded course folders of ``request.param``'s language, built once for both test workers."""
    return once(
        tmp_path_factory,
        f"nbgrader_{request.param}" + ("_every" if GRADE_EVERY else ""),
        lambda: _autograded_course(tmp_path_factory, request.param),
        lambda c: {k: (str(v) if isinstance(v, Path) else v) for k, v in c.items()},
        lambda d: {k: (Path(v) if k in FOLDERS else v) for k, v in d.items()},
    )


# Per notebook: the exercise's solution cell, a wrong answer students write, and the check that must cost it.
ONE_WRONG = {
    ASSIGNMENTS[0]: (
        "nb01_gaussian_log_likelihood",
        "def gaussian_log_likelihood(x, mu, sigma):\n"  # a mean where the log-likelihood is a sum
        "    return torch.distributions.Normal(mu, sigma).log_prob(torch.as_tensor(x)).mean()",
        "nb01_check_gaussian_log_likelihood",
    ),
    ASSIGNMENTS[1]: (
        "nb02_pca_error_from_spectrum",
        "def pca_error_from_spectrum(eigenvalues, num_components):\n"  # a mean of the discarded eigenvalues
        "    return eigenvalues[num_components:].mean()",
        "nb02_check_pca_error_formula",
    ),
    ASSIGNMENTS[2]: (
        "nb03_denoising_loss",
        "def denoising_loss(model, x, noise_std):\n"  # the noisy input as the target
        "    x_noisy = x + noise_std * torch.randn_like(x)\n"
        "    return (x_noisy - model(x_noisy)).pow(2).sum(dim=1).mean()",
        "nb03_check_denoising_loss",
    ),
    ASSIGNMENTS[3]: (
        "nb04_kl_closed_form",
        "def kl_closed_form(mu, logvar):\n"  # a mean over the latent dimensions where KL sums them
        "    return 0.5 * (mu.pow(2) + logvar.exp() - 1 - logvar).mean(dim=-1)",
        "nb04_check_kl_closed_form",
    ),
    ASSIGNMENTS[4]: (
        "nb05_log_evidence",
        "def log_evidence(x, a, s):\n"  # the variance where Normal takes a standard deviation
        "    return torch.distributions.Normal(0.0, a**2 + s**2).log_prob(torch.as_tensor(x))",
        "nb05_check_log_evidence",
    ),
    ASSIGNMENTS[5]: (
        "nb06_prob_norm_below",
        "def prob_norm_below(r, d):\n"  # r where the chi-square variable is ||z||^2
        "    from scipy.stats import chi2\n\n"
        "    return chi2.cdf(r, d)",
        "nb06_check_norm_probability",
    ),
}


def _autograded_course(tmp_path_factory, language):
    """Two copies of one course folder, autograded at once (one CPU thread per kernel, see
    course_tools.runner.run_notebooks): A holds the instructor's submissions, B the student's: the released
    notebook handed in untouched and, in English, one with a wrong answer in each graded notebook
    (:data:`ONE_WRONG`) whose test cell in 01 the student also edited (:data:`EDITED`), so that the two
    take about as long."""
    # The student's submissions: notebook 01's release, in both languages. Every released notebook is generated
    # and compared with the student edition (test_nbgrader_release_is_make_student_but_for_the_stub_text), and
    # JupyterLab runs every student notebook top to bottom without an error output
    # (tests/browser/test_jupyterlab.py); the Spanish code is the English code (test_translate), and a Spanish
    # verdict reaching the autograder's output is checked on the release ("not attempted yet"). Autograding
    # the other ten would cost CI four of its fifteen minutes.
    graded = ASSIGNMENTS if GRADE_EVERY else ASSIGNMENTS[:1]
    instructor = INSTRUCTOR if language == "en" or GRADE_EVERY else INSTRUCTOR[:1]
    wrong_graded = graded if language == "en" or GRADE_EVERY else []
    root = tmp_path_factory.mktemp(f"nbgrader_{language}")
    sources = NOTEBOOKS if language == "en" else translate.write_notebooks(ROOT, language, root / "sources")
    if language == "en" and not GRADE_EVERY:
        sources = [*sources, _written_answers_only(sources[2], root / "written" / f"{WRITTEN}.ipynb")]
        instructor = [*instructor, WRITTEN]
    a = grading.make_course(sources, root / "A")
    done = grading.nbgrader(a, "generate_assignment", "*", "--force")
    assert done.returncode == 0, done.stderr[-3000:]
    b = root / "B"
    shutil.copytree(a, b)
    handed_in = [(a, "instructor", a / "source", name) for name in instructor]
    handed_in += [(b, "student", a / "release", name) for name in graded]
    for folder, who, source, name in handed_in:
        (folder / "submitted" / who / name).mkdir(parents=True)
        shutil.copy(source / name / f"{name}.ipynb", folder / "submitted" / who / name)
    for name in wrong_graded:  # the instructor's notebook with one answer replaced by a mistake students make
        wrong = nbformat.read(a / "source" / name / f"{name}.ipynb", as_version=4)
        solution_id, source, _ = ONE_WRONG[name]
        next(c for c in wrong.cells if _meta(c).get("grade_id") == solution_id).source = source
        if language == "en" and name == ASSIGNMENTS[0]:  # and its failing check "fixed" by the student
            next(c for c in wrong.cells if _meta(c).get("grade_id") == EDITED).source = "result = True  # 'fixed'"
        (b / "submitted" / "one_wrong" / name).mkdir(parents=True)
        nbformat.write(wrong, b / "submitted" / "one_wrong" / name / f"{name}.ipynb")
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(lambda f: grading.nbgrader(f, "autograde", "*", *FAST_CELLS, env=ONE_THREAD), (a, b)))
    for run in runs:
        assert run.returncode == 0, run.stderr[-3000:]
    feedback = grading.nbgrader(a, "generate_feedback", ASSIGNMENTS[0], env=ONE_THREAD)
    assert feedback.returncode == 0, feedback.stderr[-3000:]
    return {
        "language": language,
        "graded": graded,
        "instructor_graded": instructor,
        "wrong_graded": wrong_graded,
        "instructor": a,
        "one_wrong": b,
        "student": b,
        "logs": _per_student([r.stderr for r in runs]),
    }


def _written_answers_only(source: Path, out: Path) -> Path:
    """``source``'s markdown cells, metadata and all (its written answers among them), without its code."""
    nb = nbformat.read(source, as_version=4)
    nb.cells = [c for c in nb.cells if c.cell_type == "markdown"]
    assert any(_meta(c).get("grade") for c in nb.cells), f"{source.name} holds no written answer"
    out.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, out)
    return out


def _per_student(logs: list[str]) -> dict[str, str]:
    """autograde's log lines by the student they are about (each student's part starts with this line)."""
    parts = {}
    for log in logs:
        for part in re.split(r"(?m)^(?=.*Creating/updating student with ID ')", log):
            who = re.search(r"student with ID '([^']+)'", part)
            key = who.group(1) if who else "start"
            parts[key] = parts.get(key, "") + part
    return parts


def _errors(course_dir, who, name):
    """(grade id or cell start, error) of every cell of an autograded notebook that raised."""
    nb = nbformat.read(course_dir / "autograded" / who / name / f"{name}.ipynb", as_version=4)
    return [
        (_meta(c).get("grade_id") or c.source[:60], f"{o.ename}: {o.evalue}"[:300])
        for c in nb.cells
        for o in c.get("outputs", [])
        if o.output_type == "error"
    ]


@pytest.mark.parametrize("name", INSTRUCTOR)
def test_instructor_notebook_gets_every_autograded_point(course, name):
    if name not in course["instructor_graded"]:
        pytest.skip(
            f"{course['language']}: notebook 01's round trip only (see the course fixture; COURSE_GRADE_EVERY=1)"
        )
    grades = grading.scores(course["instructor"], name, "instructor")
    auto = {k: v for k, v in grades.items() if not v[2]}
    assert len(auto) >= 4 and all(score == top for score, top, _ in auto.values()), grades
    manual = [k for k, v in grades.items() if v[2]]
    assert all("written" in k for k in manual), manual  # written answers wait for a human
    assert _errors(course["instructor"], "instructor", name) == []


def test_a_written_answer_waits_for_the_instructor(course):
    """Notebook 03's written answer: nbgrader gives it no point by itself and leaves it to a human, at the
    points its metadata carries (the whole of 03 with COURSE_GRADE_EVERY=1; in CI, its markdown alone)."""
    name = ASSIGNMENTS[2] if GRADE_EVERY else WRITTEN
    if name not in course["instructor_graded"]:
        pytest.skip("03's written answer is autograded in the English course folder (COURSE_GRADE_EVERY=1: both)")
    source = nbformat.read(course["instructor"] / "source" / name / f"{name}.ipynb", as_version=4)
    written = {_meta(c)["grade_id"]: _meta(c)["points"] for c in source.cells if c.cell_type == "markdown" and _meta(c)}
    grades = grading.scores(course["instructor"], name, "instructor")
    manual = {k: top for k, (_, top, needs_human) in grades.items() if needs_human}
    assert written and manual == written, (written, grades)


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_student_notebook_gets_zero_and_runs_top_to_bottom(course, name):
    if name not in course["graded"]:
        pytest.skip("the student's submission is notebook 01 (see the course fixture; COURSE_GRADE_EVERY=1)")
    grades = grading.scores(course["student"], name, "student")
    assert sum(score for score, _, _ in grades.values()) == 0 and not any(m for *_, m in grades.values()), grades
    errors = _errors(course["student"], "student", name)
    assert errors and all(where in grades for where, _ in errors), errors
    from course_tools.i18n import tr

    not_attempted = tr("not attempted yet", course["language"])
    assert all("AssertionError" in e and not_attempted in e for _, e in errors), errors


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_one_wrong_answer_costs_exactly_its_point(course, name):
    if name not in course["wrong_graded"]:
        pytest.skip("one wrong answer in the English notebook 01 (see the course fixture; COURSE_GRADE_EVERY=1)")
    _, _, check_id = ONE_WRONG[name]
    grades = grading.scores(course["one_wrong"], name, "one_wrong")
    lost = {k: (score, top) for k, (score, top, manual) in grades.items() if score != top and not manual}
    assert lost == {check_id: (0.0, 1.0)}, grades  # a written answer (03) waits for a human
    (where, error), *rest = _errors(course["one_wrong"], "one_wrong", name)
    assert not rest and where == check_id
    if name != ASSIGNMENTS[0]:
        return
    import torch

    from course_utils import checks, i18n

    def mean_not_sum(x, mu, sigma):
        return torch.distributions.Normal(mu, sigma).log_prob(torch.as_tensor(x)).mean()

    i18n.use_language(course["language"])
    try:  # the verdict the student sees, in the notebook's language, is the autograder's message
        verdict = checks.check_gaussian_log_likelihood(mean_not_sum)
    finally:
        i18n.use_language("en")
    assert not verdict and verdict.message[:60] in error, (verdict.message, error)


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_nbgrader_release_is_make_student_but_for_the_stub_text(course, name):
    source = nbformat.read(course["instructor"] / "source" / name / f"{name}.ipynb", as_version=4)
    released = nbformat.read(course["instructor"] / "release" / name / f"{name}.ipynb", as_version=4)
    ours = cells.student_notebook(source)
    assert [c.cell_type for c in released.cells] == [c.cell_type for c in ours.cells]
    for original, theirs, mine in zip(source.cells, released.cells, ours.cells, strict=True):
        if cells.BEGIN in original.source:  # both stub the solution, in their own words
            assert ("NotImplementedError" in theirs.source) == ("NotImplementedError" in mine.source)
            assert "NotImplementedError" in theirs.source or "YOUR ANSWER HERE" in theirs.source
        else:
            assert theirs.source == mine.source


def test_the_course_folder_gives_nbgrader_the_course_kernel_client(tmp_path):
    config = grading.make_course([], tmp_path / "course") / "nbgrader_config.py"
    (name,) = re.findall(r'client_factory = "([\w.]+)"', config.read_text())
    assert import_item(name) is WakefulKernelClient  # autograde fails on a name it cannot import


def test_an_untouched_release_gives_nbgrader_nothing_to_warn_about(course):
    """No checksum warning (the hidden tests nbgrader removed are restored quietly), no partial-credit parsing
    of a verdict (check cells display it), no session warnings, no plain-TCP kernel warning."""
    expected = {"instructor", "student"} | ({"one_wrong"} if course["wrong_graded"] else set())
    assert expected <= set(course["logs"]), list(course["logs"])
    for who, log in course["logs"].items():
        lines = log.splitlines()
        if who == "one_wrong":  # its edited test cell's warning: the next test
            lines = [line for line in lines if f"for cell {EDITED} has changed" not in line]
        warnings = [line for line in lines if "WARNING" in line or "Warning" in line]
        assert not warnings, (who, warnings[:5])
        log = "\n".join(lines)
        assert "checksum" not in log and "converted to" not in log and "without encryption" not in log


def test_an_edited_test_cell_is_still_reported_and_restored(course):
    """A student who answers wrong and then replaces the failing test cell's code (``result = True``) is
    reported, and the cell's original (hidden asserts and all) is graded: no point for the "fixed" check (the
    other checks of the submission are the previous test's)."""
    if course["language"] != "en":
        pytest.skip("the edited submission is in the English course folder")
    assert f"for cell {EDITED} has changed" in course["logs"]["one_wrong"]
    grades = grading.scores(course["one_wrong"], ASSIGNMENTS[0], "one_wrong")
    assert grades[EDITED][0] == 0, grades
    (where, error), *rest = _errors(course["one_wrong"], "one_wrong", ASSIGNMENTS[0])
    assert not rest and where == EDITED and "AssertionError" in error, (where, error, rest)


def test_feedback_names_each_exercise_and_typesets_math_offline(course):
    page = next((course["instructor"] / "feedback").rglob("*.html")).read_text(encoding="utf-8")
    listed = re.findall(r'<li><a href="#nb01_check_\w+">([^<]+)</a>', page)
    assert listed and all(name.startswith(("Exercise ", "Ejercicio ")) for name in listed), listed
    assert "Test cell" not in page
    assert "window.MathJax" in page and "MathJax" in page[page.index("window.MathJax") :][:400000]
    assert not re.findall(r'<script[^>]+src="https?://', page), "no script from the network"
    assert 'alt="No description' not in page, "every figure of the feedback carries its alt text"
