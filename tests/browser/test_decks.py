"""Offline decks, English and Spanish: built from the executed notebooks, opened from file:// in headless
Chromium.

Every deck must make zero requests outside file://, raise no JavaScript error, declare its language,
typeset its formulas, show its figures with their alt text, fit every slide into 1280 x 720, pass axe-core
on every slide (in reveal's print view, where all are laid out) with no serious or critical violation (a
Spanish deck carries its English twin's styles, and its colour contrasts are checked there), move with
reveal's keys (English 01 and 04, Spanish 01: every deck runs the same reveal.js, configured alike), show an
exercise's stub before its solution slide, and name the data set it was built on. Screenshots go to
build/screenshots/.
"""

import re
from pathlib import Path

import pytest

from tests.browser import accessibility
from tests.browser.chromium import browser, chromium_path, screenshot_path, watch
from tests.browser.decks import PRINT_VIEW, SLIDE_HEIGHT, slide_heights, wait_until_typeset
from tests.conftest import EDITION_RUNS
from tests.course import NOTEBOOKS

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("built")]
GENERIC_ALT = re.compile(r"^(figure|plot|image|chart|graph)?\s*\d*$|\.png$|^No description", re.I)


@pytest.fixture(scope="module")
def chromium():
    """One headless Chromium for the module's decks (a launch per deck cost CI about 20 s)."""
    with browser() as b:
        yield b


@pytest.fixture(scope="module")
def decks(decks_dir):
    if chromium_path() is None:
        pytest.skip("Chromium is not installed (apt-get install chromium; `make test` does it)")
    return {
        (language, Path(d).stem.removesuffix(".slides")): d
        for language, folder in decks_dir.items()
        for d in sorted(folder.glob("*.slides.html"))
    }


def test_decks_load_nothing_remote_and_show_no_autograder_block(decks):
    configurations = set()
    for deck in decks.values():
        html = deck.read_text()
        configurations.add(tuple(re.findall(r"Reveal\.initialize\((.*?)\);", html, re.S)))
        remote = re.findall(r'(?:src|href)="(https?://[^"]+)"', html)
        assert not remote, f"{deck.name} loads {remote}"
        assert "application/vnd.jupyter.widget-view+json" not in html
        assert "HIDDEN TESTS" not in html and "check_" in html  # self-checks shown, autograder block not
    # one reveal.js configuration for every deck, in both languages: the presenting view is tried on three
    (configuration,) = configurations
    assert len(configuration) == 1, "each deck starts reveal.js once"


def test_exercise_slides_show_the_students_stub(decks):
    for (language, name), deck in decks.items():
        html = deck.read_text()
        assert html.count("NotImplementedError") >= 3, f"{name} ({language}): the exercise slides show stubs"


# Reveal's presenting view (its keys, and screenshots of three slides) on three decks: the English 01 and 04 (the
# longest) and the Spanish 01. It is reveal's code and configuration, the same in every deck (asserted above; the
# styles of each language are asserted equal below). Every deck's content is read in the print view, where every
# slide is laid out. Presenting the other nine as well cost CI about 20 s.
PRESENTED = {("en", NOTEBOOKS[0].stem), ("en", NOTEBOOKS[3].stem), ("es", NOTEBOOKS[0].stem)}

DECK_INFO = """() => ({
    lang: document.documentElement.lang,
    slides: Reveal.getTotalSlides(),
    math: document.querySelectorAll('mjx-container').length,
    mathErrors: document.querySelectorAll('mjx-merror').length,
    images: document.images.length,
    broken: Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0)).length,
    alts: Array.from(document.querySelectorAll('img.course-figure')).map(i => i.alt),
    footer: (document.querySelector('.course-deck-footer') || {}).innerText || '',
    notes: document.querySelectorAll('aside.notes').length,
})"""


def _present(b, deck: Path, language: str, name: str, external: list, errors: list) -> tuple[int, list[Path]]:
    """The deck in reveal's presenting view at a projector's 720p: where the right arrow key moves it, and
    screenshots of three of its slides."""
    page = b.new_page(viewport={"width": 1280, "height": 720})
    watch(page, external, errors)
    page.goto(deck.as_uri())
    wait_until_typeset(page)
    total = page.evaluate("Reveal.getTotalSlides()")
    page.evaluate("Reveal.slide(0, 0)")
    page.keyboard.press("ArrowRight")  # reveal's keys move the deck
    moved = page.evaluate("Reveal.getIndices().h")
    shots = []
    for index in (0, total // 3, total // 2):
        page.evaluate(f"Reveal.slide(...Object.values(Reveal.getIndices(Reveal.getSlides()[{index}])))")
        page.wait_for_timeout(300)
        shots.append(screenshot_path(f"deck_{language}_{name}_{index}"))
        page.screenshot(path=shots[-1])
    page.close()
    return moved, shots


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("name", [p.stem for p in NOTEBOOKS])
def test_deck_presents_offline(decks, chromium, name, language):
    deck = decks[(language, name)]
    b = chromium  # each deck in pages of its own, closed below
    external, errors, shots = [], [], []
    if (language, name) in PRESENTED:
        moved, shots = _present(b, deck, language, name, external, errors)
        assert moved == 1, "the right arrow key moves to the next slide"
    # Every slide's content, height, and axe-core once over every slide: reveal's print view lays them all out,
    # visible (one axe run per slide of the presenting view took 100 s a deck; this one sees the same elements,
    # colours and contrasts).
    printed = b.new_page(viewport={"width": 1280, "height": 720})
    watch(printed, external, errors)
    printed.goto(deck.as_uri() + PRINT_VIEW)
    heights = slide_heights(printed)  # waits for reveal.js and MathJax
    info = printed.evaluate(DECK_INFO)
    pages = printed.evaluate("document.querySelectorAll('.pdf-page').length")
    # A Spanish deck is styled as its English twin (asserted below): its colour contrasts were checked there.
    serious = accessibility.violations(printed, contrast=language == "en")
    printed.close()
    tall = [(s["page"], s["height"], s["text"][:40]) for s in heights if s["height"] > SLIDE_HEIGHT]
    assert external == [], f"{name}: requests outside file:// {external[:5]}"
    assert errors == [], f"{name}: JavaScript errors {errors[:5]}"
    assert info["lang"] == language, info["lang"]
    assert tall == [], f"{name} ({language}): slides taller than {SLIDE_HEIGHT} px: {tall}"
    assert pages >= info["slides"] and len(heights) == pages, f"{name}: {pages} pages for {info['slides']} slides"
    assert serious == [], f"{name} ({language}): axe-core violations {serious[:3]}"
    if language != "en":
        assert accessibility.styles(deck) == accessibility.styles(decks[("en", name)]), "styled as in English"
    assert info["slides"] >= 10 and info["math"] >= 10 and info["mathErrors"] == 0, info
    assert info["images"] >= 3 and info["broken"] == 0, info
    assert info["alts"] and not [a for a in info["alts"] if GENERIC_ALT.search(a.strip()) or len(a) < 20], info["alts"]
    assert EDITION_RUNS[language][0] in info["footer"], info["footer"]
    print(
        f"{name} ({language}): {info['slides']} slides (tallest {max(s['height'] for s in heights)} px), "
        f"{info['math']} formulas, {info['images']} figures, {info['notes']} speaker notes; "
        f"screenshots {[s.name for s in shots]}"
    )
