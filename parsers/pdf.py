"""PDF attachments with a text layer: ruled tables read into the same grid as Word tables, through pdfplumber.

After the safety checks (`parsers.pdfcheck`), each page is read with pdfplumber:
- tables are found from their ruling lines (task tables are printed with borders); a cell merged
  across columns or down rows is expanded by `parsers.grid`, as in Word;
- text outside the tables becomes paragraphs (lines of one size running on to the right edge are
  one paragraph), so 附件N and the title before a table are found by the layout rules;
- text wrapped over lines, in a cell or a paragraph, is joined back: no space between Chinese
  characters, one between Latin words; characters are read line by line, left to right;
- running headers and footers are dropped: lines in the top or bottom band of a page that are a page
  number (3, - 3 -, 第3页, 3/9) or that repeat on more than one page;
- a table that goes on at the top of the next page with the same columns is one table (a header
  repeated there is dropped by the layout rules), and a row split by the page break is joined.
A PDF without a text layer (a scanned image), or with a page that is only an image, is refused: it
needs OCR first.
"""

from __future__ import annotations

import io
import logging
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import regex

from parsers.grid import Cell, expand
from parsers.headers import is_header_row, split_number
from parsers.layout import RawRow, RawTable, annex_label, assemble
from parsers.pdfcheck import check_document, check_pdf, refuse_encrypted
from pipeline.errors import Code, Location, ParseError
from pipeline.records import Paragraph, ParsedDocument, Source

# pdfminer logs a warning for each flaw it works around in a damaged file; the file is read or refused
# all the same, and the stray lines would only clutter the build's one line per problem.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

# The top and bottom share of a page where running headers, footers and page numbers stand.
_BAND = 0.1
# A page with no text whose pictures cover this share of it is a scanned page.
_SCANNED_COVER = 0.5
_TOLERANCE = 2.0  # points: cell edges and column positions within this are the same
# A page number as printed (spaces and dashes around it taken off): 3, - 3 -, — 3 —, 第3页, 第3页 共9页,
# 3/9, Page 3 of 9. A bare number has at most three digits, so a year (2022) alone is kept.
_PAGE_NUMBER = regex.compile(
    r"^(?:[0-9]{1,3}|第[0-9]{1,4}页(?:[,，]?共[0-9]{1,4}页)?|[0-9]{1,4}/[0-9]{1,4}|page[0-9]{1,4}(?:of[0-9]{1,4})?)$",
    regex.IGNORECASE,
)
_DASHES = "-‐‑‒–—―－~～"


@dataclass(frozen=True)
class _Line:
    """A line of text outside the tables."""

    text: str
    top: float
    bottom: float
    x1: float
    size: float


@dataclass
class _Table:
    """A table on one page, merged cells expanded; tables going on over pages are joined into the first."""

    rows: list[tuple[str, ...]]
    columns: tuple[float, ...]  # the left edge of each column
    top: float
    page: int


@dataclass(frozen=True)
class _Page:
    number: int  # 1-based
    height: float
    right: float  # where the page's text and tables end on the right
    lines: tuple[_Line, ...]
    tables: tuple[_Table, ...]
    has_text: bool
    image_cover: float  # the share of the page covered by pictures


def parse_pdf(source: Source, data: bytes) -> ParsedDocument:
    """Split a PDF attachment into its task tables."""
    check_pdf(data, source.path)
    pages = _read_pages(data, source.path)
    _refuse_if_scanned(pages, source.path)
    return assemble(source, _items(pages, _running_lines(pages)))


def join_lines(lines: Iterable[str]) -> str:
    """Lines of one wrapped text as one string: a space only between two Latin letters."""
    out = ""
    for line in (raw.strip() for raw in lines):
        if not line:
            continue
        if out and _latin_letter(out[-1]) and _latin_letter(line[0]):
            out += " "
        out += line
    return out


def _latin_letter(char: str) -> bool:
    return char.isascii() and char.isalpha()


def _read_pages(data: bytes, path: str) -> list[_Page]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as error:  # pdfplumber wraps every pdfminer error in PdfminerException
        cause = error.args[0] if error.args and isinstance(error.args[0], Exception) else error
        if isinstance(cause, PDFPasswordIncorrect):
            raise refuse_encrypted(path) from None
        reason = f"not a readable PDF, damaged or truncated ({_describe(cause)})"
        raise ParseError(reason, Location(path), code=Code.UNREADABLE) from None
    pages: list[_Page] = []
    with pdf:
        try:
            check_document(pdf.doc, path)
            for page in pdf.pages:
                pages.append(_page(page))
                page.close()
        except ParseError:
            raise
        except Exception as error:  # pdfminer raises many kinds on a damaged file
            raise ParseError(
                f"PDF cannot be read at page {len(pages) + 1} ({_describe(error)})",
                Location(path),
                code=Code.UNREADABLE,
            ) from None
    return pages


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {str(error)[:80]}" if str(error) else type(error).__name__


def _page(page: Any) -> _Page:
    found = page.find_tables()  # the "lines" strategy: cells are drawn with ruling lines
    boxes = [table.bbox for table in found]
    outside = page.filter(lambda obj: obj.get("object_type") != "char" or not _within(obj, boxes))
    lines = tuple(
        _Line(line["text"], line["top"], line["bottom"], line["x1"], line["chars"][0]["size"])
        for line in outside.extract_text_lines(strip=True, return_chars=True)
        if line["text"].strip()
    )
    tables = tuple(_table(table, page.page_number) for table in found)
    area = float(page.width * page.height) or 1.0
    covered = sum(max(0.0, (i["x1"] - i["x0"]) * (i["bottom"] - i["top"])) for i in page.images)
    right = max([line.x1 for line in lines] + [box[2] for box in boxes], default=float(page.width))
    return _Page(
        page.page_number,
        float(page.height),
        right,
        lines,
        tables,
        any(char["text"].strip() for char in page.chars),
        min(1.0, covered / area),
    )


def _within(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x < x1 and top <= y < bottom for x0, top, x1, bottom in boxes)


def _table(table: Any, page: int) -> _Table:
    """A pdfplumber table as rows of the real grid: a position no cell starts at is covered by the
    cell to its left (a column span) or the one above (a row span), else it is empty."""
    columns = tuple(sorted({cell[0] for cell in table.cells}))
    spans: list[list[Cell]] = []
    reach_down: dict[int, float] = {}  # column → bottom of the last cell over it
    for row, texts in zip(table.rows, table.extract(), strict=True):
        cells: list[Cell] = []
        top = row.bbox[1]
        column = 0
        while column < len(columns):
            box = row.cells[column]
            if box is None:
                above = reach_down.get(column, top) > top + _TOLERANCE
                cells.append(Cell("", continues_above=above))
                column += 1
                continue
            span = sum(1 for x in columns[column:] if x < box[2] - _TOLERANCE)
            cells.append(Cell(join_lines((texts[column] or "").split("\n")), colspan=max(1, span)))
            for covered in range(column, column + max(1, span)):
                reach_down[covered] = box[3]
            column += max(1, span)
        spans.append(cells)
    return _Table([tuple(cells) for cells in expand(spans)], columns, table.bbox[1], page)


def _refuse_if_scanned(pages: list[_Page], path: str) -> None:
    if pages and not any(page.has_text for page in pages):
        raise ParseError(
            "PDF has no text layer (a scanned image?); run it through OCR first, or supply the Word/Excel original",
            Location(path),
            code=Code.SCANNED,
        )
    scanned = [page.number for page in pages if not page.has_text and page.image_cover >= _SCANNED_COVER]
    if scanned:
        raise ParseError(
            f"PDF page(s) {', '.join(map(str, scanned))} have no text layer, only an image (scanned); "
            "run them through OCR first, or supply the Word/Excel original",
            Location(path),
            code=Code.SCANNED,
        )


def _running_lines(pages: list[_Page]) -> set[tuple[int, _Line]]:
    """Lines in the top or bottom band of their page that are page numbers or repeat on other pages."""
    in_band = [
        (page.number, line)
        for page in pages
        for line in page.lines
        if line.top < page.height * _BAND or line.bottom > page.height * (1 - _BAND)
    ]
    pages_of = Counter(text for _, text in {(number, _squeezed(line.text)) for number, line in in_band})
    return {
        (number, line)
        for number, line in in_band
        if _is_page_number(line.text) or (pages_of[_squeezed(line.text)] > 1 and annex_label(line.text) is None)
    }


def _squeezed(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(_squeezed(text).strip(_DASHES)))


def _items(pages: list[_Page], running: set[tuple[int, _Line]]) -> Iterator[Paragraph | RawTable]:
    """Paragraphs and tables in reading order, tables going on over pages joined."""
    blocks: list[list[_Line] | _Table] = []
    for page in pages:
        content: list[_Line | _Table] = [line for line in page.lines if (page.number, line) not in running]
        content += page.tables
        content.sort(key=lambda item: item.top)
        for index, item in enumerate(content):
            previous = blocks[-1] if blocks else None
            if isinstance(item, _Table):
                if isinstance(previous, _Table) and _goes_on(previous, item):
                    _join_tables(previous, item)
                else:
                    blocks.append(item)
            elif isinstance(previous, list) and _runs_on(previous[-1], item, page.right, new_page=index == 0):
                previous.append(item)
            else:
                blocks.append([item])
    for number, block in enumerate(blocks, 1):
        if isinstance(block, _Table):
            yield RawTable(tuple(RawRow(cells, index) for index, cells in enumerate(block.rows, 1)), number)
        else:
            yield Paragraph(join_lines(line.text for line in block), number)


def _runs_on(previous: _Line, line: _Line, right: float, *, new_page: bool = False) -> bool:
    """Whether `line` goes on the paragraph that `previous` ends: same size, close under it (or first
    on the next page), `previous` ran to the right edge (so it was wrapped, not ended), and `line`
    does not begin with a heading number (a new numbered paragraph)."""
    return (
        abs(previous.size - line.size) < 0.5
        and (new_page or 0 <= line.top - previous.bottom < previous.size * 0.8)
        and previous.x1 >= right - 2 * previous.size
        and annex_label(previous.text) is None
        and annex_label(line.text) is None
        and split_number(line.text) is None
    )


def _goes_on(previous: _Table, table: _Table) -> bool:
    """A table at the top of the page after `previous`'s, with the same columns, goes on from it."""
    return (
        table.page == previous.page + 1
        and len(table.columns) == len(previous.columns)
        and all(abs(a - b) <= _TOLERANCE for a, b in zip(table.columns, previous.columns, strict=True))
    )


def _join_tables(previous: _Table, table: _Table) -> None:
    """Add a table's rows to the one it goes on from; a row whose first cell is empty right after
    a repeated header (or at the top) is the rest of the row the page break split."""
    rows = list(table.rows)
    first = next((i for i, cells in enumerate(rows) if not is_header_row(cells)), None)
    if first is not None and previous.rows:
        split = rows[first]
        last = previous.rows[-1]
        if split and not split[0].strip() and any(c.strip() for c in split) and last and last[0].strip():
            previous.rows[-1] = tuple(join_lines((a, b)) for a, b in zip(last, split, strict=True))
            del rows[first]
    previous.rows.extend(rows)
    previous.page = table.page
