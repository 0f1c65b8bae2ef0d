"""The course's command line.

python -m course_utils run [--fast] [NOTEBOOK ...]      execute notebooks, print a timing table
python -m course_utils student [--out build/student]   build the student version (solutions removed)
python -m course_utils slides [--fast] [--out slides/build]   build offline reveal.js decks
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from . import execution, slides, student


def _notebooks(names: list[str]) -> list[Path]:
    if not names:
        return execution.course_notebooks()
    paths = []
    for name in names:
        path = Path(name)
        if not path.exists():
            matches = [p for p in execution.course_notebooks() if p.stem.startswith(name) or p.name == name]
            if len(matches) != 1:
                raise SystemExit(f"no single notebook matches {name!r}; use a path or a prefix such as 03")
            path = matches[0]
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m course_utils", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="execute notebooks in fresh kernels and print their timings")
    run.add_argument("--fast", action="store_true", help="fast mode (COURSE_FAST=1), as in CI")
    run.add_argument("--out", type=Path, default=None, help="where executed copies go (default: a temporary folder)")
    run.add_argument("notebooks", nargs="*", help="paths or prefixes (default: every notebook)")
    stu = sub.add_parser("student", help="build the student version")
    stu.add_argument("--out", type=Path, default=execution.ROOT / "build" / "student")
    stu.add_argument("notebooks", nargs="*")
    sli = sub.add_parser("slides", help="execute the notebooks and build offline decks")
    sli.add_argument("--fast", action="store_true", help="execute in fast mode (quicker, for checks)")
    sli.add_argument("--out", type=Path, default=slides.SLIDES_DIR / "build")
    sli.add_argument("notebooks", nargs="*")
    args = parser.parse_args(argv)

    notebooks = _notebooks(args.notebooks)
    if args.command == "run":
        results = execution.run_notebooks(notebooks, fast=args.fast, out_dir=args.out)
        print(execution.format_table(results, fast=args.fast))
        return 0 if all(r.passed for r in results) else 1
    if args.command == "student":
        for path in student.build_student(notebooks, args.out):
            print(f"wrote {path}")
        return 0
    with tempfile.TemporaryDirectory(prefix="course-slides-") as tmp:
        results = execution.run_notebooks(notebooks, fast=args.fast, out_dir=Path(tmp))
        print(execution.format_table(results, fast=args.fast))
        if not all(r.passed for r in results):
            return 1
        for deck in slides.build_decks([r.executed for r in results], args.out):
            print(f"wrote {deck}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
