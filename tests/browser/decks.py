"""Measure every slide of a deck in headless Chromium: how tall its content is against the 1280 x 720 slide.

    python -m tests.browser.decks slides/build/04_variational_autoencoders.slides.html [...]

prints each slide taller than 720 px (its page, height and first words); the deck test uses
:func:`slide_heights` on every deck.
"""

from __future__ import annotations

import sys
from pathlib import Path

SLIDE_HEIGHT = 720
PRINT_VIEW = "?print-pdf"  # reveal's print view: every slide laid out at once, one page each

# Every slide of the print view (a slide with fragments has a page per fragment, each measured with all of
# them shown): the height of what it holds, unscaled. reveal.js measures the same to split a slide over pages,
# and on the course's decks it equals what the presenting view shows, slide by slide (walking the presenting
# view took 4-8 s a deck).
MEASURE = """() => Array.from(document.querySelectorAll('.pdf-page > section')).map((slide, page) => {
    slide.querySelectorAll('.fragment').forEach(f => f.classList.add('visible'));
    const saved = [slide.style.height, slide.style.overflowY];
    slide.style.height = 'auto';
    slide.style.overflowY = 'visible';
    const height = Math.ceil(slide.scrollHeight);
    slide.style.height = saved[0];
    slide.style.overflowY = saved[1];
    const text = Array.from((slide.innerText || '').trim().replace(/\\s+/g, ' ')).slice(0, 70).join('');
    return {page, height, text};
})"""


def wait_until_typeset(page) -> None:
    """Wait until reveal.js is ready and MathJax has typeset the deck open in ``page`` (Playwright)."""
    page.wait_for_function("window.Reveal && Reveal.isReady() && window.MathJax && MathJax.startup", timeout=30000)
    page.evaluate("MathJax.startup.promise")


def slide_heights(page) -> list[dict]:
    """``[{page, height, text}]`` for every page of the deck open in ``page`` (Playwright) in its print view
    (:data:`PRINT_VIEW`), MathJax typeset."""
    wait_until_typeset(page)
    # reveal lays the pages out after it is ready (under load, seconds later: CI once measured none). It moves
    # every slide into a page of its own, the pages still out of the document, then adds them all at once: in
    # between, the deck holds no slide at all, and a count of 0 pages for 0 slides is not the end of it.
    page.wait_for_function(
        "(n => n > 0 && n >= Reveal.getTotalSlides())(document.querySelectorAll('.pdf-page > section').length)",
        timeout=30000,
    )
    return page.evaluate(MEASURE)


def main(paths: list[str]) -> int:
    from tests.browser.chromium import each_page

    too_tall = 0
    for path, page in each_page(paths, query=PRINT_VIEW):
        heights = slide_heights(page)
        tall = [s for s in heights if s["height"] > SLIDE_HEIGHT]
        too_tall += len(tall)
        print(f"{Path(path).name}: {len(heights)} slides, {len(tall)} taller than {SLIDE_HEIGHT} px")
        for s in tall:
            print(f"  page {s['page']}: {s['height']} px  {s['text']}")
    return 1 if too_tall else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
