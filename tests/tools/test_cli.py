"""The command line of course_tools (run, with its data-set and OpenML stand-in options) and the checkout finder."""

from pathlib import Path

import nbformat
import pytest

from course_tools import project
from course_tools.__main__ import main
from tests.course import NOTEBOOK_DIR, ROOT


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
            "assert 0 <= data.x_train.min() and data.x_train.max() == 1\n"
            "train = {row.tobytes() for row in data.x_train.numpy()}\n"
            "assert len(train) == 60000 and not train & {row.tobytes() for row in data.x_test.numpy()}"
        )
    ]
    nbformat.write(nb, tmp_path / "standin.ipynb")
    args = ["run", "--fast", "--dataset", "mnist", "--openml-standin", "--out", str(tmp_path / "out")]
    assert main([*args, str(tmp_path / "standin.ipynb")]) == 0, capsys.readouterr().out
    executed = nbformat.read(tmp_path / "out" / "standin.ipynb", as_version=4)
    assert "OpenML stand-in" in "".join(o.get("text", "") for o in executed.cells[0].outputs)
