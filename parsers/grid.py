"""Merged cells resolved to the real grid: the one place where spans are expanded.

A cell spanning several columns (w:gridSpan, colspan) puts its text in every column it covers;
a cell spanning several rows (HTML rowspan, or a Word w:vMerge chain) puts its text in every
row it covers. So a responsibility cell merged down over three tasks applies to each of them, and
a section row merged across the table reads the same in every column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from parsers.limits import MAX_COLSPAN, MAX_ROWSPAN

_NUMBER = regex.compile(r"^[0-9]{1,6}$")


@dataclass(frozen=True)
class Cell:
    """A cell as the format writes it."""

    text: str
    colspan: int = 1
    rowspan: int = 1  # HTML: how many rows down it reaches
    continues_above: bool = False  # Word: w:vMerge without restart, the cell above goes on here


def span_value(text: str | None) -> int:
    """A span attribute (colspan, w:gridSpan, …) as a number; 0 for anything but 1 to 6 ASCII digits,
    which the caller reads as no span, as browsers and Word do."""
    value = (text or "").strip()
    return int(value) if _NUMBER.match(value) else 0


def expand(rows: Sequence[Sequence[Cell]]) -> list[tuple[str, ...]]:
    """Each row as one string per grid column; short rows are padded with empty cells."""
    grid: list[list[str]] = []
    reaching: dict[int, tuple[str, int]] = {}  # column → (text, rows still to fill) from a rowspan
    for row in rows:
        out: list[str] = []
        for cell in row:
            _fill_from_above(out, reaching)
            column = len(out)
            text = cell.text
            if cell.continues_above:
                above = grid[-1] if grid else []
                text = above[column] if column < len(above) else ""
            span = max(1, min(cell.colspan, MAX_COLSPAN))
            down = max(1, min(cell.rowspan, MAX_ROWSPAN))
            for offset in range(span):
                if down > 1:
                    reaching[column + offset] = (text, down - 1)
                out.append(text)
        _fill_from_above(out, reaching)
        grid.append(out)
    width = max((len(r) for r in grid), default=0)
    return [tuple(r + [""] * (width - len(r))) for r in grid]


def _fill_from_above(out: list[str], reaching: dict[int, tuple[str, int]]) -> None:
    """Put the text of cells spanning down from rows above into the columns they occupy next."""
    while len(out) in reaching:
        text, left = reaching[len(out)]
        if left <= 1:
            del reaching[len(out)]
        else:
            reaching[len(out)] = (text, left - 1)
        out.append(text)
