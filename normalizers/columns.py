"""Which column of a task table holds what, found by the header's words, not by position."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from normalizers.text import clean_text
from parsers.headers import SEQ_HEADERS
from pipeline.errors import Code, Location, ParseError


class Column(StrEnum):
    """What a column means."""

    SEQ = "seq"
    TASK = "task"
    UNITS = "units"  # 责任单位: roles come from the words in the cell
    LEAD = "lead"  # 牵头单位: every unit listed leads
    PARTICIPATING = "participating"  # 配合单位: every unit listed participates
    DEADLINE = "deadline"


# Header words, checked in this order; the first column a rule matches takes it.
HEADER_WORDS: tuple[tuple[Column, tuple[str, ...]], ...] = (
    (Column.SEQ, tuple(SEQ_HEADERS)),
    (Column.LEAD, ("牵头单位", "牵头部门")),
    (Column.PARTICIPATING, ("配合单位", "配合部门", "参与单位", "参加单位", "协办单位")),
    (Column.UNITS, ("责任单位", "责任部门", "牵头及责任单位", "责任主体")),
    (Column.DEADLINE, ("完成时限", "时间节点", "完成时间", "时限要求")),
    # Any other header with 任务 in it names the task column: 重点任务, 2022年任务清单, …
    (Column.TASK, ("任务", "工作内容", "主要内容")),
)


@dataclass(frozen=True)
class ColumnMap:
    """Column positions by meaning, plus the headers nobody reads."""

    positions: dict[Column, int]
    ignored: tuple[str, ...]

    def get(self, column: Column) -> int | None:
        """Position of `column`, or None if the table has none."""
        return self.positions.get(column)


def map_columns(header: tuple[str, ...], where: Location) -> ColumnMap:
    """Find each column by its header words; refuse a header without seq, task and units."""
    positions: dict[Column, int] = {}
    ignored: list[str] = []
    for index, raw in enumerate(header):
        word = clean_text(raw)
        column = _column_of(word, positions)
        if column is None:
            ignored.append(word)
        else:
            positions[column] = index
    missing = [c.value for c in (Column.SEQ, Column.TASK) if c not in positions]
    if Column.UNITS not in positions and Column.LEAD not in positions:
        missing.append("units (责任单位 or 牵头单位)")
    if missing:
        raise ParseError(
            f"header lacks column(s): {', '.join(missing)}",
            where.saying(" | ".join(header)),
            code=Code.BAD_HEADER,
        )
    return ColumnMap(positions, tuple(ignored))


def _column_of(word: str, taken: dict[Column, int]) -> Column | None:
    for column, words in HEADER_WORDS:
        if column in taken:
            continue
        exact = column is Column.SEQ
        if any(word == w if exact else w in word for w in words):
            return column
    return None
