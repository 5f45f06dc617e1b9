"""From a file's paragraphs and raw tables to task tables: one place for the layout rules.

Every parser reduces its format to a sequence of `Paragraph`s and `RawTable`s (merged cells
already expanded by `parsers.grid`); `assemble` then finds, for all formats alike:
- the annex label (附件N) and title in the paragraphs before a table;
- the header row (first cell 序号/编号, or marked as a header by the format); consecutive header
  rows at the top combine (责任单位 over 牵头单位 | 配合单位 gives the lower, specific words);
- section rows (one text across the row, or a heading number such as 一、 or （一） in the 序号 column),
  which set the section path of the rows below: headings nest by their numbering style;
- header rows repeated mid-table (after a page break, or as a literal row), which are skipped, not
  read as tasks;
- note rows after the last numbered row (注：…, or one text across the row), which join the free
  text (so 列第一位的为牵头单位 written under a table is read), not the rows.
A table without a header row is not a task table; its text joins the free text. A document may
hold no task table at all: its tasks may be written inline in its paragraphs, which are kept in
order with each table's place among them (`normalizers.measures` reads them).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

import regex

from parsers.emphasis import without_emphasis
from parsers.headers import (
    column_named,
    heading_ordinal,
    heading_style,
    is_header_row,
    is_heading_number,
    names_columns,
    seq_number,
    seq_position,
    split_number,
)
from parsers.limits import MAX_ROWS_PER_TABLE
from pipeline.errors import Code, Location, ParseError
from pipeline.records import Grid, GridRow, Paragraph, ParsedDocument, Source

T = TypeVar("T")

ANNEX = regex.compile(r"^附\s*件\s*(?P<no>[0-9０-９]+|[一二三四五六七八九十]+)\s*[:：]?$")
# How a note under a table begins (注：…, 备注：…, 说明：…).
NOTE = regex.compile(r"^\s*(?:注|备注|说明)\s*[0-9０-９]*\s*[:：]?")


@dataclass(frozen=True)
class RawRow:
    """A table row on the real grid: one string per grid column."""

    cells: tuple[str, ...]
    line: int  # a text file's line, a page's source line, or the row's index in a Word table
    marked_header: bool = False  # the format itself says so (<thead>, w:tblHeader)
    lines: tuple[int, ...] = ()  # where each cell starts, where the format tells (a text file)
    seq: int | None = None  # its order, for a task row of a table that writes no number at all
    bold: tuple[tuple[str, ...], ...] = ()  # each cell's words in bold (parsers.emphasis), if any


@dataclass(frozen=True)
class RawTable:
    """A table as the format holds it, merged cells expanded."""

    rows: tuple[RawRow, ...]
    line: int


def annex_label(text: str) -> str | None:
    """附件1 for a paragraph that reads 附件1 (or 附件 1：, 附件一)."""
    match = ANNEX.match(text.strip())
    return f"附件{match['no']}" if match else None


def assemble(source: Source, items: Iterable[Paragraph | RawTable], notes: Sequence[str] = ()) -> ParsedDocument:
    """Task tables and free text of a document, from its paragraphs and tables in order; `notes` are
    the parser's own, for the report (what it left unread on purpose)."""
    tables: list[Grid] = []
    free_text: list[str] = []
    paragraphs: list[Paragraph] = []
    annex: str | None = None
    titles: list[str] = []
    for item in items:
        if isinstance(item, Paragraph):
            text = item.text.strip()
            if not text:
                continue
            free_text.append(text)
            paragraphs.append(Paragraph(text, item.line))
            label = annex_label(text)
            if label is not None:
                annex, titles = label, []
            else:
                titles.append(text)
            continue
        item = _without_emphasis(item)
        read = _grid(source, item, len(tables) + 1, annex, titles)
        if read is None:
            free_text.extend(cell for row in item.rows for cell in dict.fromkeys(row.cells) if cell.strip())
            continue
        grid, table_notes = read
        tables.append(replace(grid, paragraphs_before=len(paragraphs)))
        free_text.extend(table_notes)
        annex, titles = None, []
    return ParsedDocument(source, tuple(tables), tuple(free_text), tuple(notes), tuple(paragraphs))


def _without_emphasis(table: RawTable) -> RawTable:
    """The table with the bold marks of its cells taken out of their text and kept beside it."""
    rows = []
    for row in table.rows:
        read = [without_emphasis(cell) for cell in row.cells]
        bold = tuple(runs for _, runs in read)
        rows.append(replace(row, cells=tuple(text for text, _ in read), bold=bold if any(bold) else ()))
    return replace(table, rows=tuple(rows))


def _grid(
    source: Source, table: RawTable, table_no: int, annex: str | None, above: Sequence[str]
) -> tuple[Grid, list[str]] | None:
    """The task table in a raw table, with the notes under it; None when it has no header row.
    `above` are the paragraphs since its annex label: the last is its title, or its first heading."""
    rows = table.rows
    start = next((i for i, row in enumerate(rows) if _is_header(row)), None)
    if start is None:
        return None
    seq = seq_position(rows[start].cells)
    if seq is None and names_columns(rows[start].cells):
        rows, seq = _with_seq_column(rows, start)
    header = list(rows[start].cells)
    body_start = start + 1
    while body_start < len(rows) and _is_header(rows[body_start]):
        body_start += 1
    sections = Sections()
    inside = [heading for heading in (_heading(row, seq or 0) for row in rows[body_start:]) if heading is not None]
    first = _first_heading(above, inside)
    if first is not None:
        sections.enter(first)
        above = above[:-1]
    title = above[-1] if above else None
    if title is None:  # some tables carry their title in a merged first row
        merged = [_single_text(row) for row in rows[:start]]
        title = next((text for text in reversed(merged) if text), None)
    seq = seq or 0
    for lower in rows[start + 1 : body_start]:
        header = [low or high for high, low in zip(header, lower.cells, strict=False)]
    width = len(header)
    grid_rows: list[GridRow] = []
    body, notes = _split_notes(rows[body_start:], seq)
    for row in body:
        if _is_header(row) or list(row.cells) == header:
            continue  # a header repeated after a page break, or as a literal row, is not a task
        cells = row.cells
        if not any(cell.strip() for cell in cells):
            continue
        if _is_total(row, seq):
            continue  # 合计 | 43060 | …: a row of totals, no task
        heading = _heading(row, seq)
        if heading is not None:
            sections.enter(heading)
            continue
        if len(cells) != width:
            where = Location(source.path, table_no, line=row.line, text=" | ".join(cells)[:120])
            raise ParseError(f"row has {len(cells)} cells where the header has {width}", where, code=Code.BAD_ROW)
        grid_rows.append(GridRow(cells, row.line, sections.path(), row.lines, row.seq, row.bold))
        if len(grid_rows) > MAX_ROWS_PER_TABLE:
            raise ParseError(
                f"table has more than {MAX_ROWS_PER_TABLE} rows", Location(source.path, table_no), code=Code.BAD_ROW
            )
    if not grid_rows:
        raise ParseError(
            "task table has a header but no numbered rows",
            Location(source.path, table_no, line=rows[start].line),
            code=Code.NO_TABLE,
        )
    header, grid_rows = _without_heading_columns(header, grid_rows, seq)
    return Grid(table_no, annex, title, tuple(header), tuple(grid_rows), rows[start].line), notes


def _first_heading(above: Sequence[str], inside: Sequence[str]) -> str | None:
    """The paragraph right above the table when it is the table's first section heading: the table's
    own headings go on with its numbering (一、… above the header, 二、… among the rows: 温岭)."""
    if not above:
        return None
    last, style = above[-1], heading_style(above[-1])
    number = heading_ordinal(last)
    following = next((heading for heading in inside if heading_style(heading) == style), None)
    if number is None or following is None:
        return None
    return last if heading_ordinal(following) == number + 1 else None


SEQ_COLUMN = "序号"
# How a task's own number is written at the head of its cell when the table has no 序号 column.
_TASK_NUMBER_STYLES = frozenset({"arabic", "arabic-parenthesised", "arabic-closing", "circled"})


def _with_seq_column(rows: Sequence[RawRow], start: int) -> tuple[tuple[RawRow, ...], int]:
    """A table whose header names its columns but has no 序号 (沈河's 主要工作任务 | 牵头单位 | 责任单位),
    given one, and where it stands: right before the first column of task words, so that a column
    merged down before it is a category as before a 序号 (高唐's 类别 | 任务内容 | …). Each task row's
    number is the one written at the head of its cells (1.…, 2、…) where one column numbers every
    task row, each number once; the number leaves that cell. With no such column the task rows are
    numbered in order, their 序号 left empty (no number is written). Rows holding one text (sections,
    notes) and header rows get an empty 序号, so every other rule reads the table as if it had one."""
    header = ["".join(cell.split()) for cell in rows[start].cells]
    at = next((i for i, word in enumerate(header) if column_named(word) == "task"), 0)
    body = [i for i in range(start + 1, len(rows)) if _is_task_row(rows[i])]
    numbered = _numbering_column(rows, body)

    def inserted(values: tuple[T, ...], value: T) -> tuple[T, ...]:
        return (*values[:at], value, *values[at:])

    out = []
    for i, row in enumerate(rows):
        cells = row.cells
        if i < start or i not in body:
            label = SEQ_COLUMN if i == start or (i > start and _is_header(row)) else ""
        elif numbered is None:
            label, row = "", replace(row, seq=body.index(i) + 1)
        else:
            label, rest = _task_number(cells[numbered]) or ("", cells[numbered])
            cells = tuple(rest if j == numbered else cell for j, cell in enumerate(cells))
        lines = inserted(row.lines, row.lines[min(at, len(row.lines) - 1)]) if row.lines else ()
        bold = inserted(row.bold, ()) if row.bold else ()
        out.append(replace(row, cells=inserted(cells, label), lines=lines, bold=bold))
    return tuple(out), at


def _is_task_row(row: RawRow) -> bool:
    return any(cell.strip() for cell in row.cells) and _single_text(row) is None and not _is_header(row)


def _task_number(cell: str) -> tuple[str, str] | None:
    """A cell's task number and the text after it: a cell that is a number (1, as a column 任务项
    numbers its rows), or one that begins with one (1.培育…); None for any other."""
    if seq_number(cell) is not None:
        return cell.strip(), ""
    head = split_number(cell)
    return (head[0], head[2]) if head and head[1] in _TASK_NUMBER_STYLES else None


def _numbering_column(rows: Sequence[RawRow], body: Sequence[int]) -> int | None:
    """The first column whose cells, on every task row, are or begin with a task's number, each
    number once."""
    for column in range(len(rows[body[0]].cells) if body else 0):
        heads = [_task_number(rows[i].cells[column]) if column < len(rows[i].cells) else None for i in body]
        numbers = [seq_number(head[0]) if head else None for head in heads]
        if None not in numbers and len(set(numbers)) == len(numbers):
            return column
    return None


def _without_heading_columns(header: list[str], rows: list[GridRow], seq: int) -> tuple[list[str], list[GridRow]]:
    """The table with its heading columns taken out and read into each row's section path.

    A heading column holds a heading on every row (一、…, （一）…), merged down over the rows under it
    (长宁's 领域 | 序号 | 任务名称 | 任务内容: 一、… and （一）… beside each row): its cells start with
    heading numbers and repeat. A task column whose texts happen to be numbered （一） does not repeat.
    Before 序号, any column merged down over its rows, or empty, is a category of them too."""
    headings = []
    for position in range(len(header)):
        values = [row.cells[position].strip() for row in rows if row.cells[position].strip()]
        repeated = len(set(values)) < len(values)
        numbered = bool(values) and all(is_heading_number(v) for v in values)
        # Before 序号, a column merged down over its rows (or left empty: 诸暨's 分块) is a category,
        # unless its header names what it holds (衡阳's 牵头单位 | 目标任务 | 责任单位, the lead merged down).
        named = column_named("".join(header[position].split())) is not None
        category = position < seq and (repeated or not values) and not named
        if position != seq and ((numbered and repeated) or category):
            headings.append(position)
    if not headings:
        return header, rows

    def kept(values: Sequence[T]) -> tuple[T, ...]:
        return tuple(v for i, v in enumerate(values) if i not in headings)

    out = []
    for row in rows:
        # A heading merged down a narrow column is broken over many short lines ((一)⏎持续⏎推进…): one text.
        path = row.section_path + tuple(_one_line(row.cells[i]) for i in headings if row.cells[i].strip())
        lines, bold = kept(row.lines) if row.lines else (), kept(row.bold) if row.bold else ()
        out.append(replace(row, cells=kept(row.cells), section_path=path, lines=lines, bold=bold))
    return list(kept(header)), out


def _one_line(cell: str) -> str:
    return "".join(line.strip() for line in cell.splitlines())


def _split_notes(rows: Sequence[RawRow], seq: int) -> tuple[list[RawRow], list[str]]:
    """The body rows, and the text of the note rows after the last numbered row: a row that begins
    with 注/备注/说明, or holds one text across it. Any other row there stays (and is refused if it
    fits no rule), so no task is ever taken for a note."""
    numbered = [i for i, row in enumerate(rows) if len(row.cells) > seq and seq_number(row.cells[seq]) is not None]
    if not numbered:
        return list(rows), []
    body, notes = list(rows[: numbered[-1] + 1]), []
    for row in rows[numbered[-1] + 1 :]:
        texts = list(dict.fromkeys(cell.strip() for cell in row.cells if cell.strip()))
        if texts and (len(texts) == 1 or NOTE.match(texts[0])):
            notes.append("".join(texts))
        else:
            body.append(row)
    return body, notes


def _heading(row: RawRow, seq: int) -> str | None:
    """The heading a section row holds: one text across the row that is no 序号, or a heading number
    in the 序号 column with the row's text after it (一、 | 优化营商环境 → 一、优化营商环境)."""
    single = _single_text(row)
    if single is not None and seq_number(single) is None:
        return single.strip()
    if len(row.cells) > seq and is_heading_number(row.cells[seq]):
        # A section row's figures (its totals: 27560 | 26.8) are no part of its heading.
        texts = (cell.strip() for cell in row.cells if cell.strip() and not _FIGURE.match(cell.strip()))
        return "".join(dict.fromkeys(texts))
    return None


# Words a row of totals is labelled with in its 序号 cell.
_TOTALS = frozenset({"合计", "小计", "总计"})
_FIGURE = regex.compile(r"^[\d.,，%％\s-]+$")


def _is_total(row: RawRow, seq: int) -> bool:
    return len(row.cells) > seq and "".join(row.cells[seq].split()) in _TOTALS


class Sections:
    """The headings above the current row, outermost first; a heading replaces the last one of its
    own numbering style and closes those below it (一、 above （一） above 1.)."""

    def __init__(self) -> None:
        self.stack: list[tuple[str, str]] = []  # (style, heading)

    def enter(self, heading: str) -> None:
        style = heading_style(heading)
        styles = [s for s, _ in self.stack]
        if style in styles:
            del self.stack[styles.index(style) :]
        self.stack.append((style, heading))

    def path(self) -> tuple[str, ...]:
        return tuple(heading for _, heading in self.stack)


def _is_header(row: RawRow) -> bool:
    return bool(row.cells) and (is_header_row(row.cells) or (row.marked_header and _single_text(row) is None))


def _single_text(row: RawRow) -> str | None:
    """The one text a row holds across all its cells (a merged section or title row), else None."""
    texts = {cell.strip() for cell in row.cells if cell.strip()}
    return texts.pop() if len(texts) == 1 else None
