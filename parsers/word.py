"""Word (.docx) attachments through python-docx, read at its XML layer.

python-docx opens the package and finds the main document part; its friendly API skips text in
tracked insertions and content controls, so the body is walked here as WordprocessingML:
- paragraphs and tables in document order, including those wrapped in content controls (w:sdt)
  or custom XML at block, row and cell level;
- text from w:t only, so tracked deletions (w:del → w:delText) are not read, and text inside
  w:del / w:moveFrom is dropped as well; tracked insertions (w:ins) are read;
- rows deleted with change tracking on (w:trPr/w:del) are dropped;
- merged cells (w:gridSpan, w:vMerge) are expanded by `parsers.grid`; nested tables in a cell
  add their text to the cell and do not break the row.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from parsers.archive import check_archive
from parsers.grid import Cell, expand, span_value
from parsers.layout import Paragraph, RawRow, RawTable, assemble
from pipeline.errors import Code, Location, ParseError
from pipeline.records import ParsedDocument, Source

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _q(tag: str) -> str:
    return f"{{{W}}}{tag}"


# Elements that only wrap block, row or cell content; their content is read as if unwrapped.
_WRAPPERS = {_q("sdt"), _q("sdtContent"), _q("customXml"), _q("smartTag"), _q("ins")}
_DROPPED = {_q("del"), _q("moveFrom")}
_BREAKS = {_q("tab"), _q("br"), _q("cr")}


def parse_docx(source: Source, data: bytes) -> ParsedDocument:
    """Split a Word attachment into its task tables."""
    check_archive(data, source.path)
    body = _body(data, source.path)
    return assemble(source, _items(body, _Counter()))


def _body(data: bytes, path: str) -> Any:
    import docx

    try:
        body = docx.Document(io.BytesIO(data)).element.body
    except Exception as error:  # python-docx raises many kinds for a zip that is not a Word file
        reason = f"not a Word document ({type(error).__name__}: {str(error)[:80]})"
        raise ParseError(reason, Location(path), code=Code.UNREADABLE) from None
    if body is None:
        raise ParseError("not a Word document: its main part has no body", Location(path), code=Code.UNREADABLE)
    return body


class _Counter:
    """Numbers paragraphs and tables in document order, for error locations."""

    def __init__(self) -> None:
        self.value = 0

    def next(self) -> int:
        self.value += 1
        return self.value


def _items(container: Any, counter: _Counter) -> Iterator[Paragraph | RawTable]:
    for child in _unwrapped(container):
        if child.tag == _q("p"):
            yield Paragraph(_text(child), counter.next())
        elif child.tag == _q("tbl"):
            yield _table(child, counter.next())


def _unwrapped(element: Any) -> Iterator[Any]:
    """Children of `element`, looking through content controls and other wrappers."""
    for child in element.iterchildren():
        if child.tag in _WRAPPERS:
            yield from _unwrapped(child)
        elif child.tag not in _DROPPED:
            yield child


def _table(tbl: Any, number: int) -> RawTable:
    spans: list[list[Cell]] = []
    marks: list[bool] = []
    for tr in (c for c in _unwrapped(tbl) if c.tag == _q("tr")):
        properties = tr.find(_q("trPr"))
        if properties is not None and properties.find(_q("del")) is not None:
            continue  # a row deleted with change tracking on
        cells: list[Cell] = []
        before = _int_val(properties, "gridBefore")
        if before:
            cells.append(Cell("", colspan=before))
        for tc in (c for c in _unwrapped(tr) if c.tag == _q("tc")):
            tc_properties = tc.find(_q("tcPr"))
            merge = tc_properties.find(_q("vMerge")) if tc_properties is not None else None
            continues = merge is not None and merge.get(_q("val"), "continue") == "continue"
            cells.append(Cell(_text(tc), colspan=_int_val(tc_properties, "gridSpan") or 1, continues_above=continues))
        spans.append(cells)
        marks.append(properties is not None and _on(properties.find(_q("tblHeader"))))
    grid = expand(spans)
    rows = tuple(RawRow(cells, index, mark) for index, (cells, mark) in enumerate(zip(grid, marks, strict=True), 1))
    return RawTable(rows, number)


def _text(element: Any) -> str:
    """The visible text of a paragraph or cell: w:t outside deletions; paragraphs on new lines."""
    parts: list[str] = []
    for node in element.iter(_q("t"), _q("p"), *_BREAKS):
        if any(ancestor.tag in _DROPPED for ancestor in node.iterancestors()):
            continue
        if node.tag == _q("t"):
            parts.append(node.text or "")
        elif node.tag == _q("p"):
            if parts:
                parts.append("\n")
        else:
            parts.append(" ")
    return "".join(parts).strip()


def _int_val(properties: Any, tag: str) -> int:
    element = properties.find(_q(tag)) if properties is not None else None
    value = element.get(_q("val")) if element is not None else None
    return span_value(value)


def _on(element: Any) -> bool:
    return element is not None and element.get(_q("val"), "true") not in ("false", "0", "off")
