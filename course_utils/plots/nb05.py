"""Figures of notebook 05 (re-exported by :mod:`course_utils.plots`)."""

from __future__ import annotations

__all__: list[str] = []
