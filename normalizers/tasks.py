"""Numbered rows of a grid into tasks, with the mentions read from their responsibility cells.

A row whose responsibility cell cannot be read in full keeps its task and carries the problem, for
the review table; a row that cannot be a task at all (its 序号 is no number) refuses the document.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace

from normalizers.cells import Mention, one_line, read_cell
from normalizers.columns import FORCED_ROLES, Column, ColumnMap
from normalizers.text import clean_text
from normalizers.time_limits import split_time_limit
from parsers.headers import seq_number, split_number
from pipeline.errors import CellError, Code, Location, ParseError
from pipeline.records import Grid, GridRow, Role, Source, Task

_UNIT_COLUMNS = (Column.UNITS, Column.MORE_UNITS, Column.LEAD, Column.PARTICIPATING)


@dataclass(frozen=True)
class ReadRow:
    """A task, the mentions of its responsibility cell(s) in order, or the problem that stopped them."""

    task: Task
    mentions: tuple[Mention, ...]
    location: Location  # the (first) responsibility cell's
    problem: CellError | None = None


def task_id(doc_id: str, table_no: int, seq: int) -> str:
    """`{doc_id[:16]}:{table_no}:{seq}` (CONTRACT.md)."""
    return f"{doc_id[:16]}:{table_no}:{seq}"


def read_rows(
    source: Source,
    grid: Grid,
    columns: ColumnMap,
    *,
    first_leads: bool = False,
    bold_leads: bool = False,
    declared: Collection[str] = (),
) -> tuple[ReadRow, ...]:
    """Every numbered row of a table, read (`first_leads`, `declared`: see `cells.read_cell`; with
    `bold_leads`, a unit set in bold in a units cell leads, as a * after it would say).

    Every row whose 序号 is no number is named in one error, not only the first.
    """
    rows: list[ReadRow] = []
    bad: list[ParseError] = []
    for row in _with_categories(_numbered_once(_sub_rows_joined(grid, columns), columns), columns):
        try:
            rows.append(_read_row(source, grid, columns, row, first_leads, declared, bold_leads=bold_leads))
        except ParseError as error:
            bad.append(error)
    if bad:
        raise bad[0] if len(bad) == 1 else ParseError.joined(bad)
    return tuple(rows)


def _sub_rows_joined(grid: Grid, columns: ColumnMap) -> Grid:
    """The grid with a task split over sub-rows made one row again: where both the 序号 and the task
    cell are merged down over rows that differ only in their other cells (新昌's 工作任务 over two
    rows of 牵头单位 and 计划完成时间), the rows are one task, each other cell its sub-rows' distinct
    values after one another: a units cell's on lines of their own (a line break between names
    separates them like 、), any other's after a ；."""
    seq_at, task_at = columns.get(Column.SEQ), columns.get(Column.TASK)
    if seq_at is None or task_at is None:
        return grid
    out: list[GridRow] = []
    for row in grid.rows:
        previous = out[-1] if out else None
        same = previous is not None and all(
            clean_text(previous.cells[i]) == clean_text(row.cells[i]) != "" for i in (seq_at, task_at)
        )
        if previous is None or not same or row.seq is not None:
            out.append(row)
            continue
        units = {columns.get(c) for c in _UNIT_COLUMNS}
        cells = tuple(
            _joined(a, b, "\n" if i in units else "；")
            for i, (a, b) in enumerate(zip(previous.cells, row.cells, strict=True))
        )
        bold = tuple(a + b for a, b in zip(previous.bold, row.bold, strict=True)) if previous.bold and row.bold else ()
        out[-1] = replace(previous, cells=cells, bold=bold or previous.bold)
    return grid if len(out) == len(grid.rows) else replace(grid, rows=tuple(out))


def _joined(cell: str, more: str, between: str) -> str:
    """A cell with a sub-row's cell after it, unless it holds that value already (a merged cell)."""
    if not clean_text(more) or clean_text(more) in (clean_text(part) for part in cell.split(between)):
        return cell
    return f"{cell}{between}{more}" if clean_text(cell) else more


def _with_categories(rows: tuple[GridRow, ...], columns: ColumnMap) -> tuple[GridRow, ...]:
    """The rows, a column of task words beside the task column read as their category where it is
    merged down over them (吴江's 项目 | 重点工作目标任务: 主要预期目标 over tasks 1.–8.): its cell joins
    each row's section path. One that does not repeat (事项名称 | 事项内容) is left unread."""
    merged = []
    for position in columns.other_task_words:
        values = [clean_text(row.cells[position]) for row in rows if clean_text(row.cells[position])]
        if len(set(values)) < len(values):
            merged.append(position)
    if not merged:
        return rows
    out = []
    for row in rows:
        categories = tuple(v for v in (clean_text(row.cells[p]) for p in merged) if v)
        out.append(replace(row, section_path=row.section_path + categories))
    return tuple(out)


def _numbered_once(grid: Grid, columns: ColumnMap) -> tuple[GridRow, ...]:
    """The grid's rows, each with a number of its own. A 序号 merged down over several rows numbers
    groups, not tasks (吴江's 序号 1 beside tasks 1. … 8.): each task is then numbered by the number at
    the head of its task cell, where every row has one and they differ; the number becomes the row's
    label and leaves its task text. Otherwise the rows stay as written."""
    seq_at, task_at = columns.get(Column.SEQ), columns.get(Column.TASK)
    if seq_at is None or task_at is None or any(row.seq is not None for row in grid.rows):
        return grid.rows
    written = [seq_number(clean_text(row.cells[seq_at])) for row in grid.rows]
    if None in written or len(set(written)) == len(written):
        return grid.rows
    heads = [split_number(clean_text(row.cells[task_at])) for row in grid.rows]
    numbers = [seq_number(head[0]) if head is not None else None for head in heads]
    if None in numbers or len(set(numbers)) < len(numbers):
        return grid.rows  # a 序号 written twice by mistake: the expectations refuse it, naming the row
    out = []
    for row, head in zip(grid.rows, heads, strict=True):
        assert head is not None  # every row has its number (checked above)
        cells = list(row.cells)
        cells[seq_at], cells[task_at] = head[0], head[2]
        out.append(replace(row, cells=tuple(cells), seq=seq_number(head[0])))
    return tuple(out)


def _read_row(
    source: Source,
    grid: Grid,
    columns: ColumnMap,
    row: GridRow,
    first_leads: bool,
    declared: Collection[str],
    *,
    bold_leads: bool = False,
) -> ReadRow:
    def cell(column: Column) -> str:
        position = columns.get(column)
        return clean_text(row.cells[position]) if position is not None else ""

    def line(column: Column) -> int:
        position = columns.get(column)
        return row.line_of(position) if position is not None else row.line

    label = cell(Column.SEQ)
    where_seq = Location(source.path, grid.table_no, line=row.line, text=label)
    seq = row.seq if row.seq is not None else _seq(label, where_seq)
    # In the table's own column order: 牵头单位 | 责任单位 gives the lead first.
    present = sorted((c for c in _UNIT_COLUMNS if columns.get(c) is not None), key=lambda c: columns.positions[c])
    # A units cell's line breaks separate its names (cells.one_line): 晋陵公司⏎轨道公司 is two units.
    unit_cells = [(c, one_line(row.cells[columns.positions[c]])) for c in present]
    units_text = "；".join(text for _, text in unit_cells if text)
    if bold_leads:  # read with a lead mark after each bold name; units_text keeps the cell as written
        at = {c: columns.positions[c] for c in present}
        unit_cells = [(c, one_line(_marked(row.cells[at[c]], row.bold_at(at[c])))) for c in present]
    # A cell may close with when it is due (…，6月底完成): the deadline, where no column gives one.
    split = [(c, *split_time_limit(text)) for c, text in unit_cells]
    unit_cells = [(c, text) for c, text, _ in split]
    deadline = cell(Column.DEADLINE) or next((limit for _, _, limit in split if limit), None)
    first_column = next((c for c, text in unit_cells if text), unit_cells[0][0])
    where = Location(source.path, grid.table_no, seq, line(first_column))
    # Headings are text like the task's: white space inside them is removed (一 、 承担的 20 23 年 …).
    section_path = tuple(clean_text(heading) for heading in row.section_path)
    task = Task(
        task_id=task_id(source.doc_id, grid.table_no, seq),
        doc_id=source.doc_id,
        table_no=grid.table_no,
        seq=seq,
        label=label,
        section=section_path[-1] if section_path else None,
        section_path=section_path,
        task_text=cell(Column.TASK),
        units_text=units_text,
        deadline=deadline,
    )
    mentions: list[Mention] = []
    try:
        for column, text in unit_cells:
            if not text and (column is not Column.UNITS or units_text):
                continue  # an empty 配合单位 cell, or 责任单位 beside a filled 牵头单位, names nobody more
            read = read_cell(
                text,
                Location(source.path, grid.table_no, seq, line(column), text),
                first_leads=first_leads and column is Column.UNITS,
                declared=declared,
            )
            forced = FORCED_ROLES.get(column)
            mentions.extend(_with_role(m, forced) if forced else m for m in read)
        if not mentions:
            raise CellError("row has no responsibility cell", where.saying(units_text), code=Code.EMPTY_CELL)
    except CellError as problem:
        return ReadRow(task, (), where, problem)
    return ReadRow(task, tuple(mentions), where)


# The lead mark a bold name is read with (normalizers/data/marks.tsv).
_BOLD_MARK = "*"


def _marked(cell: str, bold: tuple[str, ...]) -> str:
    """The cell with a lead mark after each name set in bold, where the bold words are a whole name:
    the next character is a separator, a line break or the end."""
    for run in bold:
        at = cell.find(run)
        end = at + len(run)
        if at >= 0 and (end == len(cell) or cell[end] in "、，,；;\n\r 　"):
            cell = cell[:end] + _BOLD_MARK + cell[end:]
    return cell


def _with_role(mention: Mention, role: Role) -> Mention:
    return mention if mention.role is Role.ALL_COUNTY else replace(mention, role=role)


def _seq(text: str, where: Location) -> int:
    number = seq_number(text)
    if number is None:
        raise ParseError("序号 is not a whole number", where, code=Code.BAD_SEQ)
    return number
