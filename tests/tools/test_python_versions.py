"""The install covers every Python for which torch 2.13.0 has wheels (3.10 to 3.14), and the code uses
nothing newer than 3.10: vermin reads the library, the tooling, the tests and the notebooks' code."""

import json
import subprocess
import sys
from pathlib import Path

from tests.course import NOTEBOOKS, ROOT

try:
    import tomllib  # novermin: Python 3.10 takes tomli below
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib


def test_requires_python_and_ruff_target_follow_torch_wheels():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert config["project"]["requires-python"] == ">=3.10,<3.15"
    assert config["tool"]["ruff"]["target-version"] == "py310"


def test_code_needs_nothing_newer_than_python_3_10(tmp_path):
    for nb in NOTEBOOKS:  # the notebooks' code, as plain modules
        cells = json.loads(nb.read_text())["cells"]
        code = "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        (tmp_path / f"nb_{nb.stem}.py").write_text(code)
    vermin = Path(sys.executable).parent / "vermin"
    paths = [ROOT / "course_utils", ROOT / "course_tools", ROOT / "tests", ROOT / "benchmarks", tmp_path]
    result = subprocess.run(
        [str(vermin), "--no-tips", "--eval-annotations", "--target=3.10-", "--violations", *map(str, paths)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
