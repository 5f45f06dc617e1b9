"""Word (.docx) attachments, read as WordprocessingML with lxml.

The package's root relationships name the main document part, which is the only part read: opening
the file with python-docx builds the whole package graph (styles, numbering, media) and cost ten
times the parse of the part itself, and its friendly API skips text in tracked insertions and content
controls anyway. The body is walked here:
- paragraphs and tables in document order, including those wrapped in content controls (w:sdt)
  or custom XML at block, row and cell level;
- text from w:t only, so tracked deletions (w:del → w:delText) are not read, and text inside
  w:del / w:moveFrom is dropped as well; tracked insertions (w:ins) are read;
- rows deleted with change tracking on (w:trPr/w:del) are dropped;
- merged cells (w:gridSpan, w:vMerge) are expanded by `parsers.grid`; nested tables in a cell
  add their text to the cell and do not break the row;
- bold type is a run's own w:b, else its character style's, else its paragraph style's (styles
  follow w:basedOn), so a lead set bold by a style (Strong) reads as one set bold by hand. The styles
  part is the one other part read.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Iterator
from typing import Any

from lxml import etree

from parsers import emphasis as emphasis_marks
from parsers.archive import check_archive
from parsers.grid import Cell, expand, span_value
from parsers.layout import RawRow, RawTable, assemble
from pipeline.errors import Code, Location, ParseError
from pipeline.records import Paragraph, ParsedDocument, Source

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MAIN_DOCUMENT = "/officeDocument"  # how the root relationship to the main part ends, in either OOXML flavour
# Entities are never resolved and nothing is fetched; check_archive has refused any DTD already.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def _q(tag: str) -> str:
    return f"{{{W}}}{tag}"


# Elements that only wrap block, row or cell content; their content is read as if unwrapped.
_WRAPPERS = {_q("sdt"), _q("sdtContent"), _q("customXml"), _q("smartTag"), _q("ins")}
_DROPPED = {_q("del"), _q("moveFrom")}
_P, _T, _TBL, _TR, _TC = _q("p"), _q("t"), _q("tbl"), _q("tr"), _q("tc")
_TR_PR, _TC_PR, _DEL, _V_MERGE, _VAL = _q("trPr"), _q("tcPr"), _q("del"), _q("vMerge"), _q("val")


def parse_docx(source: Source, data: bytes) -> ParsedDocument:
    """Split a Word attachment into its task tables."""
    check_archive(data, source.path, "Word document")
    body, bold_styles = _body(data, source.path)
    return assemble(source, _items(body, _Counter(), bold_styles))


def _body(data: bytes, path: str) -> tuple[Any, frozenset[str]]:
    """The main part's body, and the ids of the styles that set their text in bold."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            main = _main_part(archive, path)
            root = etree.fromstring(archive.read(main), _PARSER)
            bold_styles = _bold_styles(archive, main)
    except etree.XMLSyntaxError as error:
        raise _not_word(f"its main part is not well-formed XML ({error})", path) from None
    if root.tag != _q("document"):
        raise _not_word(f"its main part holds <{etree.QName(root).localname}>, not a Word document body", path)
    body = root.find(_q("body"))
    if body is None:
        raise _not_word("its main part has no body", path)
    return body, bold_styles


def _bold_styles(archive: zipfile.ZipFile, main: str) -> frozenset[str]:
    """Ids of the styles whose text is bold, each by its own w:b or the style it is based on. A
    missing or broken styles part only means no style is bold: bold type is a hint, never the text."""
    folder, name = posixpath.split(main)
    try:
        relationships = etree.fromstring(archive.read(posixpath.join(folder, "_rels", f"{name}.rels")), _PARSER)
        target = next(
            str(r.get("Target", ""))
            for r in relationships
            if str(r.get("Type", "")).endswith("/styles") and r.get("TargetMode") != "External"
        )
        styles = etree.fromstring(archive.read(posixpath.normpath(posixpath.join(folder, target))), _PARSER)
    except (KeyError, StopIteration, etree.XMLSyntaxError):
        return frozenset()
    own: dict[str, bool | None] = {}
    based_on: dict[str, str] = {}
    for style in styles.iterfind(_q("style")):
        style_id = str(style.get(_q("styleId"), ""))
        b = style.find(f"{_q('rPr')}/{_q('b')}")
        own[style_id] = _on(b) if b is not None else None
        parent = style.find(_q("basedOn"))
        if parent is not None:
            based_on[style_id] = str(parent.get(_VAL, ""))

    def bold(style_id: str) -> bool:
        seen: set[str] = set()
        while style_id in own and style_id not in seen:
            seen.add(style_id)
            if own[style_id] is not None:
                return bool(own[style_id])
            style_id = based_on.get(style_id, "")
        return False

    return frozenset(style_id for style_id in own if bold(style_id))


def _main_part(archive: zipfile.ZipFile, path: str) -> str:
    """The name of the main document part, from the package's root relationships."""
    try:
        relationships = etree.fromstring(archive.read("_rels/.rels"), _PARSER)
    except KeyError:
        raise _not_word("the package has no root relationships (_rels/.rels)", path) from None
    for relationship in relationships:
        if str(relationship.get("Type", "")).endswith(_MAIN_DOCUMENT) and relationship.get("TargetMode") != "External":
            name = posixpath.normpath(str(relationship.get("Target", "")).lstrip("/"))
            if name in archive.NameToInfo:
                return name
            raise _not_word(f"its main part {name} is missing from the package", path)
    raise _not_word("the package names no main document part", path)


def _not_word(reason: str, path: str) -> ParseError:
    return ParseError(f"not a Word document: {reason}", Location(path), code=Code.UNREADABLE)


class _Counter:
    """Numbers paragraphs and tables in document order, for error locations."""

    def __init__(self) -> None:
        self.value = 0

    def next(self) -> int:
        self.value += 1
        return self.value


def _items(container: Any, counter: _Counter, bold_styles: frozenset[str]) -> Iterator[Paragraph | RawTable]:
    for child in _unwrapped(container):
        if child.tag == _P:
            yield Paragraph(_text(child), counter.next())
        elif child.tag == _TBL:
            yield _table(child, counter.next(), bold_styles)


def _unwrapped(element: Any) -> Iterator[Any]:
    """Children of `element`, looking through content controls and other wrappers."""
    for child in element.iterchildren():
        if child.tag in _WRAPPERS:
            yield from _unwrapped(child)
        elif child.tag not in _DROPPED:
            yield child


def _table(tbl: Any, number: int, bold_styles: frozenset[str]) -> RawTable:
    spans: list[list[Cell]] = []
    marks: list[bool] = []
    for tr in (c for c in _unwrapped(tbl) if c.tag == _TR):
        properties = tr.find(_TR_PR)
        if properties is not None and properties.find(_DEL) is not None:
            continue  # a row deleted with change tracking on
        cells: list[Cell] = []
        before = _int_val(properties, "gridBefore")
        if before:
            cells.append(Cell("", colspan=before))
        for tc in (c for c in _unwrapped(tr) if c.tag == _TC):
            tc_properties = tc.find(_TC_PR)
            merge = tc_properties.find(_V_MERGE) if tc_properties is not None else None
            continues = merge is not None and merge.get(_VAL, "continue") == "continue"
            text = _text(tc, emphasis=bold_styles)
            cells.append(Cell(text, colspan=_int_val(tc_properties, "gridSpan") or 1, continues_above=continues))
        spans.append(cells)
        marks.append(properties is not None and _on(properties.find(_q("tblHeader"))))
    grid = expand(spans)
    rows = tuple(RawRow(cells, index, mark) for index, (cells, mark) in enumerate(zip(grid, marks, strict=True), 1))
    return RawTable(rows, number)


# The visible text in document order: w:t outside deletions, run-level breaks, and w:p to mark where
# each paragraph of a cell starts. One compiled XPath runs in C; walking nodes in Python cost more
# than parsing the part.
_VISIBLE = etree.XPath(
    "(.//w:t | .//w:p | .//w:r/w:tab | .//w:r/w:br | .//w:r/w:cr)[not(ancestor::w:del) and not(ancestor::w:moveFrom)]",
    namespaces={"w": W},
)


def _text(element: Any, *, emphasis: frozenset[str] | None = None) -> str:
    """The visible text of a paragraph or cell: w:t outside deletions; paragraphs on new lines; with
    `emphasis` (the bold styles' ids), the text of runs set in bold wrapped in the bold marks of
    `parsers.emphasis`."""
    parts: list[str] = []
    for node in _VISIBLE(element):
        tag = node.tag
        if tag == _T:
            bold = emphasis is not None and _bold(node.getparent(), emphasis)
            parts.append(f"{emphasis_marks.START}{node.text or ''}{emphasis_marks.END}" if bold else node.text or "")
        elif tag == _P:
            if parts:
                parts.append("\n")
        else:
            parts.append(" ")
    return "".join(parts).strip()


def _bold(run: Any, bold_styles: frozenset[str]) -> bool:
    """Whether a run is set in bold: by its own w:b (which also turns a style's bold off), else by
    its character style, else by its paragraph's style."""
    if run is None:
        return False
    properties = run.find(_q("rPr"))
    if properties is not None:
        b = properties.find(_q("b"))
        if b is not None:
            return _on(b)
        style = properties.find(_q("rStyle"))
        if style is not None and style.get(_VAL) in bold_styles:
            return True
    paragraph = next(run.iterancestors(_P), None)
    style = paragraph.find(f"{_q('pPr')}/{_q('pStyle')}") if paragraph is not None else None
    return style is not None and style.get(_VAL) in bold_styles


def _int_val(properties: Any, tag: str) -> int:
    element = properties.find(_q(tag)) if properties is not None else None
    value = element.get(_VAL) if element is not None else None
    return span_value(value)


def _on(element: Any) -> bool:
    return element is not None and element.get(_VAL, "true") not in ("false", "0", "off")
