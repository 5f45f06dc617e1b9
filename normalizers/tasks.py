"""Numbered rows of a grid into tasks, with the mentions read from their responsibility cells."""

from __future__ import annotations

from dataclasses import dataclass, replace

from normalizers.cells import Mention, read_cell
from normalizers.columns import Column, ColumnMap
from normalizers.text import clean_text
from parsers.headers import seq_number
from pipeline.errors import Code, Location, ParseError
from pipeline.records import Grid, GridRow, Role, Source, Task

# A split column gives its role to every unit listed in it (the territorial clause aside).
_COLUMN_ROLE = {Column.LEAD: Role.LEAD, Column.PARTICIPATING: Role.PARTICIPATING}


@dataclass(frozen=True)
class ReadRow:
    """A task and the mentions of its responsibility cell(s), in order."""

    task: Task
    mentions: tuple[Mention, ...]
    location: Location


def task_id(doc_id: str, table_no: int, seq: int) -> str:
    """`{doc_id[:16]}:{table_no}:{seq}` (CONTRACT.md)."""
    return f"{doc_id[:16]}:{table_no}:{seq}"


def read_rows(source: Source, grid: Grid, columns: ColumnMap, *, first_leads: bool = False) -> tuple[ReadRow, ...]:
    """Every numbered row of a table, read (`first_leads`: see `cells.read_cell`)."""
    return tuple(_read_row(source, grid, columns, row, first_leads) for row in grid.rows)


def _read_row(source: Source, grid: Grid, columns: ColumnMap, row: GridRow, first_leads: bool) -> ReadRow:
    def cell(column: Column) -> str:
        position = columns.get(column)
        return clean_text(row.cells[position]) if position is not None else ""

    seq = _seq(cell(Column.SEQ), Location(source.path, grid.table_no, line=row.line, text=cell(Column.SEQ)))
    where = Location(source.path, grid.table_no, seq, row.line)
    unit_cells = [(c, cell(c)) for c in (Column.UNITS, Column.LEAD, Column.PARTICIPATING) if columns.get(c) is not None]
    mentions: list[Mention] = []
    for column, text in unit_cells:
        if not text and column is not Column.UNITS:
            continue  # an empty 配合单位 cell only says nobody participates
        read = read_cell(
            text,
            where.saying(text),
            first_leads=first_leads and column is Column.UNITS,
        )
        forced = _COLUMN_ROLE.get(column)
        mentions.extend(_with_role(m, forced) if forced else m for m in read)
    units_text = "；".join(text for _, text in unit_cells if text)
    if not mentions:
        raise ParseError("row has no responsibility cell", where.saying(units_text), code=Code.EMPTY_CELL)
    task = Task(
        task_id=task_id(source.doc_id, grid.table_no, seq),
        doc_id=source.doc_id,
        table_no=grid.table_no,
        seq=seq,
        section=clean_text(row.section) if row.section else None,
        task_text=cell(Column.TASK),
        units_text=units_text,
        deadline=cell(Column.DEADLINE) or None,
    )
    return ReadRow(task, tuple(mentions), where)


def _with_role(mention: Mention, role: Role) -> Mention:
    return mention if mention.role is Role.ALL_COUNTY else replace(mention, role=role)


def _seq(text: str, where: Location) -> int:
    number = seq_number(text)
    if number is None:
        raise ParseError("序号 is not a whole number", where, code=Code.BAD_SEQ)
    return number
