"""The repository itself: clean notebooks with slides and exercises, one list of pins, CI wiring."""

import ast
import json
import re

import pytest

try:
    import tomllib  # novermin: Python 3.10 takes tomli below
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib
import yaml

from tests.course import NOTEBOOKS, ROOT

DOC_OWNERS = (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)

SLIDE_TYPES = {"slide", "subslide", "fragment", "skip", "notes", "-"}


def test_layout_matches_the_design():
    for path in (
        "notebooks",
        "course_utils",
        "course_tools",
        "slides",
        "tests",
        "environment.yml",
        "pyproject.toml",
        "README.md",
        "Makefile",
        ".ci/run",
    ):
        assert (ROOT / path).exists(), path
    assert NOTEBOOKS and NOTEBOOKS[0].name == "01_mle_and_map.ipynb"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_clean(path):
    nb = json.loads(path.read_text())
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            assert not cell.get("outputs"), f"{path.name} cell {i} has outputs: clear them before committing"
            assert cell.get("execution_count") is None, f"{path.name} cell {i} has an execution count"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_structure(path):
    nb = json.loads(path.read_text())
    cells = nb["cells"]
    sources = ["".join(c["source"]) for c in cells]
    assert sources[0].startswith("# ") and "Learning goals" in sources[0] and "Prerequisites" in sources[0]
    for i, cell in enumerate(cells):
        assert cell["metadata"].get("slideshow", {}).get("slide_type") in SLIDE_TYPES, f"cell {i} has no slide type"
    text = "\n".join(sources)
    assert text.count("### BEGIN SOLUTION") == text.count("### END SOLUTION") >= 3
    assert re.search(r"^## \d+\. Sanity check", text, re.M) and "## Summary" in text
    assert sources[-1].startswith("## References\n"), "each notebook ends with its References"
    assert sum(s.startswith("assert ") for src in sources for s in src.splitlines()) >= 5
    assert "os.environ" not in text, "notebooks read fast mode and the data set through course_utils"


def test_environment_yml_installs_the_project_and_nothing_else():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    deps = env["dependencies"]
    python = [d for d in deps if isinstance(d, str) and d.startswith("python")]
    assert python == [f"python{project['requires-python']}"], "conda picks the Python within pip's range"
    pip = next(d["pip"] for d in deps if isinstance(d, dict))
    extras = ",".join(sorted(project["optional-dependencies"]))
    assert pip == [f"-e .[{extras}]"], "environment.yml must install the project with all its extras, no second list"
    assert [d for d in deps if isinstance(d, str)] == [*python, "pip"]
    assert "torch==2.13.0" in project["dependencies"]


def test_ci_runs_the_readme_test_command():
    run = (ROOT / ".ci/run").read_text()
    readme = (ROOT / "README.md").read_text()
    commands = [
        line for line in run.splitlines() if line.strip() and not line.lstrip().startswith(("#", "set ", "cd "))
    ]
    assert commands == ["make test"]
    assert "make test" in readme and "make lab" in readme


def test_the_library_imports_none_of_the_tooling():
    """course_utils is what students install: no notebook runners, converters or course_tools in it."""
    tooling = ("course_tools", "nbclient", "nbconvert", "nbformat", "jupyterlab_slideshow")
    for path in sorted((ROOT / "course_utils").rglob("*.py")):
        tree = ast.parse(path.read_text())
        imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        imported |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        assert not {m for m in imported if m.split(".")[0] in tooling}, path.name


def test_docstrings_with_backslashes_are_raw_strings():
    """LaTeX in docstrings is written once, with single backslashes, so help() and ? show it as written."""
    for package in ("course_utils", "course_tools"):
        for path in sorted((ROOT / package).rglob("*.py")):
            source = path.read_text()
            tree = ast.parse(source)
            for node in ast.walk(tree):
                body = getattr(node, "body", None)
                if not isinstance(body, list) or not body or not isinstance(node, DOC_OWNERS):
                    continue
                first = body[0]
                if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                    text = ast.get_source_segment(source, first.value) or ""
                    if "\\" in text:
                        assert text[:1] in "rR", f"{path.name}:{first.lineno}: make this docstring r'''…'''"


def test_pyproject_splits_the_library_from_the_tooling():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    base = " ".join(project["dependencies"])
    for tool in ("nbclient", "nbconvert", "nbformat", "jupyterlab-slideshow"):
        assert tool not in base and any(tool in d for d in project["optional-dependencies"]["tools"])
    assert isinstance(project["license"], str), "an SPDX string, not the deprecated table"
