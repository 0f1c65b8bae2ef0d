"""axe-core (from npm, with the decks' other libraries) run on a page in headless Chromium: the serious and
critical violations of what the page shows.

    python -m tests.browser.accessibility build/site/index.html slides/build/01_mle_and_map.slides.html

prints each page's count per rule, for a look by hand; the browser tests assert zero.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from tests.course import ROOT

AXE = ROOT / "slides" / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")
# WCAG 2.1 A and AA, plus best practices (e.g. landmarks, accessible names of widgets).
RUN = """async ([context, contrast]) => {
    // preload: false: axe would fetch the page's stylesheets with XMLHttpRequest, which file:// refuses
    // (a console error on every deck); the one rule that needs them (css-orientation-lock) is then skipped.
    const rules = contrast ? {} : {'color-contrast': {enabled: false}};
    const result = await axe.run(context || document, {resultTypes: ['violations'], preload: false, rules});
    return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5), count: v.nodes.length}));
}"""


def violations(page, context: str | None = None, *, contrast: bool = True) -> list[dict]:
    """Serious and critical axe-core violations of ``page`` (or of the element ``context`` selects).

    ``contrast=False`` leaves out the colour-contrast rule, the slowest (half of a run on a deck): for a
    Spanish page whose stylesheets :func:`styles` finds equal to its English twin's, whose contrasts the
    English run checked (the same elements, in the same colours, on the same backgrounds)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate(RUN, [context, contrast])
    return [v for v in found if v["impact"] in SERIOUS]


def styles(html_file: Path) -> list[str]:
    """Every style a page applies, in order: its <style> blocks and the text of the stylesheets it links."""
    html = html_file.read_text(encoding="utf-8")
    found = []
    for tag in re.finditer(r"<style[^>]*>(.*?)</style>|<link\b[^>]*>", html, re.S | re.I):
        if tag.group(1) is not None:
            found.append(tag.group(1))
        elif re.search(r"""rel=["']?stylesheet""", tag.group(0)):
            href = re.search(r"""href=["']([^"'?#]+)""", tag.group(0)).group(1)
            found.append((html_file.parent / href).read_text(encoding="utf-8"))
    return found


def main(paths: list[str]) -> int:
    from tests.browser.chromium import each_page

    total = 0
    for path, page in each_page(paths):
        page.wait_for_timeout(500)
        found = violations(page)
        total += sum(v["count"] for v in found)
        print(f"{path}: {sum(v['count'] for v in found)} serious/critical")
        for v in found:
            print(f"  {v['impact']:8} {v['id']} x{v['count']}: {v['help']}  e.g. {v['nodes'][:2]}")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
