"""Excel (.xlsx) attachments through openpyxl, read-only, with the cached results of formulas.

After the archive checks (`parsers.archive`, as for Word: an XLSX bomb is refused there), the
workbook is opened read-only and every visible sheet is read in two streaming passes:
- its XML, for what read-only openpyxl does not give: merged cells, hidden rows and columns, and
  how many cells it holds and how far they reach, checked against the limits before any is kept;
- its values, through openpyxl (shared strings, rich text, numbers, dates, formulas' saved results).
Merged cells are expanded by `parsers.grid` (the anchor's text in every cell it covers); then hidden
rows and columns are dropped, and empty columns on the left. The rows above a sheet's header row
are paragraphs (附件N, the title; a sheet named 附件N is its annex label); from the header on, the
sheet is one table for the layout rules, so each sheet with a task table is a table. Hidden sheets,
rows and columns are not read; the document's notes say so.
"""

from __future__ import annotations

import datetime
import io
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from parsers.archive import check_archive
from parsers.grid import Cell, expand
from parsers.headers import is_header_row
from parsers.layout import RawRow, RawTable, annex_label, assemble
from parsers.limits import MAX_SHEET_CELLS, MAX_SHEET_COLUMNS, MAX_SHEET_ROWS, MAX_SHEETS
from pipeline.errors import Code, Location, ParseError
from pipeline.records import Paragraph, ParsedDocument, Source

S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_ROW, _CELL, _COL, _MERGE = (f"{{{S}}}{tag}" for tag in ("row", "c", "col", "mergeCell"))
_VALUE, _INLINE, _FORMULA = (f"{{{S}}}{tag}" for tag in ("v", "is", "f"))
_SHOWN = 10  # hidden rows or columns named in a note; the rest are counted


@dataclass
class _Layout:
    """What a sheet's XML says beyond its values."""

    hidden_rows: set[int] = field(default_factory=set)
    hidden_columns: set[int] = field(default_factory=set)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # min_col, min_row, max_col, max_row
    valued_rows: set[int] = field(default_factory=set)
    valued_columns: set[int] = field(default_factory=set)
    unsaved_formulas: list[tuple[int, int]] = field(default_factory=list)  # (row, column): a formula, no result
    cells: int = 0

    @property
    def height(self) -> int:
        return max(self.valued_rows, default=0)

    @property
    def width(self) -> int:
        return max(self.valued_columns, default=0)


def parse_xlsx(source: Source, data: bytes) -> ParsedDocument:
    """Split an Excel workbook into its task tables, one per sheet that holds one."""
    check_archive(data, source.path, "Excel workbook")
    items: list[Paragraph | RawTable] = []
    notes: list[str] = []
    with warnings.catch_warnings():  # openpyxl warns of styles and extensions it skips; none is content
        warnings.simplefilter("ignore")
        workbook = _open(data, source.path)
        try:
            _read_workbook(workbook, data, source.path, items, notes)
        except ParseError:
            raise
        except Exception as error:  # openpyxl raises many kinds on a damaged sheet
            reason = f"workbook cannot be read ({type(error).__name__}: {str(error)[:80]})"
            raise ParseError(reason, Location(source.path), code=Code.UNREADABLE) from None
        finally:
            workbook.close()
    return assemble(source, items, notes)


def _open(data: bytes, path: str) -> Any:
    import openpyxl

    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception as error:  # openpyxl raises many kinds for a zip that is not a workbook
        reason = f"not an Excel workbook ({type(error).__name__}: {str(error)[:80]})"
        raise ParseError(reason, Location(path), code=Code.UNREADABLE) from None


def _read_workbook(workbook: Any, data: bytes, path: str, items: list[Paragraph | RawTable], notes: list[str]) -> None:
    if len(workbook.sheetnames) > MAX_SHEETS:
        raise ParseError(
            f"workbook has {len(workbook.sheetnames)} sheets, more than the limit of {MAX_SHEETS}",
            Location(path),
            code=Code.UNSAFE,
        )
    cells = 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for sheet in workbook.worksheets:
            if sheet.sheet_state != "visible":
                notes.append(f"sheet «{sheet.title}» is hidden: not read")
                continue
            # openpyxl 3.1 keeps a read-only sheet's part name here; the XML pass reads that part.
            with archive.open(sheet._worksheet_path) as part:
                layout = _layout(part, path, sheet.title, MAX_SHEET_CELLS - cells)
            cells += layout.cells
            _check_sheet(layout, path, sheet.title)
            notes.extend(_hidden_notes(layout, sheet.title))
            rows = _rows(sheet, layout)
            items.extend(_sheet_items(sheet.title, rows))


def _layout(part: IO[bytes], path: str, title: str, cells_left: int) -> _Layout:
    """One streaming pass over a sheet's XML; refuse past the cell limit before anything is kept."""
    from lxml import etree
    from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries

    layout = _Layout()
    row_number = column = 0
    events = etree.iterparse(
        part, events=("start", "end"), tag=(_ROW, _CELL, _COL, _MERGE), resolve_entities=False, no_network=True
    )
    try:
        for event, element in events:
            tag = element.tag
            if tag == _ROW and event == "start":
                row_number = int(element.get("r") or row_number + 1)
                column = 0
                if _on(element.get("hidden")):
                    layout.hidden_rows.add(row_number)
            elif event == "start":
                continue
            elif tag == _CELL:
                layout.cells += 1
                if layout.cells > cells_left:
                    raise _limit(path, title, f"more than the limit of {MAX_SHEET_CELLS:,} cells in the workbook")
                reference = element.get("r")
                row_number, column = coordinate_to_tuple(reference) if reference else (row_number, column + 1)
                if element.findtext(_VALUE) or element.find(_INLINE) is not None:
                    layout.valued_rows.add(row_number)
                    layout.valued_columns.add(column)
                elif element.find(_FORMULA) is not None and element.get("t", "n") == "n":
                    # a saved result has a type (an empty text result is <v/> with t="str"); a formula
                    # with neither was written by a program that does not compute it
                    layout.unsaved_formulas.append((row_number, column))
            elif tag == _COL and _on(element.get("hidden")):
                first, last = int(element.get("min", "0")), int(element.get("max", "0"))
                layout.hidden_columns.update(range(first, min(last, MAX_SHEET_COLUMNS) + 1))
            elif tag == _MERGE and element.get("ref"):
                bounds = range_boundaries(element.get("ref"))
                if None not in bounds:  # whole rows or columns are no merge Excel writes
                    layout.merges.append(bounds)
            if event == "end":  # keep memory flat: drop what has been read
                element.clear()
                if tag == _ROW:
                    while element.getprevious() is not None:
                        del element.getparent()[0]
    except ParseError:
        raise
    except (etree.XMLSyntaxError, ValueError, TypeError) as error:
        raise ParseError(
            f"sheet «{title}» cannot be read ({type(error).__name__}: {str(error)[:80]})",
            Location(path),
            code=Code.UNREADABLE,
        ) from None
    return layout


def _on(value: str | None) -> bool:
    return value in ("1", "true")


def _limit(path: str, title: str, what: str) -> ParseError:
    return ParseError(f"sheet «{title}» has {what}", Location(path), code=Code.UNSAFE)


def _check_sheet(layout: _Layout, path: str, title: str) -> None:
    """Refuse a sheet past the limits, with formulas whose results were never saved, or with merged
    cells that overlap (so expanding them stays within the sheet's own size)."""
    from openpyxl.utils.cell import get_column_letter

    if layout.height > MAX_SHEET_ROWS:
        raise _limit(path, title, f"values down to row {layout.height:,}, past the limit of {MAX_SHEET_ROWS:,} rows")
    if layout.width > MAX_SHEET_COLUMNS:
        raise _limit(path, title, f"values in column {layout.width:,}, past the limit of {MAX_SHEET_COLUMNS} columns")
    unsaved = [
        f"{get_column_letter(column)}{row}"
        for row, column in layout.unsaved_formulas
        if row not in layout.hidden_rows and column not in layout.hidden_columns
    ]
    if unsaved:
        raise ParseError(
            f"sheet «{title}» has formulas with no saved result ({_listed(unsaved)}): the file was never "
            "opened in a spreadsheet program; open and save it in Excel or WPS, then build again",
            Location(path),
            code=Code.UNREADABLE,
        )
    area = sum(
        (min(max_col, layout.width) - min_col + 1) * (min(max_row, layout.height) - min_row + 1)
        for min_col, min_row, max_col, max_row in layout.merges
        if min_col <= layout.width and min_row <= layout.height
    )
    if area > layout.width * layout.height:
        raise ParseError(f"sheet «{title}» has overlapping merged cells", Location(path), code=Code.UNREADABLE)


def _hidden_notes(layout: _Layout, title: str) -> list[str]:
    from openpyxl.utils.cell import get_column_letter

    notes = []
    rows = sorted(layout.hidden_rows & layout.valued_rows)
    if rows:
        notes.append(f"sheet «{title}»: hidden row(s) {_listed([str(r) for r in rows])} not read")
    columns = sorted(layout.hidden_columns & layout.valued_columns)
    if columns:
        notes.append(f"sheet «{title}»: hidden column(s) {_listed([get_column_letter(c) for c in columns])} not read")
    return notes


def _listed(names: list[str]) -> str:
    shown = ", ".join(names[:_SHOWN])
    return shown if len(names) <= _SHOWN else f"{shown} and {len(names) - _SHOWN} more"


def _rows(sheet: Any, layout: _Layout) -> list[tuple[int, tuple[str, ...]]]:
    """The sheet's visible rows as (row number, cells), merged cells expanded, hidden rows and
    columns and empty columns on the left dropped."""
    height, width = layout.height, layout.width
    values: list[list[str]] = []
    sheet.reset_dimensions()  # a sheet's stated dimensions can be wrong; read every row there is
    for number, row in enumerate(sheet.iter_rows(values_only=True), 1):
        if number > height:
            break
        values.append([_text(value) for value in row[:width]] + [""] * (width - len(row)))
    values += [[""] * width for _ in range(height - len(values))]
    covered: list[list[bool]] = [[False] * width for _ in range(height)]
    anchors: dict[tuple[int, int], tuple[int, int]] = {}  # (row, column) → (colspan, rowspan), 0-based
    for min_col, min_row, max_col, max_row in layout.merges:
        if min_row > height or min_col > width:
            continue
        last_row, last_col = min(max_row, height), min(max_col, width)
        anchors[(min_row - 1, min_col - 1)] = (last_col - min_col + 1, last_row - min_row + 1)
        for r in range(min_row - 1, last_row):
            covered[r][min_col - 1 : last_col] = [True] * (last_col - min_col + 1)
    spans = [
        [
            Cell(text, *anchors.get((r, c), (1, 1)))
            for c, text in enumerate(row)
            if (r, c) in anchors or not covered[r][c]
        ]
        for r, row in enumerate(values)
    ]
    shown = [c for c in range(width) if c + 1 not in layout.hidden_columns]
    grid = [
        (r, tuple(cells[c] for c in shown)) for r, cells in enumerate(expand(spans), 1) if r not in layout.hidden_rows
    ]
    first = next((c for c in range(len(shown)) if any(cells[c].strip() for _, cells in grid)), len(shown))
    return [(r, cells[first:]) for r, cells in grid]


def _text(value: object) -> str:
    """A cell's value as text: numbers as written (1, not 1.0), dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value).strip()


def _sheet_items(title: str, rows: list[tuple[int, tuple[str, ...]]]) -> Iterator[Paragraph | RawTable]:
    """Paragraphs for the rows above the header row (each distinct text in a row), then the table."""
    if annex_label(title) is not None:
        yield Paragraph(title.strip(), 0)
    start = next((i for i, (_, cells) in enumerate(rows) if is_header_row(cells)), len(rows))
    for number, cells in rows[:start]:
        for text in dict.fromkeys(cell for cell in cells if cell):
            yield Paragraph(text, number)
    if start < len(rows):
        table = rows[start:]
        yield RawTable(tuple(RawRow(cells, number) for number, cells in table), table[0][0])
