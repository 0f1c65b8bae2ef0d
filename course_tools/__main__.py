"""The course's command line (run from inside the checkout, or pass --root).

python -m course_tools run [--fast] [--out DIR] [--dataset NAME] [--openml-standin] [NOTEBOOK ...]
                                                               execute notebooks, print a timing table
python -m course_tools student [--out build/student]           the student version (solutions removed)
python -m course_tools nbgrader [--out build/nbgrader]         an nbgrader course folder, one assignment per notebook
python -m course_tools slides [--fast] [--dataset NAME] [--out slides/build]   offline reveal.js decks
python -m course_tools site [--fast] [--dataset NAME] [--out build/site]       the course website

NOTEBOOK is a path or a prefix such as 03. Exit status 1 when a notebook fails.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from . import execution, grading, project, site, slides, student


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
    parser = argparse.ArgumentParser(
        prog="python -m course_tools",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--root", type=Path, default=None, help="the course checkout (default: found from here)")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="execute notebooks in fresh kernels and print their timings")
    run.add_argument("--fast", action="store_true", help="fast mode (COURSE_FAST=1), as in CI")
    run.add_argument("--out", type=Path, default=None, help="where executed copies go (default: a temporary folder)")
    run.add_argument("--dataset", default=None, help="set COURSE_DATASET (digits, mnist_5k, mnist, fashion_mnist)")
    run.add_argument(
        "--openml-standin",
        action="store_true",
        help="answer the MNIST / Fashion-MNIST download with the bundled 5,000 images grown to 70,000",
    )
    stu = sub.add_parser("student", help="build the student version")
    stu.add_argument("--out", type=Path, default=None, help="default: build/student in the checkout")
    grd = sub.add_parser("nbgrader", help="write an nbgrader course folder (source/ + nbgrader_config.py)")
    grd.add_argument("--out", type=Path, default=None, help="default: build/nbgrader in the checkout")
    sli = sub.add_parser("slides", help="execute the notebooks and build offline decks")
    sli.add_argument("--fast", action="store_true", help="execute in fast mode (quicker, for checks)")
    sli.add_argument("--out", type=Path, default=None, help="default: slides/build in the checkout")
    sli.add_argument(
        "--dataset", default=slides.DECK_DATASET, help=f"set COURSE_DATASET (default: {slides.DECK_DATASET}, 28 x 28)"
    )
    web = sub.add_parser("site", help="execute the notebooks and build the website")
    web.add_argument("--fast", action="store_true", help="execute in fast mode (quicker, for checks)")
    web.add_argument("--out", type=Path, default=None, help="default: build/site in the checkout")
    web.add_argument("--dataset", default=None, help="set COURSE_DATASET (default: each notebook's, digits)")
    for command in (run, stu, grd, sli, web):
        command.add_argument("notebooks", nargs="*", help="paths or prefixes (default: every notebook)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    root = project.find_root(args.root)
    notebooks = select_notebooks(root, args.notebooks)
    if args.command == "run":
        results = execution.run_notebooks(
            notebooks, fast=args.fast, out_dir=args.out, dataset=args.dataset, openml_standin=args.openml_standin
        )
        print(execution.format_table(results, fast=args.fast, dataset=args.dataset))
        return 0 if all(r.passed for r in results) else 1
    if args.command == "student":
        for path in student.build_student(notebooks, args.out or root / "build" / "student"):
            print(f"wrote {path}")
        return 0
    if args.command == "nbgrader":
        course = grading.make_course(notebooks, args.out or root / "build" / "nbgrader")
        print(f"wrote {course}: {len(notebooks)} assignments in source/; next, in that folder:")
        print(f"  nbgrader generate_assignment {notebooks[0].stem}   (release/ is what students get)")
        return 0
    with tempfile.TemporaryDirectory(prefix="course-build-") as tmp:
        results = execution.run_notebooks(notebooks, fast=args.fast, out_dir=Path(tmp), dataset=args.dataset)
        print(execution.format_table(results, fast=args.fast, dataset=args.dataset))
        if not all(r.passed for r in results):
            return 1
        if args.command == "slides":
            out = args.out or root / "slides" / "build"
            for deck in slides.build_decks([r.executed for r in results], out, root / "slides"):
                print(f"wrote {deck}")
        else:
            start = time.perf_counter()
            index = site.build_site(results, args.out or root / "build" / "site", root, fast=args.fast)
            print(f"wrote {index} (Sphinx build {time.perf_counter() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
