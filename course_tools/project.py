"""Where the course checkout is, and its notebooks in order.

The tooling works on a checkout of the course (notebooks, slide templates), not on the installed
library: it finds the checkout from a folder inside it, by default the current one.
"""

from __future__ import annotations

from pathlib import Path


def find_root(start: Path | str | None = None) -> Path:
    """The nearest folder at or above ``start`` (default: the current folder) holding ``notebooks/``
    and ``pyproject.toml``; raises ``FileNotFoundError`` naming ``start`` when there is none."""
    start = Path(start or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / "notebooks").is_dir() and (folder / "pyproject.toml").is_file():
            return folder
    raise FileNotFoundError(
        f"no course checkout (a folder with notebooks/ and pyproject.toml) at or above {start}; "
        "run the command from inside the checkout or pass --root"
    )


def course_notebooks(notebook_dir: Path) -> list[Path]:
    """The course's notebooks in ``notebook_dir``, in order (``01_…`` to ``06_…``)."""
    return sorted(Path(notebook_dir).glob("[0-9][0-9]_*.ipynb"))
