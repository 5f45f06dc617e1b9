"""Which column of a task table holds what, found by the header's words, not by position."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

import regex

from normalizers import lexicon
from normalizers.text import clean_text
from parsers import headers
from parsers.headers import SEQ_HEADERS
from pipeline.errors import Code, Location, ParseError
from pipeline.records import Role


class Column(StrEnum):
    """What a column means."""

    SEQ = "seq"
    TASK = "task"
    UNITS = "units"  # 责任单位: roles come from the words in the cell
    MORE_UNITS = "more_units"  # a second 责任单位 column (主要责任单位 | 其他责任单位), read the same way
    LEAD = "lead"  # 牵头单位: every unit listed leads
    PARTICIPATING = "participating"  # 配合单位: every unit listed participates
    DEADLINE = "deadline"
    IGNORED = "ignored"  # 责任领导, 备注, …: named so that no other rule takes them


@cache
def header_words() -> tuple[tuple[str, Column, bool], ...]:
    """(word, column, whole header only) from normalizers/data/headers.tsv, in order."""
    return tuple((word, Column(column), exact) for word, column, exact in headers.header_words())


def column_of(word: str) -> Column | None:
    """The column a header (or a label inside a cell) names, or None."""
    column = headers.column_named(word)
    return Column(column) if column is not None else None


# The share of a column's non-empty cells that must read as units for the column to be taken as
# the units column when no header word names one (责任股室(单位)).
MIN_UNITS_SHARE = 0.8


# The role a split column gives every unit listed in it (a territorial clause aside), as a column
# or as a label inside a cell (牵头单位：…); a units column leaves its units to their words.
FORCED_ROLES: dict[Column, Role] = {Column.LEAD: Role.LEAD, Column.PARTICIPATING: Role.PARTICIPATING}
# The role each column of units stands for, its words' role where they are no column (（配合单位）).
ROLE_OF_COLUMN: dict[Column, Role] = {**FORCED_ROLES, Column.UNITS: Role.RESPONSIBLE}


@dataclass(frozen=True)
class ColumnMap:
    """Column positions by meaning, plus the headers nobody reads and the one read by its cells."""

    positions: dict[Column, int]
    ignored: tuple[str, ...]
    units_by_cells: str | None = None  # the header of a units column told by its cells, not its words
    other_task_words: tuple[int, ...] = ()  # columns of task words besides the task column (项目)
    # Headers of columns no word names, left unread, whose cells read as units all the same (a 协办
    # column before 协办 was a header word): the report names them, they are never dropped in silence.
    unread_units: tuple[str, ...] = ()

    def get(self, column: Column) -> int | None:
        """Position of `column`, or None if the table has none."""
        return self.positions.get(column)


def map_columns(
    header: tuple[str, ...], where: Location, units_share: Callable[[int], float] | None = None
) -> ColumnMap:
    """Find each column by its header words; refuse a header without seq, task and units. A task
    column whose header has none of the task words is the one column no word names, if there is one.
    With no units column named, the unnamed column whose cells read as units (`units_share`: the
    share of a column's non-empty cells that do, at least MIN_UNITS_SHARE) is the units column; any
    other such column is named in `unread_units`."""
    positions: dict[Column, int] = {}
    ignored: list[str] = []
    unnamed: list[int] = []  # columns no header word names (neither read nor ignored by name)
    task_at = _task_column(header)
    other_task_words: list[int] = []
    for index, raw in enumerate(header):
        word = clean_text(raw)
        column = _column_of(_without_note(word), positions)
        if column is Column.TASK and index != task_at:
            other_task_words.append(index)  # 项目 beside 重点工作目标任务: a category where merged down
            column = None
        if column is None:
            ignored.append(word)
            unnamed += [] if column_of(word) is not None else [index]
        else:
            positions[column] = index
    if Column.TASK not in positions and len(unnamed) == 1:
        # The one column left over is the tasks' (主要工作目标, 工作事项): every other column is named.
        positions[Column.TASK] = unnamed[0]
        ignored.remove(clean_text(header[unnamed[0]]))
    by_cells = None
    shares = {i: units_share(i) for i in unnamed if i != positions.get(Column.TASK)} if units_share else {}
    if Column.UNITS not in positions and Column.LEAD not in positions:
        best = max(shares, key=lambda i: (shares[i], -i), default=None)
        if best is not None and shares[best] >= MIN_UNITS_SHARE:
            positions[Column.UNITS] = best
            by_cells = clean_text(header[best])
            ignored.remove(by_cells)
    read = set(positions.values())
    unread_units = tuple(
        clean_text(header[i]) for i, share in shares.items() if i not in read and share >= MIN_UNITS_SHARE
    )
    missing = [c.value for c in (Column.SEQ, Column.TASK) if c not in positions]
    if Column.UNITS not in positions and Column.LEAD not in positions:
        missing.append("units (责任单位 or 牵头单位)")
    if missing:
        raise ParseError(
            f"header lacks column(s): {', '.join(missing)}",
            where.saying(" | ".join(header)),
            code=Code.BAD_HEADER,
        )
    return ColumnMap(positions, tuple(ignored), by_cells, tuple(other_task_words), unread_units)


def _task_column(header: tuple[str, ...]) -> int | None:
    """The task column where several headers hold task words: the one named by the word that comes
    first in headers.tsv (重点工作目标任务 by 重点工作 before 项目 by 项目), the leftmost of equals."""
    ranks = {}
    for index, raw in enumerate(header):
        rank = headers.header_row_of(_without_note(clean_text(raw)))
        if rank is not None and header_words()[rank][1] is Column.TASK:
            ranks[index] = rank
    return min(ranks, key=lambda i: (ranks[i], i), default=None)


_NOTE = regex.compile(r"[（(][^（）()]*[)）]")


def _without_note(header: str) -> str:
    """A header without its bracketed note, which explains the column and does not name it:
    责任部门(加*号为牵头部门,其余为参与部门) is a units column, whose marks the note explains."""
    return _NOTE.sub("", header) or header


def _column_of(word: str, taken: dict[Column, int]) -> Column | None:
    if word in SEQ_HEADERS:
        return None if Column.SEQ in taken else Column.SEQ
    for w, column, exact in header_words():
        if column is Column.UNITS and Column.UNITS in taken and Column.MORE_UNITS not in taken:
            column = Column.MORE_UNITS  # never a column dropped: its units are read after the first's
        if column in taken or not (word == w if exact else w in word):
            continue
        return None if column is Column.IGNORED else column
    role = _role_header(word)
    return role if role is not None and role not in taken else None


# The column a role's word heads when it is a table's header alone (城厢's 主办 | 协办 under 承办单位);
# never a label inside text, where 主办：… is a web page's footer (its site's sponsor). roles.tsv is
# read here, not through normalizers.roles, which reads this module's columns.
@cache
def _role_headers() -> dict[str, Column]:
    columns = {role.value: column for column, role in ROLE_OF_COLUMN.items()}
    return {row["word"]: columns[row["role"]] for row in lexicon.table("roles") if row["role"] in columns}


def _role_header(word: str) -> Column | None:
    return _role_headers().get(word)
