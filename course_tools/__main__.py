"""The course's command line (run from inside the checkout, or pass --root).

python -m course_tools lab [--lang es] [--instructor | --source] [--no-open]   build the student edition, open it
python -m course_tools student [--lang es] [--out build/student]    the student edition (solutions collapsed)
python -m course_tools run [--fast] [--dataset NAME] [--seed-offset K] [--openml-standin] [--out DIR] [NOTEBOOK ...]
                                                                  execute notebooks, print a timing table
python -m course_tools nbgrader [--out build/nbgrader]             an nbgrader course folder, one assignment each
python -m course_tools slides [--fast] [--dataset NAME] [--out slides/build]   offline reveal.js decks
python -m course_tools site [--fast] [--dataset NAME] [--out build/site]       the course website
python -m course_tools clean [NOTEBOOK ...]                       clear outputs and execution counts of the sources
python -m course_tools translate [--lang es] [--update] [--check] [--out DIR]   the Spanish edition's catalogs

NOTEBOOK is a path or a prefix such as 03. Exit status 1 when a notebook fails or a source is not clean.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from . import cells, project


def select_notebooks(root: Path, names: list[str]) -> list[Path]:
    """Every course notebook, or those named by path or prefix (``03``, ``03_denoising…``)."""
    everything = project.course_notebooks(root / "notebooks")
    if not names:
        return everything
    paths = []
    for name in names:
        path = Path(name)
        if not path.exists():
            matches = [p for p in everything if p.stem.startswith(name) or p.name == name]
            if len(matches) != 1:
                raise SystemExit(f"no single notebook matches {name!r}; use a path or a prefix such as 03")
            path = matches[0]
        paths.append(path)
    return paths


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    from .slides import DECK_DATASET

    parser = argparse.ArgumentParser(
        prog="python -m course_tools",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--root", type=Path, default=None, help="the course checkout (default: found from here)")
    sub = parser.add_subparsers(dest="command", required=True)
    lab = sub.add_parser("lab", help="build the student edition into build/lab/ and open JupyterLab there")
    lab.add_argument("--instructor", action="store_true", help="open a copy of the instructor notebooks instead")
    lab.add_argument(
        "--source", action="store_true", help="edit the sources in notebooks/ (saved without outputs): contributors"
    )
    lab.add_argument("--no-open", action="store_true", help="build only; print the command that opens it")
    lab.add_argument("lab_args", nargs=argparse.REMAINDER, help="after --: options for jupyter lab")
    stu = sub.add_parser("student", help="build the student edition (solutions collapsed, kept edits)")
    stu.add_argument("--out", type=Path, default=None, help="default: build/student in the checkout")
    run = sub.add_parser("run", help="execute notebooks in fresh kernels and print their timings")
    run.add_argument("--fast", action="store_true", help="fast mode (COURSE_FAST=1): a shorter run")
    run.add_argument("--out", type=Path, default=None, help="where executed copies go (default: a temporary folder)")
    run.add_argument("--dataset", default=None, help="set COURSE_DATASET (digits, mnist_5k, mnist, fashion_mnist)")
    run.add_argument(
        "--seed-offset",
        type=int,
        default=0,
        help="move every seed the notebooks fix by this much (COURSE_SEED_OFFSET): do the claims hold by chance?",
    )
    run.add_argument(
        "--openml-standin",
        nargs="?",
        const="A",
        default=None,
        choices=("A", "B"),
        help="answer the MNIST / Fashion-MNIST download with the bundled 5,000 images grown to 70,000 "
        "(construction A, or B: another split, shifts and stroke weights)",
    )
    grd = sub.add_parser("nbgrader", help="write an nbgrader course folder (source/ + nbgrader_config.py)")
    grd.add_argument("--out", type=Path, default=None, help="default: build/nbgrader in the checkout")
    sli = sub.add_parser("slides", help="execute the notebooks and build offline decks")
    sli.add_argument("--fast", action="store_true", help="execute in fast mode (quicker, for checks)")
    sli.add_argument("--out", type=Path, default=None, help="default: slides/build in the checkout")
    sli.add_argument("--dataset", default=DECK_DATASET, help=f"set COURSE_DATASET (default: {DECK_DATASET}, 28 x 28)")
    web = sub.add_parser("site", help="execute the notebooks and build the website")
    web.add_argument("--fast", action="store_true", help="execute in fast mode (quicker, for checks)")
    web.add_argument("--out", type=Path, default=None, help="default: build/site in the checkout")
    web.add_argument("--dataset", default=DECK_DATASET, help=f"set COURSE_DATASET (default: {DECK_DATASET}, 28 x 28)")
    web.add_argument("--repository", default=None, help="the repository's web address, linked from every page")
    web.add_argument(
        "--lang", default="both", choices=("en", "es", "both"), help="the site's languages (default: both, linked)"
    )
    cln = sub.add_parser("clean", help="clear the outputs and execution counts of the source notebooks")
    trn = sub.add_parser("translate", help="update or check the translation catalogs, write translated notebooks")
    trn.add_argument("--update", action="store_true", help="bring every catalog in line with the English source")
    trn.add_argument("--check", action="store_true", help="fail on a missing, stale or obsolete entry, or changed code")
    trn.add_argument("--out", type=Path, default=None, help="write the translated notebooks into this folder")
    for command in (lab, stu, run, grd, sli, cln):
        command.add_argument("--lang", default="en", choices=("en", "es"), help="the edition's language")
    trn.add_argument("--lang", default="es", choices=("es",), help="the language to translate into")
    for command in (stu, run, grd, sli, web, cln, trn):
        command.add_argument("notebooks", nargs="*", help="paths or prefixes (default: every notebook)")
    return parser.parse_args(argv)


def open_lab(folder: Path, extra: list[str], language: str = "en") -> int:
    """Start JupyterLab in ``folder`` (``--allow-root`` only when running as root); returns its exit status.
    In Spanish, JupyterLab's own interface is Spanish too (its language pack, ``make lab-es``)."""
    import subprocess

    command = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={folder}", *extra]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # containers and cloud machines run as root
    env = dict(os.environ, COURSE_LANG=language)
    if language != "en":
        settings = folder / ".jupyterlab-settings"  # this edition's own settings: the interface in its language
        plugin = settings / "@jupyterlab" / "translation-extension" / "plugin.jupyterlab-settings"
        plugin.parent.mkdir(parents=True, exist_ok=True)
        if not plugin.exists():
            plugin.write_text(json.dumps({"locale": f"{language}_{language.upper()}"}) + "\n", encoding="utf-8")
        env["JUPYTERLAB_SETTINGS_DIR"] = str(settings)
    print(" ".join(command), flush=True)
    return subprocess.call(command, env=env)


def lab(root: Path, args: argparse.Namespace) -> int:
    from . import student

    notebooks = project.course_notebooks(root / "notebooks")
    folder = root / "build" / ("instructor" if args.instructor else "lab") / args.lang
    extra = [a for a in args.lab_args if a != "--"]
    if args.source:  # the tracked sources: every save drops outputs (course_tools.cells.clear_outputs_before_save)
        hook = "--FileContentsManager.pre_save_hook=course_tools.cells.clear_outputs_before_save"
        return 0 if args.no_open else open_lab(root / "notebooks", [hook, *extra])
    for path in notebooks:
        cells.read_source(path)
    with tempfile.TemporaryDirectory(prefix="course-lab-") as tmp:
        sources = edition_sources(root, notebooks, args.lang, Path(tmp))
        if args.instructor:  # a copy: presenting or trying answers never writes into the tracked sources
            folder.mkdir(parents=True, exist_ok=True)
            for path in sources:
                shutil.copy2(path, folder / path.name)
            print(f"instructor notebooks copied to {folder} (edit the sources with `make lab-source`)")
        else:
            print(student.report(student.build_student(sources, folder, language=args.lang)))
    if args.no_open:
        print(f"open it with: jupyter lab {folder}")
        return 0
    return open_lab(folder, extra, args.lang)


def clean(notebooks: list[Path]) -> int:
    import nbformat

    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        if cells.clear_outputs(nb):
            nbformat.write(nb, path)
            print(f"cleared {path}")
    return 0


def edition_sources(root: Path, notebooks: list[Path], language: str, scratch: Path) -> list[Path]:
    """The source notebooks of an edition: the English ones, or their translation written into ``scratch``."""
    if language == "en":
        return notebooks
    from . import translate

    return translate.write_notebooks(root, language, Path(scratch) / language, notebooks)


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    root = project.find_root(args.root)
    if args.command == "lab":
        return lab(root, args)
    notebooks = select_notebooks(root, args.notebooks)
    if args.command == "clean":
        return clean(notebooks)
    if args.command == "translate":
        from . import translate

        if not (args.update or args.check or args.out):
            args.check = True
        return translate.run(
            root, language=args.lang, update_catalogs=args.update, check=args.check, out=args.out, names=notebooks
        )
    try:
        for path in notebooks:
            cells.read_source(path)
    except cells.SourceError as error:
        print(error, file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="course-build-") as tmp:
        if args.command == "site":
            return build_site(root, args, notebooks, Path(tmp))
        return build(root, args, edition_sources(root, notebooks, args.lang, Path(tmp) / "sources"), Path(tmp))


def build_site(root: Path, args: argparse.Namespace, notebooks: list[Path], tmp: Path) -> int:
    """Execute every language's notebooks and build the site (English at the top, Spanish under es/)."""
    from . import runner, site

    editions = []
    for language in ("en", "es") if args.lang == "both" else (args.lang,):
        sources = edition_sources(root, notebooks, language, tmp / "sources")
        results = runner.run_notebooks(
            sources, fast=args.fast, out_dir=tmp / "executed" / language, dataset=args.dataset, language=language
        )
        print(runner.format_table(results, fast=args.fast, dataset=args.dataset))
        if not all(r.passed for r in results):
            return 1
        editions.append(site.Edition(language, results, sources))
    start = time.perf_counter()
    out = args.out or root / "build" / "site"
    index = site.build_site(editions, out, root, fast=args.fast, dataset=args.dataset, repository=args.repository)
    print(f"wrote {index} (Sphinx build {time.perf_counter() - start:.1f} s)")
    return 0


def build(root: Path, args: argparse.Namespace, notebooks: list[Path], tmp: Path) -> int:
    """Every command that builds from source notebooks (already translated for ``--lang``)."""
    language = args.lang
    if args.command == "student":
        from . import student

        out = args.out or root / "build" / "student" / language
        print(student.report(student.build_student(notebooks, out, language=language)))
        return 0
    if args.command == "nbgrader":
        from . import grading

        course = grading.make_course(notebooks, args.out or root / "build" / "nbgrader" / language, root)
        print(f"wrote {course}: {len(notebooks)} assignments in source/; next, in that folder:")
        print(f"  nbgrader generate_assignment {notebooks[0].stem}   (release/ is what students get)")
        return 0
    from . import runner

    if args.command == "run":
        results = runner.run_notebooks(
            notebooks,
            fast=args.fast,
            out_dir=args.out,
            dataset=args.dataset,
            openml_standin=args.openml_standin,
            seed_offset=args.seed_offset,
            language=language,
        )
        print(runner.format_table(results, fast=args.fast, dataset=args.dataset, seed_offset=args.seed_offset))
        return 0 if all(r.passed for r in results) else 1
    results = runner.run_notebooks(
        notebooks, fast=args.fast, out_dir=tmp / "executed", dataset=args.dataset, language=language
    )
    print(runner.format_table(results, fast=args.fast, dataset=args.dataset))
    if not all(r.passed for r in results):
        return 1
    from . import slides

    out = args.out or root / "slides" / "build" / language
    build = slides.Build(dataset=args.dataset, fast=args.fast, language=language)
    for deck in slides.build_decks([r.executed for r in results], out, root / "slides", build=build):
        print(f"wrote {deck}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
