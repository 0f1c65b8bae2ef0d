"""The student edition (``make lab``, ``make student``): what students open and work in.

Every solution becomes a ``raise NotImplementedError`` stub that names what to write, every autograder
block goes, and each exercise's solution follows its check in a collapsed cell the student opens only
deliberately (:func:`course_tools.cells.student_notebook`); the self-checks then report "not attempted
yet" and later cells use course_utils' reference implementations, so the notebook runs top to bottom with
every exercise open. nbgrader's release (``make nbgrader``) is the same without the collapsed solutions.

The edition is written into a folder outside the sources (``build/lab/`` for ``make lab``): autosave
never touches a tracked file. Rebuilding keeps the student's work: a notebook the student has changed
since it was written (the build records what it wrote in ``.course-edition.json``) is left as it is,
and the build says how to get a fresh copy. It needs only the student install (nbformat comes with
JupyterLab).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import nbformat

from . import cells

MANIFEST = ".course-edition.json"


@dataclass
class Written:
    """One notebook of an edition: where it is and what the build did: written, updated, unchanged, kept
    (the student changed it) or newer (kept, and the course has changed it since)."""

    path: Path
    status: str


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def edition_text(source: Path, *, language: str = "en", reveal: bool = True) -> str:
    """The student edition of one source notebook, as the text of an ``.ipynb`` file."""
    nb = cells.read_source(source)
    return nbformat.writes(cells.student_notebook(nb, reveal=reveal, language=language)) + "\n"


def build_student(
    notebooks: list[Path],
    out_dir: Path,
    *,
    language: str = "en",
    reveal: bool = True,
    keep_edits: bool = True,
) -> list[Written]:
    """Write the student edition of ``notebooks`` into ``out_dir``.

    With ``keep_edits`` a notebook that differs from what the last build wrote there (the student worked
    in it) is kept, never overwritten; delete or rename it to get a fresh copy. Without it every notebook
    is written (a release folder)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest_path = out_dir / MANIFEST
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    written = []
    for source in notebooks:
        text = edition_text(Path(source), language=language, reveal=reveal)
        target = out_dir / Path(source).name
        status = "written"
        if target.exists():
            current = target.read_text(encoding="utf-8")
            edited = _digest(current) != manifest.get(target.name)
            if keep_edits and edited:  # the student's work: a newer edition waits until they ask for it
                written.append(Written(target, "kept" if _digest(text) == manifest.get(target.name) else "newer"))
                continue
            status = "unchanged" if current == text else "updated"
        if status != "unchanged":
            target.write_text(text, encoding="utf-8")
        manifest[target.name] = _digest(text)
        written.append(Written(target, status))
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return written


def report(written: list[Written]) -> str:
    """What a build did, in lines a student reads (a kept notebook says how to get a fresh copy)."""
    lines = []
    for w in written:
        if w.status == "kept":
            lines.append(f"kept     {w.path}  (your work; for a fresh copy, rename or delete it and build again)")
        elif w.status == "newer":
            lines.append(
                f"kept     {w.path}  (your work; the course has a newer version of it: rename or delete yours "
                "and build again to get it)"
            )
        else:
            lines.append(f"{w.status:<9}{w.path}")
    return "\n".join(lines)
