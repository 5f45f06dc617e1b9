"""PDF and Excel attachments, and old binary formats through LibreOffice, give the same tables as text.

The reference attachment is rendered once per module as a ruled-table PDF over several pages
(reportlab with its built-in Chinese CID font STSong-Light: the header repeated on each page, a
running header line, a page number footer, section rows merged across) and as an Excel workbook
(merged title and section rows, a hidden sheet, row and column, 序号 as formulas with saved results,
a note row after the last task); each must give exactly the text file's tasks and assignments.
Each refusal is checked here at the parser; tests/test_hostile.py refuses the same files end to end.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from parsers import format_of, parse
from parsers import pdfcheck as pdf_limits
from parsers.excel import parse_xlsx
from pipeline.errors import Code
from pipeline.records import Grid, GridRow, NormalizedDocument, ParsedDocument, Source, SourceFormat
from tests.helpers import ROOT, content, normalize_bytes, parse_error, reference_grids
from tests.render import (
    PAGE_HEADER,
    Quirks,
    docx_bytes,
    many_pages_pdf_bytes,
    pdf_bytes,
    pdf_stream_bomb,
    ruled_pdf_bytes,
    scanned_pdf_bytes,
    xlsx_bytes,
    zip_bomb,
)

NOTE = "注：各责任单位于每年12月底前报送工作进展情况。"
XLSX_QUIRKS = Quirks(section_every=10, hidden_decoys=True, formula_seq=True, note_after=NOTE)
HEADER = ("序号", "重点任务", "责任单位")
DAZHOU_TITLE = "达州市某项工作任务分工表"
UNITS = "市民政局牵头，市财政局参加；各县（市、区）人民政府负责。"


@pytest.fixture(scope="module")
def reference_pdf() -> bytes:
    """The reference as a PDF with section rows merged across."""
    return pdf_bytes(reference_grids(), Quirks(section_every=10))


@pytest.fixture(scope="module")
def reference_xlsx() -> bytes:
    """The reference as a workbook with every quirk the parser must see through."""
    return xlsx_bytes(reference_grids(), XLSX_QUIRKS)


def parsed(data: bytes, name: str) -> ParsedDocument:
    return parse(Source(name, "0" * 64, format_of(name)), data)


def assert_reads_as_reference(doc: NormalizedDocument, reference: NormalizedDocument) -> None:
    """Same tasks and assignments as the text file (838), same tables, sections as rendered."""
    assert content(doc) == content(reference)
    assert len(doc.assignments) == len(reference.assignments) == 838
    assert [(t.annex_label, t.title, t.header) for t in doc.tables] == [
        (t.annex_label, t.title, t.header) for t in reference.tables
    ]
    sections = [t.section for t in doc.tasks if t.table_no == 1]
    assert sections[0] == "一、第1部分" and sections[10] == "二、第2部分" and sections[51] == "六、第6部分"


# ---- PDF ---------------------------------------------------------------------------------------


def test_reference_as_pdf_reads_the_same(reference: NormalizedDocument, reference_pdf: bytes) -> None:
    """A ruled table over several pages, its header repeated on each, is one table per annex."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(reference_pdf)) as pdf:
        assert len(pdf.pages) >= 5
    assert_reads_as_reference(normalize_bytes(reference_pdf, "reference.pdf"), reference)


def test_pdf_page_headers_footers_and_numbers_are_not_text(reference_pdf: bytes) -> None:
    """The running header line and the page numbers are dropped; annex labels and titles are kept."""
    text = parsed(reference_pdf, "reference.pdf").text
    assert text == tuple(part for grid in reference_grids() for part in (grid.annex_label, grid.title))
    assert PAGE_HEADER not in " ".join(text)


def test_pdf_row_split_by_a_page_break_is_one_row() -> None:
    """A row whose cells go on at the top of the next page (under the repeated header) is joined."""
    data = ruled_pdf_bytes(
        ("附件", DAZHOU_TITLE),
        [
            [HEADER, ("1", "任务甲的前半，", "市民政局、")],
            [HEADER, ("", "后半。", "市财政局负责。"), ("2", "任务乙。", "市教育局负责。")],
        ],
    )
    doc = normalize_bytes(data, "split.pdf")
    assert [(t.seq, t.task_text, t.units_text) for t in doc.tasks] == [
        (1, "任务甲的前半，后半。", "市民政局、市财政局负责。"),
        (2, "任务乙。", "市教育局负责。"),
    ]


def small_grid() -> tuple[Grid, ...]:
    """Three Dazhou tasks with one responsibility cell, to render merged down."""
    rows = tuple(GridRow((str(n), f"任务{n}。", UNITS), n) for n in (1, 2, 3))
    return (Grid(1, "附件", DAZHOU_TITLE, HEADER, rows, 0),)


@pytest.mark.parametrize("name", ["merged.pdf", "merged.xlsx"])
def test_responsibility_cell_merged_down(name: str) -> None:
    """A responsibility cell merged down over three rows applies to each of them (pdf: a span drawn
    over three rows; xlsx: mergeCells)."""
    quirks = Quirks(merge_same_units=True, section_every=3)
    data = pdf_bytes(small_grid(), quirks) if name.endswith(".pdf") else xlsx_bytes(small_grid(), quirks)
    doc = normalize_bytes(data, name)
    assert [(t.seq, t.units_text, t.section) for t in doc.tasks] == [(n, UNITS, "一、第1部分") for n in (1, 2, 3)]
    assert len(doc.assignments) == 3 * 9


def test_scanned_pdf_is_refused() -> None:
    """Pages that are only pictures have no text to read: refused with its own code."""
    error = parse_error(scanned_pdf_bytes(), "scan.pdf")
    assert error.code is Code.SCANNED and "no text layer" in error.reason and "OCR" in error.reason


@pytest.mark.parametrize("user_password", ["secret", ""], ids=["password-to-open", "copy-protection-only"])
def test_encrypted_pdf_is_refused(user_password: str) -> None:
    """Encrypted streams cannot be checked before they are read: refused, also with only an owner password."""
    from reportlab.lib.pdfencrypt import StandardEncryption

    encryption = StandardEncryption(user_password, ownerPassword="owner", canCopy=0)
    error = parse_error(pdf_bytes(small_grid(), encrypt=encryption), "locked.pdf")
    assert error.code is Code.ENCRYPTED and "PDF is encrypted" in error.reason


def test_pdf_past_the_page_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages are counted from the page tree before any is read (the real limit: tests/test_hostile.py)."""
    monkeypatch.setattr(pdf_limits, "MAX_PDF_PAGES", 3)
    assert parse_error(many_pages_pdf_bytes(4), "long.pdf").code is Code.UNSAFE
    assert parse_error(many_pages_pdf_bytes(3), "short.pdf").code is Code.NO_TABLE  # within it: read, no table


@pytest.mark.parametrize("ascii85", [False, True], ids=["flate", "ascii85-then-flate"])
def test_pdf_stream_bomb_is_refused(monkeypatch: pytest.MonkeyPatch, ascii85: bool) -> None:
    """A stream inflating past the limit is refused while inflating, also behind another filter (here
    against a limit of 8 MiB; the real one and a 1 GiB bomb: tests/test_hostile.py)."""
    monkeypatch.setattr(pdf_limits, "MAX_UNCOMPRESSED_BYTES", 8 * 1024**2)
    error = parse_error(pdf_stream_bomb(16 * 1024**2, ascii85=ascii85), "bomb.pdf")
    assert error.code is Code.UNSAFE and "inflate past" in error.reason


@pytest.mark.parametrize(
    ("data", "words"),
    [
        pytest.param("附件\n这不是PDF".encode(), "not a PDF", id="text-named-pdf"),
        pytest.param(None, "not a readable PDF", id="truncated"),
    ],
)
def test_broken_pdf_is_refused(data: bytes | None, words: str, reference_pdf: bytes) -> None:
    """A file that is no PDF, or half of one, is refused as unreadable."""
    error = parse_error(data if data is not None else reference_pdf[: len(reference_pdf) // 2], "broken.pdf")
    assert error.code is Code.UNREADABLE and words in error.reason


# ---- Excel -------------------------------------------------------------------------------------


def test_reference_as_xlsx_reads_the_same(reference: NormalizedDocument, reference_xlsx: bytes) -> None:
    """Each sheet with a task table is a table; hidden sheet, row and column unread; formulas' saved results."""
    assert_reads_as_reference(normalize_bytes(reference_xlsx, "reference.xlsx"), reference)


def test_xlsx_hidden_parts_are_noted_and_the_note_row_is_text(reference_xlsx: bytes) -> None:
    """The document's notes name what was hidden; the note row under a table is free text, not a task."""
    document = parsed(reference_xlsx, "reference.xlsx")
    assert document.notes == (
        "sheet «任务1»: hidden row(s) 8 not read",
        "sheet «任务1»: hidden column(s) D not read",
        "sheet «附件2»: hidden row(s) 7 not read",
        "sheet «附件2»: hidden column(s) D not read",
        "sheet «草稿» is hidden: not read",
    )
    assert document.text.count(NOTE) == 2
    assert all(NOTE not in cell for grid in document.tables for row in grid.rows for cell in row.cells)


def test_xlsx_formula_without_saved_result_is_refused() -> None:
    """A formula no spreadsheet program computed has no value to read: refused, never read as empty."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(list(HEADER))
    workbook.active.append(["=1", "任务甲。", "市民政局负责。"])
    out = io.BytesIO()
    workbook.save(out)
    error = parse_error(out.getvalue(), "formula.xlsx")
    assert error.code is Code.UNREADABLE and "A2" in error.reason and "no saved result" in error.reason


@pytest.mark.parametrize(
    ("limit", "value", "words"),
    [
        ("MAX_SHEETS", 1, "sheets, more than the limit"),
        ("MAX_SHEET_CELLS", 50, "cells in the workbook"),
        ("MAX_SHEET_ROWS", 10, "rows"),
        ("MAX_SHEET_COLUMNS", 2, "columns"),
    ],
)
def test_xlsx_past_a_limit_is_refused(monkeypatch: pytest.MonkeyPatch, limit: str, value: int, words: str) -> None:
    """Sheets, cells, rows and columns are bounded (parsers/limits.py), checked before values are kept."""
    import parsers.excel

    monkeypatch.setattr(parsers.excel, limit, value)
    error = parse_error(xlsx_bytes(reference_grids()), "big.xlsx")
    assert error.code is Code.UNSAFE and words in error.reason


def test_xlsx_bomb_and_entities_are_refused() -> None:
    """The workbook's archive passes the same checks as a Word file's (parsers/archive.py; a 2 GiB bomb
    end to end: tests/test_hostile.py)."""
    error = parse_error(zip_bomb(300 * 1024**2, "xl/worksheets/sheet1.xml"), "bomb.xlsx")
    assert error.code is Code.UNSAFE and "inflates" in error.reason
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes(small_grid()))) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["xl/worksheets/sheet1.xml"] = b'<!DOCTYPE x [<!ENTITY a "a">]>' + parts["xl/worksheets/sheet1.xml"]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, part in parts.items():
            archive.writestr(name, part)
    error = parse_error(out.getvalue(), "lol.xlsx")
    assert error.code is Code.UNSAFE and "entities" in error.reason


def test_workbook_of_hidden_sheets_only_says_why_it_has_no_table() -> None:
    """No task table found, and the refusal says which sheets were hidden."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(list(HEADER))
    workbook.active.append(["1", "任务甲。", "市民政局负责。"])
    workbook.create_sheet("空")
    workbook.active.sheet_state = "hidden"
    out = io.BytesIO()
    workbook.save(out)
    assert parse_xlsx(Source("hidden.xlsx", "0" * 64, SourceFormat.XLSX), out.getvalue()).tables == ()
    error = parse_error(out.getvalue(), "hidden.xlsx")
    assert error.code is Code.NO_TABLE and "«Sheet» is hidden" in error.reason


# ---- old binary formats through LibreOffice ------------------------------------------------------


@pytest.mark.parametrize("name", ["old.doc", "old.wps", "old.xls", "old.et"])
def test_old_format_without_libreoffice_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str) -> None:
    """With no soffice on PATH, the refusal names the install (the build end to end: tests/test_hostile.py)."""
    monkeypatch.setenv("PATH", str(tmp_path))
    error = parse_error(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), name)
    assert error.code is Code.NO_CONVERTER and "install LibreOffice" in error.reason and "soffice" in error.reason


def fake_soffice(folder: Path, script: str) -> None:
    program = folder / "soffice"
    program.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    program.chmod(0o755)


def test_conversion_past_the_time_limit_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A LibreOffice that does not finish is killed at the limit and the file refused."""
    import parsers.convert

    fake_soffice(tmp_path, "exec sleep 60")
    monkeypatch.setenv("PATH", f"{tmp_path}:/usr/bin:/bin")
    monkeypatch.setattr(parsers.convert, "CONVERT_TIMEOUT_SECONDS", 0.3)
    error = parse_error(b"\xd0\xcf\x11\xe0" + bytes(100), "slow.doc")
    assert error.code is Code.UNSAFE and "within the limit" in error.reason


def test_failed_conversion_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A LibreOffice that gives no file: refused with its last words."""
    fake_soffice(tmp_path, "echo 'Error: source file could not be loaded'; exit 1")
    monkeypatch.setenv("PATH", f"{tmp_path}:/usr/bin:/bin")
    error = parse_error(b"\xd0\xcf\x11\xe0" + bytes(100), "broken.xls")
    assert error.code is Code.UNREADABLE and "could not be loaded" in error.reason


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_old_formats_are_converted_and_read_the_same(reference: NormalizedDocument, tmp_path: Path) -> None:
    """.doc and .xls made by LibreOffice from the rendered reference read as the text file does."""
    assert SOFFICE is not None
    profile = f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}"
    renders = (("ref.docx", docx_bytes(reference_grids()), "doc"), ("ref.xlsx", xlsx_bytes(reference_grids()), "xls"))
    for name, data, target in renders:
        (tmp_path / name).write_bytes(data)
        command = [
            SOFFICE,
            profile,
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(tmp_path),
            str(tmp_path / name),
        ]
        subprocess.run(command, check=True, capture_output=True, timeout=120)
        doc = normalize_bytes((tmp_path / f"ref.{target}").read_bytes(), f"ref.{target}")
        assert content(doc) == content(reference), target


# ---- registration ------------------------------------------------------------------------------


def test_every_format_is_allowed_by_the_documents_expectation() -> None:
    """expectations/documents.json lists every SourceFormat, or a build of that format fails its check."""
    suite = json.loads((ROOT / "expectations" / "documents.json").read_text(encoding="utf-8"))
    [value_set] = [
        e["kwargs"]["value_set"] for e in suite["expectations"] if e["kwargs"].get("column") == "source_format"
    ]
    assert sorted(value_set) == sorted(f.value for f in SourceFormat)
