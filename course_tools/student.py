"""Build the student version of the notebooks (``make student``): solutions out, stubs in.

Every region between nbgrader's ``### BEGIN SOLUTION`` and ``### END SOLUTION`` becomes
``raise NotImplementedError(<hint>)`` at the same indentation; markdown regions between the same
markers become "*Your answer here.*"; regions between ``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN
TESTS`` (the autograder's asserts in the self-check cells) are removed; cells tagged
``remove-in-student`` are dropped. Nothing else changes, so the self-checks report "not attempted yet"
and later cells keep using course_utils.

This is what nbgrader's ``generate_assignment`` releases too (the tests compare the two cell by cell),
with one difference: each stub names the function or method to write. ``make student`` needs no
nbgrader course folder; instructors who grade use nbgrader (README, "For instructors").
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
_REGION = re.compile(r"^([ \t]*)### BEGIN SOLUTION[^\n]*\n.*?^[ \t]*### END SOLUTION[^\n]*(\n|$)", re.M | re.S)
HIDDEN_BEGIN, HIDDEN_END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
_HIDDEN = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS[^\n]*\n.*?^[ \t]*### END HIDDEN TESTS[^\n]*(\n|$)", re.M | re.S)
_DEF = re.compile(r"^([ \t]*)(def|class)\s+(\w+)", re.M)


def _hint(source: str, start: int) -> str:
    """What to write: the function or method the region belongs to (``Class.method``), found above it."""
    found = _DEF.findall(source[:start])  # (indent, "def" or "class", name), in order
    if not found:
        return "Exercise: write this part (see the exercise text above), then run the check below."
    indent, _, name = found[-1]
    owner = next((n for i, kind, n in reversed(found) if kind == "class" and len(i) < len(indent)), None)
    where = f"{owner}.{name}" if owner else name
    return f"Exercise: write the body of `{where}` (see the exercise text above), then run the check below."


def without_hidden_tests(source: str) -> str:
    """``source`` without its autograder block (``### BEGIN/END HIDDEN TESTS``): what students, decks
    and the website show of a self-check cell."""
    return _HIDDEN.sub("", source)


def strip_code(source: str) -> str:
    """Replace each solution region of a code cell with a ``raise NotImplementedError`` stub."""

    def replace(match: re.Match) -> str:
        indent, newline = match.group(1), match.group(2)
        return f"{indent}raise NotImplementedError({_hint(source, match.start())!r}){newline}"

    return _REGION.sub(replace, source)


def strip_markdown(source: str) -> str:
    """Replace each solution region of a markdown cell with a prompt for the student's answer."""
    return _REGION.sub(lambda m: f"{m.group(1)}*Your answer here.*{m.group(2)}", source)


def student_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``nb`` with solutions removed (see the module docstring)."""
    out = nbformat.from_dict(nb)
    cells = []
    for cell in out.cells:
        if "remove-in-student" in cell.get("metadata", {}).get("tags", []):
            continue
        if HIDDEN_BEGIN in cell.source:
            if cell.source.count(HIDDEN_BEGIN) != cell.source.count(HIDDEN_END):
                raise ValueError(f"unbalanced hidden-test markers in cell:\n{cell.source[:200]}")
            cell.source = without_hidden_tests(cell.source)
        if BEGIN in cell.source:
            if cell.source.count(BEGIN) != cell.source.count(END):
                raise ValueError(f"unbalanced solution markers in cell:\n{cell.source[:200]}")
            cell.source = strip_code(cell.source) if cell.cell_type == "code" else strip_markdown(cell.source)
        cells.append(cell)
    out.cells = cells
    return out


def build_student(notebooks: list[Path], out_dir: Path) -> list[Path]:
    """Write the student version of each notebook into ``out_dir``; returns the written paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        target = out_dir / Path(path).name
        nbformat.write(student_notebook(nb), target)
        written.append(target)
    return written


def solution_lines(nb: nbformat.NotebookNode, min_length: int = 12) -> list[str]:
    """The distinctive lines of the solution regions: long, not comments, and found nowhere else in ``nb``."""
    inside, outside = [], set()
    for cell in nb.cells:
        for match in _REGION.finditer(cell.source):
            inside += [line.strip() for line in match.group(0).splitlines()[1:-1]]
        outside.update(line.strip() for line in _REGION.sub("", cell.source).splitlines())
    return [t for t in inside if len(t) >= min_length and not t.startswith("#") and t not in outside]
