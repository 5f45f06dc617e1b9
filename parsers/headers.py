"""How a parser recognises a header row: its first cell names the sequence column."""

from __future__ import annotations

# The words a task table's first column is headed with. A row that starts with one of them is
# the header (also when it is repeated mid-table); the normalizers map the other columns.
SEQ_HEADERS: frozenset[str] = frozenset({"序号", "编号"})


def is_header(first_cell: str) -> bool:
    """Whether a row whose first cell reads `first_cell` is a header row."""
    return "".join(first_cell.split()) in SEQ_HEADERS
