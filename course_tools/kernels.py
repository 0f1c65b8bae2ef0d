"""The kernels the tooling starts: a client that cannot miss a reply, and Unix sockets instead of TCP.

Used by every execution the project does (``runner``, nbgrader through the course folder's
configuration, the tests' JupyterLab server). Runs here hung with the kernel idle, its reply sent, and
nbclient still waiting for it (ipykernel 7.4 and 6.31 alike, always on a cell that builds ipywidgets;
upstream: jupyter/nbclient#312): the waiting poll can miss the socket's wake-up, which a ZeroMQ socket
signals only once (edge-triggered). :class:`WakefulChannel` reads the socket directly after each quiet
second, so a message already there is taken.

On POSIX systems kernels talk over Unix sockets in a folder of their own (:func:`ipc_config`): no two
kernels started at once can be handed the same free TCP port (a CI run hung on that), and
jupyter_client prints no "running over TCP without encryption" warning. Windows has no Unix sockets in
ZeroMQ, so kernels there keep TCP on 127.0.0.1 (and the warning).
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from queue import Empty

import zmq
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from traitlets import Type
from traitlets.config import Config

CLIENT_NAME = "course_tools.kernels.WakefulKernelClient"
"""The client's import path, as configuration files (nbgrader's) name it."""


class WakefulChannel(AsyncZMQSocketChannel):
    """jupyter_client's asyncio channel, whose ``get_msg`` also reads the socket directly once a second."""

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
    """The kernel client of every notebook run: shell and IOPub on a :class:`WakefulChannel`."""

    shell_channel_class = Type(WakefulChannel)
    iopub_channel_class = Type(WakefulChannel)


def ipc_config(config: Config, socket_dir: Path | str) -> Config:
    """Put kernels on Unix sockets under ``socket_dir`` (an absolute path: a kernel works in its notebook's
    folder); on Windows leave TCP as it is. Returns ``config``."""
    if os.name == "posix":
        config.KernelManager.transport = "ipc"
        config.KernelManager.ip = str(Path(socket_dir).resolve() / "kernel")
    return config


def ipc_arguments(socket_dir: Path | str) -> list[str]:
    """:func:`ipc_config` as command-line options of a Jupyter application (nbgrader, JupyterLab)."""
    if os.name != "posix":
        return []
    return ["--KernelManager.transport=ipc", f"--KernelManager.ip={Path(socket_dir).resolve() / 'kernel'}"]
