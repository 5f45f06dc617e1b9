"""Web (.html/.htm) attachments: the `<table>`s of a saved government page, noise and all.

The page is decoded by its BOM, else its declared charset (GBK and GB2312 read as GB18030, their
superset), else UTF-8, else GB18030. It is parsed with lxml's HTML parser, which fetches nothing:
no network access of any kind. Scripts and styles are dropped. Walking the page in order,
a table whose own rows include a 序号 header is a task table (also when a layout table wraps
it); other text blocks become paragraphs, so 附件N and the title before a table are found.
Header rows come from <thead>, from rows of <th> only, or from their 序号 first cell; rowspan
and colspan are expanded by `parsers.grid`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import regex

from parsers import emphasis as emphasis_marks
from parsers.decoding import decode_text
from parsers.grid import Cell, expand, span_value
from parsers.headers import is_header_row
from parsers.layout import RawRow, RawTable, assemble
from pipeline.errors import Code, Location, ParseError
from pipeline.records import Paragraph, ParsedDocument, Source

_CHARSET = regex.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", regex.IGNORECASE)
_XML_DECLARATION = regex.compile(r"^\s*<\?xml[^>]*\?>")
_SUPERSETS = {"gbk": "gb18030", "gb2312": "gb18030", "gb_2312-80": "gb18030", "x-gbk": "gb18030"}
_SKIPPED = {"script", "style", "noscript", "template", "head"}
_BLOCKS = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "td",
    "th",
    "center",
    "section",
    "article",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "caption",
}


def parse_html(source: Source, data: bytes) -> ParsedDocument:
    """Split a saved web page into its task tables."""
    if regex.search(rb"<!ENTITY", data[:65536], regex.IGNORECASE):
        raise ParseError("page declares XML entities; refused unread", Location(source.path), code=Code.UNSAFE)
    text = _XML_DECLARATION.sub("", _decode(data, source.path))
    import lxml.html

    parser = lxml.html.HTMLParser()
    try:
        root = lxml.html.document_fromstring(text or "<html></html>", parser=parser)
    except Exception as error:  # lxml raises ParserError and ValueError for pages it cannot read
        raise ParseError(f"not a readable web page ({error})", Location(source.path), code=Code.UNREADABLE) from None
    if any("depth" in entry.message.lower() for entry in parser.error_log):
        # libxml2 stops reading past 256 nested elements; what follows would be lost unseen.
        raise ParseError(
            "page nests its elements too deep to be read whole (more than 256 levels)",
            Location(source.path),
            code=Code.UNSAFE,
        )
    return assemble(source, _items(root))


def _decode(data: bytes, path: str) -> str:
    """By BOM, else by the declared charset, else as any text attachment (`decode_text`)."""
    declared = None if data.startswith(b"\xef\xbb\xbf") else _CHARSET.search(data[:4096])
    if declared:
        name = declared[1].decode("ascii").lower()
        try:
            return data.decode(_SUPERSETS.get(name, name))
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration: fall back to sniffing
    return decode_text(data, path)


def _items(element: Any) -> Iterator[Paragraph | RawTable]:
    for child in element.iterchildren():
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _SKIPPED:
            continue
        if tag == "table" and _is_task_table(child):
            yield _table(child)
        elif tag in _BLOCKS and not any(d.tag in _BLOCKS or d.tag == "table" for d in child.iterdescendants()):
            yield Paragraph(_text(child), child.sourceline or 0)
        else:
            yield from _items(child)


def _rows(table: Any) -> Iterator[tuple[Any, bool]]:
    """The table's own rows (not those of nested tables), each with whether it is in <thead>."""
    for child in table.iterchildren():
        if child.tag == "tr":
            yield child, False
        elif child.tag in ("thead", "tbody", "tfoot"):
            for row in child.iterchildren("tr"):
                yield row, child.tag == "thead"


def _is_task_table(table: Any) -> bool:
    for row, _ in _rows(table):
        cells = [c for c in row.iterchildren("td", "th")]
        if is_header_row([_text(c) for c in cells]):
            return True
    return False


def _table(table: Any) -> RawTable:
    spans: list[list[Cell]] = []
    marks: list[bool] = []
    lines: list[int] = []
    for row, in_head in _rows(table):
        cells = list(row.iterchildren("td", "th"))
        spans.append([Cell(_text(c, emphasis=True), _span(c, "colspan"), _span(c, "rowspan")) for c in cells])
        marks.append(in_head or (bool(cells) and all(c.tag == "th" for c in cells)))
        lines.append(row.sourceline or 0)
    grid = expand(spans)
    return RawTable(
        tuple(RawRow(c, line, mark) for c, line, mark in zip(grid, lines, marks, strict=True)), table.sourceline or 0
    )


def _text(element: Any, *, emphasis: bool = False) -> str:
    """Visible text; <br> and block boundaries become line breaks; with `emphasis`, <strong> and <b>
    runs wrapped in the bold marks of `parsers.emphasis`."""
    parts: list[str] = []
    _collect(element, parts, emphasis)
    return "".join(parts).strip()


_BOLD = frozenset({"strong", "b"})


def _collect(element: Any, parts: list[str], emphasis: bool) -> None:
    parts.append(element.text or "")
    for child in element.iterchildren():
        tag = child.tag if isinstance(child.tag, str) else ""  # comments and processing instructions
        if tag == "br" or tag in _BLOCKS:
            parts.append("\n")
        if tag and tag not in _SKIPPED:
            bold = emphasis and tag in _BOLD
            parts.append(emphasis_marks.START if bold else "")
            _collect(child, parts, emphasis)
            parts.append(emphasis_marks.END if bold else "")
        parts.append(child.tail or "")


def _span(cell: Any, attribute: str) -> int:
    return span_value(cell.get(attribute)) or 1
