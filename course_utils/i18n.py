"""The language of every message the library shows: self-check verdicts and hints, figure labels,
widget labels, progress bars, warnings and errors (introduced in each notebook's set-up cell).

A notebook selects its language in one visible line, ``use_language("en")`` (the Spanish edition:
``use_language("es")``); the environment variable ``COURSE_LANG`` overrides it. Messages are marked
with :func:`_` in the source and translated from a gettext catalog,
``course_utils/locale/<language>/LC_MESSAGES/course_utils.po``, which ``python -m course_tools
translate --check`` keeps complete. English is the source language: it needs no catalog.

Write a message as one literal inside ``_()`` and fill it in afterwards, so that the extractor sees
it and the translator can move the fields: ``_("{name} must be >= 1, got {value!r}").format(...)``.
Argument names inside a message stay as in the code.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

LANGUAGES = ("en", "es")
"""The languages of the course: English (the source) and Spanish (the lecture's language)."""

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "course_utils"


def _check(language: str) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, got {language!r}")
    return language


_current = _check(os.environ.get("COURSE_LANG", "").strip() or "en")


def use_language(language: str) -> str:
    """Show the library's messages in ``language`` ("en" or "es") from now on; returns the language
    in use, which is ``COURSE_LANG`` when that is set."""
    global _current
    _current = _check(os.environ.get("COURSE_LANG", "").strip() or _check(language))
    return _current


def current_language() -> str:
    """The language :func:`_` translates into."""
    return _current


def catalog_path(language: str) -> Path:
    """Where the catalog of ``language`` lives (English has none: it is the source)."""
    return LOCALE_DIR / _check(language) / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def _catalog(language: str) -> dict[str, str]:
    import polib

    path = catalog_path(language)
    if not path.exists():
        return {}
    return {e.msgid: e.msgstr for e in polib.pofile(str(path)) if e.msgstr and not e.fuzzy and not e.obsolete}


def _(message: str) -> str:
    """``message`` in the current language (unchanged in English, or where no translation exists)."""
    if _current == "en":
        return message
    return _catalog(_current).get(message, message)


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it now (a constant translated when shown)."""
    return message
