"""Headless Chromium for the browser tests: Debian's /usr/bin/chromium driven by Playwright.

Playwright cannot download its own browser here; the tests skip (with the reason) only where Chromium
is not installed, and ``make test`` installs it, so in CI they always run.
"""

from __future__ import annotations

import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.course import ROOT

SCREENSHOTS = ROOT / "build" / "screenshots"  # ignored by git
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@contextmanager
def browser():
    """A fresh headless Chromium (Playwright gives each launch a new, empty profile); always closed."""
    path = chromium_path()
    if path is None:
        pytest.skip("Chromium is not installed (apt-get install chromium; `make test` does it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=FLAGS, headless=True)
        try:
            yield b
        finally:
            b.close()


def watch(page, external: list, errors: list, local=LOCAL_SCHEMES, where: bool = False) -> None:
    """Record what ``page`` does that a test forbids: in ``external`` each request whose URL starts with none
    of ``local``, in ``errors`` each console error and uncaught exception (after the page's URL if ``where``)."""
    at = (lambda: f"{page.url}: ") if where else (lambda: "")
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith(local) else None)
    page.on("console", lambda m: errors.append(f"{at()}{m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"{at()}{e}"))


def screenshot_path(name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"


def each_page(paths, viewport=(1280, 720), query=""):
    """Open each file of ``paths`` (with ``query`` after its URL) in turn in one headless page (a tool's
    command line: decks, axe-core); yields ``(path, page)`` once the page has loaded."""
    with browser() as b:
        page = b.new_page(viewport={"width": viewport[0], "height": viewport[1]})
        for path in paths:
            page.goto(Path(path).resolve().as_uri() + query)
            page.wait_for_load_state("load")
            yield path, page
