"""The sequence column: the words that head it (so a parser knows a header row) and its numbers."""

from __future__ import annotations

import unicodedata

import regex

# The words a task table's first column is headed with. A row that starts with one of them is
# the header (also when it is repeated mid-table); the normalizers map the other columns.
SEQ_HEADERS: frozenset[str] = frozenset({"序号", "编号"})


def is_header(first_cell: str) -> bool:
    """Whether a row whose first cell reads `first_cell` is a header row."""
    return "".join(first_cell.split()) in SEQ_HEADERS


# A 序号 as written: a whole number, in ASCII or full-width digits, maybe with a trailing 、 or .
_SEQ = regex.compile(r"^(?P<n>[0-9]{1,6})[.、]?$")


def seq_number(cell: str) -> int | None:
    """The number a 序号 cell holds (１、 → 1), or None if it holds no whole number."""
    match = _SEQ.match(unicodedata.normalize("NFKC", "".join(cell.split())))
    return int(match["n"]) if match else None
