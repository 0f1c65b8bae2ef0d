"""Measure every slide of a deck in headless Chromium: how tall its content is against the 1280 x 720 slide.

    python -m tests.browser.decks slides/build/04_variational_autoencoders.slides.html [...]

prints each slide taller than 720 px (its index, height and first words); the deck test uses
:func:`slide_heights` on every deck.
"""

from __future__ import annotations

import sys
from pathlib import Path

SLIDE_HEIGHT = 720

# Every slide (horizontal h, vertical v), shown in turn: the height of what it holds, unscaled.
MEASURE = """async () => {
    const out = [];
    const wait = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    const horizontal = Reveal.getHorizontalSlides();
    for (let h = 0; h < horizontal.length; h++) {
        const stack = horizontal[h].querySelectorAll(':scope > section');
        const count = stack.length || 1;
        for (let v = 0; v < count; v++) {
            Reveal.slide(h, v);
            await wait();
            const slide = Reveal.getCurrentSlide();
            slide.querySelectorAll('.fragment').forEach(f => f.classList.add('visible'));
            const saved = [slide.style.height, slide.style.overflowY];
            slide.style.height = 'auto';
            slide.style.overflowY = 'visible';
            const height = Math.ceil(slide.scrollHeight);
            slide.style.height = saved[0];
            slide.style.overflowY = saved[1];
            const text = Array.from((slide.innerText || '').trim().replace(/\\s+/g, ' ')).slice(0, 70).join('');
            out.push({h, v, height, text});
        }
    }
    Reveal.slide(0, 0);
    return out;
}"""


def wait_until_typeset(page) -> None:
    """Wait until reveal.js is ready and MathJax has typeset the deck open in ``page`` (Playwright)."""
    page.wait_for_function("window.Reveal && Reveal.isReady() && window.MathJax && MathJax.startup", timeout=30000)
    page.evaluate("MathJax.startup.promise")


def slide_heights(page) -> list[dict]:
    """``[{h, v, height, text}]`` for every slide of the deck open in ``page`` (Playwright), MathJax typeset."""
    wait_until_typeset(page)
    return page.evaluate(MEASURE)


def main(paths: list[str]) -> int:
    from tests.browser.chromium import each_page

    too_tall = 0
    for path, page in each_page(paths):
        heights = slide_heights(page)
        tall = [s for s in heights if s["height"] > SLIDE_HEIGHT]
        too_tall += len(tall)
        print(f"{Path(path).name}: {len(heights)} slides, {len(tall)} taller than {SLIDE_HEIGHT} px")
        for s in tall:
            print(f"  {s['h']}.{s['v']}: {s['height']} px  {s['text']}")
    return 1 if too_tall else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
