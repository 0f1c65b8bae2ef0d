"""Messages the builds write into what students read (exercise stubs, the revealed-solution toggle, deck
and site labels), in the language of the build: the library's catalog (``course_utils.i18n``) holds them.
"""

from __future__ import annotations

from course_utils.i18n import LANGUAGES, N_, _catalog

__all__ = ["N_", "tr"]


def tr(message: str, language: str = "en") -> str:
    """``message`` in ``language`` ("en" is the source), from the course's catalog."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, got {language!r}")
    return message if language == "en" else _catalog(language).get(message, message)
