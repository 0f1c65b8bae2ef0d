"""The student edition and the cell transforms behind every build: solutions stubbed and collapsed, the
student's work kept, and sources that are not clean refused."""

import ast
import json
import shutil

import nbformat
import pytest

from course_tools import cells, student
from course_tools.__main__ import main
from tests.course import NOTEBOOKS, ROOT


def test_strip_code_replaces_each_region_with_a_stub_at_its_indentation():
    source = (
        "class Model:\n"
        "    def encode(self, x):\n"
        "        ### BEGIN SOLUTION\n"
        "        return secret_formula(x)\n"
        "        ### END SOLUTION\n"
        "\n"
        "def loss(x):\n"
        "    y = 1\n"
        "    ### BEGIN SOLUTION\n"
        "    return y + other_secret(x)\n"
        "    ### END SOLUTION\n"
        "\n"
        "check(loss)\n"
    )
    out = cells.strip_code(source)
    assert "secret" not in out and "BEGIN SOLUTION" not in out
    assert "        raise NotImplementedError('Exercise: write the body of `Model.encode`" in out
    assert "    raise NotImplementedError('Exercise: write the body of `loss`" in out
    assert out.endswith("check(loss)\n") and "    y = 1\n" in out
    ast.parse(out)
    assert cells.solution_text(source).count("secret") == 2 and "### " not in cells.solution_text(source)


def _exercise(solution="def f():\n    ### BEGIN SOLUTION\n    return 42\n    ### END SOLUTION"):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("Question?\n\n### BEGIN SOLUTION\nThe answer is 42.\n### END SOLUTION\n"),
        nbformat.v4.new_code_cell("print('instructor only')", metadata={"tags": ["remove-in-student"]}),
        nbformat.v4.new_code_cell(solution, metadata={"nbgrader": {"solution": True, "grade_id": "f"}}),
        nbformat.v4.new_code_cell(
            "result = check(f)\n### BEGIN HIDDEN TESTS\nassert result, result\n### END HIDDEN TESTS\nresult",
            metadata={"nbgrader": {"grade": True, "grade_id": "check_f", "points": 1}},
        ),
        nbformat.v4.new_code_cell("x = 1"),
    ]
    nb.cells[0].metadata["nbgrader"] = {"solution": True, "grade": True, "grade_id": "written", "points": 1}
    return nb


def test_the_release_has_stubs_no_hidden_tests_and_no_solution():
    nb = _exercise()
    out = cells.student_notebook(nb)
    assert [c.source for c in out.cells] == [
        "Question?\n\n*Your answer here.*\n",
        "def f():\n    raise NotImplementedError('Exercise: write the body of `f` (see the exercise text above), "
        "then run the check below.')",
        "result = check(f)\nresult",
        "x = 1",
    ]
    assert "42" in nb.cells[0].source and "42" in nb.cells[2].source  # the original is untouched


def test_the_student_edition_reveals_each_solution_only_when_opened_after_its_check():
    out = cells.student_notebook(_exercise(), reveal=True)
    sources = [c.source for c in out.cells]
    assert sources[0] == "Question?\n\n*Your answer here.*\n"
    assert sources[1].startswith("<details>\n<summary>") and "The answer is 42." in sources[1]
    assert sources[3] == "result = check(f)\nresult"  # the check, then the collapsed solution
    assert sources[4].startswith("<details>") and "```python\ndef f():\n    return 42\n```" in sources[4]
    assert sources[4].endswith("</details>") and "BEGIN SOLUTION" not in sources[4]
    assert all(cells.REVEAL_TAG in c.metadata["tags"] for c in (out.cells[1], out.cells[4]))


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda nb: nb.cells[4].outputs.append(nbformat.v4.new_output("stream", text="1")), "make clean-notebooks"),
        (lambda nb: setattr(nb.cells[4], "execution_count", 3), "execution count"),
        (lambda nb: setattr(nb.cells[2], "source", "def f():\n    return 42"), "without '### BEGIN SOLUTION'"),
        (lambda nb: setattr(nb.cells[2], "source", "### BEGIN SOLUTION\nx = 1\n"), "come in pairs"),
        (lambda nb: setattr(nb.cells[4], "source", "### BEGIN SOLUTION\nx\n### END SOLUTION"), "no nbgrader"),
    ],
)
def test_a_source_that_is_not_clean_is_refused_with_what_to_do(change, message):
    nb = _exercise()
    change(nb)
    with pytest.raises(cells.SourceError, match=message.replace("(", r"\(")):
        cells.check_source(nb, "demo.ipynb")


def test_every_build_command_refuses_a_notebook_with_outputs_and_clean_clears_them(tmp_path, capsys):
    root = tmp_path / "course"
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    shutil.copy(ROOT / "pyproject.toml", root)
    dirty = root / "notebooks" / NOTEBOOKS[0].name
    nb = nbformat.read(dirty, as_version=4)
    code = next(c for c in nb.cells if c.cell_type == "code")
    code.outputs, code.execution_count = [nbformat.v4.new_output("stream", text="saved by autosave")], 7
    nbformat.write(nb, dirty)
    for command in ("student", "nbgrader", "slides", "site"):
        assert main(["--root", str(root), command, "--out", str(tmp_path / command), "01"]) == 1
        assert "make clean-notebooks" in capsys.readouterr().err
    assert main(["--root", str(root), "clean"]) == 0
    assert "cleared" in capsys.readouterr().out
    cells.check_source(nbformat.read(dirty, as_version=4), dirty.name)


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    out = tmp_path_factory.mktemp("student")
    student.build_student(NOTEBOOKS, out)
    return out


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_solution_outside_the_collapsed_cells(path, edition):
    original = nbformat.read(path, as_version=4)
    built = nbformat.read(edition / path.name, as_version=4)
    visible = json.dumps([c.source for c in built.cells if cells.REVEAL_TAG not in c.metadata.get("tags", [])])
    hidden = json.dumps([c.source for c in built.cells if cells.REVEAL_TAG in c.metadata.get("tags", [])])
    lines = cells.solution_lines(original)
    assert len(lines) >= 3, "every notebook has at least three exercises with distinctive solution lines"
    assert not [line for line in lines if json.dumps(line)[1:-1] in visible], "solution lines left visible"
    assert all(json.dumps(line)[1:-1] in hidden for line in lines), "each solution is there to reveal"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_nothing_else_changes(path, edition):
    original = nbformat.read(path, as_version=4)
    built = nbformat.read(edition / path.name, as_version=4)
    kept = [c for c in built.cells if cells.REVEAL_TAG not in c.metadata.get("tags", [])]
    assert len(kept) == len(original.cells)
    assert len(built.cells) - len(kept) == len(cells.exercises(original))
    for a, b in zip(original.cells, kept, strict=True):
        assert a.cell_type == b.cell_type and a.metadata == b.metadata
        if cells.BEGIN in a.source:
            assert cells.BEGIN not in b.source
            if a.cell_type == "code":
                assert "raise NotImplementedError" in b.source
                ast.parse(b.source)
            else:
                assert "*Your answer here.*" in b.source
        elif cells.HIDDEN_BEGIN in a.source:
            assert b.source == cells.without_hidden_tests(a.source) and "assert" not in b.source
        else:
            assert a.source == b.source


def test_rebuilding_keeps_the_students_work_and_says_how_to_get_a_fresh_copy(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    for p in NOTEBOOKS[:3]:
        shutil.copy(p, sources / p.name)
    paths = sorted(sources.glob("*.ipynb"))
    out = tmp_path / "lab"
    assert {w.status for w in student.build_student(paths, out)} == {"written"}
    worked = out / paths[0].name
    worked.write_text(worked.read_text().replace("raise NotImplementedError", "return 0  # my try", 1))
    assert {w.status for w in student.build_student(paths, out)} == {"kept", "unchanged"}
    for p in paths[:2]:  # the course changes two notebooks, one of which the student worked in
        nb = nbformat.read(p, as_version=4)
        nb.cells.append(nbformat.v4.new_markdown_cell("A new paragraph."))
        nbformat.write(nb, p)
    done = student.build_student(paths, out)
    assert [w.status for w in done] == ["newer", "updated", "unchanged"]
    assert "# my try" in worked.read_text() and "A new paragraph." in (out / paths[1].name).read_text()
    assert "rename or delete yours" in student.report(done)
    worked.unlink()
    assert student.build_student(paths, out)[0].status == "written"


def test_lab_builds_the_student_edition_outside_the_sources(tmp_path, capsys):
    root = tmp_path / "course"
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    shutil.copy(ROOT / "pyproject.toml", root)
    assert main(["--root", str(root), "lab", "--no-open"]) == 0
    built = sorted(p.name for p in (root / "build" / "lab" / "en").glob("*.ipynb"))
    assert built == [p.name for p in NOTEBOOKS] and "jupyter lab" in capsys.readouterr().out
    assert main(["--root", str(root), "lab", "--instructor", "--no-open"]) == 0
    assert (root / "build" / "instructor" / "en" / NOTEBOOKS[0].name).read_text() == NOTEBOOKS[0].read_text()


def test_a_source_notebook_is_saved_without_outputs():
    nb = _exercise()
    nb.cells[4].outputs, nb.cells[4].execution_count = [nbformat.v4.new_output("stream", text="1")], 2
    model = {"type": "notebook", "content": json.loads(nbformat.writes(nb))}
    cells.clear_outputs_before_save(model=model, path="x.ipynb", contents_manager=None)
    saved = nbformat.reads(json.dumps(model["content"]), as_version=4)
    cells.check_source(saved, "x.ipynb")
    assert saved.cells[4].source == "x = 1"  # the edit itself is kept
