"""The student version: solutions replaced by stubs, nothing else changed, no solution text left."""

import ast
import json

import nbformat
import pytest

from course_tools import student
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
    out = student.strip_code(source)
    assert "secret" not in out and "BEGIN SOLUTION" not in out
    assert "        raise NotImplementedError('Exercise: write the body of `Model.encode`" in out
    assert "    raise NotImplementedError('Exercise: write the body of `loss`" in out
    assert out.endswith("check(loss)\n") and "    y = 1\n" in out
    ast.parse(out)


def test_markdown_answers_and_tagged_cells_are_removed():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("Question?\n\n### BEGIN SOLUTION\nThe answer is 42.\n### END SOLUTION\n"),
        nbformat.v4.new_code_cell("print('instructor only')", metadata={"tags": ["remove-in-student"]}),
        nbformat.v4.new_code_cell("x = 1"),
    ]
    out = student.student_notebook(nb)
    assert [c.source for c in out.cells] == ["Question?\n\n*Your answer here.*\n", "x = 1"]
    assert "42" in nb.cells[0].source  # the original is untouched


def test_hidden_tests_are_removed():
    source = "result = check(f)\n### BEGIN HIDDEN TESTS\nassert result, result\n### END HIDDEN TESTS\nresult"
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source)]
    assert student.student_notebook(nb).cells[0].source == "result = check(f)\nresult"


def test_unbalanced_markers_are_an_error():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("### BEGIN SOLUTION\nx = 1\n")]
    with pytest.raises(ValueError, match="unbalanced"):
        student.student_notebook(nb)


@pytest.fixture(scope="module")
def student_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("student")
    student.build_student(NOTEBOOKS, out)
    return out


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_solution_text_survives(path, student_dir):
    original = nbformat.read(path, as_version=4)
    built = (student_dir / path.name).read_text()
    lines = student.solution_lines(original)
    assert len(lines) >= 3, "every notebook has at least three exercises with distinctive solution lines"
    survivors = [line for line in lines if json.dumps(line)[1:-1] in built]
    assert not survivors, f"solution lines left in the student version of {path.name}: {survivors}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_nothing_else_changes(path, student_dir):
    original = nbformat.read(path, as_version=4)
    built = nbformat.read(student_dir / path.name, as_version=4)
    assert len(built.cells) == len(original.cells)
    changed = 0
    for a, b in zip(original.cells, built.cells, strict=True):
        assert a.cell_type == b.cell_type and a.metadata == b.metadata
        if student.BEGIN in a.source:
            changed += 1
            assert student.BEGIN not in b.source
            if a.cell_type == "code":
                assert "raise NotImplementedError" in b.source
                ast.parse(b.source)
            else:
                assert "*Your answer here.*" in b.source
        elif student.HIDDEN_BEGIN in a.source:
            assert b.source == student.without_hidden_tests(a.source) and "assert" not in b.source
        else:
            assert a.source == b.source
    assert changed >= 3


def test_student_build_command_writes_every_notebook(tmp_path):
    assert main(["--root", str(ROOT), "student", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.glob("*.ipynb")) == [p.name for p in NOTEBOOKS]
