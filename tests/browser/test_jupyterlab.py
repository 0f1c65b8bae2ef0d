"""The course as students see it: the student edition run in a real JupyterLab, in headless Chromium.

Two JupyterLab servers on 127.0.0.1 (free port, random token, fresh settings and workspaces, news off)
serve the student edition (what ``make lab`` and ``make lab-es`` open) in a shorter run: the English one,
and the Spanish one with JupyterLab's Spanish interface. Every student notebook runs once, 01 in Spanish
(JupyterLab's menus and the self-checks' messages must be Spanish) and 02-06 in English. For each notebook
the browser runs all cells with JupyterLab's own command, every exercise left open, and checks: no error
outputs, every figure rendered as an image with its alt text, formulas typeset, every ipywidgets control
rendered as a widget (not as its text repr), and that moving one widget changes what is displayed. A wrong
answer gets the check's verdict, never a traceback. Notebook 01 then starts the live deck mode
(jupyterlab-slideshow), where its widgets must stay widgets. No request may leave 127.0.0.1, and every wait
has a time limit: a kernel that stops answering fails the test instead of hanging it. A failing notebook
leaves a screenshot in build/screenshots/, named in the failure message.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest

from course_tools import kernels, student, translate
from tests.browser.chromium import browser, chromium_path, screenshot_path
from tests.course import NOTEBOOKS, ROOT

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("jupyterlab")]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _write_settings(settings_dir: Path, locale: str = "en") -> None:
    """Fresh user settings: no news pop-up, every cell rendered (no windowing), no autosave surprises, and
    the interface's language."""
    values = {
        "@jupyterlab/translation-extension/plugin.jupyterlab-settings": {"locale": locale},
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


@contextmanager
def _jupyterlab(root: Path, work: Path, locale: str):
    """A JupyterLab server on 127.0.0.1 serving ``work`` with the interface in ``locale``; yields its URL and
    token. Its kernels run on Unix sockets (course_tools.kernels) in a shorter run."""
    _write_settings(root / "settings", locale)
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
        *kernels.ipc_arguments(root / "sockets"),
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    (root / "sockets").mkdir(exist_ok=True)
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
        yield url, token
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture(scope="module")
def chromium():
    """One headless Chromium for the module: Playwright's sync API allows one at a time in a process."""
    if chromium_path() is None:
        pytest.skip("Chromium is not installed (apt-get install chromium; `make test` does it)")
    with browser() as b:
        yield b


@pytest.fixture(scope="module")
def lab(tmp_path_factory, chromium):
    """The English student edition (``make lab``) in JupyterLab."""
    root = tmp_path_factory.mktemp("lab")
    student.build_student(NOTEBOOKS, root / "notebooks")
    with _jupyterlab(root, root / "notebooks", "en") as (url, token):
        yield {"url": url, "token": token, "browser": chromium, "root": root, "page": None}


@pytest.fixture(scope="module")
def lab_es(tmp_path_factory, chromium):
    """The Spanish student edition (``make lab-es``) in JupyterLab with its Spanish interface."""
    root = tmp_path_factory.mktemp("lab_es")
    spanish = translate.write_notebooks(ROOT, "es", root / "sources", NOTEBOOKS[:1])
    student.build_student(spanish, root / "notebooks", language="es")
    with _jupyterlab(root, root / "notebooks", "es_ES") as (url, token):
        yield {"url": url, "token": token, "browser": chromium, "root": root, "page": None}


def _lab_page(lab):
    """The server's one JupyterLab page, opened on first use (a page per notebook booted JupyterLab again each
    time: 6 CPU-seconds of Chromium a notebook). Requests that leave 127.0.0.1 go to ``lab["outside"]``."""
    if lab["page"] is None:
        page = lab["browser"].new_page(viewport={"width": 1400, "height": 1000})
        lab["outside"] = []
        page.on(
            "request",
            lambda r: (
                lab["outside"].append(r.url)
                if urlparse(r.url).hostname not in LOCAL_HOSTS and not r.url.startswith(("data:", "blob:", "about:"))
                else None
            ),
        )
        page.goto(f"{lab['url']}/lab?token={lab['token']}&reset")
        page.wait_for_function(
            "window.jupyterapp && window.jupyterapp.commands.hasCommand('docmanager:open')", timeout=60000
        )
        page.evaluate("() => window.jupyterapp.restored")  # the workspace laid out: nothing opens after us
        lab["page"] = page
    return lab["page"]


RUN_ALL = """async (name) => {
    const app = window.jupyterapp;
    const panel = await app.commands.execute('docmanager:open', {path: name, factory: 'Notebook'});
    app.shell.activateById(panel.id);
    await panel.context.ready;
    await panel.sessionContext.ready;
    await app.commands.execute('notebook:run-all-cells');
}"""

# The notebook's tab closed without saving (the student edition on disk stays as built), so that the next
# notebook opens in a page with nothing else in it.
CLOSE = """() => {
    const panel = window.jupyterapp.shell.currentWidget;
    panel.context.model.dirty = false;
    panel.dispose();
    return panel.isDisposed;
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
    const figures = outputs.filter(o => o.data && String(o.data['text/html'] || '').includes('course-figure')).length;
    const textReprs = Array.from(node.querySelectorAll('.jp-OutputArea-output pre'))
        .map(p => p.textContent).filter(t => /^(VBox|HBox|IntSlider|FloatSlider|FloatLogSlider)\\(/.test(t.trim()));
    return {
        errors,
        staticImages: figures + outputs.filter(o => o.data && o.data['image/png']).length,
        missingAlt: images.filter(i => !i.alt || i.alt.trim().length < 20).map(i => i.alt).slice(0, 5),
        images: images.length,
        brokenImages: images.filter(i => !(i.complete && i.naturalWidth > 0)).length,
        math: node.querySelectorAll('.jp-MarkdownOutput mjx-container').length,
        rawMath: Array.from(node.querySelectorAll('.jp-MarkdownOutput')).filter(m => m.textContent.includes('$$')).length,
        sliders: node.querySelectorAll('.jupyter-widgets .widget-slider, .jupyter-widgets.widget-slider').length,
        widgetViews,
        textReprs,
    };
}"""


def _open_and_run_all(page, name: str) -> None:
    """Open a notebook in JupyterLab, run all cells with JupyterLab's own command, wait until every cell ran."""
    page.evaluate(RUN_ALL, name)
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


# Every student notebook once: 01 in the Spanish edition, with JupyterLab's Spanish interface (its English twin
# is the same code, which test_translate holds equal, and nbgrader autogrades its English release top to
# bottom), 02-06 in English. A run of 01 in both languages cost CI a minute.
EDITIONS = [("es", NOTEBOOKS[0].name)] + [("en", p.name) for p in NOTEBOOKS[1:]]


@pytest.mark.parametrize(("language", "name"), EDITIONS)
def test_notebook_in_jupyterlab(request, language, name):
    lab = request.getfixturevalue("lab" if language == "en" else "lab_es")
    page = _lab_page(lab)
    outside = lab["outside"]
    shot = screenshot_path(f"lab_{language}_{Path(name).stem}")
    start = time.perf_counter()
    try:
        _open_and_run_all(page, name)
        page.wait_for_timeout(1500)  # let the last outputs render and MathJax finish
        report = page.evaluate(REPORT)
        assert report["errors"] == [], f"error outputs: {report['errors']}"
        assert report["staticImages"] >= 2 and report["brokenImages"] == 0, report
        assert report["images"] >= report["staticImages"], f"figures not rendered as images: {report}"
        assert report["missingAlt"] == [], f"figures without an alt text a screen reader can speak: {report}"
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
        # Away from the end the slider starts at (01's degree starts at its maximum): a key that cannot move
        # it waited out the 15 s below before the other key was tried. Both keys stay, in that order.
        at_max = handle.evaluate(
            "h => Number(h.getAttribute('aria-valuenow')) >= Number(h.getAttribute('aria-valuemax'))"
        )
        for key in ("ArrowLeft", "ArrowRight") if at_max else ("ArrowRight", "ArrowLeft"):
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
        if name.startswith("04"):
            _a_wrong_answer_gets_the_verdict(page)
        if language == "es":
            _answers_in_spanish(page)
        if name.startswith("01"):
            _deck_mode_keeps_widgets(page)
        print(
            f"{name}: {report['images']} figures, {report['sliders']} sliders in {report['widgetViews']} widget "
            f"views, {report['math']} formulas, {time.perf_counter() - start:.1f} s"
        )
    except Exception as error:
        page.screenshot(path=shot, full_page=False)
        page.close()  # the next notebook gets a fresh page
        lab["page"] = None
        raise AssertionError(f"{name} in JupyterLab: {error}\nscreenshot: {shot}") from error
    else:
        assert page.evaluate(CLOSE), "the notebook's tab closed"
    finally:
        _shut_down_kernels(lab)


def _deck_mode_keeps_widgets(page) -> None:
    """Presenting live: jupyterlab-slideshow's deck mode starts on the run notebook and its widgets stay
    widgets (checked on notebook 01, in the same page as its run: a second run of 01 cost CI 50 s)."""
    shot = screenshot_path("lab_deck_mode")
    count = """() => ({handles: document.querySelectorAll('.jupyter-widgets .noUi-handle').length,
                      images: document.querySelectorAll('.widget-output img, .jupyter-widgets-output-area img').length})"""
    try:
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


WRONG_REPARAMETERIZE = """def reparameterize(mu, logvar):
    return mu + logvar.exp() * torch.randn_like(mu)  # the variance where the standard deviation belongs"""

ANSWER = """async ([marker, source]) => {
    const panel = window.jupyterapp.shell.currentWidget;
    const cells = panel.content.widgets;
    const index = cells.findIndex(c => c.model.type === 'code' && c.model.sharedModel.getSource().includes(marker));
    cells[index].model.sharedModel.setSource(source);
    panel.content.activeCellIndex = index;
    await window.jupyterapp.commands.execute('notebook:run-cell-and-select-next');
    await window.jupyterapp.commands.execute('notebook:run-cell-and-select-next');
    return index;
}"""

VERDICT = """(index) => {
    const cells = window.jupyterapp.shell.currentWidget.content.widgets;
    const check = cells[index + 1];
    const outputs = check.model.outputs.toJSON();
    return {done: check.model.executionCount !== null && !check.promptNode.textContent.includes('*'),
            errors: outputs.filter(o => o.output_type === 'error').map(o => o.ename),
            text: check.node.querySelector('.jp-OutputArea') ? check.node.querySelector('.jp-OutputArea').innerText : ''};
}"""


def _a_wrong_answer_gets_the_verdict(page) -> None:
    """Notebook 04's reparameterisation exercise answered with the variance for the standard deviation: the
    check cell shows the verdict and its hint, and no traceback (the student edition has no hidden assert)."""
    index = page.evaluate(ANSWER, ["def reparameterize(mu, logvar)", WRONG_REPARAMETERIZE])
    page.wait_for_function(f"() => ({VERDICT})({index}).done", timeout=60000, polling=500)
    verdict = page.evaluate(VERDICT, index)
    page.evaluate(
        "(i) => window.jupyterapp.shell.currentWidget.content.widgets[i + 1].node.scrollIntoView({block: 'center'})",
        index,
    )
    page.wait_for_timeout(500)
    page.screenshot(path=screenshot_path("lab_04_wrong_answer"))
    assert verdict["errors"] == [], f"a wrong answer raised instead of answering: {verdict}"
    assert "wrong" in verdict["text"] and "variance" in verdict["text"], verdict


def _answers_in_spanish(page) -> None:
    """make lab-es: JupyterLab's own menus are in Spanish, and the self-checks answer in Spanish."""
    import polib

    catalog = polib.pofile(str(ROOT / "course_utils" / "locale" / "es" / "LC_MESSAGES" / "course_utils.po"))
    not_attempted = next(e.msgstr for e in catalog if e.msgid == "not attempted yet")
    menus = page.evaluate("() => document.querySelector('#jp-menu-panel, .lm-MenuBar').innerText")
    text = page.evaluate("() => window.jupyterapp.shell.currentWidget.content.node.innerText")
    assert "Archivo" in menus and "File" not in menus, menus
    assert not_attempted in text and "not attempted yet" not in text
