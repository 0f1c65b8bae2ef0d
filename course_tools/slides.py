"""Build offline reveal.js decks from executed notebooks (``make slides``).

Each deck is ``slides/build/NN_name.slides.html`` next to one shared ``lib/`` folder holding local copies
of reveal.js, MathJax 3, require.js and jQuery (installed by npm into ``slides/node_modules``), so the
folder presents from ``file://`` with no network. ``slides_dir`` is the checkout's ``slides/`` folder
(template and npm packages). Cells follow their ``slideshow.slide_type``; :func:`deck_notebook` and
:class:`DeckPreprocessor` say what changes between a notebook and its deck.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbconvert import SlidesExporter
from nbconvert.preprocessors import Preprocessor

from . import cells
from .i18n import N_, tr

# The data set the decks and the site present unless told otherwise: 28 x 28 digits read from the back
# of a room, 8 x 8 ones do not (``python -m course_tools slides --dataset digits`` for the default data).
DECK_DATASET = "mnist_5k"
DATASET_NAMES = {
    "digits": N_("digits (8 × 8 handwritten digits, scikit-learn)"),
    "mnist_5k": N_("mnist_5k (5,000 MNIST digits, 28 × 28)"),
    "mnist": N_("mnist (MNIST, 70,000 digits, 28 × 28)"),
    "fashion_mnist": N_("fashion_mnist (Fashion-MNIST, 28 × 28)"),
}

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"

# What the decks need from each npm package, copied into lib/ (source inside node_modules -> target in lib/).
LIBRARIES = {
    "reveal.js/dist": "reveal.js/dist",
    "reveal.js/plugin": "reveal.js/plugin",
    "mathjax/es5": "mathjax/es5",
    "requirejs/require.js": "requirejs/require.js",
    "jquery/dist/jquery.min.js": "jquery/jquery.min.js",
}


@dataclass(frozen=True)
class Build:
    """What a deck (or site) was built from: the data set, the mode and the language."""

    dataset: str = DECK_DATASET
    fast: bool = False
    language: str = "en"

    def dataset_text(self) -> str:
        """The data set, named and described (``mnist_5k (5,000 MNIST digits, 28 × 28)``)."""
        return tr(DATASET_NAMES.get(self.dataset, self.dataset), self.language)

    def run_text(self) -> str:
        """The length of the run: full, or fast (shorter training)."""
        return tr("fast run (shorter training)", self.language) if self.fast else tr("full run", self.language)

    def describe(self) -> str:
        """One line for a deck's footer or a site page: the data set and the length of the run."""
        return tr("Data: {dataset} · {run}", self.language).format(dataset=self.dataset_text(), run=self.run_text())


def has_figure(output) -> bool:
    """An output that shows a figure (the course's ``<img class="course-figure">``, or a plain PNG)."""
    data = output.get("data", {})
    return "image/png" in data or 'class="course-figure"' in str(data.get("text/html", ""))


def deck_notebook(nb, build: Build):
    """The deck's copy of an executed instructor notebook: the exercise slide shows the student's stub, and
    the solution follows on a slide of its own after the cell that settles the exercise (its check, which
    comes after the measurement of a *predict, then run*); section check cells are skipped; the data-set
    line says what this deck was built on."""
    nb = nbformat.from_dict(nb)
    inserts: dict[int, list] = {}
    for solution, after in cells.exercises(nb):
        original = nb.cells[solution]
        heading = tr("Solution", build.language)
        fence = "python" if original.cell_type == "code" else ""
        body = cells.solution_text(original.source)
        text = f"#### {heading}\n\n```{fence}\n{body}\n```" if fence else f"#### {heading}\n\n{body}"
        slide = nbformat.v4.new_markdown_cell(text, metadata={"slideshow": {"slide_type": "subslide"}})
        inserts.setdefault(after, []).append(slide)
        strip = cells.strip_code if original.cell_type == "code" else cells.strip_markdown
        original.source = strip(original.source, build.language)
    out = []
    for i, cell in enumerate(nb.cells):
        if cells.CHECK_TAG in cell.get("metadata", {}).get("tags", []):
            cell.metadata.setdefault("slideshow", {})["slide_type"] = "skip"
        if cell.cell_type == "code" and "dataset_name(" in cell.source:
            note = tr("this deck: COURSE_DATASET={dataset}", build.language).format(dataset=build.dataset)
            cell.source = "\n".join(
                f"{line}  # {note}" if "dataset_name(" in line and not line.lstrip().startswith("#") else line
                for line in cell.source.splitlines()
            )
        out += [cell, *inserts.get(i, [])]
    nb.cells = out
    nb.metadata.pop("widgets", None)  # widget state is only useful with a live kernel
    return nb


def deck_title(nb, build: Build) -> str:
    """The deck's page title: the notebook's first heading, then "slides" in the deck's language."""
    first = next((c.source for c in nb.cells if c.cell_type == "markdown"), "")
    heading = next((line.lstrip("# ").strip() for line in first.splitlines() if line.startswith("# ")), "")
    return tr("{title} — slides", build.language).format(title=heading or tr("Course", build.language))


class DeckPreprocessor(Preprocessor):
    """Make executed cells presentable.

    A self-check cell loses its hidden autograder block (nbgrader's, see course_tools.grading).
    Widget views (explorers, progress bars) only live in a kernel: they are dropped, and a cell that showed
    an explorer gets a note instead. A code cell that draws a figure shows the figure only: at projector size
    the plotting code would push the picture off the slide (the notebook keeps the code).
    """

    language = "en"

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        cell.source = cells.without_hidden_tests(cell.source)  # the autograder's assert is no lecture
        kept, had_widget = [], False
        for output in cell.get("outputs", []):
            if WIDGET_VIEW in output.get("data", {}):
                had_widget = True
                continue
            kept.append(output)
        if had_widget and "widgets." in cell.source:
            note = tr(
                "Interactive widget: live in JupyterLab (make lab, or present the notebook with the slideshow "
                "extension).",
                self.language,
            )
            kept.append(
                nbformat.v4.new_output("display_data", data={"text/html": f'<p class="course-widget-note">{note}</p>'})
            )
        cell.outputs = kept
        if any(has_figure(o) for o in kept):
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


def exporter(slides_dir: Path, build: Build) -> SlidesExporter:
    """nbconvert's slides exporter with the course template and the deck preprocessor."""
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
        language_code=build.language,
    )
    preprocessor = DeckPreprocessor()
    preprocessor.language = build.language
    exp.register_preprocessor(preprocessor, enabled=True)
    return exp


def build_deck(executed_notebook: Path, out_dir: Path, slides_dir: Path, build: Build) -> Path:
    """Convert one executed notebook into ``out_dir/NAME.slides.html``; returns its path."""
    nb = deck_notebook(nbformat.read(executed_notebook, as_version=4), build)
    resources = {
        "metadata": {"name": executed_notebook.stem},
        "course": {"language": build.language, "footer": build.describe()},
    }
    body, _ = exporter(slides_dir, build).from_notebook_node(nb, resources=resources)
    body = re.sub(
        r"<title>.*?</title>", f"<title>{html.escape(deck_title(nb, build))}</title>", body, count=1, flags=re.S
    )
    target = out_dir / f"{executed_notebook.stem}.slides.html"
    target.write_text(body, encoding="utf-8")
    return target


def build_decks(executed_notebooks: list[Path], out_dir: Path, slides_dir: Path, *, build: Build) -> list[Path]:
    """Build every deck into ``out_dir`` with a shared offline ``lib/`` folder."""
    ensure_libraries(slides_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    copy_npm_files(slides_dir / "node_modules", out_dir / "lib", LIBRARIES)
    return [build_deck(p, out_dir, slides_dir, build) for p in executed_notebooks]
