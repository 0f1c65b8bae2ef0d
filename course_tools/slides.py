"""Build offline reveal.js decks from executed notebooks (``make slides``).

Each deck is ``slides/build/NN_name.slides.html`` next to one shared ``lib/`` folder holding local copies
of reveal.js, MathJax 3, require.js and jQuery (installed by npm into ``slides/node_modules``), so the
folder presents from ``file://`` with no network. ``slides_dir`` is the checkout's ``slides/`` folder
(template and npm packages). Cells follow their ``slideshow.slide_type``; see
:class:`DeckPreprocessor` for what changes between a notebook and its deck.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import nbformat
from nbconvert import SlidesExporter
from nbconvert.preprocessors import Preprocessor

from . import student

# The data set the decks present unless told otherwise: 28 x 28 digits read from the back of a room,
# 8 x 8 ones do not (``python -m course_tools slides --dataset digits`` for the default data).
DECK_DATASET = "mnist_5k"

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_NOTE = (
    '<p class="course-widget-note">Interactive widget: live in JupyterLab '
    "(<code>make lab</code>, or present the notebook with the slideshow extension).</p>"
)

# What the decks need from each npm package, copied into lib/ (source inside node_modules -> target in lib/).
LIBRARIES = {
    "reveal.js/dist": "reveal.js/dist",
    "reveal.js/plugin": "reveal.js/plugin",
    "mathjax/es5": "mathjax/es5",
    "requirejs/require.js": "requirejs/require.js",
    "jquery/dist/jquery.min.js": "jquery/jquery.min.js",
}


class DeckPreprocessor(Preprocessor):
    """Make executed cells presentable.

    A self-check cell loses its hidden autograder block (nbgrader's, see course_tools.grading).
    Widget views (explorers, progress bars) only live in a kernel: they are dropped, and a cell that showed
    an explorer gets a note instead. A code cell that draws a figure shows the figure only: at projector size
    the plotting code would push the picture off the slide (the notebook keeps the code).
    """

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        cell.source = student.without_hidden_tests(cell.source)  # the autograder's assert is no lecture
        kept, had_widget = [], False
        for output in cell.get("outputs", []):
            if WIDGET_MIME in output.get("data", {}):
                had_widget = True
                continue
            kept.append(output)
        if had_widget and "widgets." in cell.source:
            kept.append(nbformat.v4.new_output("display_data", data={"text/html": WIDGET_NOTE}))
        cell.outputs = kept
        if any("image/png" in o.get("data", {}) for o in kept):
            cell.metadata.setdefault("transient", {})["remove_source"] = True
        return cell, resources


def ensure_libraries(slides_dir: Path) -> None:
    """Install the pinned npm packages into ``slides_dir/node_modules`` if they are not there yet."""
    missing = [src for src in LIBRARIES if not (slides_dir / "node_modules" / src).exists()]
    if missing:
        subprocess.run(
            ["npm", "install", "--no-package-lock", "--no-audit", "--no-fund"],
            cwd=slides_dir,
            check=True,
        )


def copy_npm_files(node_modules: Path, target_dir: Path, files: dict[str, str]) -> None:
    """Copy parts of the npm packages, ``{source inside node_modules: target inside target_dir}``,
    folders whole but without source maps (the decks and the site use this)."""
    for src, dst in files.items():
        source, target = node_modules / src, target_dir / dst
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.map"))
        else:
            shutil.copy2(source, target)


def copy_libraries(slides_dir: Path, out_dir: Path) -> None:
    """Copy what the decks need from the npm packages into ``out_dir / "lib"``."""
    copy_npm_files(slides_dir / "node_modules", out_dir / "lib", LIBRARIES)


def exporter(slides_dir: Path) -> SlidesExporter:
    """nbconvert's slides exporter with the course template and the widget preprocessor."""
    exp = SlidesExporter(
        template_name="course_reveal",
        extra_template_basedirs=[str(slides_dir / "templates")],
        reveal_url_prefix="lib/reveal.js",  # the template loads every other script from lib/ too
        reveal_theme="white",  # a theme with no web fonts
        reveal_transition="none",
        reveal_scroll=True,
        reveal_width="1280",
        reveal_height="720",
        jquery_url="lib/jquery/jquery.min.js",
        require_js_url="lib/requirejs/require.js",
        mathjax_url="lib/mathjax/es5/tex-chtml-full.js",
    )
    exp.register_preprocessor(DeckPreprocessor(), enabled=True)
    return exp


def build_deck(executed_notebook: Path, out_dir: Path, slides_dir: Path) -> Path:
    """Convert one executed notebook into ``out_dir/NAME.slides.html``; returns its path."""
    nb = nbformat.read(executed_notebook, as_version=4)
    nb.metadata.pop("widgets", None)  # widget state is only useful with a live kernel
    resources = {
        "reveal": {
            "url_prefix": "lib/reveal.js",
            "theme": "white",
            "transition": "none",
            "scroll": True,
            "width": "1280",
            "height": "720",
        },
        "metadata": {"name": executed_notebook.stem},
    }
    body, _ = exporter(slides_dir).from_notebook_node(nb, resources=resources)
    target = out_dir / f"{executed_notebook.stem}.slides.html"
    target.write_text(body, encoding="utf-8")
    return target


def build_decks(executed_notebooks: list[Path], out_dir: Path, slides_dir: Path) -> list[Path]:
    """Build every deck into ``out_dir`` with a shared offline ``lib/`` folder."""
    ensure_libraries(slides_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    copy_libraries(slides_dir, out_dir)
    return [build_deck(p, out_dir, slides_dir) for p in executed_notebooks]
