"""Text attachments in the published layout: 附件N, a title, then a table written cell per line.

    附件1                                  ← annex label (flush left)
    促进…重点任务分工表                     ← title (flush left)
    <TAB>序号 / <TAB>重点任务 / <TAB>责任单位  ← header block: one indented line per cell
    <TAB>1 / <TAB>task text / <TAB>units     ← one block per row, blocks split by blank lines

Indentation may be tabs, spaces or U+3000. A block written on one line with tabs between the
cells is read the same way. A table ends at the next 附件N line or, when its header was indented,
at a flush-left line that no indented row follows. The layout rules themselves are in `parsers.layout`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from parsers.decoding import INVISIBLE, decode_text
from parsers.headers import PLAIN_HEADING, heading_style, is_header_row, is_heading_number, seq_number
from parsers.layout import RawRow, RawTable, annex_label, assemble
from pipeline.records import Paragraph, ParsedDocument, Source


@dataclass(frozen=True)
class _Line:
    number: int  # 1-based
    indented: bool
    text: str  # trimmed


@dataclass(frozen=True)
class _Block:
    lines: tuple[_Line, ...]
    glued: bool = False  # no blank line before it: it may go on the block above
    # Lines of white space only right after an indented block: a row's empty last cells, if it lacks them.
    spaces_after: int = 0

    @property
    def first(self) -> _Line:
        return self.lines[0]

    def row(self) -> RawRow:
        if len(self.lines) == 1 and "\t" in self.first.text:
            cells = tuple(cell.strip() for cell in self.first.text.split("\t") if cell.strip())
            return RawRow(cells, self.first.number, lines=(self.first.number,) * len(cells))
        return RawRow(
            tuple(line.text for line in self.lines), self.first.number, lines=tuple(line.number for line in self.lines)
        )


def parse_text(source: Source, data: bytes) -> ParsedDocument:
    """Split a text attachment into its task tables."""
    return assemble(source, _items(_blocks(decode_text(data, source.path))))


def _items(blocks: list[_Block]) -> Iterator[Paragraph | RawTable]:
    i = 0
    while i < len(blocks):
        header = blocks[i]
        if not is_header_row(header.row().cells):
            yield from (Paragraph(line.text, line.number) for line in header.lines)
            i += 1
            continue
        end = i + 1
        width = len(header.row().cells)
        while end < len(blocks) and not _ends_table(blocks, end, header.first.indented, width):
            end += 1
        rows = [_unwrap(_padded(block, width), width) for block in _rejoined(blocks[i:end], width)]
        yield RawTable(tuple(rows), header.first.number)
        i = end


def _rejoined(blocks: list[_Block], width: int) -> list[_Block]:
    """Blocks of a table with a wrapped line that lost its indentation joined back to its row.

    A flush-left line right under a row's lines (no blank line between) continues that row when the
    row still lacks cells or its last line runs on (ends in 、，；…); the indented lines glued under it
    are the rest of the row. A heading (一、…) or a new numbered row is never joined.
    """
    out: list[_Block] = []
    for block in blocks:
        previous = out[-1] if out else None
        if previous is not None and block.glued and _continues(previous, block, width):
            out[-1] = _Block((*previous.lines, *block.lines), previous.glued, block.spaces_after)
        else:
            out.append(block)
    return out


def _continues(row: _Block, block: _Block, width: int) -> bool:
    if is_header_row(row.row().cells) or seq_number(row.first.text) is None:
        return False
    first = block.first.text
    if seq_number(first) is not None or heading_style(first) != PLAIN_HEADING or annex_label(first) is not None:
        return False
    if block.first.indented:  # the row's lines after its wrapped flush-left line
        return True
    return len(row.lines) < width or row.lines[-1].text[-1] in _RUNS_ON


# A line ending in one of these closes its cell; a line ending in a separator runs on.
_CELL_END = "。！？!?"
_RUNS_ON = "、，,；;：:（("


def _unwrap(row: RawRow, width: int) -> RawRow:
    """Join a cell wrapped onto two or more lines back into one, where it can be told which.

    A row block with more lines than the header has cells is a wrapped one. A line that ends in
    a separator (、，；) surely runs on; one that ends in no full stop may. The first line (序号)
    never does. When the count of such lines does not match the surplus, the row is left as it
    is and the layout refuses it, naming the line.
    """
    surplus = len(row.cells) - width
    if surplus <= 0 or seq_number(row.cells[0]) is None:
        return row
    sure = [i for i in range(2, len(row.cells)) if row.cells[i - 1][-1] in _RUNS_ON]
    maybe = [i for i in range(2, len(row.cells)) if row.cells[i - 1][-1] not in _CELL_END and i not in sure]
    joins = sure if len(sure) == surplus else sure + maybe if len(sure) + len(maybe) == surplus else None
    if joins is None:
        return row
    cells: list[str] = []
    for i, cell in enumerate(row.cells):
        if i in joins:
            cells[-1] += cell
        else:
            cells.append(cell)
    lines = [row.lines[i] for i in range(len(row.cells)) if i not in joins] if row.lines else []
    return RawRow(tuple(cells), row.line, row.marked_header, tuple(lines))


def _ends_table(blocks: list[_Block], at: int, header_indented: bool, width: int) -> bool:
    """Whether the table ends before blocks[at].

    A flush-left block ends an indented table unless it is a row itself (a 序号 and more cells),
    a wrapped line of the row above, or indented rows follow it (then it is a section row written
    flush left): no row is lost.
    """
    block = blocks[at]
    if annex_label(block.first.text) is not None:
        return True
    if not header_indented or block.first.indented:
        return False
    if block.glued and _continues(blocks[at - 1], block, width):
        return False
    cells = block.row().cells
    if len(cells) > 1 and seq_number(cells[0]) is not None:
        return False
    after = at + 1  # headings written flush left one after another (一、… then （一）…) head the rows below
    while (
        after < len(blocks)
        and not blocks[after].first.indented
        and heading_style(blocks[after].first.text) != PLAIN_HEADING
    ):
        after += 1
    following = blocks[after] if after < len(blocks) else None
    return following is None or not following.first.indented or is_header_row(following.row().cells)


def _blocks(text: str) -> list[_Block]:
    """Group lines into blocks, split at blank lines, where indentation starts or stops, and before a
    flush-left heading."""
    blocks: list[_Block] = []
    current: list[_Line] = []
    glued = False
    spaces = 0  # lines of white space only since the last indented block ended
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        stripped = _trim(raw)
        if not stripped:
            if current:
                spaces = 1 if raw and current[-1].indented else 0
                blocks.append(_Block(tuple(current), glued, spaces))
                current, glued = [], False
            elif spaces and raw and blocks:
                spaces += 1
                blocks[-1] = replace(blocks[-1], spaces_after=spaces)
            else:
                spaces = 0
            continue
        spaces = 0
        line = _Line(number, raw[:1].isspace() or raw[:1] in INVISIBLE, stripped)
        # A title flush against its header; a heading flush against the heading above (一、… then （一）…).
        if current and (current[-1].indented != line.indented or (not line.indented and is_heading_number(stripped))):
            blocks.append(_Block(tuple(current), glued))
            current, glued = [], True
        current.append(line)
    if current:
        blocks.append(_Block(tuple(current), glued))
    return blocks


def _padded(block: _Block, width: int) -> RawRow:
    """A row short of cells, followed by lines of white space only: those are its empty last cells
    (an empty 配合单位 written as an indented blank line)."""
    row = block.row()
    missing = min(width - len(row.cells), block.spaces_after)
    if missing <= 0 or seq_number(row.cells[0]) is None:
        return row
    lines = (*row.lines, *(row.lines[-1] + 1 + i for i in range(missing))) if row.lines else ()
    return RawRow((*row.cells, *("",) * missing), row.line, row.marked_header, lines)


def _trim(line: str) -> str:
    return line.strip().strip(INVISIBLE).strip()
