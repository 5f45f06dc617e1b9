"""Render a parsed attachment as a Word file, a web page, a PDF or an Excel workbook, quirks and all,
for format tests.

The reference attachment is read from its text form, then written back out in another format;
reading that file must give the same tasks and assignments.
"""

from __future__ import annotations

import html
import io
import zipfile
from dataclasses import dataclass, field
from functools import partial
from typing import Any

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
    hidden_decoys: bool = False  # xlsx: a hidden sheet, row and column whose text must not be read
    formula_seq: bool = False  # xlsx: each 序号 a formula (=ROW()-k) with its saved result
    note_after: str = ""  # xlsx: a note row merged across the table after its last task


def units_runs(grid: Grid, quirks: Quirks) -> list[int]:
    """For each row, over how many rows its responsibility cell is merged down (0: merged into one above);
    all 1 unless quirks.merge_same_units. A run never crosses a section row."""
    runs = [1] * len(grid.rows)
    if not quirks.merge_same_units:
        return runs
    units = len(grid.header) - 1
    start = 0
    for index in range(1, len(grid.rows)):
        section = quirks.section_every and index % quirks.section_every == 0
        if not section and grid.rows[index].cells[units] == grid.rows[start].cells[units]:
            runs[start] += 1
            runs[index] = 0
        else:
            start = index
    return runs


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
        for i, (row, span) in enumerate(zip(grid.rows, units_runs(grid, quirks), strict=True)):
            if quirks.section_every and i % quirks.section_every == 0:
                parts.append(
                    f'<tr><td colspan="{len(grid.header)}">{section_name(i // quirks.section_every)}</td></tr>'
                )
            parts.append("<tr>")
            parts.extend(f"<td>{html.escape(c)}</td>" for c in row.cells[:units_col])
            if span:
                parts.append(f'<td rowspan="{span}">{html.escape(row.cells[units_col])}</td>')
            parts.append("</tr>")
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


def zip_bomb(inflated_bytes: int, part_name: str = "word/document.xml") -> bytes:
    """A Word-looking archive (or, with part_name xl/worksheets/sheet1.xml, an Excel-looking one) whose
    part inflates to `inflated_bytes` of zeros.

    Written in chunks, so making a 1 GiB bomb costs seconds and a few MB, not a gigabyte.
    """
    out = io.BytesIO()
    chunk = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open(part_name, "w", force_zip64=True) as part:
            for _ in range(inflated_bytes // len(chunk)):
                part.write(chunk)
    return out.getvalue()


# ---- PDF (reportlab, with its built-in Chinese CID font) ----------------------------------------

PDF_FONT = "STSong-Light"
PAGE_HEADER = "达州市人民政府办公室"  # a running header line on every page
PDF_COLUMNS = [40, 250, 170]  # points: 序号 | task | responsibility on A4


def _on_page(canvas: Any, document: Any) -> None:
    """The running header line and the page number footer."""
    from reportlab.lib.pagesizes import A4

    canvas.setFont(PDF_FONT, 9)
    canvas.drawCentredString(A4[0] / 2, A4[1] - 40, PAGE_HEADER)
    canvas.drawCentredString(A4[0] / 2, 30, f"— {document.page} —")


def _pdf_styles() -> tuple[Any, Any]:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    body = ParagraphStyle("body", fontName=PDF_FONT, fontSize=10, leading=14, wordWrap="CJK")
    title = ParagraphStyle("title", parent=body, fontSize=16, leading=22, alignment=1)
    return body, title


def pdf_bytes(grids: tuple[Grid, ...], quirks: Quirks = Quirks(), *, encrypt: Any = None) -> bytes:
    """A PDF with each grid as a ruled table over as many pages as it takes: 附件N and the title
    before it, the header repeated on each page, a running header line and a page number footer;
    with `encrypt` (a password to open it, or reportlab's StandardEncryption), encrypted."""
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    body, title = _pdf_styles()
    story: list[Any] = []
    for grid in grids:
        if grid.annex_label:
            story.append(Paragraph(escape(grid.annex_label), body))
        if grid.title:
            story.append(Paragraph(escape(grid.title), title))
        rows = [[Paragraph(escape(cell), body) for cell in grid.header]]
        style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]
        units = len(grid.header) - 1
        for index, (row, span) in enumerate(zip(grid.rows, units_runs(grid, quirks), strict=True)):
            if quirks.section_every and index % quirks.section_every == 0:
                style.append(("SPAN", (0, len(rows)), (-1, len(rows))))
                rows.append([Paragraph(section_name(index // quirks.section_every), body), "", ""])
            if span > 1:
                style.append(("SPAN", (units, len(rows)), (units, len(rows) + span - 1)))
            cells = row.cells if span else (*row.cells[:units], "")
            rows.append([Paragraph(escape(cell), body) for cell in cells])
        table = Table(rows, colWidths=PDF_COLUMNS, repeatRows=1)
        table.setStyle(TableStyle(style))
        story += [table, Spacer(1, 20)]

    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, encrypt=encrypt).build(story, onFirstPage=_on_page, onLaterPages=_on_page)
    return out.getvalue()


def ruled_pdf_bytes(
    paragraphs: tuple[str, ...], pages: list[list[tuple[str, ...]]], spans: tuple[tuple[int, int, int, int], ...] = ()
) -> bytes:
    """A hand-made PDF: the paragraphs, then on each page one ruled table of that page's rows (a page
    break between), for layouts no document template makes: a row split by a page break, cells merged
    in the first page's table (spans as (first column, first row, last column, last row))."""
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    body, title = _pdf_styles()
    story: list[Any] = [Paragraph(escape(text), body if len(text) < 6 else title) for text in paragraphs]
    for number, rows in enumerate(pages):
        if number:
            story.append(PageBreak())
        table = Table([[Paragraph(escape(cell), body) for cell in row] for row in rows], colWidths=PDF_COLUMNS)
        style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]
        if number == 0:
            style += [("SPAN", (c0, r0), (c1, r1)) for c0, r0, c1, r1 in spans]
        table.setStyle(TableStyle(style))
        story.append(table)
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build(story, onFirstPage=_on_page, onLaterPages=_on_page)
    return out.getvalue()


def scanned_pdf_bytes(pages: int = 2) -> bytes:
    """A PDF as a scanner makes it: each page one picture, no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    picture = Image.new("L", (595, 842), 255)
    draw = ImageDraw.Draw(picture)
    for y in range(100, 800, 20):  # lines of "text" and table rules, as pixels
        draw.line((60, y, 535, y), fill=0)
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    for _ in range(pages):
        page.drawImage(ImageReader(picture), 0, 0, *A4)
        page.showPage()
    page.save()
    return out.getvalue()


def many_pages_pdf_bytes(pages: int) -> bytes:
    """A PDF of `pages` pages with one word each."""
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out)
    for number in range(pages):
        page.drawString(72, 720, f"page {number + 1}")
        page.showPage()
    page.save()
    return out.getvalue()


def pdf_stream_bomb(inflated_bytes: int, *, ascii85: bool = False) -> bytes:
    """A one-page PDF whose content stream inflates to `inflated_bytes` of zeros (made in chunks); with
    `ascii85`, the compressed stream is ASCII85-encoded too (/Filter [/ASCII85Decode /FlateDecode])."""
    import base64
    import zlib

    deflater = zlib.compressobj(9)
    chunk = b"\0" * (1024 * 1024)
    stream = b"".join(deflater.compress(chunk) for _ in range(inflated_bytes // len(chunk))) + deflater.flush()
    filters = b"/FlateDecode"
    if ascii85:
        stream, filters = base64.a85encode(stream) + b"~>", b"[/ASCII85Decode /FlateDecode]"
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
        b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >> endobj\n"
        + b"4 0 obj << /Length %d /Filter %s >> stream\n" % (len(stream), filters)
        + stream
        + b"\nendstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )


# ---- Excel (openpyxl) --------------------------------------------------------------------------


def xlsx_bytes(grids: tuple[Grid, ...], quirks: Quirks = Quirks()) -> bytes:
    """A workbook with each grid on a sheet: the first sheet has a 附件N row, later ones are named
    附件N instead; a merged title row, the header, merged section rows, and the quirks asked for."""
    import openpyxl

    workbook = openpyxl.Workbook()
    for number, grid in enumerate(grids):
        sheet = workbook.active if number == 0 else workbook.create_sheet()
        sheet.title = f"任务{number + 1}" if number == 0 or not grid.annex_label else grid.annex_label
        width = len(grid.header) + quirks.hidden_decoys
        add = partial(_add_row, sheet, width)
        if number == 0 and grid.annex_label:
            add((grid.annex_label,))
        if grid.title:
            add((grid.title,), merged=True)
        decoy = ("内部备注",) if quirks.hidden_decoys else ()
        add((*grid.header, *(("备注",) if quirks.hidden_decoys else ())))
        units = len(grid.header)  # 1-based column
        for index, (row, span) in enumerate(zip(grid.rows, units_runs(grid, quirks), strict=True)):
            if quirks.section_every and index % quirks.section_every == 0:
                add((section_name(index // quirks.section_every),), merged=True)
            if quirks.hidden_decoys and index == 3:
                add(("99", "不应读出的隐藏任务。", "市民政局负责。", *decoy), hidden=True)
            row_number = sheet.max_row + 1
            seq = f"=ROW()-{row_number - int(row.cells[0])}" if quirks.formula_seq else row.cells[0]
            add((seq, *row.cells[1:], *decoy))
            if span > 1:
                last = row_number + span - 1
                sheet.merge_cells(start_row=row_number, start_column=units, end_row=last, end_column=units)
        if quirks.note_after:
            add((quirks.note_after,), merged=True)
        if quirks.hidden_decoys:
            sheet.column_dimensions[openpyxl.utils.get_column_letter(width)].hidden = True
    if quirks.hidden_decoys:
        hidden = workbook.create_sheet("草稿")
        hidden.append(["序号", "重点任务", "责任单位"])
        hidden.append(["1", "不应读出的草稿任务。", "市民政局负责。"])
        hidden.sheet_state = "hidden"
    out = io.BytesIO()
    workbook.save(out)
    return _with_formula_results(out.getvalue())


def _add_row(sheet: Any, width: int, cells: tuple[str, ...], *, merged: bool = False, hidden: bool = False) -> None:
    """Append a row to an openpyxl sheet, merged across `width` columns or hidden if asked."""
    sheet.append(list(cells))
    row = sheet.max_row
    if merged:
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    if hidden:
        sheet.row_dimensions[row].hidden = True


_ROW_FORMULA = r'<c r="([A-Z]+)([0-9]+)"([^>]*)><f>ROW\(\)-([0-9]+)</f><v\s*/?>(?:</v>)?'


def _with_formula_results(data: bytes) -> bytes:
    """The workbook with the results of its =ROW()-k formulas saved, as a spreadsheet program saves
    them (openpyxl writes formulas without results)."""
    import re

    def result(match: re.Match[str]) -> str:
        column, row, attributes, offset = match.groups()
        return f'<c r="{column}{row}"{attributes}><f>ROW()-{offset}</f><v>{int(row) - int(offset)}</v>'

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            part = source.read(entry)
            if entry.filename.startswith("xl/worksheets/"):
                part = re.sub(_ROW_FORMULA, result, part.decode("utf-8")).encode("utf-8")
            target.writestr(entry, part)
    return out.getvalue()
