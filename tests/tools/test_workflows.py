"""The GitHub Actions workflows: valid (actionlint), and secure by zizmor's offline audits.

They cannot run here, but they must be right: actionlint checks syntax, expressions and the
`run:` scripts; zizmor flags insecure patterns (unpinned actions, credentials left in the checkout,
broad permissions, template injection). Both binaries ship inside their PyPI wheels (dev extra).
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.course import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def tool(name: str) -> str:
    path = Path(sys.executable).parent / name
    found = str(path) if path.exists() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: pip install -e '.[dev]' brings it")
    return found


def test_there_is_a_test_workflow_and_a_site_workflow():
    names = {p.stem for p in WORKFLOWS}
    assert {"test", "site"} <= names
    test = yaml.safe_load((ROOT / ".github/workflows/test.yml").read_text())
    steps = test["jobs"]["test"]["steps"]
    assert [s["run"] for s in steps if "run" in s] == ["make test"], "CI runs the README's test command"
    caches = {s["with"].get("cache") for s in steps if "with" in s}
    assert {"pip", "npm"} <= caches
    site = yaml.safe_load((ROOT / ".github/workflows/site.yml").read_text())
    assert any("deploy-pages" in s.get("uses", "") for s in site["jobs"]["deploy"]["steps"])


def test_actionlint_finds_nothing():
    result = subprocess.run([tool("actionlint"), *map(str, WORKFLOWS)], capture_output=True, text=True)
    print(result.stdout, result.stderr)
    assert result.returncode == 0, result.stdout


def test_zizmor_finds_nothing_and_every_action_is_pinned():
    result = subprocess.run(
        [tool("zizmor"), "--offline", "--persona=auditor", "--format=plain", str(ROOT / ".github" / "workflows")],
        capture_output=True,
        text=True,
    )
    print(result.stdout)
    assert result.returncode == 0, result.stdout
    for path in WORKFLOWS:
        for line in path.read_text().splitlines():
            if "uses:" in line:
                ref = line.split("uses:")[1].split("#")[0].strip()
                assert len(ref.split("@")[1]) == 40, f"{path.name}: pin {ref} to a commit"
