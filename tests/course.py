"""The checkout under test: its root and its notebooks, for every test folder."""

from pathlib import Path

from course_tools import project

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = project.course_notebooks(NOTEBOOK_DIR)
