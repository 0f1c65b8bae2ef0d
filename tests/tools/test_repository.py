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
    setup = next(i for i, c in enumerate(cells) if c["cell_type"] == "code")  # the opening may span two slides
    opening = "\n\n".join(sources[:setup])
    assert sources[0].startswith("# ") and "Learning goals" in opening and "Prerequisites" in opening
    for i, cell in enumerate(cells):
        assert cell["metadata"].get("slideshow", {}).get("slide_type") in SLIDE_TYPES, f"cell {i} has no slide type"
    text = "\n".join(sources)
    assert text.count("### BEGIN SOLUTION") == text.count("### END SOLUTION") >= 3
    assert "## Summary" in text and not re.search(r"^## \d+\. Sanity check", text, re.M)
    assert "sanity cell" not in text.lower(), "a claim is checked beside it: 'checked below'"
    refs = max(i for i, src in enumerate(sources) if src.startswith("## References"))
    assert all(src.startswith("* ") for src in sources[refs + 1 :]), "each notebook ends with its References"
    assert "## References\n\n* " in sources[refs] or sources[refs].strip() == "## References"
    assert "os.environ" not in text, "notebooks read fast mode and the data set through course_utils"
    assert "pick(full=True, fast=False)" not in text, "runtime.full_mode() says it"
    assert re.search(r'^use_language\("en"\)', sources[setup], re.M), "the set-up cell selects the language, visibly"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_each_section_that_states_a_result_ends_with_its_check_cell(path):
    """Claims beside their proofs: a check cell (tag `check`, skipped by the decks, at most 12 asserts) closes
    every numbered section that asserts something, and no other cell asserts."""
    cells = json.loads(path.read_text())["cells"]
    sections, current = {}, None
    for cell in cells:
        source = "".join(cell["source"])
        heading = re.match(r"^## (\d+)\. ", source) if cell["cell_type"] == "markdown" else None
        if heading:
            current = int(heading.group(1))
        tags = cell["metadata"].get("tags", [])
        asserts = sum(line.lstrip().startswith("assert ") for line in source.splitlines())
        if "check" in tags:
            assert cell["cell_type"] == "code" and cell["metadata"]["slideshow"]["slide_type"] == "skip"
            assert source.startswith("# Check: "), source[:60]
            assert 1 <= asserts <= 12, f"section {current}: {asserts} asserts in one check cell"
            assert "nbgrader" not in cell["metadata"]
            sections.setdefault(current, 0)
            sections[current] += 1
        elif cell["cell_type"] == "code" and "### BEGIN HIDDEN TESTS" not in source:
            assert asserts == 0, f"an assert outside a check cell: {source[:80]}"
    assert len(sections) >= 4, f"{path.name}: check cells in sections {sorted(sections)}"


def test_code_cells_fit_a_screen():
    """At most 10 code cells of the course over 30 lines and none over 45 (the VAE written out in notebook 04
    may stay whole: a student reads a model in one piece)."""
    long_cells = []
    for path in NOTEBOOKS:
        for i, cell in enumerate(json.loads(path.read_text())["cells"]):
            lines = "".join(cell["source"]).splitlines()
            if cell["cell_type"] == "code" and len(lines) > 30:
                long_cells.append((path.stem[:2], i, len(lines), lines[0][:40]))
    over_45 = [c for c in long_cells if c[2] > 45 and not c[3].startswith("class VAE(nn.Module)")]
    assert len(long_cells) <= 10 and not over_45, long_cells


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


def _listed_modules(docstring: str) -> set[str]:
    return set(re.findall(r"^- ``(\w+)``", docstring, re.M))


@pytest.mark.parametrize(
    "package", ["course_utils", "course_tools", "course_utils/plots", "course_utils/checks"], ids=str
)
def test_each_package_docstring_lists_exactly_its_modules(package):
    folder = ROOT / package
    modules = {p.stem for p in folder.glob("*.py") if p.stem != "__init__"} | {
        p.name for p in folder.iterdir() if (p / "__init__.py").exists()
    }
    listed = _listed_modules(ast.get_docstring(ast.parse((folder / "__init__.py").read_text())) or "")
    if "nbNN" in listed:  # one line stands for the notebooks' modules
        listed = (listed - {"nbNN"}) | {m for m in modules if re.fullmatch(r"nb\d\d", m)}
    assert listed == modules, f"{package}: listed {sorted(listed ^ modules)} differ from the files"


def test_the_readme_layout_names_every_module_of_both_packages():
    readme = (ROOT / "README.md").read_text()
    for package in ("course_utils", "course_tools"):
        block = re.search(rf"^{package}/\s+.*?(?=^\S)", readme, re.M | re.S).group(0)
        named = set(re.findall(r"\b(\w+)/?(?=,|\s|$|\))", block.split(":", 1)[1]))
        modules = {p.stem for p in (ROOT / package).glob("*.py") if p.stem != "__init__"}
        modules |= {p.name for p in (ROOT / package).iterdir() if (p / "__init__.py").exists()}
        modules.discard("__main__") if package == "course_utils" else None
        assert modules <= named | {"__main__"}, f"README's layout misses {sorted(modules - named)} of {package}"


def test_paths_named_in_the_docs_exist():
    """Every repository path a README, the contributing guide or a site page names (tests/…, course_tools/…)."""
    docs = [
        ROOT / "README.md",
        ROOT / "CONTRIBUTING.md",
        *(ROOT / "site").glob("*.md"),
        *(ROOT / "slides").glob("*.md"),
    ]
    docs += [ROOT / "benchmarks" / "README.md"]
    for doc in docs:
        for path in re.findall(
            r"`((?:tests|course_tools|course_utils|benchmarks|slides|site|notebooks)/[\w./-]+)`", doc.read_text()
        ):
            built = path.startswith(("slides/build", "build/"))  # written by a build, ignored by git
            assert built or (ROOT / path.rstrip("/")).exists() or "*" in path or "NN" in path, f"{doc.name}: {path}"


def test_the_readme_is_read_in_five_minutes():
    assert len((ROOT / "README.md").read_text().splitlines()) <= 160


def test_torch_cpu_is_one_switch_of_the_set_up_command():
    """make lab TORCH=cpu installs the pinned torch from PyTorch's CPU-only index before the course; the
    default takes PyPI's. Tested on the command line make would run (-n), not by downloading."""
    import subprocess

    pin = next(
        d
        for d in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
        if d.startswith("torch")
    )

    def commands(*args):
        return subprocess.run(["make", "-n", "-B", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout

    cpu = commands("lab", "TORCH=cpu").splitlines()
    torch_line = next(i for i, line in enumerate(cpu) if "download.pytorch.org/whl/cpu" in line)
    assert pin in cpu[torch_line] and torch_line < next(
        i for i, line in enumerate(cpu) if "install --quiet --no-compile -e ." in line
    )
    assert "download.pytorch.org" not in commands("lab")
    assert any("course_tools lab" in line for line in cpu)


def test_every_message_is_a_literal_the_extractor_sees():
    """``_()``, ``N_()`` and ``tr()`` take a string literal (Babel extracts literals only) or a name whose value
    was marked with ``N_``, never an f-string or a concatenation, and never sit inside an f-string (Babel does
    not look there): no message a student sees stays untranslated."""
    problems = []
    for package in ("course_utils", "course_tools"):
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text())
            in_fstring = {id(n) for j in ast.walk(tree) if isinstance(j, ast.JoinedStr) for n in ast.walk(j)}
            for node in ast.walk(tree):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "N_", "tr"):
                    first = node.args[0] if node.args else None
                    built = isinstance(first, (ast.JoinedStr, ast.BinOp))
                    literal = isinstance(first, ast.Constant) and isinstance(first.value, str)
                    if first is None or built or (literal and id(node) in in_fstring):
                        problems.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not problems, f"messages the extractor cannot see: {problems}"
