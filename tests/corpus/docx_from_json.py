"""Write the corpus's Word attachments from their hand-written JSON sources (docx_sources/<stem>.json).

Run from the repository root:  .venv/bin/python tests/corpus/docx_from_json.py [stem …]

A source describes the document block by block, in order:

    {"author": "成都市人民政府办公厅", "saved": "2023-03-20T09:30:00",
     "blocks": [
        {"p": "附件1"},
        {"p": "成都市……重点任务分工表", "center": true},
        {"table": [
            {"header": ["序号", "重点任务", "牵头单位", "配合单位"], "repeat": true},
            ["1", "任务……", "市发展改革委", "市财政局、市商务局"],
            {"section": "一、……"},                       # one cell merged across the table
            ["2", "任务……", {"text": "市民政局", "vmerge": "restart"}, "市财政局"],
            ["3", "任务……", {"vmerge": "continue"}, "市卫生健康委"],
            ["4", {"text": "任务……", "span": 2}, "市教育局"],   # w:gridSpan
            {"header": ["序号", "重点任务", "牵头单位", "配合单位"], "repeat": true}   # again, after a page break
        ]}
     ]}

A cell is a string (a line break in it starts a new paragraph of the cell) or an object with
`text`, `span` (columns) and `vmerge` ("restart" / "continue"). `"repeat": true` marks a header row
w:tblHeader, as Word marks a header repeated on every page. Entry times and document properties
are fixed, so the same source always gives the same bytes.
"""

from __future__ import annotations

import html
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
# The development corpus's sources, and every held-back round's (tests/corpus/heldback*/).
SOURCES = tuple(folder / "docx_sources" for folder in (HERE, *sorted(HERE.glob("heldback*"))))
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.corpus.make_docx import reproducible_as  # noqa: E402
from tests.render import docx_from_body, tc, tr  # noqa: E402


def paragraph(text: str, center: bool = False) -> str:
    props = '<w:pPr><w:jc w:val="center"/></w:pPr>' if center else ""
    return f'<w:p>{props}<w:r><w:t xml:space="preserve">{html.escape(text)}</w:t></w:r></w:p>'


def cell_xml(cell: str | dict[str, Any]) -> str:
    spec = {"text": cell} if isinstance(cell, str) else cell
    inner = "".join(paragraph(line) for line in str(spec.get("text", "")).split("\n")) if spec.get("text") else ""
    return tc(inner, span=int(spec.get("span", 1)), merge=spec.get("vmerge"))


def table_xml(rows: list[Any]) -> str:
    width = max(len(r) if isinstance(r, list) else len(r.get("header", [])) for r in rows)
    out: list[str] = []
    for row in rows:
        if isinstance(row, list):
            out.append(tr(*(cell_xml(c) for c in row)))
        elif "section" in row:
            out.append(tr(cell_xml({"text": row["section"], "span": width})))
        else:
            out.append(tr(*(cell_xml(c) for c in row["header"]), header=bool(row.get("repeat"))))
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    return f"<w:tbl><w:tblPr><w:tblBorders>{borders}</w:tblBorders></w:tblPr>{''.join(out)}</w:tbl>"


def build(source: dict[str, Any]) -> bytes:
    body: list[str] = []
    for block in source["blocks"]:
        if "p" in block:
            body.append(paragraph(block["p"], bool(block.get("center"))))
        else:
            body.append(table_xml(block["table"]))
    return reproducible_as(docx_from_body("".join(body)), source.get("author", ""), source.get("saved", ""))


def main(stems: list[str]) -> int:
    paths = sorted(path for folder in SOURCES for path in folder.glob("*.json"))
    for path in paths:
        if stems and path.stem not in stems:
            continue
        out = path.parent.parent / f"{path.stem}.docx"
        out.write_bytes(build(json.loads(path.read_text(encoding="utf-8"))))
        print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
