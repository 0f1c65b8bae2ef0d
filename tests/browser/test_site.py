"""The course website, English and Spanish: built from the shorter runs the other tests use, read in
headless Chromium.

Every page is opened from file:// (as from a USB stick) and must: make no request outside the
machine, log no console error, declare its language, typeset its math (no MathJax error, no raw TeX
delimiters left), load every image with an alt text that says something, link only to files and anchors
that exist (the language switch included), keep every solution collapsed, name the data set of its build,
be usable from the keyboard, and pass axe-core with no serious or critical violation (a Spanish page carries
its English twin's styles, and its colour contrasts are checked there). Search must find a
notebook by a word of its own title. The checks read the built HTML, not the notebooks' wording.
"""

import functools
import re
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from course_tools import site, translate
from tests.browser import accessibility
from tests.browser.chromium import browser, chromium_path, screenshot_path, watch
from tests.conftest import DECK_DATASET, EDITION_RUNS, once
from tests.course import NOTEBOOKS, ROOT

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("built")]
SKIP_DIRS = {"_static", "_sources", "_images", "decks", "student"}
GENERIC_ALT = re.compile(r"^(figure|plot|image|chart|graph)?\s*\d*$|\.png$|^No description", re.I)


@pytest.fixture(scope="module")
def built_site(tmp_path_factory, executed_fast, decks_dir):
    if chromium_path() is None:
        pytest.skip("Chromium is not installed (apt-get install chromium; `make test` does it)")
    return once(tmp_path_factory, "built_site", lambda: _build(tmp_path_factory, executed_fast, decks_dir), str, Path)


def _build(tmp_path_factory, executed_fast, decks_dir):
    """The site of both editions, built once for both test workers."""
    out = tmp_path_factory.mktemp("site") / "site"
    start = time.perf_counter()
    editions = []
    for language, results in executed_fast.items():
        sources = NOTEBOOKS if language == "en" else translate.write_notebooks(ROOT, language, out.parent / "es")
        editions.append(site.Edition(language, results, sources, decks_dir[language], EDITION_RUNS[language][0]))
    index = site.build_site(editions, out, ROOT, fast=True, dataset=DECK_DATASET)
    print(f"site built in {time.perf_counter() - start:.1f} s")
    return index.parent


def pages(root: Path) -> list[Path]:
    return sorted(
        p
        for p in root.rglob("*.html")
        if not SKIP_DIRS & set(p.relative_to(root).parts[:-1]) and p.name != "genindex.html"
    )


@functools.cache  # a notebook page links to its own anchors dozens of times
def ids_in(path: Path) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("language", ["en", "es"])
def test_site_has_a_page_per_notebook_and_the_downloads(built_site, language):
    top = built_site if language == "en" else built_site / language
    for nb in NOTEBOOKS:
        assert (top / "notebooks" / f"{nb.stem}.html").exists()
        assert (top / "decks" / f"{nb.stem}.slides.html").exists()
        assert (top / "student" / nb.name).exists()
        page = (top / "notebooks" / f"{nb.stem}.html").read_text(encoding="utf-8")
        assert "HIDDEN TESTS" not in page, "the autograder's block is not part of the page"
        assert "BEGIN SOLUTION" not in page and "NotImplementedError" in page, "exercises show their stubs"
        assert EDITION_RUNS[language][0] in page, "each page names the data set of its build"
    assert (top / "searchindex.js").exists() and (top / "course-source.zip").exists()
    html = (top / "index.html").read_text(encoding="utf-8")
    for nb in NOTEBOOKS:
        assert f"decks/{nb.stem}.slides.html" in html and f"student/{nb.name}" in html
    text = re.sub(r"<[^>]+>", "", html)  # Sphinx writes `make lab` as one <span> per word
    assert "make lab" in text and "course-source.zip" in html, "the landing page says how to start"


def test_every_page_reads_offline(built_site):
    checked = []
    with browser() as b:
        page = b.new_page(viewport={"width": 1280, "height": 900})
        external, errors = [], []
        watch(page, external, errors, where=True)
        # which file was missing (the console says only "Failed to load resource")
        page.on("requestfailed", lambda r: errors.append(f"{page.url}: {r.url[:200]} {r.failure}"))
        for path in pages(built_site):
            page.goto(path.as_uri())
            page.wait_for_load_state("load")
            page.wait_for_function("!window.MathJax || !MathJax.startup || MathJax.startup.promise", timeout=30000)
            page.evaluate("window.MathJax && MathJax.startup ? MathJax.startup.promise : null")
            info = page.evaluate(
                """() => {
                const main = document.querySelector('main') || document.body;
                const text = main.innerText;
                return {
                  lang: document.documentElement.lang,
                  alts: Array.from(document.querySelectorAll('main img')).map(i => i.alt || ''),
                  openSolutions: Array.from(document.querySelectorAll('details')).filter(
                      d => d.open && d.querySelector('summary') && /solution|solución/i.test(d.innerText)).length,
                  math: document.querySelectorAll('mjx-container').length,
                  mathErrors: document.querySelectorAll('mjx-merror').length,
                  rawTex: (text.match(/\\$\\$|\\\\\\(|\\\\\\[/g) || []).length,
                  images: Array.from(document.images).map(i => [i.src, i.complete && i.naturalWidth > 0]),
                  links: Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href')),
                  switchBottom: (s => s && s.getBoundingClientRect().bottom)(
                      document.querySelector('.course-language-switch')),
                };
            }"""
            )
            name = str(path.relative_to(built_site))
            assert info["lang"] == ("es" if name.startswith("es/") else "en"), (name, info["lang"])
            assert not [a for a in info["alts"] if GENERIC_ALT.search(a.strip())], (name, info["alts"][:3])
            assert info["openSolutions"] == 0, f"{name}: a solution is shown open"
            english = built_site / name.removeprefix("es/")
            twin = name.startswith("es/") and english.exists()  # styled as its English twin: contrasts checked there
            assert not twin or accessibility.styles(path) == accessibility.styles(english), f"{name}: other styles"
            serious = accessibility.violations(page, contrast=not twin)
            assert serious == [], f"{name}: axe-core {[(v['id'], v['count'], v['nodes'][:2]) for v in serious]}"
            assert info["mathErrors"] == 0 and info["rawTex"] == 0, (name, info["mathErrors"], info["rawTex"])
            assert all(ok for _, ok in info["images"]), (name, [s for s, ok in info["images"] if not ok][:3])
            if "notebooks/" in name:
                assert info["math"] > 0 and len(info["images"]) > 0, (name, info["math"], len(info["images"]))
                assert info["switchBottom"] is not None, f"{name}: no language switch"
            # the switch sits under the title, on the first screen (it once came after a notebook's introduction)
            assert info["switchBottom"] is None or info["switchBottom"] <= 900, (name, info["switchBottom"])
            for href in info["links"]:
                target = urlparse(href)
                if target.scheme or href.startswith("//") or href.startswith("mailto:"):
                    continue  # links out are allowed; loading from out is not (checked by `external`)
                file = (path.parent / unquote(target.path)).resolve() if target.path else path
                assert file.exists(), f"{name}: broken link {href}"
                if target.fragment and file.suffix == ".html":
                    assert target.fragment in ids_in(file), f"{name}: no anchor #{target.fragment} in {href}"
            checked.append((name, info["math"], len(info["images"]), len(info["links"])))
            if name in ("index.html", f"notebooks/{NOTEBOOKS[3].stem}.html", f"es/notebooks/{NOTEBOOKS[0].stem}.html"):
                page.screenshot(path=screenshot_path(f"site_{path.stem}"))
    assert external == [], f"requests outside the machine: {external[:5]}"
    assert errors == [], f"console errors: {errors[:5]}"
    assert len(checked) >= 2 * (len(NOTEBOOKS) + 3)
    for row in checked:
        print("{}: {} formulas, {} figures, {} links".format(*row))


def test_search_finds_a_notebook_by_a_word_of_its_title(built_site):
    page_html = (built_site / "notebooks" / f"{NOTEBOOKS[1].stem}.html").read_text(encoding="utf-8")
    title = re.search(r"<h1>(.*?)<a", page_html, re.S).group(1)
    word = max(re.findall(r"[A-Za-z]{5,}", title), key=len)
    with browser() as b:
        page = b.new_page()
        page.goto((built_site / "search.html").as_uri() + f"?q={word}")
        page.wait_for_function("document.querySelectorAll('#search-results li').length > 0", timeout=30000)
        hits = page.evaluate("Array.from(document.querySelectorAll('#search-results li a')).map(a => a.href)")
    assert any(NOTEBOOKS[1].stem in h for h in hits), (word, hits[:5])


def test_site_reads_from_a_local_web_server(built_site):
    """The same folder served over HTTP on 127.0.0.1 (as GitHub Pages serves it): no request leaves."""
    import http.server
    import threading

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):  # the test reports what matters
            pass

    handler = functools.partial(QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with browser() as b:
            page = b.new_page()
            external, errors = [], []
            watch(page, external, errors, local=base)
            for name in (
                "index.html",
                f"notebooks/{NOTEBOOKS[0].stem}.html",
                f"search.html?q={NOTEBOOKS[0].stem[3:6]}",
            ):
                page.goto(f"{base}/{name}")
                page.wait_for_load_state("networkidle")
                assert page.evaluate("document.querySelectorAll('mjx-merror').length") == 0
    finally:
        server.shutdown()
    assert external == [] and errors == [], (external[:5], errors[:5])


def test_the_site_is_usable_from_the_keyboard(built_site):
    """Tab reaches the page's links in order, and the focused element is visibly outlined."""
    with browser() as b:
        page = b.new_page(viewport={"width": 1280, "height": 900})
        page.goto((built_site / "notebooks" / f"{NOTEBOOKS[0].stem}.html").as_uri())
        page.wait_for_load_state("load")
        seen = []
        for _ in range(8):
            page.keyboard.press("Tab")
            seen.append(
                page.evaluate(
                    """() => { const e = document.activeElement; const s = getComputedStyle(e);
                    return [e.tagName, (e.innerText || e.getAttribute('aria-label') || '').trim().slice(0, 30),
                            s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 || s.boxShadow !== 'none']; }"""
                )
            )
    assert all(tag in ("A", "BUTTON", "INPUT", "SUMMARY") for tag, _, _ in seen), seen
    assert all(visible for *_, visible in seen), f"focus not visible on {[s for s in seen if not s[2]][:3]}"
