"""Figures of notebook 02 (re-exported by :mod:`course_utils.plots`)."""

from __future__ import annotations

__all__: list[str] = []
