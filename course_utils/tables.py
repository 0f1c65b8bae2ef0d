"""Tables of results, shown in a notebook as an accessible HTML table (and as Markdown where HTML is not
read): the one helper the notebooks use instead of assembling Markdown by hand.

>>> table([["PCA", 0.12], ["MLP", 0.08]], columns=["model", "error"], formats={"error": ".3f"})
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


def _cell(value, fmt: str | None) -> str:
    if isinstance(value, str):
        return value
    if fmt is not None:
        return format(value, fmt)
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


@dataclass(frozen=True)
class Table:
    """Rows of already formatted cells under column headers, with an optional caption."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str | None = None

    def _repr_html_(self) -> str:
        head = "".join(f'<th scope="col">{html.escape(c)}</th>' for c in self.columns)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(v)}</td>" for v in row) + "</tr>" for row in self.rows)
        caption = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        return f'<table class="course-table">{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'

    def _repr_markdown_(self) -> str:
        def line(cells):
            return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

        lines = [line(self.columns), "|" + "---|" * len(self.columns), *(line(r) for r in self.rows)]
        return (f"**{self.caption}**\n\n" if self.caption else "") + "\n".join(lines)

    def __repr__(self) -> str:
        widths = [max(len(c), *(len(r[i]) for r in self.rows)) for i, c in enumerate(self.columns)]
        lines = ["  ".join(c.ljust(w) for c, w in zip(self.columns, widths, strict=True))]
        lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) for r in self.rows]
        return "\n".join(([self.caption] if self.caption else []) + lines)


def table(
    rows: Sequence[Sequence],
    columns: Sequence[str],
    *,
    formats: Mapping[str, str] | None = None,
    caption: str | None = None,
) -> Table:
    """A :class:`Table` of ``rows`` under ``columns``; ``formats`` maps a column to a format spec (``".3f"``)
    for its numbers. Strings are shown as they are. Make it the last line of a cell to show it."""
    columns = tuple(str(c) for c in columns)
    formats = dict(formats or {})
    unknown = set(formats) - set(columns)
    if unknown:
        raise ValueError(f"formats names columns that do not exist: {sorted(unknown)}; columns are {list(columns)}")
    out = []
    for i, row in enumerate(rows):
        if len(row) != len(columns):
            raise ValueError(f"rows[{i}] has {len(row)} cells, expected {len(columns)} (one per column)")
        out.append(tuple(_cell(v, formats.get(c)) for v, c in zip(row, columns, strict=True)))
    return Table(columns, tuple(out), caption)
