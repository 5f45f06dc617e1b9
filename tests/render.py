"""Render a parsed attachment as a Word file or a web page, quirks and all, for format tests.

The reference attachment is read from its text form, then written back out in another format;
reading that file must give the same tasks and assignments.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass, field

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import Table

from pipeline.records import Grid


@dataclass(frozen=True)
class Quirks:
    """Layout quirks to write into the rendered file."""

    section_every: int = 0  # a section row merged across the table before every n-th row
    merge_same_units: bool = False  # consecutive rows with the same responsibility cell merged down
    repeat_header_every: int = 0  # the header row repeated after every n rows (as after a page break)
    extra_columns: tuple[str, ...] = field(default_factory=tuple)  # more columns, e.g. 备注


def section_name(index: int) -> str:
    numerals = "一二三四五六七八九十"
    return f"{numerals[index % 10]}、第{index + 1}部分"


def docx_bytes(grids: tuple[Grid, ...], quirks: Quirks = Quirks()) -> bytes:
    """A Word file with each grid as a table, 附件N and the title before it."""
    document = docx.Document()
    for grid in grids:
        if grid.annex_label:
            document.add_paragraph(grid.annex_label)
        if grid.title:
            document.add_paragraph(grid.title)
        header = (*grid.header, *quirks.extra_columns)
        table = document.add_table(rows=0, cols=len(header))
        _row(table, header, header_mark=True)
        units_col = len(grid.header) - 1
        sections = 0
        merge_from: tuple[int, str] | None = None
        for index, row in enumerate(grid.rows):
            if quirks.section_every and index % quirks.section_every == 0:
                cells = table.add_row().cells
                merged = cells[0].merge(cells[-1])
                merged.text = section_name(sections)
                sections += 1
                merge_from = None
            if quirks.repeat_header_every and index and index % quirks.repeat_header_every == 0:
                _row(table, header, header_mark=True)
                merge_from = None
            added = _row(table, (*row.cells, *("" for _ in quirks.extra_columns)))
            if quirks.merge_same_units:
                cell_text = row.cells[units_col]
                if merge_from is not None and merge_from[1] == cell_text:
                    top = table.rows[merge_from[0]].cells[units_col]
                    bottom = table.rows[len(table.rows) - 1].cells[units_col]
                    bottom.text = ""
                    top.merge(bottom)
                    top.paragraphs[0].text = cell_text
                    for extra in top.paragraphs[1:]:
                        extra._element.getparent().remove(extra._element)
                else:
                    merge_from = (len(table.rows) - 1, cell_text)
            del added
        document.add_paragraph("")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _row(table: Table, cells: tuple[str, ...], header_mark: bool = False) -> object:
    row = table.add_row()
    for cell, text in zip(row.cells, cells, strict=True):
        cell.text = text
    if header_mark:
        properties = row._tr.get_or_add_trPr()
        mark = OxmlElement("w:tblHeader")
        mark.set(qn("w:val"), "true")
        properties.append(mark)
    return row


def html_bytes(grids: tuple[Grid, ...], encoding: str = "utf-8", quirks: Quirks = Quirks()) -> bytes:
    """A saved government page: navigation, each grid as a <table> with <thead>, a footer."""
    parts = [
        f'<!DOCTYPE html><html><head><meta charset="{encoding}"><title>政策文件</title>',
        "<script>var x = '<table><tr><td>序号</td></tr></table>';</script></head><body>",
        '<div class="nav"><a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a></div>',
    ]
    for grid in grids:
        if grid.annex_label:
            parts.append(f"<p>{html.escape(grid.annex_label)}</p>")
        if grid.title:
            parts.append(f"<h3>{html.escape(grid.title)}</h3>")
        parts.append('<table border="1"><thead><tr>')
        parts.extend(f"<th>{html.escape(h)}</th>" for h in grid.header)
        parts.append("</tr></thead><tbody>")
        units_col = len(grid.header) - 1
        rows = list(grid.rows)
        i = 0
        while i < len(rows):
            if quirks.section_every and i % quirks.section_every == 0:
                parts.append(
                    f'<tr><td colspan="{len(grid.header)}">{section_name(i // quirks.section_every)}</td></tr>'
                )
            span = 1
            if quirks.merge_same_units:
                while (
                    i + span < len(rows)
                    and rows[i + span].cells[units_col] == rows[i].cells[units_col]
                    and not (quirks.section_every and (i + span) % quirks.section_every == 0)
                ):
                    span += 1
            for k in range(span):
                cells = rows[i + k].cells
                parts.append("<tr>")
                parts.extend(f"<td>{html.escape(c)}</td>" for c in cells[:units_col])
                if k == 0:
                    parts.append(f'<td rowspan="{span}">{html.escape(cells[units_col])}</td>')
                parts.append("</tr>")
            i += span
        parts.append("</tbody></table>")
    parts.append('<div class="footer">主办：某市人民政府办公室 版权所有</div></body></html>')
    return "".join(parts).encode(encoding)


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_from_body(body_xml: str) -> bytes:
    """A Word file whose body is `body_xml` (WordprocessingML, w: prefix), for hand-made quirks."""
    from docx.oxml import parse_xml

    document = docx.Document()
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    fragment = parse_xml(f'<w:body xmlns:w="{W_NS}">{body_xml}</w:body>')
    section = body.find(qn("w:sectPr"))
    for child in list(fragment):
        section.addprevious(child)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def p(text: str) -> str:
    """A paragraph of plain text."""
    return f"<w:p><w:r><w:t>{html.escape(text)}</w:t></w:r></w:p>"


def tc(inner: str, *, span: int = 1, merge: str | None = None) -> str:
    """A cell; `inner` is its paragraphs' XML (use p()); merge is 'restart' or 'continue'."""
    props = ""
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if merge == "restart":
        props += '<w:vMerge w:val="restart"/>'
    elif merge == "continue":
        props += "<w:vMerge/>"
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{inner or '<w:p/>'}</w:tc>"


def tr(*cells: str, header: bool = False) -> str:
    """A row of cells made with tc()."""
    props = "<w:trPr><w:tblHeader/></w:trPr>" if header else ""
    return f"<w:tr>{props}{''.join(cells)}</w:tr>"


def tbl(*rows: str) -> str:
    """A table of rows made with tr()."""
    return f"<w:tbl><w:tblPr/>{''.join(rows)}</w:tbl>"


def zip_bomb(inflated_bytes: int) -> bytes:
    """A Word-looking archive whose document part inflates to `inflated_bytes` of zeros.

    Written in chunks, so making a 1 GiB bomb costs seconds and a few MB, not a gigabyte.
    """
    import zipfile

    out = io.BytesIO()
    chunk = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            for _ in range(inflated_bytes // len(chunk)):
                part.write(chunk)
    return out.getvalue()
