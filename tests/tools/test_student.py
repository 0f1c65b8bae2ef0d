"""The student version: solutions replaced by stubs, nothing else changed, no solution text left."""

import ast
import json
from pathlib import Path

import nbformat
import pytest

from course_tools import student
from course_tools.__main__ import main
from tests.course import NOTEBOOK_DIR, NOTEBOOKS, ROOT


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
        else:
            assert a.source == b.source
    assert changed >= 3


def test_student_build_command_writes_every_notebook(tmp_path):
    assert main(["--root", str(ROOT), "student", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.glob("*.ipynb")) == [p.name for p in NOTEBOOKS]


def test_run_command_reports_a_table_and_fails_on_error(tmp_path, capsys):
    good = nbformat.v4.new_notebook()
    good.cells = [nbformat.v4.new_code_cell("from course_utils.runtime import FAST\nassert FAST")]
    bad = nbformat.v4.new_notebook()
    bad.cells = [nbformat.v4.new_code_cell("1 / 0")]
    nbformat.write(good, tmp_path / "good.ipynb")
    nbformat.write(bad, tmp_path / "bad.ipynb")
    out = tmp_path / "out"
    assert main(["run", "--fast", "--out", str(out), str(tmp_path / "good.ipynb")]) == 0
    table = capsys.readouterr().out
    assert "good" in table and "pass" in table and "1 passed, 0 failed" in table
    assert main(["run", "--fast", "--out", str(out), str(tmp_path / "bad.ipynb")]) == 1
    assert "FAIL" in capsys.readouterr().out
    assert (out / "good.ipynb").exists() and not list(Path(NOTEBOOK_DIR).glob("good*"))


def test_the_tools_find_the_checkout_from_inside_it_and_say_so_outside(tmp_path):
    from course_tools import project

    assert project.find_root(ROOT / "notebooks") == ROOT
    with pytest.raises(FileNotFoundError, match="--root"):
        project.find_root(tmp_path)


def test_run_command_sets_the_data_set_and_stands_in_for_openml(tmp_path, capsys):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "from course_utils.data import dataset_name, load_images\n"
            "data = load_images(dataset_name())\n"
            "assert data.name == 'mnist' and data.x_train.shape == (60000, 784) and data.x_test.shape == (10000, 784)\n"
            "assert 0 <= data.x_train.min() and data.x_train.max() == 1"
        )
    ]
    nbformat.write(nb, tmp_path / "standin.ipynb")
    args = ["run", "--fast", "--dataset", "mnist", "--openml-standin", "--out", str(tmp_path / "out")]
    assert main([*args, str(tmp_path / "standin.ipynb")]) == 0, capsys.readouterr().out
    executed = nbformat.read(tmp_path / "out" / "standin.ipynb", as_version=4)
    assert "OpenML stand-in" in "".join(o.get("text", "") for o in executed.cells[0].outputs)


def test_the_site_drops_progress_bars_and_keeps_the_explorers():
    from course_tools.site import WIDGET_STATE, WIDGET_VIEW, without_progress_bars

    def model(name, **state):
        return {"model_name": name, "state": state}

    state = {
        "bar": model("HBoxModel", children=["IPY_MODEL_p", "IPY_MODEL_t"]),
        "p": model("FloatProgressModel"),
        "t": model("HTMLModel"),
        "explorer": model("VBoxModel", children=["IPY_MODEL_s"]),
        "s": model("FloatSliderModel"),
    }
    nb = nbformat.v4.new_notebook(metadata={"widgets": {WIDGET_STATE: {"state": state}}})
    view = {"output_type": "display_data", "metadata": {}}
    cell = nbformat.v4.new_code_cell("fit(...)")
    cell.outputs = [
        nbformat.from_dict({**view, "data": {WIDGET_VIEW: {"model_id": "bar"}}}),
        nbformat.from_dict({**view, "data": {WIDGET_VIEW: {"model_id": "explorer"}}}),
        nbformat.v4.new_output("stream", text="done"),
    ]
    nb.cells = [cell]
    kept = without_progress_bars(nb).cells[0].outputs
    assert [o.get("data", {}).get(WIDGET_VIEW, {}).get("model_id", o.get("text")) for o in kept] == ["explorer", "done"]
