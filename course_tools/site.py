"""Build the course website from executed notebooks (``make site``).

Sphinx with myst-nb and sphinx-book-theme renders the executed notebooks (nothing runs during the
build); the pages in the checkout's ``site/`` folder (landing page, instructor guide, glossary) include
the README's course map. Each notebook page shows what a student works with: an exercise shows its
stub, and its solution follows the check in a collapsed toggle; the page names the data set and the
run it was executed with. Next to the pages the build puts the offline decks (``decks/``), the student
edition (``student/``) and an archive of the course's sources (``course-source.zip``), so that the
site on a USB stick holds everything needed to start. MathJax, require.js and the ipywidgets HTML
manager are local copies from ``slides/node_modules``: the site makes no request outside the machine,
from ``file://`` or a server.
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat

from . import cells, slides, student
from .i18n import tr
from .runner import RunResult
from .slides import WIDGET_STATE, WIDGET_VIEW, Build

# What the site needs from the npm packages (source inside node_modules -> target in _static/).
STATIC_LIBRARIES = {
    "mathjax/es5": "mathjax/es5",
    "requirejs/require.js": "widgets/require.js",
    # The manager loads its fonts from <data-jupyter-widgets-cdn>/@jupyter-widgets/html-manager/dist/.
    "@jupyter-widgets/html-manager/dist": "widgets/@jupyter-widgets/html-manager/dist",
}


def without_progress_bars(nb):
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


def page_notebook(nb, build: Build):
    """The site's copy of an executed instructor notebook: no progress bars, no autograder blocks, each
    exercise as its stub with the solution in a collapsed toggle after its check, and a line under the
    title naming the data set and the run."""
    nb = without_progress_bars(nbformat.from_dict(nb))
    reveal_after: dict[int, list[int]] = {}
    for solution, after in cells.exercises(nb):
        reveal_after.setdefault(after, []).append(solution)
    originals = [nbformat.from_dict(c) for c in nb.cells]
    out = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            cell.source = cells.without_hidden_tests(cell.source)
        if cells.BEGIN in cell.source:
            strip = cells.strip_code if cell.cell_type == "code" else cells.strip_markdown
            cell.source = strip(cell.source, build.language)
        out.append(cell)
        if i == 0:
            note = tr("This page was executed for the site on {dataset}, in a {run}.", build.language)
            out.append(
                nbformat.v4.new_markdown_cell(f"*{note.format(dataset=build.dataset_text(), run=build.run_text())}*")
            )
        out += [cells.reveal_cell(originals[solution], build.language) for solution in reveal_after.get(i, [])]
    nb.cells = out
    return nb


def source_archive(root: Path, target: Path) -> Path | None:
    """``git archive`` of the checkout's committed sources as a zip (None outside a git checkout)."""
    try:
        subprocess.run(
            ["git", "archive", "--format=zip", "--prefix=generative-models-course/", "-o", str(target), "HEAD"],
            cwd=root,
            check=True,
            capture_output=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return target


def repository_url(root: Path, given: str | None = None) -> str | None:
    """The repository's web address: ``given``, GitHub Actions' own, or the checkout's ``origin`` remote."""
    if given:
        return given
    if os.environ.get("GITHUB_REPOSITORY"):
        return f"{os.environ.get('GITHUB_SERVER_URL', 'https://github.com')}/{os.environ['GITHUB_REPOSITORY']}"
    try:
        url = subprocess.run(
            ["git", "remote", "get-url", "origin"], cwd=root, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    if url.startswith("git@"):
        url = "https://" + url[4:].replace(":", "/", 1)
    return url.removesuffix(".git") if url.startswith("http") else None


def build_page(results: list[RunResult], build: Build, *, repository: str | None, has_archive: bool) -> str:
    """The landing page's generated sections: how to start, and what this build holds."""
    t = build.language
    where = (
        tr("Clone the repository, {url}, or unpack the course's sources", t).format(url=f"<{repository}>")
        if repository
        else tr("Unpack the course's sources", t)
    )
    archive = ' (<a href="course-source.zip" download>course-source.zip</a>)' if has_archive else ""
    start = "\n".join(
        [
            "## " + tr("Set up and start", t),
            "",
            tr(
                "The notebooks import the course's library, `course_utils`: run them from a copy of the "
                "course, not from a single downloaded notebook.",
                t,
            ),
            "",
            f"1. {where}{archive}.",
            "2. "
            + tr(
                "With Python 3.10 to 3.14 and `make`, run `make lab` in that folder: it creates `.venv`, "
                "installs the course and opens JupyterLab on the student edition. On Linux, "
                "`make lab TORCH=cpu` takes PyTorch's CPU-only wheel instead of PyPI's CUDA build.",
                t,
            ),
            "3. "
            + tr(
                "Without `make`: `python -m venv .venv`, activate it, `python -m pip install -e .`, then "
                "`python -m course_tools lab`.",
                t,
            ),
            "",
        ]
    )
    rows, deck, download = [], tr("deck", t), tr("student notebook", t)
    for r in results:
        rows.append(
            "<tr>"
            f'<td><a href="notebooks/{r.name}.html">{html.escape(r.name)}</a></td>'
            f"<td>{r.seconds:.1f} s</td>"
            f'<td><a href="decks/{r.name}.slides.html">{deck}</a></td>'
            f'<td><a href="student/{r.name}.ipynb" download>{download}</a></td>'
            "</tr>"
        )
    total, total_label = sum(r.seconds for r in results), tr("total", t)
    columns = (tr("notebook", t), tr("run time", t), tr("slides", t), tr("download", t))
    head = "".join(f'<th scope="col">{c}</th>' for c in columns)
    return (
        start
        + "\n## "
        + tr("This build", t)
        + "\n\n"
        + tr(
            "Every notebook was executed for this site in a fresh kernel on a CPU: {build}. The decks "
            "present offline (open one from the downloaded site; press `s` for speaker notes), and the "
            "student notebooks have every solution replaced by a stub, with the solution collapsed after "
            "its check.",
            t,
        ).format(build=build.describe())
        + '\n\n```{raw} html\n<table class="course-map"><thead><tr>'
        + head
        + "</tr></thead><tbody>\n"
        + "\n".join(rows)
        + f"\n<tr><td><b>{total_label}</b></td><td><b>{total:.1f} s</b></td><td></td><td></td></tr>"
        "\n</tbody></table>\n```\n"
    )


@dataclass
class Edition:
    """One language of the site: its executed notebooks and the source notebooks they were run from."""

    language: str
    results: list[RunResult]
    sources: list[Path]
    decks_dir: Path | None = None  # decks already built from the same run (the tests reuse theirs)
    dataset: str | None = None  # the data set its notebooks ran on, if not the build's (the tests' Spanish run)


def language_switch(page: str, language: str, languages: list[str]) -> str:
    """Links from ``page`` (a path inside the site, such as ``notebooks/01_mle_and_map.html``) of the
    ``language`` site to its twin in every other language (English at the top, Spanish under ``es/``)."""
    depth = page.count("/") + (0 if language == "en" else 1)
    up = "../" * depth
    links = []
    for other in languages:
        if other == language:
            continue
        target = f"{up}{'' if other == 'en' else other + '/'}{page}"
        links.append(f'<a href="{target}" hreflang="{other}" lang="{other}">{LANGUAGE_NAMES[other]}</a>')
    label = tr("This page in", language)
    return f'<p class="course-language-switch">{label}: {" · ".join(links)}</p>'


LANGUAGE_NAMES = {"en": "English", "es": "Español"}


def _with_switch(markdown: str, page: str, language: str, languages: list[str]) -> str:
    """A page's markdown with the language switch under its first heading."""
    if len(languages) < 2:
        return markdown
    block = f"```{{raw}} html\n{language_switch(page, language, languages)}\n```\n"
    lines = markdown.split("\n")
    first = next((i for i, line in enumerate(lines) if line.startswith("# ")), -1)
    return "\n".join([*lines[: first + 1], "", block, *lines[first + 1 :]])


def build_site(
    editions: list[Edition],
    out_dir: Path,
    root: Path,
    *,
    fast: bool,
    dataset: str = slides.DECK_DATASET,
    repository: str | None = None,
) -> Path:
    """Build the site into ``out_dir`` from executed notebooks, English at the top and every other
    language in a folder of its own (``es/``), each page linked to its twins; returns the English (or
    only) index page."""
    languages = [e.language for e in editions]
    out_dir = Path(out_dir)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    for edition in sorted(editions, key=lambda e: e.language != "en"):  # English first: it owns out_dir
        target = out_dir if edition.language in ("en", languages[0]) else out_dir / edition.language
        _build_one(
            edition, target, root, Build(edition.dataset or dataset, fast, edition.language), languages, repository
        )
    return out_dir / "index.html"


def _build_one(edition: Edition, out_dir: Path, root: Path, build: Build, languages: list[str], repository) -> None:
    from sphinx.cmd.build import build_main

    from . import translate

    language = build.language
    with tempfile.TemporaryDirectory(prefix="course-site-") as tmp:
        source = Path(tmp) / "source"
        shutil.copytree(root / "site", source, ignore=shutil.ignore_patterns("README.md", "_build"))
        pages = {
            page: (root / page).read_text(encoding="utf-8") for page in translate.SITE_PAGES if (root / page).exists()
        }
        if language != "en":
            site_po = translate.load(translate.catalog_paths(root, language)["site"], language)
            pages = {page: translate.translate_page(page, text, site_po) for page, text in pages.items()}
        for page, text in pages.items():  # the pages include ../README.md, as in site/
            target = Path(tmp) / page if page == "README.md" else source / Path(page).relative_to("site")
            html_name = str(Path(page).relative_to("site").with_suffix(".html")) if page != "README.md" else None
            target.write_text(_with_switch(text, html_name, language, languages) if html_name else text, "utf-8")
        (source / "notebooks").mkdir()
        for r in edition.results:
            nb = page_notebook(nbformat.read(r.executed, as_version=4), build)
            if nb.cells and nb.cells[0].cell_type == "markdown":  # under the title, as on the other pages
                nb.cells[0].source = _with_switch(nb.cells[0].source, f"notebooks/{r.name}.html", language, languages)
            nbformat.write(nb, source / "notebooks" / r.executed.name)
        extra = source / "_extra"
        extra.mkdir()
        has_archive = source_archive(root, extra / "course-source.zip") is not None
        (source / "_generated").mkdir()
        (source / "_generated" / "build.md").write_text(
            build_page(edition.results, build, repository=repository_url(root, repository), has_archive=has_archive),
            encoding="utf-8",
        )
        slides.ensure_libraries(root / "slides")
        slides.copy_npm_files(root / "slides" / "node_modules", source / "_static", STATIC_LIBRARIES)
        if edition.decks_dir is None:
            slides.build_decks([r.executed for r in edition.results], extra / "decks", root / "slides", build=build)
        else:
            shutil.copytree(edition.decks_dir, extra / "decks")
        student.build_student(edition.sources, extra / "student", language=language, keep_edits=False)
        (extra / "student" / student.MANIFEST).unlink()
        os.environ["COURSE_SITE_LANGUAGE"] = language  # site/conf.py reads it (titles)
        try:
            status = build_main(["-b", "html", "-q", "-W", "--keep-going", "-E", str(source), str(out_dir)])
        finally:
            os.environ.pop("COURSE_SITE_LANGUAGE", None)
        if status != 0:
            raise RuntimeError(f"sphinx-build failed with status {status} (warnings are errors)")
    shutil.rmtree(out_dir / ".doctrees", ignore_errors=True)
