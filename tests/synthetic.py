"""Synthetic attachments for scale tests and `make bench`: the reference re-rendered N times in text,
Word and web form, each copy's task texts varied so that no two files are alike (and no two share
a doc_id), its responsibility cells left as the reference writes them."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterator
from pathlib import Path

from parsers import parse
from pipeline.records import Grid, Source, SourceFormat
from tests.helpers import REFERENCE
from tests.render import docx_bytes, html_bytes

FORMATS: tuple[str, ...] = (".txt", ".docx", ".html")


def reference_grids() -> tuple[Grid, ...]:
    """The reference attachment's tables, as the text parser reads them."""
    data = REFERENCE.read_bytes()
    return parse(Source(REFERENCE.name, hashlib.sha256(data).hexdigest(), SourceFormat.TEXT), data).tables


def varied(grids: tuple[Grid, ...], index: int) -> tuple[Grid, ...]:
    """The tables with every task text marked as copy `index` (the cells keep their units)."""
    out = []
    for grid in grids:
        rows = tuple(
            dataclasses.replace(row, cells=(row.cells[0], f"{row.cells[1]}（第{index}稿）", *row.cells[2:]))
            for row in grid.rows
        )
        out.append(dataclasses.replace(grid, rows=rows))
    return tuple(out)


def text_bytes(grids: tuple[Grid, ...]) -> bytes:
    """The tables in the published text layout (附件N, title, one indented line per cell)."""
    lines: list[str] = []
    for grid in grids:
        lines += [grid.annex_label or "附件", "", grid.title or "", *(f"\t{cell}" for cell in grid.header), ""]
        for row in grid.rows:
            lines += [*(f"\t{cell}" for cell in row.cells), ""]
    return "\n".join(lines).encode("utf-8")


def attachment(grids: tuple[Grid, ...], index: int, suffix: str) -> bytes:
    """Copy `index` of the reference as a file of the given format."""
    copy = varied(grids, index)
    if suffix == ".docx":
        return docx_bytes(copy)
    if suffix == ".html":
        return html_bytes(copy)
    return text_bytes(copy)


def write_corpus(folder: Path, count: int, start: int = 0, formats: tuple[str, ...] = FORMATS) -> Iterator[Path]:
    """Write `count` attachments into `folder`, formats in turn; yield each path."""
    grids = reference_grids()
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(start, start + count):
        suffix = formats[index % len(formats)]
        path = folder / f"copy-{index:05d}{suffix}"
        path.write_bytes(attachment(grids, index, suffix))
        yield path
