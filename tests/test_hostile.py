"""Hostile and awkward files, end to end: every bad file refused clearly, nothing lost.

CONTRACT.md, Quality and failure: a failed parse or failed expectation leaves the previous output
as it was, exits non-zero and says which file, table, row and rule failed. README, "When a build
refuses its input": one line per problem naming the file, never a traceback; exit 1 for refused
input, 3 for a failed data-quality expectation; the error codes in brackets are stable.

Each case copies one project built once from the reference attachment (raw/ and output/, not the
cache), drops one file into raw/ and runs `python -m pipeline build` in a child process, as a user
would. Awkward but valid files (other encodings, line ends, indentation, file names, a very long
table) must be built, not refused.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import struct
import sys
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from parsers import EXTENSIONS, parse
from parsers.limits import MAX_PDF_PAGES
from pipeline.records import Grid, Source, SourceFormat
from tests.helpers import REFERENCE, Run, normalize_bytes, reference_grids, reference_project, run_build, snapshot
from tests.render import (
    docx_bytes,
    docx_from_body,
    many_pages_pdf_bytes,
    p,
    pdf_bytes,
    pdf_stream_bomb,
    scanned_pdf_bytes,
    tbl,
    tc,
    tr,
    xlsx_bytes,
    zip_bomb,
)

EXIT_OK, EXIT_REFUSED, EXIT_EXPECTATIONS = 0, 1, 3  # pipeline/cli.py
SUPPORTED = "supported: " + ", ".join(sorted(EXTENSIONS))
# A PATH with no LibreOffice on it: only the folder of the Python that runs the build.
NO_SOFFICE = (("PATH", os.path.dirname(sys.executable)),)
DAZHOU_TITLE = "达州市某项工作任务分工表"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


# ---- inputs ------------------------------------------------------------------------------------


def attachment(
    rows: Sequence[tuple[object, str, str]], *, title: str = DAZHOU_TITLE, indent: str = "\t", newline: str = "\n"
) -> str:
    """A one-table text attachment in the published layout: 附件, title, header, one block per row."""
    lines = ["附件", "", title, f"{indent}序号", f"{indent}重点任务", f"{indent}责任单位", ""]
    for seq, task, cell in rows:
        lines += [f"{indent}{seq}", f"{indent}{task}", f"{indent}{cell}", ""]
    return newline.join(lines)


def numbered(seqs: Sequence[object], last_cell: str = "市民政局负责。") -> str:
    """An attachment of Dazhou with rows numbered `seqs`; the last row's cell is `last_cell`."""
    rows = [(n, f"第{i}项任务。", "市民政局牵头，市财政局参加。") for i, n in enumerate(seqs[:-1], 1)]
    return attachment([*rows, (seqs[-1], "最后一项任务。", last_cell)])


# A small valid attachment (lead, participating, responsible and a county collective) for the
# acceptance cases; every awkward variant of it must read exactly as this plain UTF-8 form does.
SAMPLE_ROWS = (
    (1, "完善养老服务体系。", "市民政局牵头，市财政局参加。"),
    (2, "推进托育服务发展。", "市卫生健康委负责，各县（市、区）人民政府负责。"),
    (3, "加强人才队伍建设。", "市人力资源社会保障局、市教育局按职责分工负责。"),
)
SAMPLE = attachment(SAMPLE_ROWS)


def sample_grids() -> tuple[Grid, ...]:
    """The sample's table as the text parser reads it, to render as PDF or Excel."""
    data = SAMPLE.encode()
    return parse(Source("sample.txt", hashlib.sha256(data).hexdigest(), SourceFormat.TEXT), data).tables


@cache
def reference_docx() -> bytes:
    """The reference attachment's first table as a Word file (tests/render.docx_bytes)."""
    return docx_bytes(reference_grids()[:1])


def zip_of(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def docx_with_document_xml(edit: Callable[[bytes], bytes]) -> bytes:
    """A valid small Word file whose word/document.xml is passed through `edit`, re-zipped."""
    with zipfile.ZipFile(io.BytesIO(small_docx())) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["word/document.xml"] = edit(parts["word/document.xml"])
    return zip_of(parts)


HEADER_ROW = tr(tc(p("序号")), tc(p("重点任务")), tc(p("责任单位")), header=True)


def small_docx(units_cell: str = p("市民政局负责。"), units_props: str = "") -> bytes:
    """A Dazhou Word attachment with one task; the responsibility cell's XML is given."""
    cell = f"<w:tc><w:tcPr>{units_props}</w:tcPr>{units_cell or '<w:p/>'}</w:tc>"
    row = f"<w:tr>{tc(p('1'))}{tc(p('第一项任务。'))}{cell}</w:tr>"
    return docx_from_body(p("附件") + p(DAZHOU_TITLE) + tbl(HEADER_ROW, row))


def small_html(units_cell: str, units_attrs: str = "") -> bytes:
    """A Dazhou web page with one task; the responsibility cell's inner HTML and attributes are given."""
    return (
        "<html><head><meta charset='utf-8'></head><body><p>附件</p>"
        f"<h3>{DAZHOU_TITLE}</h3><table><thead><tr><th>序号</th><th>重点任务</th><th>责任单位</th></tr></thead>"
        f"<tbody><tr><td>1</td><td>第一项任务。</td><td {units_attrs}>{units_cell}</td></tr></tbody></table>"
        "</body></html>"
    ).encode()


LAUGH = b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'


# ---- the refused cases -------------------------------------------------------------------------


@dataclass(frozen=True)
class Bad:
    """A file the build must refuse: its name in raw/, its bytes, and how the refusal must read."""

    name: str
    make: Callable[[], bytes]  # called in the test, so the zip bomb is only made when it runs
    code: str  # the error code in brackets, on a line naming the file
    exit_code: int = EXIT_REFUSED
    words: tuple[str, ...] = ()  # more that the file's error lines must say
    soft: bool = False  # refused only with --strict; by default a review row (or, no table, skipped)
    env: tuple[tuple[str, str], ...] = ()  # environment variables the build runs with (PATH without soffice)


def bad(
    case_id: str,
    name: str,
    make: Callable[[], bytes],
    code: str,
    *,
    exit_code: int = EXIT_REFUSED,
    words: tuple[str, ...] = (),
    marks: pytest.MarkDecorator | tuple[()] = (),
    soft: bool = False,
    env: tuple[tuple[str, str], ...] = (),
) -> object:
    """One parametrized case, with a readable id."""
    return pytest.param(Bad(name, make, code, exit_code, words, soft, env), id=case_id, marks=marks)


def with_central_directory_field(data: bytes, offset: int, value: Callable[[int], int]) -> bytes:
    """The zip with one 16-bit field of its first central-directory entry changed (offset 6: version
    needed to extract; 8: flags, bit 0 = encrypted)."""
    at = data.index(b"PK\x01\x02") + offset
    return data[:at] + struct.pack("<H", value(struct.unpack("<H", data[at : at + 2])[0])) + data[at + 2 :]


BAD_FILES = [
    # empty files
    bad("empty-txt", "empty.txt", lambda: b"", "unreadable", words=("file is empty",)),
    bad("empty-docx", "empty.docx", lambda: b"", "unreadable", words=("file is empty",)),
    bad("empty-html", "empty.html", lambda: b"", "unreadable", words=("file is empty",)),
    bad("whitespace-only-txt", "blank.txt", lambda: b" \r\n\t\n", "unreadable", words=("file is empty",)),
    # not what the extension says
    bad("docx-that-is-plain-text", "plain.docx", lambda: SAMPLE.encode(), "unreadable", words=("not a Word document",)),
    bad("txt-that-is-a-docx", "word.txt", reference_docx, "unreadable", words=("binary data",)),
    bad(
        "html-that-is-a-png",
        "picture.html",
        lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
        "unreadable",
        words=("binary data",),
    ),
    bad(
        "txt-in-no-supported-encoding",
        "garbage.txt",
        lambda: b"\xff\xfe\xfd\x80\x80\xff" * 16,
        "unreadable",
        words=("not text in any supported encoding",),
    ),
    bad(
        "docx-zip-without-word-part",
        "sheet.docx",
        lambda: zip_of({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}),
        "unreadable",
        words=("not a Word document",),
    ),
    # broken or hostile Word files
    bad(
        "truncated-docx",
        "half.docx",
        lambda: reference_docx()[: len(reference_docx()) // 2],
        "unreadable",
        words=("not a complete zip archive",),
    ),
    bad("docx-inflating-to-2GiB", "bomb.docx", lambda: zip_bomb(2 * 1024**3), "unsafe", words=("inflates to",)),
    bad(
        "docx-with-entity-declarations",
        "lol.docx",
        lambda: docx_with_document_xml(lambda xml: xml.replace(b"?>", b"?>" + LAUGH, 1)),
        "unsafe",
        words=("declares a DTD or XML entities",),
    ),
    bad(
        "docx-without-body",
        "nobody.docx",
        lambda: docx_with_document_xml(lambda _: f'<w:document xmlns:w="{W_NS}"/>'.encode()),
        "unreadable",
    ),
    bad(
        "docx-with-encrypted-part",
        "encrypted.docx",
        lambda: with_central_directory_field(small_docx(), 8, lambda flags: flags | 0x1),
        "unreadable",
    ),
    bad(
        "docx-needing-zip-version-17",
        "version.docx",
        lambda: with_central_directory_field(small_docx(), 6, lambda _: 171),
        "unreadable",
    ),
    bad(
        "html-with-entity-declarations",
        "lol.html",
        lambda: b'<?xml version="1.0"?>' + LAUGH + b"<html><body><p>&lol2;</p></body></html>",
        "unsafe",
        words=("declares XML entities",),
    ),
    # PDFs that cannot or must not be read
    bad(
        "pdf-scanned",
        "扫描件.pdf",
        scanned_pdf_bytes,
        "scanned",
        words=("no text layer", "OCR"),
    ),
    bad(
        "pdf-encrypted",
        "加密.pdf",
        lambda: pdf_bytes(reference_grids()[:1], encrypt="secret"),
        "encrypted",
        words=("PDF is encrypted",),
    ),
    bad(
        "pdf-past-the-page-limit",
        "长文件.pdf",
        lambda: many_pages_pdf_bytes(MAX_PDF_PAGES + 1),
        "unsafe",
        words=(f"more than the limit of {MAX_PDF_PAGES:,} pages",),
    ),
    bad("pdf-stream-bomb", "bomb.pdf", lambda: pdf_stream_bomb(1024**3), "unsafe", words=("inflate past",)),
    bad(
        "pdf-that-is-plain-text",
        "文件.pdf",
        lambda: SAMPLE.encode(),
        "unreadable",
        words=("not a PDF",),
    ),
    # Excel workbooks that cannot or must not be read
    bad(
        "xlsx-inflating-to-2GiB",
        "bomb.xlsx",
        lambda: zip_bomb(2 * 1024**3, "xl/worksheets/sheet1.xml"),
        "unsafe",
        words=("inflates to",),
    ),
    bad(
        "xlsx-zip-without-workbook",
        "表格.xlsx",
        lambda: zip_of({"xl/workbook.xml": b"<workbook/>"}),
        "unreadable",
        words=("not an Excel workbook",),
    ),
    # old binary formats, with no LibreOffice to convert them
    bad(
        "doc-without-soffice",
        "旧版.doc",
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
        "no-converter",
        words=("no soffice is on PATH", "install LibreOffice"),
        env=NO_SOFFICE,
    ),
    # formats the pipeline does not read
    bad("pptx", "幻灯片.pptx", lambda: zip_of({"ppt/x.xml": b"<p/>"}), "unsupported-format", words=(SUPPORTED,)),
    bad("no-extension", "README", lambda: b"notes", "unsupported-format", words=(SUPPORTED,)),
    # no task table
    bad(
        "no-task-table",
        "通知.txt",
        lambda: "附件\n\n达州市关于某项工作的通知\n\n一、总体要求\n各县（市、区）人民政府要高度重视。\n".encode(),
        "no-table",
        words=("no task table found",),
        soft=True,
    ),
    bad(
        "header-without-rows",
        "空表.txt",
        lambda: attachment([]).encode(),
        "no-table",
        words=("header but no numbered rows",),
        soft=True,
    ),
    # rows that break the table's rules
    bad(
        "repeated-seq",
        "重复.txt",
        lambda: numbered((1, 2, 2, 3)).encode(),
        "expectation",
        exit_code=EXIT_EXPECTATIONS,
        words=("重复.txt, table 1, row 2", "seq does not repeat"),
    ),
    bad(
        "missing-seq",
        "缺号.txt",
        lambda: numbered((1, 2, 4)).encode(),
        "expectation",
        exit_code=EXIT_EXPECTATIONS,
        words=("缺号.txt, table 1, row 3", "no gap"),
    ),
    bad(
        "seq-not-a-number",
        "序号.txt",
        lambda: numbered((1, "二")).encode(),
        "bad-seq",
        words=("序号.txt, table 1 (line 12)", "«二»"),
    ),
    # an empty responsibility cell: in a Word or web table the cell is there and empty; in a text
    # file it is an indented line of white space only at the end of its row (CONTRACT.md, Layout)
    bad(
        "empty-cell-docx",
        "空格.docx",
        lambda: small_docx(units_cell=""),
        "empty-cell",
        words=("空格.docx, table 1, row 1", "responsibility cell is empty"),
        soft=True,
    ),
    bad(
        "empty-cell-html",
        "空格.html",
        lambda: small_html(""),
        "empty-cell",
        words=("空格.html, table 1, row 1", "responsibility cell is empty"),
        soft=True,
    ),
    bad(
        "empty-cell-txt",
        "空格.txt",
        lambda: numbered((1, 2), last_cell="").encode(),
        "empty-cell",
        words=("空格.txt, table 1, row 2", "responsibility cell is empty"),
        soft=True,
    ),
    bad(
        "short-row-txt",
        "短行.txt",
        lambda: numbered((1, 2)).replace("\t市民政局负责。\n", "").encode(),
        "bad-row",
        words=("短行.txt, table 1 (line 12)", "row has 2 cells where the header has 3"),
    ),
    bad(
        "cell-of-punctuation-only",
        "句号.txt",
        lambda: numbered((1, 2), last_cell="。").encode(),
        "empty-cell",
        words=("句号.txt, table 1, row 2", "names no unit"),
        soft=True,
    ),
    # words and places the rules cannot read
    bad(
        "words-that-fit-no-rule",
        "督办.txt",
        lambda: numbered((1, 2), last_cell="市民政局督办").encode(),
        "unknown-words",
        words=("督办.txt, table 1, row 2", "«市民政局督办»"),
        soft=True,
    ),
    bad(
        "jurisdiction-cannot-be-told",
        "无地名.txt",
        lambda: attachment(
            [(1, "第一项任务。", "市民政局牵头；各县（市、区）人民政府负责。")], title="某项工作任务分工表"
        ).encode(),
        "jurisdiction",
        words=("无地名.txt, table 1, row 1", "raw/manifest.toml"),
    ),
]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project whose raw/ holds the reference attachment, built once for every case here."""
    root = tmp_path_factory.mktemp("hostile")
    run = reference_project(root)
    assert run.code == EXIT_OK, run.stderr
    return root


@dataclass(frozen=True)
class Attempt:
    run: Run
    before: dict[str, bytes]
    after: dict[str, bytes]
    seconds: float
    root: Path


def build_with(
    project: Path, tmp_path: Path, name: str, data: bytes, *flags: str, env: tuple[tuple[str, str], ...] = ()
) -> Attempt:
    """Copy the project (raw/ and output/, not the cache), add one file to raw/, and build (`env`: variables
    to change)."""
    shutil.copytree(project / "raw", tmp_path / "raw")
    shutil.copytree(project / "output", tmp_path / "output")
    before = snapshot(tmp_path / "output")
    target = tmp_path / "raw" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    started = time.monotonic()
    run = run_build(tmp_path / "raw", tmp_path / "output", tmp_path / "reports", *flags, env=dict(env))
    seconds = time.monotonic() - started
    return Attempt(run, before, snapshot(tmp_path / "output"), seconds, tmp_path)


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_file_is_refused_clearly_and_nothing_is_lost(project: Path, tmp_path: Path, case: Bad) -> None:
    """CONTRACT.md, Quality and failure: one bad file refuses the build with the documented exit code,
    a line naming the file with its stable error code, no traceback, and output/ byte-identical (a
    cell to review or a file with no table only with --strict)."""
    strict = ("--strict",) if case.soft else ()
    attempt = build_with(project, tmp_path, case.name, case.make(), *strict, env=case.env)
    run = attempt.run
    assert run.code == case.exit_code, f"exit {run.code}\nstdout: {run.stdout}\nstderr: {run.stderr}"
    assert "Traceback" not in run.stdout + run.stderr
    lines = [line for line in run.stderr.splitlines() if line.startswith(f"error: {case.name}")]
    assert lines, f"no error line names {case.name}:\n{run.stderr}"
    assert any(f"[{case.code}]" in line for line in lines), run.stderr
    for words in case.words:
        assert any(words in line for line in lines), f"«{words}» not said:\n{run.stderr}"
    assert attempt.after == attempt.before, "output/ changed"
    report = json.loads((tmp_path / "reports" / "build-report.json").read_text(encoding="utf-8"))
    assert report["status"] == ("failed-expectations" if case.exit_code == EXIT_EXPECTATIONS else "refused")
    assert any(e["code"] == case.code and e["location"]["file"] == case.name for e in report["errors"])
    if case.name.startswith("bomb."):  # refused from the archive's directory, or while inflating, not after
        assert attempt.seconds < 30, f"the bomb took {attempt.seconds:.1f} s to refuse"


@pytest.mark.parametrize("case", [c for c in BAD_FILES if c.values[0].soft])  # type: ignore[attr-defined]
def test_soft_problem_is_reviewed_or_skipped(project: Path, tmp_path: Path, case: Bad) -> None:
    """CONTRACT.md, Review: without --strict, a cell that cannot be read goes to the review table with
    its code, and a file with no task table is skipped with its reason; the build exits 0."""
    attempt = build_with(project, tmp_path, case.name, case.make())
    run = attempt.run
    assert run.code == EXIT_OK, f"stdout: {run.stdout}\nstderr: {run.stderr}"
    assert "Traceback" not in run.stdout + run.stderr
    report = json.loads((tmp_path / "reports" / "build-report.json").read_text(encoding="utf-8"))
    [outcome] = [f for f in report["files"] if f["path"] == case.name]
    if case.code == "no-table":
        assert outcome["status"] == "skipped" and f"[{case.code}]" in outcome["notes"][0]
        assert attempt.after == attempt.before
    else:
        assert outcome["status"] == "built" and outcome["review"] == 1
        assert [(r["file"], r["code"]) for r in report["review"]] == [(case.name, case.code)]
        assert f"review: {case.name}, table 1, row" in run.stdout


@pytest.mark.parametrize(
    ("name", "make"),
    [
        pytest.param("span.html", lambda: small_html("市民政局负责。", 'colspan="²"'), id="html-colspan-superscript"),
        pytest.param(
            "span.html", lambda: small_html("市民政局负责。", f'rowspan="{"9" * 5000}"'), id="html-rowspan-5000-digits"
        ),
        pytest.param(
            "span.docx", lambda: small_docx(units_props='<w:gridSpan w:val="²"/>'), id="docx-gridspan-superscript"
        ),
    ],
)
def test_malformed_span_attribute_never_crashes_the_build(
    project: Path, tmp_path: Path, name: str, make: Callable[[], bytes]
) -> None:
    """README, exit codes: a malformed file is read or refused (exit 0 or 1), never an internal error (70);
    output/ is untouched unless the build succeeded."""
    attempt = build_with(project, tmp_path, name, make())
    assert attempt.run.code in (EXIT_OK, EXIT_REFUSED), attempt.run.stderr
    assert "Traceback" not in attempt.run.stdout + attempt.run.stderr
    if attempt.run.code == EXIT_REFUSED:
        assert attempt.after == attempt.before


# ---- awkward but valid files -------------------------------------------------------------------


def read_back(root: Path, data: bytes) -> tuple[list[tuple[object, ...]], int]:
    """The document's tasks (seq, task_text, units_text) and its number of assignments, from output/."""
    doc_id = hashlib.sha256(data).hexdigest()
    tasks = [t for t in pq.read_table(root / "output" / "tasks").to_pylist() if t["doc_id"] == doc_id]
    assignments = pq.read_table(root / "output" / "assignments", columns=["doc_id"]).column("doc_id")
    return [(t["seq"], t["task_text"], t["units_text"]) for t in tasks], assignments.to_pylist().count(doc_id)


ACCEPTED = [
    pytest.param("gb18030.txt", SAMPLE.encode("gb18030"), id="gb18030"),
    pytest.param("bom.txt", SAMPLE.encode("utf-8-sig"), id="utf8-with-bom"),
    pytest.param("crlf.txt", SAMPLE.replace("\n", "\r\n").encode(), id="crlf"),
    pytest.param("crlf-gb18030.txt", SAMPLE.replace("\n", "\r\n").encode("gb18030"), id="crlf-gb18030"),
    pytest.param("全角缩进.txt", attachment(SAMPLE_ROWS, indent="\u3000\u3000").encode(), id="ideographic-indent"),
    pytest.param("达州 市（2022）#1.txt", SAMPLE.encode(), id="chinese-space-hash-parentheses"),
    pytest.param("task list (final) #2.txt", SAMPLE.encode(), id="ascii-space-hash-parentheses"),
    pytest.param("分 目录 #3/附件（终稿）.txt", SAMPLE.encode(), id="sub-folder-with-odd-name"),
    pytest.param("sample.pdf", lambda: pdf_bytes(sample_grids()), id="pdf"),
    pytest.param("sample.xlsx", lambda: xlsx_bytes(sample_grids()), id="xlsx"),
]


@pytest.mark.parametrize(("name", "data"), ACCEPTED)
def test_awkward_valid_file_is_built(
    project: Path, tmp_path: Path, name: str, data: bytes | Callable[[], bytes]
) -> None:
    """CONTRACT.md, Input: .txt in UTF-8, UTF-8 with BOM or GB18030, LF or CRLF, indented with tabs, spaces
    or U+3000, under any file name, sub-folders too, and the same table as a PDF or an Excel workbook — built
    (exit 0) and read exactly as the plain file."""
    data = data() if callable(data) else data
    expected = normalize_bytes(SAMPLE.encode(), "plain.txt")
    attempt = build_with(project, tmp_path, name, data)
    assert attempt.run.code == EXIT_OK, attempt.run.stderr
    assert "Traceback" not in attempt.run.stdout + attempt.run.stderr
    paths = pq.read_table(tmp_path / "output" / "documents").column("source_path").to_pylist()
    assert sorted(paths) == sorted([REFERENCE.name, name])
    tasks, n_assignments = read_back(tmp_path, data)
    assert tasks == [(t.seq, t.task_text, t.units_text) for t in expected.tasks]
    assert n_assignments == len(expected.assignments) == 2 + (1 + 7) + 2  # 各县（市、区）: seven counties


def test_ten_thousand_rows_are_all_built(project: Path, tmp_path: Path) -> None:
    """CONTRACT.md, Quality and failure: no row is lost — a 10,000-row table (under the 50,000-row limit in
    parsers/limits.py) is built whole: 10,000 tasks numbered 1..10000, two assignments each."""
    rows = [(n, f"第{n}项任务。", "市民政局牵头，市财政局参加。") for n in range(1, 10_001)]
    data = attachment(rows).encode()
    attempt = build_with(project, tmp_path, "万行.txt", data)
    assert attempt.run.code == EXIT_OK, attempt.run.stderr
    tasks, n_assignments = read_back(tmp_path, data)
    assert len(tasks) == 10_000
    assert [seq for seq, _, _ in tasks] == list(range(1, 10_001))
    assert n_assignments == 20_000


def test_table_nested_past_the_html_parser_depth_is_read_or_refused(project: Path, tmp_path: Path) -> None:
    """CONTRACT.md, Quality and failure: no row is lost — a page whose second task table sits under 300
    nested <span>s is either read whole (two tables) or refused (exit 1); never published with one table."""
    table = (
        "<table><tr><th>序号</th><th>重点任务</th><th>责任单位</th></tr>"
        "<tr><td>1</td><td>第一项任务。</td><td>市民政局负责。</td></tr></table>"
    )
    page = f"<html><body><p>附件1</p><h3>{DAZHOU_TITLE}</h3>{table}<p>附件2</p>{'<span>' * 300}{table}</body></html>"
    data = page.encode()
    attempt = build_with(project, tmp_path, "深层.html", data)
    assert "Traceback" not in attempt.run.stdout + attempt.run.stderr
    if attempt.run.code == EXIT_REFUSED:
        assert "error: 深层.html" in attempt.run.stderr and attempt.after == attempt.before
    else:
        assert attempt.run.code == EXIT_OK, attempt.run.stderr
        tasks, _ = read_back(tmp_path, data)
        assert len(tasks) == 2, f"{2 - len(tasks)} of 2 tasks lost"


@pytest.mark.parametrize("word", [pytest.param("西区", id="xiqu"), pytest.param("城区", id="chengqu")])
def test_ordinary_word_that_names_a_county_elsewhere_does_not_decide_the_jurisdiction(
    project: Path, tmp_path: Path, word: str
) -> None:
    """CONTRACT.md, Input: the jurisdiction is told from the document (unit names such as 达州高新区管委会) and
    never guessed — a Dazhou document that says 推进{word}建设 is built as 达州市, its 各县 as Dazhou's seven."""
    data = attachment(
        [
            (1, f"推进{word}建设。", "市民政局、达州高新区管委会负责。"),
            (2, "完善服务。", "各县（市、区）人民政府负责。"),
        ],
        title="某项工作任务分工表",
    ).encode()
    attempt = build_with(project, tmp_path, "区.txt", data)
    assert attempt.run.code == EXIT_OK, attempt.run.stderr
    documents = pq.read_table(tmp_path / "output" / "documents").to_pylist()
    [document] = [d for d in documents if d["source_path"] == "区.txt"]
    assert (document["jurisdiction"], document["jurisdiction_adcode"]) == ("达州市", "511700")
