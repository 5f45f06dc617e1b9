"""The text parser: attachments in the published layout into one grid per task table.

CONTRACT.md, Input: `.txt` files are UTF-8, UTF-8 with BOM or GB18030; one file may hold several task
tables (附件1, 附件2, …), each with a header row (序号 | task column | 责任单位) and numbered rows,
sometimes grouped by section rows (一、…). Quality and failure: a file that cannot be split into
tables stops the build with an error naming the file, table and line.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from parsers import parse
from parsers.text import parse_text
from pipeline.errors import Code, ParseError
from pipeline.records import Grid, ParsedDocument, Source, SourceFormat
from tests.helpers import parse_error

REFERENCE = Path(__file__).resolve().parent.parent / "raw" / "000_34dc58af797259ab.txt"

HEADER = ("序号", "重点任务", "责任单位")


def _source(path: str = "attachment.txt", data: bytes = b"") -> Source:
    return Source(path, hashlib.sha256(data).hexdigest(), SourceFormat.TEXT)


def _parse(text: str | bytes, path: str = "attachment.txt") -> ParsedDocument:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return parse(_source(path, data), data)


def _block(*cells: str, indent: str = "\t") -> str:
    """One block of the layout: one indented line per cell, closed by a blank line."""
    return "".join(f"{indent}{cell}\n" for cell in cells) + "\n"


def _table(*rows: tuple[str, ...], annex: str = "附件1", title: str = "重点任务分工表") -> str:
    """An attachment with one table: annex label, title, header block, one block per row."""
    return f"{annex}\n\n{title}\n\n" + _block(*HEADER) + "".join(_block(*row) for row in rows)


def _cells(grid: Grid) -> list[tuple[str, ...]]:
    return [row.cells for row in grid.rows]


@pytest.fixture(scope="module")
def reference_bytes() -> bytes:
    return REFERENCE.read_bytes()


@pytest.fixture(scope="module")
def reference_text(reference_bytes: bytes) -> str:
    return reference_bytes.decode("utf-8")


@pytest.fixture(scope="module")
def reference_tables(reference_bytes: bytes) -> tuple[Grid, ...]:
    return parse_text(_source(REFERENCE.name, reference_bytes), reference_bytes).tables


# ---- the reference attachment -------------------------------------------------------------------


def test_reference_file_gives_two_tables_of_52_and_18_rows(reference_tables: tuple[Grid, ...]) -> None:
    """CONTRACT Input: the reference input holds 附件1 with 52 key tasks and 附件2 with 18 tasks."""
    assert [len(grid.rows) for grid in reference_tables] == [52, 18]
    assert [grid.table_no for grid in reference_tables] == [1, 2]
    for grid in reference_tables:
        assert [row.cells[0] for row in grid.rows] == [str(n) for n in range(1, len(grid.rows) + 1)]
        assert all(len(row.cells) == len(grid.header) for row in grid.rows)
        assert all(row.section_path == () for row in grid.rows)


def test_reference_file_annex_labels_titles_and_headers(reference_tables: tuple[Grid, ...]) -> None:
    """CONTRACT tables: annex_label (附件1), title and header as written in the file."""
    first, second = reference_tables
    assert first.annex_label == "附件1"
    assert first.title == "促进养老托育服务健康发展重点任务分工表"
    assert first.header == ("序号", "重点任务", "责任单位")
    assert second.annex_label == "附件2"
    assert second.title == "达州市促进养老托育服务健康发展2022年任务清单"
    assert second.header == ("序号", "2022年任务清单", "责任单位")


def test_reference_file_rows_keep_their_cells(reference_tables: tuple[Grid, ...]) -> None:
    """CONTRACT tasks: task_text and units_text are the cells as read, white space trimmed."""
    first, second = reference_tables
    assert first.rows[0].cells[2] == "市民政局、市卫生健康委、市发展改革委、市财政局等有关部门（单位）按职责分工负责。"
    assert first.rows[51].cells == (
        "52",
        "健全“一老一小”服务能力评价指标体系，强化实施方案落实工作的督促指导。",
        "市发展改革委、市民政局、市卫生健康委牵头，有关部门（单位）参加。",
    )
    assert second.rows[0].cells[1] == (
        "制定全市“十四五”养老服务发展规划、“十四五”托育服务发展规划和“一老一小”整体解决方案。"
    )


def test_parse_dispatches_text_sources_to_the_text_parser(reference_bytes: bytes) -> None:
    """`parsers.parse` picks the parser by the source's format: a .txt source reads like parse_text."""
    source = _source(REFERENCE.name, reference_bytes)
    assert parse(source, reference_bytes) == parse_text(source, reference_bytes)


# ---- encodings, line endings and indentation change nothing -------------------------------------


def test_utf8_with_bom_reads_like_utf8(reference_text: str, reference_tables: tuple[Grid, ...]) -> None:
    """CONTRACT Input: a .txt in UTF-8 with BOM gives the same tables and rows as plain UTF-8."""
    data = reference_text.encode("utf-8-sig")
    assert data.startswith(b"\xef\xbb\xbf")
    assert parse_text(_source(REFERENCE.name, data), data).tables == reference_tables


def test_gb18030_reads_like_utf8(reference_text: str, reference_tables: tuple[Grid, ...]) -> None:
    """CONTRACT Input: a .txt in GB18030 gives the same tables and rows as UTF-8."""
    data = reference_text.encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the test really exercises the GB18030 fallback
    assert parse_text(_source(REFERENCE.name, data), data).tables == reference_tables


def test_crlf_line_endings_read_like_lf(reference_text: str, reference_tables: tuple[Grid, ...]) -> None:
    """Windows line endings (CRLF) give the same tables, rows and line numbers as LF."""
    data = reference_text.replace("\n", "\r\n").encode("utf-8")
    assert b"\r\n" in data
    assert parse_text(_source(REFERENCE.name, data), data).tables == reference_tables


def test_ideographic_space_indentation_reads_like_tabs(reference_text: str, reference_tables: tuple[Grid, ...]) -> None:
    """Cells indented with U+3000 instead of tabs give the same tables and rows."""
    lines = reference_text.split("\n")
    assert all("\t" not in line.lstrip("\t") for line in lines)  # tabs only ever indent
    data = "\n".join("\u3000" * (len(line) - len(line.lstrip("\t"))) + line.lstrip("\t") for line in lines).encode(
        "utf-8"
    )
    assert b"\t" not in data
    assert parse_text(_source(REFERENCE.name, data), data).tables == reference_tables


# ---- layout variants -------------------------------------------------------------------------------


def test_row_on_one_line_with_tab_separated_cells() -> None:
    """A row block written on one line with tabs between its cells is read like one line per cell."""
    text = _table(("1", "任务甲", "市民政局负责。")) + "\t2\t任务乙\t市财政局牵头，市民政局参加。\n"
    (grid,) = _parse(text).tables
    assert _cells(grid) == [("1", "任务甲", "市民政局负责。"), ("2", "任务乙", "市财政局牵头，市民政局参加。")]


def test_header_on_one_line_with_tab_separated_cells() -> None:
    """A header written on one line with tabs between its cells is read like one line per cell."""
    text = "附件1\n\n重点任务分工表\n\n\t序号\t重点任务\t责任单位\n\n" + _block("1", "任务甲", "市民政局负责。")
    (grid,) = _parse(text).tables
    assert grid.header == HEADER
    assert _cells(grid) == [("1", "任务甲", "市民政局负责。")]


def test_section_row_sets_section_on_the_rows_after_it() -> None:
    """CONTRACT Input: section rows (一、…) group the tasks after them; they are not tasks."""
    text = (
        "附件1\n\n重点任务分工表\n\n"
        + _block(*HEADER)
        + _block("1", "任务甲", "市民政局负责。")
        + _block("一、完善规划布局")
        + _block("2", "任务乙", "市财政局负责。")
        + _block("3", "任务丙", "市教育局负责。")
        + _block("二、强化要素保障")
        + _block("4", "任务丁", "市卫生健康委负责。")
    )
    (grid,) = _parse(text).tables
    assert [row.cells[0] for row in grid.rows] == ["1", "2", "3", "4"]
    assert [row.section_path for row in grid.rows] == [
        (),
        ("一、完善规划布局",),
        ("一、完善规划布局",),
        ("二、强化要素保障",),
    ]


def test_flush_left_section_row_does_not_drop_the_rows_after_it() -> None:
    """CONTRACT Quality and failure: a row is never lost silently; either read it or stop the build.

    A section row written flush left inside an indented table must not end the table and turn the
    rows after it into free text."""
    text = _table(("1", "任务甲", "市民政局负责。")) + "一、完善规划布局\n\n" + _block("2", "任务乙", "市财政局负责。")
    try:
        tables = _parse(text).tables
    except ParseError:
        return  # refusing the layout is acceptable; losing the row is not
    assert sum(len(grid.rows) for grid in tables) == 2


def test_a_heading_above_the_header_is_the_first_section_when_the_rows_go_on_with_its_numbering() -> None:
    """一、… above the header, 二、… among the rows (温岭, held-back round 29): 一、 is the first rows'
    section and the paragraph before it the title. Without a 二、 among the rows, 一、 stays the title."""
    first = "附件1\n\n市政府重点工作责任分工\n\n一、常务副市长重点工作\n\n" + _block(*HEADER)
    text = (
        first + _block("1", "任务甲", "市发改局") + "二、分管工业副市长重点工作\n\n" + _block("2", "任务乙", "市经信局")
    )
    (grid,) = _parse(text).tables
    assert grid.title == "市政府重点工作责任分工"
    assert [row.section_path for row in grid.rows] == [("一、常务副市长重点工作",), ("二、分管工业副市长重点工作",)]
    alone = first + _block("1", "任务甲", "市发改局") + _block("2", "任务乙", "市经信局")
    (grid,) = _parse(alone).tables
    assert grid.title == "一、常务副市长重点工作"
    assert [row.section_path for row in grid.rows] == [(), ()]


def test_flush_left_last_row_is_not_dropped_silently() -> None:
    """CONTRACT Quality and failure: a numbered row is never lost silently; read it or stop the build."""
    text = _table(("1", "任务甲", "市民政局负责。")) + "2\t任务乙\t市财政局负责。\n"
    try:
        tables = _parse(text).tables
    except ParseError:
        return  # refusing the layout is acceptable; losing the row is not
    assert sum(len(grid.rows) for grid in tables) == 2


def test_header_repeated_mid_table_is_skipped() -> None:
    """A header row repeated mid-table (as on a new page) is not a task and does not end the table."""
    text = _table(("1", "任务甲", "市民政局负责。")) + _block(*HEADER) + _block("2", "任务乙", "市财政局负责。")
    (grid,) = _parse(text).tables
    assert grid.header == HEADER
    assert _cells(grid) == [("1", "任务甲", "市民政局负责。"), ("2", "任务乙", "市财政局负责。")]


def test_title_flush_against_header_is_still_the_title() -> None:
    """CONTRACT tables: the title line is the title even with no blank line before the header block."""
    title = "促进养老托育服务健康发展重点任务分工表"
    text = f"附件1\n\n{title}\n" + _block(*HEADER) + _block("1", "任务甲", "市民政局负责。")
    (grid,) = _parse(text).tables
    assert grid.annex_label == "附件1"
    assert grid.title == title
    assert grid.header == HEADER
    assert _cells(grid) == [("1", "任务甲", "市民政局负责。")]


def test_annex_title_and_header_all_flush_together() -> None:
    """附件N, title and header block with no blank lines between them still give label and title."""
    text = "附件2\n重点任务分工表\n" + _block(*HEADER) + _block("1", "任务甲", "市民政局负责。")
    (grid,) = _parse(text).tables
    assert (grid.annex_label, grid.title, grid.header) == ("附件2", "重点任务分工表", HEADER)
    assert len(grid.rows) == 1


# ---- refusals ----------------------------------------------------------------------------------------


def test_row_with_wrong_number_of_cells_is_bad_row_naming_file_table_and_line() -> None:
    """CONTRACT Quality and failure: a failed parse says which file, table and row (here: line) failed."""
    text = _table(("1", "任务甲", "市民政局负责。"), annex="附件1") + _table(
        ("1", "任务乙", "市民政局负责。"), ("2", "任务丙"), annex="附件2"
    )
    bad_line = text.split("\n").index("\t2") + 1
    with pytest.raises(ParseError) as caught:
        _parse(text, path="dazhou/attachment.txt")
    error = caught.value
    assert error.code is Code.BAD_ROW
    assert error.location is not None
    assert error.location.file == "dazhou/attachment.txt"
    assert error.location.table_no == 2
    assert error.location.line == bad_line
    assert error.location.text is not None and "任务丙" in error.location.text
    assert "dazhou/attachment.txt, table 2" in str(error)
    assert f"line {bad_line}" in str(error)


def test_task_text_wrapped_onto_two_lines_is_joined() -> None:
    """A row block with one line too many, whose wrap can be told (a line ending in ，), is one row."""
    text = _table(("1", "任务甲的前半句，", "任务甲的后半句。", "市民政局负责。"))
    [grid] = _parse(text).tables
    assert grid.rows[0].cells == ("1", "任务甲的前半句，任务甲的后半句。", "市民政局负责。")


def test_row_with_too_many_cells_is_bad_row() -> None:
    """Surplus lines that no wrap explains (each ends a sentence) are refused, not guessed."""
    text = _table(("1", "任务甲。", "任务乙。", "市民政局负责。", "市财政局负责。"))
    with pytest.raises(ParseError) as caught:
        _parse(text)
    assert caught.value.code is Code.BAD_ROW
    assert caught.value.location is not None and caught.value.location.table_no == 1


def test_file_without_header_row_is_no_table() -> None:
    """A file with no header row (序号 …) holds no task table; with no measure in its text either, it
    is refused as one naming the file (normalizers.measures decides, once the text is read too)."""
    text = "附件1\n\n重点任务分工表\n\n\t1\n\t任务甲\n\t市民政局负责。\n"
    assert _parse(text, path="notes.txt").tables == ()
    error = parse_error(text.encode("utf-8"), "notes.txt")
    assert error.code is Code.NO_TABLE
    assert error.location is not None and error.location.file == "notes.txt"


def test_empty_file_is_refused_naming_the_file() -> None:
    """CONTRACT Quality and failure: an empty attachment stops the build with an error naming the file."""
    with pytest.raises(ParseError) as caught:
        _parse(b"\n", path="empty.txt")
    assert caught.value.code in (Code.NO_TABLE, Code.UNREADABLE)
    assert caught.value.location is not None and caught.value.location.file == "empty.txt"


def test_bytes_in_no_supported_encoding_are_unreadable() -> None:
    """CONTRACT Input: .txt is UTF-8 (with or without BOM) or GB18030; other bytes are refused."""
    data = b"\x80\xff\x80\xff"
    for encoding in ("utf-8", "utf-8-sig", "gb18030"):
        with pytest.raises(UnicodeDecodeError):
            data.decode(encoding)
    with pytest.raises(ParseError) as caught:
        _parse(data, path="binary.txt")
    assert caught.value.code is Code.UNREADABLE
    assert caught.value.location is not None and caught.value.location.file == "binary.txt"


def test_flush_left_headings_without_a_blank_line_between_are_two_headings() -> None:
    """一、… with （一）… on the very next line (tests/corpus/heldback3/gansu_province.txt): two
    headings, the second inside the first, not one heading wrapped over two lines."""
    text = (
        "附件1\n\n重点任务分工表\n\n"
        + _block(*HEADER)
        + "一、稳住经济基本盘\n（一）扩大有效投资\n\n"
        + _block("1", "任务甲", "市民政局负责。")
    )
    (grid,) = _parse(text).tables
    assert grid.rows[0].section_path == ("一、稳住经济基本盘", "（一）扩大有效投资")


def test_empty_last_cell_written_as_a_line_of_white_space() -> None:
    """A row one cell short, followed by an indented line of white space only, has that cell empty
    (tests/corpus/heldback3/liaocheng_shandong.txt: an empty 配合单位); a row that is not short is
    untouched by the blank lines after it."""
    header = ("序号", "重点任务", "牵头单位", "配合单位")
    text = (
        "附件1\n\n重点任务分工表\n\n"
        + _block(*header, indent="\u3000\u3000")
        + "\u3000\u30001\n\u3000\u3000任务甲\n\u3000\u3000市民政局\n\u3000\u3000\n\n"
        + "\u3000\u30002\n\u3000\u3000任务乙\n\u3000\u3000市财政局\n\u3000\u3000市民政局\n\u3000\u3000\n\n"
    )
    (grid,) = _parse(text).tables
    assert _cells(grid) == [("1", "任务甲", "市民政局", ""), ("2", "任务乙", "市财政局", "市民政局")]
