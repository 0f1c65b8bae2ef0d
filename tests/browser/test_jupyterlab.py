"""The course as students see it: each notebook run in a real JupyterLab, in headless Chromium.

One JupyterLab server on 127.0.0.1 (free port, random token, fresh settings and workspaces, news off)
serves a temporary copy of notebooks/ in fast mode. For each notebook the browser runs all cells with
JupyterLab's own command and checks: no error outputs, every figure rendered as an image, formulas
typeset, every ipywidgets control rendered as a widget (not as its text repr), and that moving one
widget changes what is displayed. No request may leave 127.0.0.1. A failing notebook leaves a
screenshot in build/screenshots/, named in the failure message.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.browser.chromium import browser, chromium_path, screenshot_path
from tests.course import NOTEBOOK_DIR, NOTEBOOKS

pytestmark = pytest.mark.browser
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _write_settings(settings_dir: Path) -> None:
    """Fresh user settings: no news pop-up, every cell rendered (no windowing), no autosave surprises."""
    values = {
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
            "fetchNews": "false",
            "checkForUpdates": False,
        },
        "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
        "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    }
    for name, value in values.items():
        path = settings_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    if chromium_path() is None:
        pytest.skip("Chromium is not installed (apt-get install chromium; `make test` does it)")
    root = tmp_path_factory.mktemp("lab")
    work = root / "notebooks"
    shutil.copytree(NOTEBOOK_DIR, work, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    _write_settings(root / "settings")
    port, token = _free_port(), secrets.token_hex(16)
    env = dict(
        os.environ,
        COURSE_FAST="1",
        JUPYTERLAB_SETTINGS_DIR=str(root / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(root / "workspaces"),
        JUPYTER_RUNTIME_DIR=str(root / "runtime"),
    )
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={work}",
        "--LabApp.expose_app_in_browser=True",
        "--ServerApp.port_retries=0",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    log = open(root / "server.log", "w")
    server = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=1)
                break
            except OSError:
                if server.poll() is not None:
                    raise RuntimeError((root / "server.log").read_text()[-2000:]) from None
                time.sleep(0.5)
        else:
            raise RuntimeError("JupyterLab did not start within 60 s")
        with browser() as b:
            yield {"url": url, "token": token, "browser": b, "root": root}
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


RUN_ALL = """async () => {
    const app = window.jupyterapp;
    const panel = app.shell.currentWidget;
    await panel.context.ready;
    await panel.sessionContext.ready;
    await app.commands.execute('notebook:run-all-cells');
}"""

DONE = """() => {
    const panel = window.jupyterapp.shell.currentWidget;
    const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
    const cells = panel.content.widgets.filter(c => c.model.type === 'code');
    const pending = cells.filter(c => c.model.executionCount === null || c.promptNode.textContent.includes('*'));
    return kernel && kernel.status === 'idle' && pending.length === 0;
}"""

REPORT = """() => {
    const panel = window.jupyterapp.shell.currentWidget;
    const node = panel.content.node;
    const outputs = panel.content.widgets.filter(c => c.model.type === 'code').flatMap(c => c.model.outputs.toJSON());
    const errors = outputs.filter(o => o.output_type === 'error').map(o => o.ename + ': ' + o.evalue);
    const widgetViews = outputs.filter(o => o.data && o.data['application/vnd.jupyter.widget-view+json']).length;
    const images = Array.from(node.querySelectorAll('.jp-OutputArea-output img'));
    const textReprs = Array.from(node.querySelectorAll('.jp-OutputArea-output pre'))
        .map(p => p.textContent).filter(t => /^(VBox|HBox|IntSlider|FloatSlider|FloatLogSlider)\\(/.test(t.trim()));
    return {
        errors,
        staticImages: outputs.filter(o => o.data && o.data['image/png']).length,
        images: images.length,
        brokenImages: images.filter(i => !(i.complete && i.naturalWidth > 0)).length,
        math: node.querySelectorAll('.jp-MarkdownOutput mjx-container').length,
        rawMath: Array.from(node.querySelectorAll('.jp-MarkdownOutput')).filter(m => m.textContent.includes('$$')).length,
        sliders: node.querySelectorAll('.jupyter-widgets .widget-slider, .jupyter-widgets.widget-slider').length,
        widgetViews,
        textReprs,
    };
}"""


def _open_and_run_all(page, lab, name: str) -> None:
    """Open a notebook in JupyterLab, run all cells with JupyterLab's own command, wait until every cell ran."""
    page.goto(f"{lab['url']}/lab/tree/{name}?token={lab['token']}&reset")
    page.wait_for_function(
        "window.jupyterapp && window.jupyterapp.shell.currentWidget && window.jupyterapp.shell.currentWidget.content",
        timeout=60000,
    )
    page.evaluate(RUN_ALL)
    page.wait_for_function(DONE, timeout=120000, polling=500)


def _shut_down_kernels(lab) -> None:
    """Stop every kernel the server runs (closing a page leaves its kernel running, and busy or not, a
    finished notebook's kernel has no business sharing the CPU with the next one)."""
    base, auth = lab["url"], {"Authorization": f"token {lab['token']}"}
    with urllib.request.urlopen(urllib.request.Request(f"{base}/api/kernels", headers=auth), timeout=10) as r:
        kernels = json.load(r)
    for kernel in kernels:
        request = urllib.request.Request(f"{base}/api/kernels/{kernel['id']}", headers=auth, method="DELETE")
        urllib.request.urlopen(request, timeout=30).close()


def _widget_output_signature(page) -> str:
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('.widget-output img, .jupyter-widgets-output-area img'))
            .map(i => i.src.length + ':' + i.src.slice(-64)).join('|')"""
    )


@pytest.mark.parametrize("name", [p.name for p in NOTEBOOKS])
def test_notebook_in_jupyterlab(lab, name):
    page = lab["browser"].new_page(viewport={"width": 1400, "height": 1000})
    outside = []
    page.on(
        "request",
        lambda r: (
            outside.append(r.url)
            if urlparse(r.url).hostname not in LOCAL_HOSTS and not r.url.startswith(("data:", "blob:", "about:"))
            else None
        ),
    )
    shot = screenshot_path(f"lab_{Path(name).stem}")
    start = time.perf_counter()
    try:
        _open_and_run_all(page, lab, name)
        page.wait_for_timeout(1500)  # let the last outputs render and MathJax finish
        report = page.evaluate(REPORT)
        assert report["errors"] == [], f"error outputs: {report['errors']}"
        assert report["staticImages"] >= 2 and report["brokenImages"] == 0, report
        assert report["images"] >= report["staticImages"], f"figures not rendered as images: {report}"
        assert report["math"] >= 5 and report["rawMath"] == 0, f"formulas not typeset: {report}"
        assert report["textReprs"] == [], f"widgets shown as text: {report['textReprs']}"
        assert report["widgetViews"] >= 1 and report["sliders"] >= 1, f"no live widget: {report}"
        # Move the first slider with the keyboard and wait for the widget's figure to change.
        handle = page.locator(".jupyter-widgets .noUi-handle").first
        handle.scroll_into_view_if_needed()
        page.wait_for_function(
            "() => document.querySelectorAll('.widget-output img, .jupyter-widgets-output-area img').length > 0",
            timeout=30000,
        )
        before = _widget_output_signature(page)
        changed = False
        for key in ("ArrowRight", "ArrowLeft"):  # a slider may start at either end of its range
            handle.focus()
            for _ in range(3):
                page.keyboard.press(key)
            try:
                page.wait_for_function(
                    """(before) => Array.from(document.querySelectorAll(
                        '.widget-output img, .jupyter-widgets-output-area img'))
                        .map(i => i.src.length + ':' + i.src.slice(-64)).join('|') !== before""",
                    arg=before,
                    timeout=15000,
                )
                changed = True
                break
            except Exception:
                continue
        assert changed, "moving the first slider with the keyboard did not change the widget's figure"
        assert outside == [], f"requests left 127.0.0.1: {outside[:5]}"
        page.screenshot(path=shot, full_page=False)
        print(
            f"{name}: {report['images']} figures, {report['sliders']} sliders in {report['widgetViews']} widget "
            f"views, {report['math']} formulas, {time.perf_counter() - start:.1f} s"
        )
    except Exception as error:
        page.screenshot(path=shot, full_page=False)
        raise AssertionError(f"{name} in JupyterLab: {error}\nscreenshot: {shot}") from error
    finally:
        page.close()
        _shut_down_kernels(lab)


def test_live_deck_mode_keeps_widgets(lab):
    """Presenting live: jupyterlab-slideshow's deck mode starts on a run notebook and its widgets stay widgets."""
    page = lab["browser"].new_page(viewport={"width": 1400, "height": 1000})
    shot = screenshot_path("lab_deck_mode")
    count = """() => ({handles: document.querySelectorAll('.jupyter-widgets .noUi-handle').length,
                      images: document.querySelectorAll('.widget-output img, .jupyter-widgets-output-area img').length})"""
    try:
        _open_and_run_all(page, lab, "01_mle_and_map.ipynb")
        page.wait_for_function("() => document.querySelectorAll('.widget-output img').length > 0", timeout=30000)
        before = page.evaluate(count)
        assert "deck:start" in page.evaluate("() => window.jupyterapp.commands.listCommands()")
        page.evaluate("() => { window.jupyterapp.shell.currentWidget.content.activeCellIndex = 0; }")
        page.evaluate("() => window.jupyterapp.commands.execute('deck:start')")
        page.wait_for_selector(".jp-Deck-Remote", timeout=30000)
        page.wait_for_timeout(1000)
        during = page.evaluate(count)
        page.screenshot(path=shot)
        assert during == before and during["handles"] >= 2, (before, during)
        page.evaluate("() => window.jupyterapp.commands.execute('deck:stop')")
    except Exception as error:
        page.screenshot(path=shot)
        raise AssertionError(f"deck mode in JupyterLab: {error}\nscreenshot: {shot}") from error
    finally:
        page.close()
