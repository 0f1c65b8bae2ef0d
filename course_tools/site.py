"""Build the course website from executed notebooks (``make site``).

Sphinx with myst-nb and sphinx-book-theme renders the executed notebooks (nothing runs during the
build); the pages in the checkout's ``site/`` folder include the README's course map, instructor
guide and glossary. Next to the pages the build puts the offline decks (``decks/``) and the student
notebooks (``student/``). MathJax, require.js and the ipywidgets HTML manager are local copies from
``slides/node_modules``: the site makes no request outside the machine, from ``file://`` or a server.
"""

from __future__ import annotations

import html
import shutil
import tempfile
from pathlib import Path

import nbformat

from . import slides, student
from .execution import RunResult

# What the site needs from the npm packages (source inside node_modules -> target in _static/).
STATIC_LIBRARIES = {
    "mathjax/es5": "mathjax/es5",
    "requirejs/require.js": "widgets/require.js",
    # The manager loads its fonts from <data-jupyter-widgets-cdn>/@jupyter-widgets/html-manager/dist/.
    "@jupyter-widgets/html-manager/dist": "widgets/@jupyter-widgets/html-manager/dist",
}


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def without_progress_bars(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop tqdm's progress bars (an HBox holding a FloatProgress) from the outputs: on a static page
    they are an empty box. The explorers' saved state stays."""
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})

    def is_progress_bar(model_id: str) -> bool:
        model = state.get(model_id, {})
        children = model.get("state", {}).get("children", [])
        child_ids = [c.removeprefix("IPY_MODEL_") for c in children if isinstance(c, str)]
        return model.get("model_name") == "HBoxModel" and any(
            state.get(c, {}).get("model_name") == "FloatProgressModel" for c in child_ids
        )

    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [
                o
                for o in cell.outputs
                if not is_progress_bar(o.get("data", {}).get(WIDGET_VIEW, {}).get("model_id", ""))
            ]
    return nb


def build_page(results: list[RunResult], *, fast: bool) -> str:
    """The landing page's "this build" section: run time, deck and student notebook per notebook."""
    mode = "fast mode (CI)" if fast else "full mode"
    rows = []
    for r in results:
        rows.append(
            "<tr>"
            f'<td><a href="notebooks/{r.name}.html">{html.escape(r.name)}</a></td>'
            f"<td>{r.seconds:.1f} s</td>"
            f'<td><a href="decks/{r.name}.slides.html">deck</a></td>'
            f'<td><a href="student/{r.name}.ipynb" download>student notebook</a></td>'
            "</tr>"
        )
    total = sum(r.seconds for r in results)
    return (
        f"Every notebook was executed for this site in a fresh kernel, in {mode}, on a CPU. The decks "
        "present offline (open one from the downloaded site; press `s` for speaker notes), and the "
        "student notebooks have every solution replaced by a stub.\n\n"
        '```{raw} html\n<table class="course-map"><thead><tr><th>notebook</th><th>run time</th>'
        "<th>slides</th><th>download</th></tr></thead><tbody>\n"
        + "\n".join(rows)
        + f"\n<tr><td><b>total</b></td><td><b>{total:.1f} s</b></td><td></td><td></td></tr>"
        "\n</tbody></table>\n```\n"
    )


def build_site(
    results: list[RunResult],
    out_dir: Path,
    root: Path,
    *,
    fast: bool,
    decks_dir: Path | None = None,
) -> Path:
    """Build the site into ``out_dir`` from executed notebooks; returns the path of its index page.

    ``decks_dir`` reuses decks already built from the same executed notebooks (the tests do);
    otherwise they are built here.
    """
    from sphinx.cmd.build import build_main

    out_dir = Path(out_dir)
    with tempfile.TemporaryDirectory(prefix="course-site-") as tmp:
        source = Path(tmp) / "source"
        shutil.copytree(root / "site", source, ignore=shutil.ignore_patterns("README.md", "_build"))
        shutil.copy2(root / "README.md", Path(tmp) / "README.md")  # pages include ../README.md, as in site/
        (source / "notebooks").mkdir()
        for r in results:
            nb = without_progress_bars(nbformat.read(r.executed, as_version=4))  # outputs and widget state
            for cell in nb.cells:
                if cell.cell_type == "code":
                    cell.source = student.without_hidden_tests(cell.source)
            nbformat.write(nb, source / "notebooks" / r.executed.name)
        (source / "_generated").mkdir()
        (source / "_generated" / "build.md").write_text(build_page(results, fast=fast), encoding="utf-8")
        slides.ensure_libraries(root / "slides")
        slides.copy_npm_files(root / "slides" / "node_modules", source / "_static", STATIC_LIBRARIES)

        extra = source / "_extra"
        if decks_dir is None:
            slides.build_decks([r.executed for r in results], extra / "decks", root / "slides")
        else:
            shutil.copytree(decks_dir, extra / "decks")
        notebooks = [root / "notebooks" / r.executed.name for r in results]
        student.build_student(notebooks, extra / "student")

        if out_dir.exists():
            shutil.rmtree(out_dir)
        status = build_main(["-b", "html", "-q", "-W", "--keep-going", "-E", str(source), str(out_dir)])
        if status != 0:
            raise RuntimeError(f"sphinx-build failed with status {status} (warnings are errors)")
    shutil.rmtree(out_dir / ".doctrees", ignore_errors=True)
    return out_dir / "index.html"
