"""Word and web attachments give the same tables as text: merged cells, repeated headers and all.

Each fixture is built here, one per quirk, with its expected output beside it.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence

import pytest

from pipeline.errors import Code
from pipeline.records import Grid, NormalizedDocument
from tests.helpers import content, normalize_bytes, parse_error, reference_grids
from tests.render import Quirks, docx_bytes, docx_from_body, html_bytes, p, tbl, tc, tr, zip_bomb

HEADER = tr(tc(p("序号")), tc(p("重点任务")), tc(p("责任单位")), header=True)
DAZHOU_TITLE = p("附件") + p("达州市某项工作任务分工表")


@pytest.fixture(scope="module")
def grids() -> tuple[Grid, ...]:
    return reference_grids()


def assignments(doc: NormalizedDocument) -> list[tuple[int, str, str]]:
    return [(a.seq, a.unit.unit_name, a.role.value) for a in doc.assignments]


@pytest.mark.parametrize(
    ("name", "quirks"),
    [
        ("plain.docx", Quirks()),
        ("sections-and-repeated-headers.docx", Quirks(section_every=10, repeat_header_every=7)),
        ("plain.html", Quirks()),
        ("sections.html", Quirks(section_every=10)),
    ],
)
def test_reference_in_other_formats_reads_the_same(
    reference: NormalizedDocument, grids: tuple[Grid, ...], name: str, quirks: Quirks
) -> None:
    """The reference rendered as Word or web page gives exactly the text file's tasks and assignments."""
    data = docx_bytes(grids, quirks) if name.endswith(".docx") else html_bytes(grids, quirks=quirks)
    doc = normalize_bytes(data, name)
    assert content(doc) == content(reference)
    assert [(t.annex_label, t.title, t.header) for t in doc.tables] == [
        (t.annex_label, t.title, t.header) for t in reference.tables
    ]
    sections = [t.section for t in doc.tasks if t.table_no == 1]
    if quirks.section_every:
        assert sections[0] == "一、第1部分" and sections[10] == "二、第2部分" and sections[51] == "六、第6部分"
    else:
        assert set(sections) == {None}


def test_reference_as_gbk_page(reference: NormalizedDocument, grids: tuple[Grid, ...]) -> None:
    """A page declaring charset=gbk is decoded by its declaration."""
    data = html_bytes(grids, encoding="gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert content(normalize_bytes(data, "gbk.html")) == content(reference)


UNITS = "市民政局牵头，市财政局参加；各县（市、区）人民政府负责。"


def test_responsibility_cell_merged_down_docx() -> None:
    """A responsibility cell merged down over three rows (w:vMerge) applies to each of them."""
    body = DAZHOU_TITLE + tbl(
        HEADER,
        tr(tc(p("1")), tc(p("任务甲。")), tc(p(UNITS), merge="restart")),
        tr(tc(p("2")), tc(p("任务乙。")), tc("", merge="continue")),
        tr(tc(p("3")), tc(p("任务丙。")), tc("", merge="continue")),
    )
    doc = normalize_bytes(docx_from_body(body), "merged.docx")
    assert [t.units_text for t in doc.tasks] == [UNITS] * 3
    for seq in (1, 2, 3):
        rows = [(name, role) for s, name, role in assignments(doc) if s == seq]
        assert rows[:2] == [("市民政局", "lead"), ("市财政局", "participating")]
        assert len(rows) == 9 and {role for _, role in rows[2:]} == {"all_county"}


def test_responsibility_cell_merged_down_html() -> None:
    """The same with rowspan in a web page."""
    page = (
        "<html><body><p>附件</p><p>达州市某项工作任务分工表</p><table>"
        "<tr><td>序号</td><td>重点任务</td><td>责任单位</td></tr>"
        f'<tr><td>1</td><td>任务甲。</td><td rowspan="3">{UNITS}</td></tr>'
        "<tr><td>2</td><td>任务乙。</td></tr><tr><td>3</td><td>任务丙。</td></tr></table></body></html>"
    )
    doc = normalize_bytes(page.encode(), "merged.html")
    assert [t.units_text for t in doc.tasks] == [UNITS] * 3
    assert len(doc.assignments) == 27


def test_split_lead_participating_deadline_columns() -> None:
    """牵头单位 | 配合单位 | 完成时限 give lead, participating and deadline directly."""
    header = tr(*(tc(p(h)) for h in ("序号", "重点任务", "牵头单位", "配合单位", "完成时限", "备注")), header=True)
    body = DAZHOU_TITLE + tbl(
        header,
        tr(
            tc(p("1")), tc(p("任务甲。")), tc(p("市卫生健康委")), tc(p("市民政局、市妇联")), tc(p("2022年底前")), tc("")
        ),
        tr(tc(p("2")), tc(p("任务乙。")), tc(p("市发展改革委、市民政局")), tc(""), tc(p("长期坚持")), tc(p("新增"))),
    )
    doc = normalize_bytes(docx_from_body(body), "split.docx")
    assert assignments(doc) == [
        (1, "市卫生健康委", "lead"),
        (1, "市民政局", "participating"),
        (1, "市妇联", "participating"),
        (2, "市发展改革委", "lead"),
        (2, "市民政局", "lead"),
    ]
    assert [t.deadline for t in doc.tasks] == ["2022年底前", "长期坚持"]
    assert doc.notes == ("table 1: column «备注» not read",)


def test_two_row_header_over_split_columns() -> None:
    """责任单位 spanning 牵头单位 | 配合单位 in a second header row: the specific words are read."""
    body = DAZHOU_TITLE + tbl(
        tr(tc(p("序号"), merge="restart"), tc(p("重点任务"), merge="restart"), tc(p("责任单位"), span=2), header=True),
        tr(tc("", merge="continue"), tc("", merge="continue"), tc(p("牵头单位")), tc(p("配合单位")), header=True),
        tr(tc(p("1")), tc(p("任务甲。")), tc(p("市教育局")), tc(p("市民政局"))),
    )
    doc = normalize_bytes(docx_from_body(body), "two-row-header.docx")
    assert doc.tables[0].header == ("序号", "重点任务", "牵头单位", "配合单位")
    assert assignments(doc) == [(1, "市教育局", "lead"), (1, "市民政局", "participating")]


def test_content_controls_and_tracked_changes() -> None:
    """Text in content controls (w:sdt) and tracked insertions is read; tracked deletions are not."""
    change = "w:author='a' w:date='2022-01-01T00:00:00Z'"
    units = (
        "<w:p><w:r><w:t>市民政局</w:t></w:r>"
        f"<w:ins w:id='1' {change}><w:r><w:t>、市财政局</w:t></w:r></w:ins>"
        f"<w:del w:id='2' {change}><w:r><w:delText>、市教育局</w:delText></w:r></w:del>"
        "<w:r><w:t>负责。</w:t></w:r></w:p>"
    )
    sdt_cell = "<w:sdt><w:sdtPr/><w:sdtContent>" + tc(p("任务甲。")) + "</w:sdtContent></w:sdt>"
    deleted_row = (
        "<w:tr><w:trPr><w:del w:id='3' w:author='a' w:date='2022-01-01T00:00:00Z'/></w:trPr>"
        + tc(p("2"))
        + tc(p("删去的任务。"))
        + tc(p("市公安局负责。"))
        + "</w:tr>"
    )
    body = (
        "<w:sdt><w:sdtPr/><w:sdtContent>"
        + DAZHOU_TITLE
        + "</w:sdtContent></w:sdt>"
        + tbl(HEADER, tr(tc(p("1")), sdt_cell, tc(units)), deleted_row)
    )
    doc = normalize_bytes(docx_from_body(body), "tracked.docx")
    assert doc.tables[0].title == "达州市某项工作任务分工表"
    assert [(t.seq, t.task_text, t.units_text) for t in doc.tasks] == [(1, "任务甲。", "市民政局、市财政局负责。")]


def test_nested_table_does_not_break_the_row() -> None:
    """A table nested in a task cell adds its text to the cell; the row stays one row."""
    nested = tbl(tr(tc(p("指标")), tc(p("2022年"))), tr(tc(p("托位数")), tc(p("1000"))))
    body = DAZHOU_TITLE + tbl(
        HEADER,
        tr(tc(p("1")), tc(p("完成以下指标：") + nested + "<w:p/>"), tc(p("市民政局负责。"))),
        tr(tc(p("2")), tc(p("任务乙。")), tc(p("市财政局负责。"))),
    )
    doc = normalize_bytes(docx_from_body(body), "nested.docx")
    assert [t.seq for t in doc.tasks] == [1, 2]
    assert doc.tasks[0].task_text == "完成以下指标：指标2022年托位数1000"


def test_several_tables_in_document_order() -> None:
    """Each table with its own 附件N and title, in document order."""
    row = tr(tc(p("1")), tc(p("任务。")), tc(p("市民政局负责。")))
    body = (
        p("附件1") + p("达州市甲任务分工表") + tbl(HEADER, row) + p("附件2") + p("达州市乙任务清单") + tbl(HEADER, row)
    )
    doc = normalize_bytes(docx_from_body(body), "two.docx")
    assert [(t.table_no, t.annex_label, t.title) for t in doc.tables] == [
        (1, "附件1", "达州市甲任务分工表"),
        (2, "附件2", "达州市乙任务清单"),
    ]


def test_html_table_inside_layout_table_without_thead() -> None:
    """Old government pages wrap content in layout tables; the header may be a plain first row."""
    page = (
        "<html><head><meta http-equiv='Content-Type' content='text/html; charset=gb2312'></head><body>"
        "<table><tr><td>导航</td></tr><tr><td><p>附件</p><p>达州市某项工作任务分工表</p>"
        "<table><tr><td>序号</td><td>重点任务</td><td>责任单位</td></tr>"
        "<tr><td>1</td><td>任务甲<br/>（续）。</td><td>市民政局、<br>市财政局负责。</td></tr></table>"
        "</td></tr></table><div>版权所有</div></body></html>"
    ).encode("gb18030")
    doc = normalize_bytes(page, "layout.htm")
    assert [(t.seq, t.task_text, t.units_text) for t in doc.tasks] == [
        (1, "任务甲（续）。", "市民政局、市财政局负责。")
    ]
    assert doc.tables[0].title == "达州市某项工作任务分工表"


def zip_bytes(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_inflating_docx_is_refused() -> None:
    """A part that inflates past the limit is refused from the archive's directory, unread."""
    error = parse_error(zip_bomb(300 * 1024 * 1024), "bomb.docx")
    assert error.code is Code.UNSAFE and "inflates" in error.reason


def test_entity_declarations_are_refused() -> None:
    """XML with a DTD or entity declarations is refused before it is parsed."""
    laugh = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><w:document/>'
    error = parse_error(zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": laugh}), "lol.docx")
    assert error.code is Code.UNSAFE and "entities" in error.reason


def test_truncated_docx_is_refused(grids: tuple[Grid, ...]) -> None:
    """Half a Word file is refused as incomplete."""
    data = docx_bytes(grids)
    error = parse_error(data[: len(data) // 2], "half.docx")
    assert error.code is Code.UNREADABLE and "zip" in error.reason


def test_zip_that_is_not_word_is_refused() -> None:
    """A renamed spreadsheet (a zip without a Word document part) is refused."""
    data = zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
    assert parse_error(data, "sheet.docx").code is Code.UNREADABLE


def table_page(title: str, header: Sequence[str], rows: str) -> bytes:
    """A saved web page holding one table: a title paragraph, the header row, then `rows` as HTML."""
    head = "".join(f"<td>{h}</td>" for h in header)
    return f"<html><body><p>{title}</p><table><tr>{head}</tr>{rows}</table></body></html>".encode()


def test_task_column_named_by_no_task_word_is_the_one_column_left() -> None:
    """主要目标 holds none of the task words, but every other column is named (序号, 牵头单位, 参与单位):
    it is the task column (as 鄂州's 主要工作目标 was before 工作 became a task word,
    tests/corpus/heldback3/ezhou_hubei.html). With two unnamed columns nothing is guessed: the header
    is refused."""

    def page(*header: str) -> bytes:
        return table_page(
            "达州市任务分工表", header, "<tr><td>1</td><td>任务甲。</td><td>市民政局</td><td>市财政局</td></tr>"
        )

    doc = normalize_bytes(page("序号", "主要目标", "牵头单位", "参与单位"), "goals.html")
    assert [t.task_text for t in doc.tasks] == ["任务甲。"]
    assert [(a.unit.unit_name, a.role.value) for a in doc.assignments] == [
        ("市民政局", "lead"),
        ("市财政局", "participating"),
    ]
    assert parse_error(page("序号", "主要目标", "牵头单位", "说明"), "two.html").code is Code.BAD_HEADER


def test_a_second_responsibility_column_is_read_too() -> None:
    """主要责任单位 | 其他责任单位 (tests/corpus/heldback4/huarong_county.txt): both columns are read by
    their words, the first's units first; no column of units is dropped."""
    row = "<tr><td>1</td><td>任务甲。</td><td>市民政局</td><td>市财政局、市教育局</td></tr>"
    page = table_page("达州市任务分工表", ("序号", "重点任务", "主要责任单位", "其他责任单位"), row)
    doc = normalize_bytes(page, "two-units.html")
    assert [(a.unit.unit_name, a.role.value) for a in doc.assignments] == [
        ("市民政局", "responsible"),
        ("市财政局", "responsible"),
        ("市教育局", "responsible"),
    ]
    assert doc.tasks[0].units_text == "市民政局；市财政局、市教育局"


@pytest.mark.parametrize("header", ["责任股室(单位)", "责任科室", "承办单位", "实施单位", "落实单位"])
def test_a_bureaus_own_units_column_is_read_as_the_units_column(header: str) -> None:
    """A bureau's table heads its units column 责任股室(单位) (tests/corpus/heldback10/b_lueyang_shaanxi.docx),
    others 承办单位 or 实施单位: each is read as 责任单位; an unnamed 指标 column beside the named
    task column is not read."""
    row = "<tr><td>1</td><td>公共文化服务</td><td>任务甲。</td><td>文化宣传股、县文化馆</td></tr>"
    page = table_page("略阳县任务分解表", ("序号", "指标", "工作任务", header), row)
    doc = normalize_bytes(page, "bureau.html")
    assert [t.task_text for t in doc.tasks] == ["任务甲。"]
    assert [(a.unit.unit_name, a.role.value) for a in doc.assignments] == [
        ("文化宣传股", "responsible"),
        ("县文化馆", "responsible"),
    ]


def test_a_units_column_no_header_word_names_is_told_by_its_cells() -> None:
    """承担科室 holds no header word: the unnamed column whose cells read as units (every name of
    a unit's shape, in at least 80% of its cells) is the units column, and the report says so. A
    column of measures (万元, %) is no units column: that header is still refused."""

    def page(last: str, cells: tuple[str, str]) -> bytes:
        body = "".join(
            f"<tr><td>{n}</td><td>公共文化</td><td>任务{n}。</td><td>{c}</td></tr>" for n, c in enumerate(cells, 1)
        )
        return table_page("略阳县任务分解表", ("序号", "指标", "工作任务", last), body)

    doc = normalize_bytes(page("承担科室", ("文化宣传股<br>文化馆", "执法大队")), "sections.html")
    assert [(a.seq, a.unit.unit_name, a.role.value) for a in doc.assignments] == [
        (1, "文化宣传股", "responsible"),
        (1, "文化馆", "responsible"),
        (2, "执法大队", "responsible"),
    ]
    assert any("«承担科室» read as the units column" in note for note in doc.notes)
    assert parse_error(page("计量单位", ("万元", "%")), "measures.html").code is Code.BAD_HEADER


def test_heading_columns_beside_the_seq_column_are_the_rows_sections() -> None:
    """领域 | 序号 | 任务名称 | 任务内容 | 责任单位 (长宁, held-back round 12): 序号 need not come first,
    and a column of headings merged down over its rows (一、…, （一）…) is each row's section path,
    not its task; the task is the column left."""
    rows = (
        "<tr><td rowspan='3'>一、做实主动公开</td><td>1</td><td rowspan='2'>（一）围绕重大战略</td>"
        "<td>任务甲。</td><td>区发改委</td></tr>"
        "<tr><td>2</td><td>任务乙。</td><td>区商务委</td></tr>"
        "<tr><td>3</td><td>（二）优化营商环境</td><td>任务丙。</td><td>区财政局</td></tr>"
    )
    page = table_page("长宁区任务分工", ("领域", "序号", "任务名称", "任务内容", "责任单位"), rows)
    doc = normalize_bytes(page, "columns.html")
    assert [(t.seq, t.task_text, t.section_path) for t in doc.tasks] == [
        (1, "任务甲。", ("一、做实主动公开", "（一）围绕重大战略")),
        (2, "任务乙。", ("一、做实主动公开", "（一）围绕重大战略")),
        (3, "任务丙。", ("一、做实主动公开", "（二）优化营商环境")),
    ]


def test_columns_before_seq_are_categories_and_totals_rows_no_tasks() -> None:
    """An empty or merged column before 序号 (诸暨's 分块, held-back round 15) is a category, not the task
    column; a 合计 row of totals is no task, and a section row's figures are no part of its heading
    (万州, held-back round 15)."""
    rows = (
        "<tr><td colspan='3'>合计</td><td>43060</td><td></td></tr>"
        "<tr><td colspan='3'>一、市级重点民生实事</td><td>27560</td><td></td></tr>"
        "<tr><td rowspan='2'></td><td>1</td><td>任务甲。</td><td>100</td><td>区发改委</td></tr>"
        "<tr><td>2</td><td>任务乙。</td><td>200</td><td>区财政局</td></tr>"
    )
    page = table_page("万州区任务分解", ("分块", "序号", "重点任务", "投资（万元）", "责任单位"), rows)
    doc = normalize_bytes(page, "totals.html")
    assert [(t.seq, t.task_text, t.section) for t in doc.tasks] == [
        (1, "任务甲。", "一、市级重点民生实事"),
        (2, "任务乙。", "一、市级重点民生实事"),
    ]
    assert doc.tables[0].header == ("序号", "重点任务", "投资（万元）", "责任单位")


def test_a_seq_merged_over_rows_numbers_groups_and_the_task_cell_numbers_tasks() -> None:
    """序号 merged down over several rows (吴江, held-back round 16) numbers groups, not tasks: each
    task takes the number at the head of its task cell, which leaves its text; 完成情况, a report
    column, is not read."""
    rows = (
        "<tr><td rowspan='2'>1</td><td>1.地区生产总值增长5%。</td><td>区发改委</td><td>已完成</td></tr>"
        "<tr><td>2.一般公共预算收入稳定增长。</td><td>区财政局</td><td>推进中</td></tr>"
        "<tr><td>1</td><td>3.规上工业总产值增长5%。</td><td>区工信局</td><td>推进中</td></tr>"
    )
    page = table_page("吴江区重点工作任务分解", ("序号", "重点工作目标任务", "责任单位", "完成情况"), rows)
    doc = normalize_bytes(page, "groups.html")
    assert [(t.seq, t.label, t.task_text) for t in doc.tasks] == [
        (1, "1.", "地区生产总值增长5%。"),
        (2, "2.", "一般公共预算收入稳定增长。"),
        (3, "3.", "规上工业总产值增长5%。"),
    ]
    assert [a.unit.unit_name for a in doc.assignments] == ["区发展改革委", "区财政局", "区工信局"]


def test_a_header_with_no_seq_cell_is_found_by_its_column_words() -> None:
    """主要工作任务 | 牵头单位 | 责任单位 with no 序号 (沈河, held-back round 17; 湖南, round 16): the
    header names a task column and a units column, so it is the header; each task's number is the one
    at the head of its task cell, which leaves the text; a row of one text is a section. Without
    numbers in the cells the tasks are numbered in order. A table that names no task column (an
    indicator table: 类别 | 指标 | 2020年) is still no task table."""
    rows = (
        '<tr><td colspan="3">一、优结构、强产业</td></tr>'
        "<tr><td>1.培育数字经济核心产业。</td><td>区发改局</td><td>区工信局</td></tr>"
        "<tr><td>2.发展楼宇经济。</td><td>区商务局</td><td>各街道办事处</td></tr>"
    )
    header = ["主要工作任务", "牵头单位", "责任单位"]
    doc = normalize_bytes(table_page("沈阳市沈河区主要工作任务分解表", header, rows), "t.html")
    assert [(t.seq, t.label, t.task_text, t.section) for t in doc.tasks] == [
        (1, "1.", "培育数字经济核心产业。", "一、优结构、强产业"),
        (2, "2.", "发展楼宇经济。", "一、优结构、强产业"),
    ]
    assert [(a.seq, a.unit.unit_name, a.role.value) for a in doc.assignments] == [
        (1, "区发展改革局", "lead"),
        (1, "区工信局", "responsible"),
        (2, "区商务局", "lead"),
        (2, "各街道办事处", "all_county"),
    ]
    unnumbered = rows.replace("1.培育", "培育").replace("2.发展", "发展")
    doc = normalize_bytes(table_page("沈阳市沈河区任务分解表", header, unnumbered), "u.html")
    assert [(t.seq, t.label, t.task_text) for t in doc.tasks] == [
        (1, "", "培育数字经济核心产业。"),
        (2, "", "发展楼宇经济。"),
    ]
    indicator = "<tr><td>经济</td><td>地区生产总值</td><td>8.58</td></tr>"
    indicators = table_page("指标表", ["类别", "指标", "2020年"], indicator)
    assert parse_error(indicators, "i.html").code is Code.NO_TABLE


def test_a_headers_bracketed_note_and_a_towns_column() -> None:
    """闵行's and 奉贤's 责任部门(加*号为牵头部门,其余为参与部门) (held-back round 19): the note in brackets
    explains the marks and names no column, so this is the units column, * marking the lead; 责任街镇
    is a further units column; 事项名称 names the task column; a heading merged down a narrow column
    and broken over lines is one heading."""
    header = ["类别", "序号", "事项名称", "责任部门(加*号为牵头部门,其余为参与部门)", "责任街镇"]
    rows = (
        "<tr><td rowspan='2'>(一)<br>持续<br>推进<br>示范村建设</td><td>1</td><td>完成示范村建设</td>"
        "<td>区农业农村委*、区绿容局</td><td>庄行镇</td></tr>"
        "<tr><td>2</td><td>启动示范村遴选</td><td>区农业农村委*</td><td>金汇镇、四团镇</td></tr>"
    )
    doc = normalize_bytes(table_page("上海市奉贤区乡村振兴重点工作任务清单", header, rows), "f.html")
    assert [(t.seq, t.task_text, t.section) for t in doc.tasks] == [
        (1, "完成示范村建设", "(一)持续推进示范村建设"),
        (2, "启动示范村遴选", "(一)持续推进示范村建设"),
    ]
    assert [(a.seq, a.unit.unit_name, a.role.value) for a in doc.assignments] == [
        (1, "区农业农村委", "lead"),
        (1, "区绿容局", "responsible"),
        (1, "庄行镇人民政府", "responsible"),
        (2, "区农业农村委", "lead"),
        (2, "金汇镇人民政府", "responsible"),
        (2, "四团镇人民政府", "responsible"),
    ]


def test_of_two_task_word_columns_the_stronger_word_names_the_task_column() -> None:
    """项目 | 重点工作目标任务 (吴江, held-back round 16): both hold task words; 重点工作 comes before 项目 in
    the header words, so the second column holds the task; 项目, merged down over its rows, is their
    category in section_path, and not read where it does not repeat. With equal words (事项名称 |
    事项内容) the leftmost is the task column."""
    rows = "<tr><td>1</td><td>主要预期目标</td><td>地区生产总值增长5%左右。</td><td>区发改委</td></tr>"
    header = ["序号", "项目", "重点工作目标任务", "责任单位"]
    doc = normalize_bytes(table_page("吴江区重点工作", header, rows), "w.html")
    assert [t.task_text for t in doc.tasks] == ["地区生产总值增长5%左右。"]
    merged = (
        "<tr><td>1</td><td rowspan='2'>主要预期目标</td><td>1.地区生产总值增长5%左右。</td><td>区发改委</td></tr>"
        "<tr><td>2</td><td>2.一般公共预算收入稳定增长。</td><td>区财政局</td></tr>"
    )
    doc = normalize_bytes(table_page("吴江区重点工作", header, merged), "m.html")
    assert [t.section_path for t in doc.tasks] == [("主要预期目标",), ("主要预期目标",)]
    rows = "<tr><td>1</td><td>老旧小区改造</td><td>改造10个小区。</td><td>区住建委</td></tr>"
    doc = normalize_bytes(table_page("黔江区民生实事", ["序号", "事项名称", "事项内容", "责任单位"], rows), "q.html")
    assert [t.task_text for t in doc.tasks] == ["老旧小区改造"]


def test_a_header_with_lead_words_before_units_words_is_a_lead_column() -> None:
    """牵头组织实施单位 (a survey page of round 20): 牵头 anywhere in a units header makes it the lead
    column, though 实施单位 alone names a units column."""
    rows = "<tr><td>1</td><td>推进政务公开。</td><td>市政府办公室、市发改委</td></tr>"
    doc = normalize_bytes(table_page("达州市重点工作", ["序号", "工作任务", "牵头组织实施单位"], rows), "l.html")
    assert [(a.unit.unit_name, a.role.value) for a in doc.assignments][:2] == [
        ("市政府办公室", "lead"),
        ("市发展改革委", "lead"),
    ]


def test_a_task_merged_down_over_sub_rows_is_one_task_with_their_units() -> None:
    """序号 and 工作任务 merged down over two rows of 牵头单位 and 计划完成时间 (新昌, a survey page of
    round 20): one task, the units of both rows in order, both times as its deadline; before, the
    repeated 序号 refused the build."""
    rows = (
        "<tr><td rowspan='2'>1</td><td rowspan='2'>城市人居环境提升项目。</td><td>市建设局</td><td>11月</td></tr>"
        "<tr><td>市城投集团</td><td>2021年8月</td></tr>"
        "<tr><td>2</td><td>教育提升项目。</td><td>市教体局</td><td>12月</td></tr>"
    )
    header = ["序号", "工作任务", "牵头单位", "计划完成时间"]
    doc = normalize_bytes(table_page("达州市民生实事", header, rows), "s.html")
    assert [(t.seq, t.units_text, t.deadline) for t in doc.tasks] == [
        (1, "市建设局、市城投集团", "11月；2021年8月"),
        (2, "市教体局", "12月"),
    ]
    assert [(a.seq, a.unit.unit_name) for a in doc.assignments] == [(1, "市建设局"), (1, "市城投集团"), (2, "市教体局")]


def test_a_unit_in_bold_leads_where_the_document_says_so() -> None:
    """责任单位 (加黑为牵头单位) with the lead in <strong> (济南市中区, held-back round 22), or in a bold
    Word run: the bold unit leads, the others are read by the cell's words; units_text keeps the cell
    as written. Without the note, bold type means nothing."""
    rows = "<tr><td>1</td><td>发展低空经济。</td><td><strong>区发展改革局</strong>、区工业和信息化局</td></tr>"
    header = ["序号", "重点任务", "责任单位 (加黑为牵头单位)"]
    doc = normalize_bytes(table_page("济南市市中区主要工作任务", header, rows), "b.html")
    assert [(a.unit.unit_name, a.role.value) for a in doc.assignments] == [
        ("区发展改革局", "lead"),
        ("区工业和信息化局", "responsible"),
    ]
    assert doc.tasks[0].units_text == "区发展改革局、区工业和信息化局"
    plain = normalize_bytes(table_page("济南市市中区主要工作任务", ["序号", "重点任务", "责任单位"], rows), "p.html")
    assert [a.role.value for a in plain.assignments] == ["responsible", "responsible"]
    bold = "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>区财政局</w:t></w:r><w:r><w:t>、区税务局</w:t></w:r></w:p>"
    body = p("济南市市中区任务清单（加粗的为牵头单位）") + tbl(
        tr(tc(p("序号")), tc(p("重点任务")), tc(p("责任单位")), header=True),
        tr(tc(p("1")), tc(p("落实减税降费政策。")), tc(bold)),
    )
    doc = normalize_bytes(docx_from_body(body), "b.docx")
    assert [(a.unit.unit_name, a.role.value) for a in doc.assignments] == [
        ("区财政局", "lead"),
        ("区税务局", "responsible"),
    ]


def test_bold_leads_with_no_bold_type_in_the_file_say_so() -> None:
    """A text copy of a table whose leads are set in bold has lost its type: the report says that no
    lead could be told by type, rather than reading every unit as responsible in silence."""
    text = (
        "济南市市中区任务清单\n\n\t序号\n\t重点任务\n\t责任单位（加黑为牵头单位）\n\n"
        "\t1\n\t落实减税降费政策。\n\t区财政局、区税务局\n\n"
    )
    doc = normalize_bytes(text.encode(), "t.txt")
    assert [a.role.value for a in doc.assignments] == ["responsible", "responsible"]
    assert any("no bold type was read in this file" in note for note in doc.notes)


def test_a_header_that_is_a_role_word_names_its_column() -> None:
    """主办 | 协办 under 承办单位 (城厢, held-back round 26): a table's header that is a role word alone
    heads that role's column; a web page's footer 主办：… stays no label."""
    rows = "<tr><td>1</td><td>学位扩容工程。</td><td>区教育局</td><td>区住建局、区财政局</td></tr>"
    header = ["序号", "项目名称", "主办", "协办"]
    doc = normalize_bytes(table_page("莆田市城厢区为民办实事项目", header, rows), "c.html")
    assert [(a.unit.unit_name, a.role.value) for a in doc.assignments] == [
        ("区教育局", "lead"),
        ("区住房城乡建设局", "participating"),
        ("区财政局", "participating"),
    ]


def test_a_header_of_main_work_and_time_requirements() -> None:
    """主要工作 | 责任部门 | 配合部门 | 时间要求 (四平, held-back round 27): 工作 names the task column
    where no other task word does, and 时间要求 the deadline."""
    rows = "<tr><td>1</td><td>推进项目建设。</td><td>市发改委</td><td>市财政局</td><td>6月底前</td></tr>"
    header = ["序号", "主要工作", "责任部门", "配合部门", "时间要求"]
    doc = normalize_bytes(table_page("四平市主要工作分工", header, rows), "s.html")
    assert [(t.task_text, t.deadline) for t in doc.tasks] == [("推进项目建设。", "6月底前")]
    assert [(a.unit.unit_name, a.role.value) for a in doc.assignments] == [
        ("市发展改革委", "responsible"),
        ("市财政局", "participating"),
    ]


def test_an_unnamed_column_of_units_is_named_in_the_report() -> None:
    """A column no header word names whose cells read as units (a 协作方 column) is not read, for no
    role can be told; the document's notes say so instead of dropping it in silence. A column
    headers.tsv ignores on purpose (数据提供单位) is not flagged."""
    rows = "<tr><td>1</td><td>推进项目建设。</td><td>市发改委</td><td>市财政局、市商务局</td><td>市统计局</td></tr>"
    header = ["序号", "重点任务", "牵头单位", "协作方", "数据提供单位"]
    doc = normalize_bytes(table_page("达州市任务分工表", header, rows), "u.html")
    flagged = [n for n in doc.notes if "though its cells read as units" in n]
    assert len(flagged) == 1 and "协作方" in flagged[0]


def test_an_indicator_column_is_not_read_and_a_task_column_keeps_its_word() -> None:
    """对应指标 (an indicator) names a column that is not read, and its label inside a cell reads nothing
    up to the next ；(宝坻, held-back round 28); 指标任务 still names the task column, for 指标 is tried last."""
    rows = (
        "<tr><td>1</td><td>推进河湖治理。</td><td>河湖长制落实</td>"
        "<td>对应指标：河湖长制落实；区委组织部、区水务局等单位</td></tr>"
    )
    header = ["序号", "指标任务", "对应指标", "责任单位"]
    doc = normalize_bytes(table_page("宝坻区任务分工", header, rows), "b.html")
    assert [t.task_text for t in doc.tasks] == ["推进河湖治理。"]
    assert any("对应指标" in n and "not read" in n for n in doc.notes)
    assert [a.unit.unit_name for a in doc.assignments] == ["区委组织部", "区水务局", "有关部门（单位）"]


def test_bold_set_by_a_word_style_is_bold() -> None:
    """A lead set bold by a character style (Strong) or by its paragraph's style (Heading 1, based on
    Normal) reads as one set bold by hand; a run's own w:b="0" turns its style's bold off."""
    strong = (
        '<w:p><w:r><w:rPr><w:rStyle w:val="Strong"/></w:rPr><w:t>区财政局</w:t></w:r>'
        '<w:r><w:t>、</w:t></w:r><w:r><w:rPr><w:rStyle w:val="Strong"/><w:b w:val="0"/></w:rPr>'
        "<w:t>区审计局</w:t></w:r><w:r><w:t>、区税务局</w:t></w:r></w:p>"
    )
    heading = '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>区商务局</w:t></w:r></w:p>' + p("区统计局")
    body = p("济南市市中区任务清单（加粗的为牵头单位）") + tbl(
        tr(tc(p("序号")), tc(p("重点任务")), tc(p("责任单位")), header=True),
        tr(tc(p("1")), tc(p("落实减税降费政策。")), tc(strong)),
        tr(tc(p("2")), tc(p("稳住外贸外资基本盘。")), tc(heading)),
    )
    doc = normalize_bytes(docx_from_body(body), "s.docx")
    assert [(a.seq, a.unit.unit_name, a.role.value) for a in doc.assignments] == [
        (1, "区财政局", "lead"),
        (1, "区审计局", "responsible"),
        (1, "区税务局", "responsible"),
        (2, "区商务局", "lead"),
        (2, "区统计局", "responsible"),
    ]


def test_a_text_table_whose_first_column_numbers_its_rows_under_another_name() -> None:
    """任务项 | 重点工作内容 | 牵头责任单位 in the seed's text layout (相山区, held-back round 22): the header
    names its columns, so it is the header; 任务项 holds the rows' numbers."""
    text = (
        "相山区城管局重点工作任务完成情况\n\n\t任务项\n\t重点工作内容\n\t牵头责任单位\n\n"
        "\t1\n\t开展市容秩序专项整治。\n\t区城管大队\n\n\t2\n\t推进生活垃圾分类。\n\t区环卫所\n\n"
    )
    doc = normalize_bytes(text.encode(), "x.txt")
    assert [(t.seq, t.label, t.task_text) for t in doc.tasks] == [
        (1, "1", "开展市容秩序专项整治。"),
        (2, "2", "推进生活垃圾分类。"),
    ]
    assert [(a.unit.unit_name, a.role.value) for a in doc.assignments] == [("区城管大队", "lead"), ("区环卫所", "lead")]


def test_a_table_without_seq_has_its_categories_and_its_lead_column_before_the_tasks() -> None:
    """类别 | 任务内容 | 牵头领导 | 责任单位 (高唐, held-back round 23): with no 序号, the rows are numbered
    in order, and 类别, merged down before the task column, is their category; 牵头单位 merged down
    before the task column (衡阳, round 20) names what it holds and stays the lead column."""
    rows = (
        "<tr><td rowspan='2'>主要预期目标</td><td>地区生产总值增长6%。</td><td>县长</td><td>县统计局</td></tr>"
        "<tr><td>一般公共预算收入增长5%。</td><td>常务副县长</td><td>县财政局</td></tr>"
    )
    doc = normalize_bytes(table_page("高唐县重点工作", ["类别", "任务内容", "牵头领导", "责任单位"], rows), "g.html")
    assert [(t.seq, t.section) for t in doc.tasks] == [(1, "主要预期目标"), (2, "主要预期目标")]
    rows = (
        "<tr><td rowspan='2'>市政府办公室</td><td>健全督查督办机制。</td><td>市直各单位</td></tr>"
        "<tr><td>推行政务公开。</td><td>市直各单位</td></tr>"
    )
    doc = normalize_bytes(table_page("衡阳市目标任务", ["牵头单位", "目标任务", "责任单位"], rows), "h.html")
    assert [(t.seq, t.section) for t in doc.tasks] == [(1, None), (2, None)]
    assert [(a.seq, a.unit.unit_name, a.role.value) for a in doc.assignments][:2] == [
        (1, "市政府办公室", "lead"),
        (1, "有关部门（单位）", "responsible"),
    ]
    # 牵头领导 merged down before the tasks (玉环, round 25): a column of leaders, named, not read, no category
    rows = (
        "<tr><td rowspan='2'>市长</td><td>1.健全督查督办机制。</td><td>市府办</td><td>各单位</td></tr>"
        "<tr><td>2.推行政务公开。</td><td>市府办</td><td>市司法局</td></tr>"
    )
    header = ["牵头领导", "重点工作", "牵头单位", "配合单位"]
    doc = normalize_bytes(table_page("玉环市重点工作", header, rows), "y.html")
    assert [(t.seq, t.section) for t in doc.tasks] == [(1, None), (2, None)]
    assert any("牵头领导" in note for note in doc.notes)
