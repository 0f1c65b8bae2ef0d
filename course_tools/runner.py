"""Execute notebooks in fresh kernels and time them (``python -m course_tools run``).

Outputs go to a folder outside ``notebooks/`` (a temporary one by default), never into the sources.
Every kernel gets the client of :mod:`course_tools.kernels` (it cannot miss a reply) and, on POSIX
systems, Unix sockets of its own.
"""

from __future__ import annotations

import os
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from traitlets.config import Config

from . import kernels
from .openml_standin import startup_dir


@dataclass
class RunResult:
    """One executed notebook: where its executed copy is, how long it took and whether it passed."""

    name: str
    seconds: float
    passed: bool
    executed: Path
    error: str = ""


def kernel_environment(
    *,
    fast: bool,
    dataset: str | None = None,
    seed_offset: int = 0,
    language: str | None = None,
    threads: int | None = None,
) -> dict[str, str]:
    """The variables a notebook run sets for its kernel: fast mode, data set, seed offset, language, threads."""
    env = {"COURSE_FAST": "1" if fast else "0"}
    if dataset:
        env["COURSE_DATASET"] = dataset
    if seed_offset:
        env["COURSE_SEED_OFFSET"] = str(seed_offset)
    if language:
        env["COURSE_LANG"] = language
    if threads:
        env["OMP_NUM_THREADS"] = str(threads)  # torch reads it at import
    return env


def run_notebook(
    path: Path,
    out_dir: Path,
    *,
    fast: bool,
    timeout: int = 1800,
    dataset: str | None = None,
    openml_standin: str | None = None,
    threads: int | None = None,
    seed_offset: int = 0,
    language: str | None = None,
) -> RunResult:
    """Execute one notebook top to bottom in a fresh kernel, working in ``out_dir``; save the executed
    copy there. ``dataset`` sets ``COURSE_DATASET``; ``openml_standin`` answers the MNIST / Fashion-MNIST
    download with construction ``openml_standin`` ("A" or "B") of the bundled sample
    (:mod:`course_tools.openml_standin`); ``threads`` caps the kernel's
    CPU threads (``OMP_NUM_THREADS``); ``seed_offset`` moves every seed the notebook fixes
    (``COURSE_SEED_OFFSET``); ``language`` sets ``COURSE_LANG``; ``timeout`` is the seconds a cell may take."""
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    out_dir.mkdir(parents=True, exist_ok=True)
    executed = out_dir / path.name
    env = kernel_environment(fast=fast, dataset=dataset, seed_offset=seed_offset, language=language, threads=threads)
    start = time.perf_counter()
    error = ""
    with tempfile.TemporaryDirectory(prefix="course-kernel-") as scratch:
        config = kernels.ipc_config(Config(), scratch)
        config.AsyncKernelManager.client_factory = kernels.WakefulKernelClient
        client = NotebookClient(  # coalesce_streams: one output per print burst, however the kernel flushed it
            nb,
            timeout=timeout,
            kernel_name="python3",
            resources={"metadata": {"path": str(out_dir)}},
            config=config,
            coalesce_streams=True,
        )
        if openml_standin:
            env["IPYTHONDIR"] = str(startup_dir(Path(scratch) / "ipython", openml_standin))
        try:  # the kernel gets its own environment: safe when several notebooks run at once
            client.execute(env={**os.environ, **env})
        except CellExecutionError as exc:
            error = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
    seconds = time.perf_counter() - start
    nbformat.write(nb, executed)
    return RunResult(path.stem, seconds, not error, executed, error)


def run_notebooks(
    paths: list[Path],
    *,
    fast: bool,
    out_dir: Path | None = None,
    dataset: str | None = None,
    openml_standin: str | None = None,
    workers: int = 1,
    timeout: int = 1800,
    seed_offset: int = 0,
    language: str | None = None,
) -> list[RunResult]:
    """Execute notebooks, each in a fresh kernel; outputs in ``out_dir`` or a temporary folder.
    ``dataset``, ``openml_standin``, ``seed_offset``, ``language`` and ``timeout`` as in :func:`run_notebook`.

    ``workers`` > 1 runs that many notebooks at once, each kernel on one CPU thread: on a 2-core machine
    two single-threaded kernels finish the course in about 55 % of the sequential time (a notebook's
    small models gain little from a second thread). Timings are then not comparable with a sequential
    run, so the timing table (``run``) stays sequential."""
    out_dir = Path(out_dir) if out_dir else Path(tempfile.mkdtemp(prefix="course-run-"))

    def one(path):
        return run_notebook(
            path,
            out_dir,
            fast=fast,
            dataset=dataset,
            openml_standin=openml_standin,
            threads=1 if workers > 1 else None,
            timeout=timeout,
            seed_offset=seed_offset,
            language=language,
        )

    if workers <= 1:
        return [one(p) for p in paths]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(one, paths))


def format_table(results: list[RunResult], *, fast: bool, dataset: str | None = None, seed_offset: int = 0) -> str:
    """A plain-text table: notebook, seconds, pass/fail, and the total."""
    width = max([len(r.name) for r in results] + [8])
    mode = f"{'fast' if fast else 'full'} mode" + (f", {dataset}" if dataset else "")
    mode += f", seed offset {seed_offset}" if seed_offset else ""
    lines = [f"{'notebook':<{width}}  {'seconds':>8}  result   ({mode})"]
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
