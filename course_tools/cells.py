"""What the builds do to a notebook's cells: solutions, stubs, hidden tests, and the checks a source
notebook must pass before any build uses it.

The instructor notebooks in ``notebooks/`` hold every solution between nbgrader's ``### BEGIN
SOLUTION`` and ``### END SOLUTION`` markers, and each self-check cell an autograder block between
``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS``. The student edition, nbgrader's release, the
decks and the site are all made from them with the functions here.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

from .i18n import tr

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
HIDDEN_BEGIN, HIDDEN_END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
_REGION = re.compile(r"^([ \t]*)### BEGIN SOLUTION[^\n]*\n.*?^[ \t]*### END SOLUTION[^\n]*(\n|$)", re.M | re.S)
_HIDDEN = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS[^\n]*\n.*?^[ \t]*### END HIDDEN TESTS[^\n]*(\n|$)", re.M | re.S)
_MARKER_LINE = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[^\n]*\n?", re.M)
_DEF = re.compile(r"^([ \t]*)(def|class)\s+(\w+)", re.M)
REVEAL_TAG = "solution-reveal"  # the collapsed solution the student edition adds after an exercise's check
CHECK_TAG = "check"  # a section's check cell: asserts what the section states (hidden from the decks)


class SourceError(ValueError):
    """A source notebook that no build may use as it is (outputs, or an exercise without its markers)."""


def nbgrader_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def without_hidden_tests(source: str) -> str:
    """``source`` without its autograder block: what students, decks and the website show of a self-check."""
    return _HIDDEN.sub("", source)


def _stub_text(source: str, start: int, language: str) -> str:
    """What to write: the function or method the region belongs to (``Class.method``), found above it."""
    found = _DEF.findall(source[:start])  # (indent, "def" or "class", name), in order
    if not found:
        return tr("Exercise: write this part (see the exercise text above), then run the check below.", language)
    indent, _, name = found[-1]
    owner = next((n for i, kind, n in reversed(found) if kind == "class" and len(i) < len(indent)), None)
    where = f"{owner}.{name}" if owner else name
    return tr(
        "Exercise: write the body of `{where}` (see the exercise text above), then run the check below.", language
    ).format(where=where)


def strip_code(source: str, language: str = "en") -> str:
    """Replace each solution region of a code cell with a ``raise NotImplementedError`` stub."""

    def replace(match: re.Match) -> str:
        indent, newline = match.group(1), match.group(2)
        return f"{indent}raise NotImplementedError({_stub_text(source, match.start(), language)!r}){newline}"

    return _REGION.sub(replace, source)


def strip_markdown(source: str, language: str = "en") -> str:
    """Replace each solution region of a markdown cell with a prompt for the student's answer."""
    answer = tr("*Your answer here.*", language)
    return _REGION.sub(lambda m: f"{m.group(1)}{answer}{m.group(2)}", source)


def solution_text(source: str) -> str:
    """The instructor's cell without its solution markers (what a revealed solution shows)."""
    return _MARKER_LINE.sub("", source).rstrip()


def solution_lines(nb, min_length: int = 12) -> list[str]:
    """The distinctive lines of the solution regions: long, not comments, and found nowhere else in ``nb``."""
    inside, outside = [], set()
    for cell in nb.cells:
        for match in _REGION.finditer(cell.source):
            inside += [line.strip() for line in match.group(0).splitlines()[1:-1]]
        outside.update(line.strip() for line in _REGION.sub("", cell.source).splitlines())
    return [t for t in inside if len(t) >= min_length and not t.startswith("#") and t not in outside]


def is_check_cell(cell) -> bool:
    """An exercise's self-check: an autograded test cell (nbgrader ``grade`` on a code cell), or the
    feedback-only check of a *predict, then run* exercise (a cell that calls ``checks.check_…``)."""
    return cell.cell_type == "code" and (bool(nbgrader_meta(cell).get("grade")) or "checks.check_" in cell.source)


def exercises(nb) -> list[tuple[int, int]]:
    """``(solution cell, cell after which its answer may be shown)`` for every exercise: the first check
    cell after the solution, so that a *predict, then run* answer comes after the cell that settles it;
    a written answer (graded by hand, no check) right after itself."""
    pairs = []
    for i, cell in enumerate(nb.cells):
        if BEGIN in cell.source:
            graded_itself = bool(nbgrader_meta(cell).get("grade"))
            after = (
                i if graded_itself else next((j for j in range(i + 1, len(nb.cells)) if is_check_cell(nb.cells[j])), i)
            )
            pairs.append((i, after))
    return pairs


def check_source(nb, name: str) -> None:
    """Raise :class:`SourceError` naming every problem that stops ``nb`` from being a build's source:
    outputs or execution counts (clear them: ``make clean-notebooks``), an exercise cell (nbgrader
    ``solution``) without its markers, unbalanced markers."""
    problems = []
    for i, cell in enumerate(nb.cells):
        where = f"{name}, cell {i} ({cell.get('id', '?')})"
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count") is not None):
            problems.append(f"{where} has outputs or an execution count: run `make clean-notebooks`")
        meta = nbgrader_meta(cell)
        begins, ends = cell.source.count(BEGIN), cell.source.count(END)
        if begins != ends:
            problems.append(f"{where} has {begins} '{BEGIN}' and {ends} '{END}' markers: they come in pairs")
        if meta.get("solution") and not begins:
            problems.append(f"{where} is an exercise (nbgrader solution cell) without '{BEGIN}' / '{END}' markers")
        if begins and not meta.get("solution"):
            problems.append(f"{where} has solution markers but no nbgrader solution metadata")
        if cell.source.count(HIDDEN_BEGIN) != cell.source.count(HIDDEN_END):
            problems.append(f"{where} has unbalanced '{HIDDEN_BEGIN}' / '{HIDDEN_END}' markers")
    if problems:
        raise SourceError(f"{name} cannot be built:\n  " + "\n  ".join(problems))


def read_source(path: Path):
    """Read a source notebook and :func:`check_source` it."""
    nb = nbformat.read(path, as_version=4)
    check_source(nb, Path(path).name)
    return nb


def reveal_cell(solution_cell, language: str = "en"):
    """A markdown cell that shows ``solution_cell``'s solution only when opened (a collapsed ``<details>``)."""
    fence = "python" if solution_cell.cell_type == "code" else ""
    body = solution_text(solution_cell.source)
    summary = tr("Show a solution (after you have tried: the check above says what is wrong)", language)
    source = f"<details>\n<summary>{summary}</summary>\n\n```{fence}\n{body}\n```\n\n</details>"
    if solution_cell.cell_type == "markdown":
        source = f"<details>\n<summary>{summary}</summary>\n\n{body}\n\n</details>"
    cell = nbformat.v4.new_markdown_cell(source, metadata={"tags": [REVEAL_TAG], "slideshow": {"slide_type": "skip"}})
    cell.id = f"{solution_cell.get('id', 'cell')}-reveal"[:64]
    return cell


def student_notebook(nb, *, reveal: bool = False, language: str = "en"):
    """A copy of ``nb`` with its solutions replaced by stubs, its autograder blocks removed and the cells
    tagged ``remove-in-student`` dropped. With ``reveal`` (the student edition for self-study) each
    exercise's solution follows its check in a collapsed cell that the student opens deliberately;
    without it (what nbgrader releases) no solution is left."""
    out = nbformat.from_dict(nb)
    after: dict[int, list[int]] = {}
    for solution, shown_after in exercises(nb) if reveal else []:
        after.setdefault(shown_after, []).append(solution)
    cells = []
    for i, cell in enumerate(out.cells):
        if "remove-in-student" in cell.get("metadata", {}).get("tags", []):
            continue
        if HIDDEN_BEGIN in cell.source:
            cell.source = without_hidden_tests(cell.source)
        if BEGIN in cell.source:
            strip = strip_code if cell.cell_type == "code" else strip_markdown
            cell.source = strip(cell.source, language)
        cells.append(cell)
        cells += [reveal_cell(nb.cells[solution], language) for solution in after.get(i, [])]
    out.cells = cells
    return out


def clear_outputs(nb) -> bool:
    """Clear the outputs and execution counts of ``nb``'s code cells in place; True if there were any."""
    dirty = False
    for cell in nb["cells"]:
        if cell.get("cell_type") == "code" and (cell.get("outputs") or cell.get("execution_count") is not None):
            cell["outputs"], cell["execution_count"], dirty = [], None, True
    return dirty


def clear_outputs_before_save(model, **kwargs):
    """A Jupyter server ``pre_save_hook`` (``python -m course_tools lab --source``): a source notebook is
    saved without outputs, so editing the sources never writes outputs into a tracked file."""
    if model.get("type") == "notebook" and isinstance(model.get("content"), dict):
        clear_outputs(model["content"])
