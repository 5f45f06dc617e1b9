"""A notice whose body assigns the tasks itself, rendered as text, Word, a web page and a PDF.

The reference's 52 key tasks (its 附件1) are rewritten as numbered measures in the notice's body,
each closing with its responsibility clause in brackets (…体系（市民政局……负责）。) or followed by a
labelled line (责任单位：…); its 附件2 stays an annex table after them. Reading it must give the text
file's tasks and assignments.
"""

from __future__ import annotations

import html
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import docx

from pipeline.records import Grid
from tests.render import PDF_COLUMNS, _on_page, _pdf_styles

Block = str | Grid  # a paragraph, or a task table
Style = Literal["bracket", "labels"]

TITLE = "达州市人民政府办公室关于印发促进养老托育服务健康发展重点任务的通知"
_OPENING = (
    TITLE,
    "达市府办〔2022〕8号",
    "各县（市、区）人民政府，达州高新区管委会，达州东部经开区管委会，市级各部门：",
    "为促进养老托育服务健康发展（以下简称“一老一小”工作），现将重点任务通知如下，请认真抓好落实。",
)
# A numbered paragraph after the last measure whose bracket is an aside: it is no task.
_CLOSING = ("53.加强督促检查，每季度通报一次进展情况（2022—2025年）。", "达州市人民政府办公室", "2022年3月1日")


@dataclass(frozen=True)
class Notice:
    """The notice as blocks in order: paragraphs, and the annex tables that stay tables."""

    blocks: tuple[Block, ...]


def reference_notice(grids: Sequence[Grid], style: Style = "bracket") -> Notice:
    """The reference with its first table's tasks written inline and the rest kept as annex tables."""
    first, *rest = grids
    blocks: list[Block] = list(_OPENING)
    for index, row in enumerate(first.rows):
        number, task, units = row.cells
        blocks.extend(_measure(f"{number}.", task, units, style, index))
    blocks.extend(_CLOSING)
    for grid in rest:
        blocks.extend(b for b in (grid.annex_label, grid.title) if b)
        blocks.append(grid)
    return Notice(tuple(blocks))


def _measure(number: str, task: str, units: str, style: Style, index: int) -> list[str]:
    clause = units.removesuffix("。")
    if style == "labels":
        return [f"{number}{task}", f"责任单位：{units}"]
    if index % 3 == 2:  # some notices close the sentence first: …体系。（市民政局负责）
        return [f"{number}{task}（{clause}）"]
    return [f"{number}{task.removesuffix('。')}（{clause}）。"]


def notice_text(notice: Notice) -> bytes:
    """The notice as a text attachment: paragraphs indented with U+3000, tables in the cell-per-line layout."""
    lines: list[str] = []
    for block in notice.blocks:
        if isinstance(block, Grid):
            lines += ["", *(f"\t{h}" for h in block.header), ""]
            for row in block.rows:
                lines += [*(f"\t{c}" for c in row.cells), ""]
        else:
            lines.append(block if block == TITLE else f"\u3000\u3000{block}")
    return "\n".join(lines).encode("utf-8")


def notice_docx(notice: Notice) -> bytes:
    """The notice as a Word file: one paragraph per block paragraph, tables as tables."""
    document = docx.Document()
    for block in notice.blocks:
        if isinstance(block, Grid):
            table = document.add_table(rows=0, cols=len(block.header))
            for cells in (block.header, *(r.cells for r in block.rows)):
                for cell, text in zip(table.add_row().cells, cells, strict=True):
                    cell.text = text
        else:
            document.add_paragraph(block)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def notice_html(notice: Notice) -> bytes:
    """The notice as a saved page: navigation, <p> paragraphs, tables with <thead>."""
    parts = [
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>通知</title></head><body>',
        '<div class="nav"><a href="/">首页</a> &gt; 政务公开</div><div class="content">',
    ]
    for block in notice.blocks:
        if isinstance(block, Grid):
            parts.append("<table border='1'><thead><tr>")
            parts += [f"<th>{html.escape(h)}</th>" for h in block.header]
            parts.append("</tr></thead><tbody>")
            for row in block.rows:
                parts.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row.cells) + "</tr>")
            parts.append("</tbody></table>")
        else:
            parts.append(f"<p>{html.escape(block)}</p>")
    parts.append("</div></body></html>")
    return "".join(parts).encode("utf-8")


def notice_pdf(notice: Notice) -> bytes:
    """The notice as a PDF: paragraphs wrapped over lines and pages, tables ruled, a running header
    line and page numbers."""
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    body, title = _pdf_styles()
    story: list[Any] = []
    for block in notice.blocks:
        if isinstance(block, Grid):
            rows = [
                [Paragraph(escape(c), body) for c in cells] for cells in (block.header, *(r.cells for r in block.rows))
            ]
            table = Table(rows, colWidths=PDF_COLUMNS, repeatRows=1)
            table.setStyle(
                TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")])
            )
            story += [table, Spacer(1, 12)]
        else:
            story += [Paragraph(escape(block), title if block == TITLE else body), Spacer(1, 6)]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build(story, onFirstPage=_on_page, onLaterPages=_on_page)
    return out.getvalue()
