"""The repository itself: clean notebooks with slides and exercises, one list of pins, CI wiring."""

import json
import re
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SLIDE_TYPES = {"slide", "subslide", "fragment", "skip", "notes", "-"}


def test_layout_matches_the_design():
    for path in (
        "notebooks",
        "course_utils",
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
    assert sum(s.startswith("assert ") for src in sources for s in src.splitlines()) >= 5
    assert "os.environ" not in text, "notebooks read fast mode and the data set through course_utils"


def test_environment_yml_installs_the_project_and_nothing_else():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    deps = env["dependencies"]
    python = [d for d in deps if isinstance(d, str) and d.startswith("python")]
    assert python == ["python=3.11"] and "3.11" in project["requires-python"]
    pip = next(d["pip"] for d in deps if isinstance(d, dict))
    extras = ",".join(sorted(project["optional-dependencies"]))
    assert pip == [f"-e .[{extras}]"], "environment.yml must install the project with all its extras, no second list"
    assert [d for d in deps if isinstance(d, str)] == ["python=3.11", "pip"]
    assert "torch==2.13.0" in project["dependencies"]


def test_ci_runs_the_readme_test_command():
    run = (ROOT / ".ci/run").read_text()
    readme = (ROOT / "README.md").read_text()
    commands = [
        line for line in run.splitlines() if line.strip() and not line.lstrip().startswith(("#", "set ", "cd "))
    ]
    assert commands == ["make test"]
    assert "make test" in readme and "make lab" in readme
