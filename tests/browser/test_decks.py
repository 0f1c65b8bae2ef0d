"""Offline decks: built from the executed notebooks, opened from file:// in headless Chromium.

Every deck must make zero requests outside file://, raise no JavaScript errors, typeset its formulas
with MathJax and show its figures. Screenshots of a few slides go to build/screenshots/.
"""

import re
from pathlib import Path

import pytest

from tests.browser.chromium import LOCAL_SCHEMES, browser, chromium_path, screenshot_path
from tests.course import NOTEBOOKS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def decks(decks_dir):
    if chromium_path() is None:
        pytest.skip("Chromium is not installed (apt-get install chromium; `make test` does it)")
    return {Path(d).stem.removesuffix(".slides"): d for d in sorted(decks_dir.glob("*.slides.html"))}


def test_template_and_built_html_name_no_remote_scripts(decks):
    for deck in decks.values():
        html = deck.read_text()
        remote = re.findall(r'(?:src|href)="(https?://[^"]+)"', html)
        assert not remote, f"{deck.name} loads {remote}"
        assert "application/vnd.jupyter.widget-view+json" not in html
        assert "HIDDEN TESTS" not in html and "check_" in html  # self-checks shown, autograder block not


@pytest.mark.parametrize("name", [p.stem for p in NOTEBOOKS])
def test_deck_presents_offline(decks, name):
    deck = decks[name]
    with browser() as b:
        page = b.new_page(viewport={"width": 1280, "height": 720})  # a projector's 720p
        external, errors = [], []
        page.on(
            "request",
            lambda r: external.append(r.url) if not r.url.startswith(LOCAL_SCHEMES) else None,
        )
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(deck.as_uri())
        page.wait_for_function("window.Reveal && Reveal.isReady() && window.MathJax && MathJax.startup", timeout=30000)
        page.evaluate("MathJax.startup.promise")
        info = page.evaluate(
            """() => ({
                slides: Reveal.getTotalSlides(),
                math: document.querySelectorAll('mjx-container').length,
                mathErrors: document.querySelectorAll('mjx-merror').length,
                images: document.images.length,
                broken: Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0)).length,
                notes: document.querySelectorAll('aside.notes').length,
            })"""
        )
        shots = []
        for index in (0, info["slides"] // 3, info["slides"] // 2):
            page.evaluate(f"Reveal.slide({index})")
            page.wait_for_timeout(300)
            shots.append(screenshot_path(f"deck_{name}_{index}"))
            page.screenshot(path=shots[-1])
    assert external == [], f"{name}: requests outside file:// {external[:5]}"
    assert errors == [], f"{name}: JavaScript errors {errors[:5]}"
    assert info["slides"] >= 10, info
    assert info["math"] >= 10 and info["mathErrors"] == 0, info
    assert info["images"] >= 3 and info["broken"] == 0, info
    print(
        f"{name}: {info['slides']} slides, {info['math']} formulas, {info['images']} figures, "
        f"{info['notes']} speaker notes; screenshots {[s.name for s in shots]}"
    )
