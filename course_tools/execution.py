"""Execute notebooks in fresh kernels and time them (the course's time budget, ``python -m course_tools run``).

Outputs go to a folder outside ``notebooks/`` (a temporary one by default), never into the sources.
"""

from __future__ import annotations

import os
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


@dataclass
class RunResult:
    """One executed notebook: where its executed copy is, how long it took and whether it passed."""

    name: str
    seconds: float
    passed: bool
    executed: Path
    error: str = ""


@contextmanager
def _environment(**values: str):
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def run_notebook(path: Path, out_dir: Path, *, fast: bool, timeout: int = 900) -> RunResult:
    """Execute one notebook top to bottom in a fresh kernel, working in ``out_dir``; save the executed copy there."""
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    out_dir.mkdir(parents=True, exist_ok=True)
    executed = out_dir / path.name
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(out_dir)}})
    start = time.perf_counter()
    error = ""
    with _environment(COURSE_FAST="1" if fast else "0"):
        try:
            client.execute()
        except CellExecutionError as exc:
            error = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
    seconds = time.perf_counter() - start
    nbformat.write(nb, executed)
    return RunResult(path.stem, seconds, not error, executed, error)


def run_notebooks(paths: list[Path], *, fast: bool, out_dir: Path | None = None) -> list[RunResult]:
    """Execute notebooks one after another, each in a fresh kernel; outputs in ``out_dir`` or a temporary folder."""
    out_dir = Path(out_dir) if out_dir else Path(tempfile.mkdtemp(prefix="course-run-"))
    return [run_notebook(p, out_dir, fast=fast) for p in paths]


def format_table(results: list[RunResult], *, fast: bool) -> str:
    """A plain-text table: notebook, seconds, pass/fail, and the total."""
    width = max([len(r.name) for r in results] + [8])
    lines = [f"{'notebook':<{width}}  {'seconds':>8}  result   ({'fast' if fast else 'full'} mode)"]
    for r in results:
        lines.append(
            f"{r.name:<{width}}  {r.seconds:8.1f}  {'pass' if r.passed else 'FAIL'}"
            + (f"  {r.error}" if r.error else "")
        )
    lines.append(
        f"{'total':<{width}}  {sum(r.seconds for r in results):8.1f}  "
        f"{sum(r.passed for r in results)} passed, {sum(not r.passed for r in results)} failed"
    )
    return "\n".join(lines)
