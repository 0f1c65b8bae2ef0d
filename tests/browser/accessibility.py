"""axe-core (from npm, with the decks' other libraries) run on a page in headless Chromium: the serious and
critical violations of what the page shows.

    python -m tests.browser.accessibility build/site/index.html slides/build/01_mle_and_map.slides.html

prints each page's count per rule, for a look by hand; the browser tests assert zero.
"""

from __future__ import annotations

import sys

from tests.course import ROOT

AXE = ROOT / "slides" / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")
# WCAG 2.1 A and AA, plus best practices (e.g. landmarks, accessible names of widgets).
RUN = """async (context) => {
    // preload: false: axe would fetch the page's stylesheets with XMLHttpRequest, which file:// refuses
    // (a console error on every deck); the one rule that needs them (css-orientation-lock) is then skipped.
    const result = await axe.run(context || document, {resultTypes: ['violations'], preload: false});
    return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5), count: v.nodes.length}));
}"""


def violations(page, context: str | None = None) -> list[dict]:
    """Serious and critical axe-core violations of ``page`` (or of the element ``context`` selects)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate(RUN, context)
    return [v for v in found if v["impact"] in SERIOUS]


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
