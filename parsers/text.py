"""Text attachments in the published layout: 附件N, a title, then a table written cell per line.

    附件1                                  ← annex label (flush left)
    促进…重点任务分工表                     ← title (flush left)
    <TAB>序号 / <TAB>重点任务 / <TAB>责任单位  ← header block: one indented line per cell
    <TAB>1 / <TAB>task text / <TAB>units     ← one block per row, blocks split by blank lines

Indentation may be tabs, spaces or U+3000. A block written on one line with tabs between the
cells is read the same way. A row block holding a single 一、… line is a section row.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from parsers.decoding import decode_text
from parsers.headers import is_header
from pipeline.errors import Code, Location, ParseError
from pipeline.records import Grid, GridRow, ParsedDocument, Source

ANNEX = regex.compile(r"^附\s*件\s*(?P<no>[0-9０-９]+|[一二三四五六七八九十]+)\s*[:：]?$")
SECTION = regex.compile(r"^[一二三四五六七八九十]+、\S")


@dataclass(frozen=True)
class _Line:
    number: int  # 1-based
    indented: bool
    text: str  # trimmed


@dataclass(frozen=True)
class _Block:
    lines: tuple[_Line, ...]

    @property
    def first(self) -> _Line:
        return self.lines[0]

    def cells(self) -> tuple[str, ...]:
        if len(self.lines) == 1 and "\t" in self.first.text:
            return tuple(cell.strip() for cell in self.first.text.split("\t") if cell.strip())
        return tuple(line.text for line in self.lines)


def parse_text(source: Source, data: bytes) -> ParsedDocument:
    """Split a text attachment into its task tables."""
    text = decode_text(data, source.path)
    blocks = _blocks(text)
    tables: list[Grid] = []
    free_text: list[str] = []
    annex: str | None = None
    title_lines: list[str] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        label = _annex_label(block.first.text)
        if label is not None:
            annex, title_lines = label, [line.text for line in block.lines[1:]]
            free_text.extend(line.text for line in block.lines)
            i += 1
            continue
        if not is_header(block.cells()[0]):
            title_lines.extend(line.text for line in block.lines)
            free_text.extend(line.text for line in block.lines)
            i += 1
            continue
        header = block.cells()
        rows, i = _rows(source, blocks, i + 1, block.first.indented, len(header), len(tables) + 1)
        title = "".join(title_lines[-1:]) or None
        tables.append(Grid(len(tables) + 1, annex, title, header, rows, block.first.number))
        annex, title_lines = None, []
    if not tables:
        raise ParseError(
            "no task table found (no header row starting with 序号)", Location(source.path), code=Code.NO_TABLE
        )
    return ParsedDocument(source, tuple(tables), tuple(free_text))


def _rows(
    source: Source, blocks: list[_Block], start: int, indented: bool, width: int, table_no: int
) -> tuple[tuple[GridRow, ...], int]:
    """Read row blocks from `start` until the table ends; return them and where reading stopped."""
    rows: list[GridRow] = []
    section: str | None = None
    i = start
    while i < len(blocks):
        block = blocks[i]
        if _annex_label(block.first.text) is not None or (indented and not block.first.indented):
            break
        cells = block.cells()
        if is_header(cells[0]):
            i += 1  # a header repeated mid-table is not a task
            continue
        if len(cells) == 1 and SECTION.match(cells[0]):
            section = cells[0]
        elif len(cells) == width:
            rows.append(GridRow(cells, block.first.number, section))
        else:
            where = Location(source.path, table_no, line=block.first.number, text=" | ".join(cells)[:120])
            raise ParseError(f"row has {len(cells)} cells where the header has {width}", where, code=Code.BAD_ROW)
        i += 1
    return tuple(rows), i


def _annex_label(line: str) -> str | None:
    match = ANNEX.match(line)
    return f"附件{match['no']}" if match else None


def _blocks(text: str) -> list[_Block]:
    """Group lines into blocks, split at blank lines and where indentation starts or stops."""
    blocks: list[_Block] = []
    current: list[_Line] = []
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        stripped = _trim(raw)
        if not stripped:
            if current:
                blocks.append(_Block(tuple(current)))
                current = []
            continue
        line = _Line(number, raw[:1].isspace() or raw[:1] in _INVISIBLE, stripped)
        if current and current[-1].indented != line.indented:  # a title flush against its header
            blocks.append(_Block(tuple(current)))
            current = []
        current.append(line)
    if current:
        blocks.append(_Block(tuple(current)))
    return blocks


_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"


def _trim(line: str) -> str:
    return line.strip().strip(_INVISIBLE).strip()
