"""CONTRACT.md, Layout (inline measures): tasks assigned inside a notice's own text.

A numbered measure whose text ends in a bracketed responsibility clause, or that labelled lines
follow, is a task; one run of them is one table with layout `inline`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.errors import Code
from pipeline.records import Layout, NormalizedDocument, Role
from tests.helpers import REFERENCE, normalize_bytes, parse_error, reference_grids, run_build
from tests.notice import TITLE, Notice, notice_docx, notice_html, notice_pdf, notice_text, reference_notice

RENDERERS: dict[str, Callable[[Notice], bytes]] = {
    "txt": notice_text,
    "docx": notice_docx,
    "html": notice_html,
    "pdf": notice_pdf,
}


def _tasks(doc: NormalizedDocument) -> list[tuple[object, ...]]:
    # A clause in brackets carries no final 。, where the table's cell does: units_text is compared without it.
    return [
        (t.table_no, t.seq, t.section, t.section_path, t.task_text, t.units_text.removesuffix("。"), t.deadline)
        for t in doc.tasks
    ]


def _assignments(doc: NormalizedDocument) -> list[tuple[object, ...]]:
    return [
        (a.table_no, a.seq, a.position, a.unit.unit_id, a.unit_as_written, a.role, a.expanded_from)
        for a in doc.assignments
    ]


@pytest.fixture(scope="module")
def reference() -> NormalizedDocument:
    return normalize_bytes(REFERENCE.read_bytes(), REFERENCE.name)


@pytest.mark.parametrize("style", ["bracket", "labels"])
@pytest.mark.parametrize("form", sorted(RENDERERS))
def test_reference_written_inline_reads_as_the_text_file(reference: NormalizedDocument, form: str, style: str) -> None:
    """The 52 key tasks as inline measures in a notice (and 附件2 still a table) give the text file's
    70 tasks and 838 assignments, in every form."""
    notice = reference_notice(reference_grids(), "labels" if style == "labels" else "bracket")
    doc = normalize_bytes(RENDERERS[form](notice), f"notice.{form}")
    assert _tasks(doc) == _tasks(reference)
    assert _assignments(doc) == _assignments(reference)
    assert len(doc.assignments) == 838 and not doc.review
    inline, annex = doc.tables
    assert (inline.table_no, inline.layout, inline.title, inline.n_tasks) == (1, Layout.INLINE, TITLE, 52)
    assert inline.header == (() if style == "bracket" else ("责任单位",))
    assert (annex.table_no, annex.layout, annex.annex_label, annex.n_tasks) == (2, Layout.TABLE, "附件2", 18)
    assert [t.label for t in doc.tasks[:3]] == ["1.", "2.", "3."]


def _notice(*paragraphs: str) -> NormalizedDocument:
    body = "\n".join(["广州市人民政府关于推进政务服务改革的实施意见", *paragraphs])
    return normalize_bytes(body.encode("utf-8"), "通知.txt")


def test_sections_nest_and_numbering_restarts_but_seq_runs_on() -> None:
    """seq runs 1..n over the run; the number as written is the label; headings without a clause
    are sections (a heading paragraph by its first sentence) and take no seq."""
    doc = _notice(
        "一、总体要求",
        "（一）指导思想。坚持以人民为中心，深化改革（2023—2025年）。",
        "二、重点任务",
        "（一）优化审批流程",
        "1.推行“一网通办”（含移动端）建设（广州市政务服务数据管理局牵头，广州市财政局参加）。",
        "2.压减审批时限。（广州市发展改革委负责）",
        "（二）提升服务效能",
        "1.推广“跨省通办”（广州市政务服务数据管理局负责）",
        "三、保障措施",
        "（一）加强组织领导。各区要落实责任。",
    )
    assert [(t.seq, t.label) for t in doc.tasks] == [(1, "1."), (2, "2."), (3, "1.")]
    assert [t.section_path for t in doc.tasks] == [
        ("二、重点任务", "（一）优化审批流程"),
        ("二、重点任务", "（一）优化审批流程"),
        ("二、重点任务", "（二）提升服务效能"),
    ]
    assert doc.tasks[2].section == "（二）提升服务效能"
    assert [t.task_text for t in doc.tasks] == [
        "推行“一网通办”（含移动端）建设。",  # other brackets stay; the final 。 stays where the clause stood
        "压减审批时限。",  # the clause after the final 。
        "推广“跨省通办”",  # no final 。 written, none added
    ]
    assert doc.tasks[0].units_text == "广州市政务服务数据管理局牵头，广州市财政局参加"
    assert [(a.unit.unit_name, a.role) for a in doc.assignments[:2]] == [
        ("市政务服务数据管理局", Role.LEAD),
        ("市财政局", Role.PARTICIPATING),
    ]


def test_labelled_lines_give_units_in_label_order_and_the_deadline() -> None:
    """牵头责任单位/协同责任单位 are read as 牵头单位/配合单位; values join with ； in label order,
    each without its final 。; 完成时限 is the deadline; a label naming a leader is not read."""
    doc = _notice(
        "（一）建立家庭托育点登记备案制度。",
        "牵头责任单位：市卫生健康委。",
        "协同责任单位：市民政局、市市场监管局",
        "分管市领导：张三",
        "完成时限：2023年12月底前。",
        "（二）完善养老服务补贴制度。牵头单位：市民政局；配合单位：市财政局",
    )
    first, second = doc.tasks
    assert first.units_text == "市卫生健康委；市民政局、市市场监管局"
    assert first.deadline == "2023年12月底前" and second.deadline is None
    assert second.task_text == "完善养老服务补贴制度。" and second.units_text == "市民政局；市财政局"
    assert [(a.seq, a.unit.unit_name, a.role) for a in doc.assignments] == [
        (1, "市卫生健康委", Role.LEAD),
        (1, "市民政局", Role.PARTICIPATING),
        (1, "市市场监管局", Role.PARTICIPATING),
        (2, "市民政局", Role.LEAD),
        (2, "市财政局", Role.PARTICIPATING),
    ]
    [table] = doc.tables
    assert table.header == ("牵头责任单位", "协同责任单位", "分管市领导", "完成时限", "牵头单位", "配合单位")
    assert "table 1: column «分管市领导» not read" in doc.notes


def test_aside_in_brackets_is_no_task() -> None:
    """A numbered paragraph whose closing bracket names no unit is not a task and takes no seq; a
    bracket without a role word or label assigns only when its every name shows it is a unit
    (（社会民生） reads as a name, but has no unit's ending: an aside)."""
    doc = _notice(
        "1.制定实施方案（试行）。",
        "2.开展试点工作（以下简称“试点”）。",
        "3.建设养老服务中心（市民政局负责）。",
        "4.完善配套政策（2024年）",
        "5.副区长牵头重点工作（社会民生）",
    )
    assert [(t.seq, t.label, t.task_text) for t in doc.tasks] == [(1, "3.", "建设养老服务中心。")]


def test_clause_with_a_role_word_that_cannot_be_read_goes_to_review() -> None:
    """A bracket with a role word is a responsibility clause even when it cannot be read: the task
    is kept, its cell goes to review with its location, and the other tasks are delivered."""
    doc = _notice(
        "1.建设养老服务中心（市民政局牵头，市督查室督办）。",
        "2.完善配套政策（市财政局负责）。",
        "3.开展技能培训（市人力资源社会保障局负责）。",
    )
    assert [t.seq for t in doc.tasks] == [1, 2, 3]
    [review] = doc.review
    assert review.seq == 1 and review.line == 2
    assert {a.seq for a in doc.assignments} == {2, 3}


def test_clause_with_a_unit_label_that_cannot_be_read_goes_to_review() -> None:
    """A bracket holding a 责任单位： label is a responsibility clause even when a sentence follows the
    units (贵州, held-back round 8): the measure is a task in review, and the seqs after it hold."""
    doc = _notice(
        "1.发展算力产业（责任单位：省大数据局。除专门列出外，以下任务均涉及各市数据管理部门，不再重复）",
        "2.建设行业数据集（责任单位：省大数据局、贵州大数据集团）",
    )
    assert [(t.seq, t.label) for t in doc.tasks] == [(1, "1."), (2, "2.")]
    [review] = doc.review
    assert review.seq == 1 and review.code == "unknown-words"
    assert [a.unit.unit_name for a in doc.assignments] == ["省大数据局", "贵州大数据集团"]


def test_inline_run_and_annex_table_are_numbered_in_document_order() -> None:
    """Documents with both give both: the run before the annex table is table 1."""
    text = (
        "广州市人民政府关于推进政务服务改革的实施意见\n"
        "1.推行网上办理（市政务服务局负责）。\n"
        "附件1\n"
        "重点任务分工表\n"
        "\t序号\n\t重点任务\n\t责任单位\n\n"
        "\t1\n\t压减审批时限。\n\t市发展改革委负责。\n"
    )
    doc = normalize_bytes(text.encode("utf-8"), "mixed.txt")
    assert [(t.table_no, t.layout, t.annex_label) for t in doc.tables] == [
        (1, Layout.INLINE, None),
        (2, Layout.TABLE, "附件1"),
    ]
    assert [(t.task_id.split(":", 1)[1], t.label) for t in doc.tasks] == [("1:1", "1."), ("2:1", "1")]


def test_text_with_neither_table_nor_measure_is_refused_naming_both() -> None:
    error = parse_error("某市人民政府关于某事的通知\n一、总体要求\n（一）加强领导。\n".encode(), "plain.txt")
    assert error.code is Code.NO_TABLE
    assert "序号" in error.reason and "responsibility clause" in error.reason


# Real responsibility clauses (from the cell corpus) and task texts without brackets.
_CLAUSES = (
    "市民政局牵头，市财政局参加",
    "市发展改革委、市财政局按职责分工负责",
    "市卫生健康委牵头，各县（市、区）人民政府负责",
    "市教育局、市人力资源社会保障局",
)
_TASK = st.text(alphabet="加强推进建设完善服务体系养老托育制度机制", min_size=1, max_size=4).flatmap(
    lambda head: st.text(alphabet="加强推进建设养老托育，、“”0123456789", max_size=36).map(head.__add__)
)  # a digit right after "1." would make it 1.5…, no number


@settings(max_examples=60, deadline=None)
@given(task=_TASK, clause=st.sampled_from(_CLAUSES), closes_first=st.booleans())
def test_any_measure_splits_into_its_text_and_its_clause(task: str, clause: str, closes_first: bool) -> None:
    """Whatever the task says, the measure's text is it with its final 。, and the clause is its units_text."""
    written = f"{task}。（{clause}）" if closes_first else f"{task}（{clause}）。"
    doc = _notice("（一）总体安排", f"1.{written}")
    [task_row] = doc.tasks
    assert (task_row.task_text, task_row.units_text, task_row.label) == (f"{task}。", clause, "1.")
    assert doc.assignments


def test_build_writes_layout_and_label(tmp_path: Path) -> None:
    """End to end: tables.layout and tasks.label reach the Parquet."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "notice.txt").write_bytes(notice_text(reference_notice(reference_grids())))
    run = run_build(raw, tmp_path / "output", tmp_path / "reports")
    assert run.code == 0, run.stderr
    tables = pq.read_table(tmp_path / "output" / "tables").to_pylist()
    assert [(t["table_no"], t["layout"], t["header"]) for t in tables] == [
        (1, "inline", []),
        (2, "table", ["序号", "2022年任务清单", "责任单位"]),
    ]
    labels = pq.read_table(tmp_path / "output" / "tasks", columns=["table_no", "seq", "label"]).to_pylist()
    assert labels[0] == {"table_no": 1, "seq": 1, "label": "1."} and labels[-1]["label"] == "18"


def test_clause_alone_on_a_line_closes_the_measure_above_its_sub_items() -> None:
    """A clause on a line of its own after sub-items (1)(2) closes the measure they belong to
    (运城, held-back round 9): each 1. is a task with its sub-items as its text, seq runs on across
    the headings, and the sub-items are neither tasks nor sections."""
    doc = _notice(
        "(一)应急预案建设",
        "1.完善应急预案体系",
        "(1)修订市级总体应急预案。",
        "(2)推动基层编制应急预案。",
        "(责任单位:市应急局、市司法局)",
        "2.健全运行机制",
        "(1)完善部门联动机制。",
        "(责任单位:市应急局)",
        "(二)监测预警能力建设",
        "3.加强风险隐患排查",
        "(1)建立风险隐患数据库。",
        "(2)开展拉网式排查。",
        "(责任单位:市应急局，各区人民政府)",
    )
    assert [(t.seq, t.label, t.section_path) for t in doc.tasks] == [
        (1, "1.", ("(一)应急预案建设",)),
        (2, "2.", ("(一)应急预案建设",)),
        (3, "3.", ("(二)监测预警能力建设",)),
    ]
    assert doc.tasks[0].task_text == "完善应急预案体系(1)修订市级总体应急预案。(2)推动基层编制应急预案。"
    assert doc.tasks[2].units_text == "责任单位:市应急局，各区人民政府"
    assert [(a.seq, a.unit.unit_name) for a in doc.assignments[:3]] == [
        (1, "市应急局"),
        (1, "市司法局"),
        (2, "市应急局"),
    ]


def test_a_clause_after_each_sub_item_makes_each_sub_item_a_measure() -> None:
    """Where every sub-item has its own clause line, the sub-items are the measures and the
    paragraph above them is their heading."""
    doc = _notice(
        "1.完善应急预案体系",
        "(1)修订市级总体应急预案。",
        "(责任单位:市应急局)",
        "(2)推动基层编制应急预案。",
        "(责任单位:市司法局)",
        "2.健全运行机制",
        "(1)完善部门联动机制。",
        "(责任单位:市民政局)",
    )
    assert [(t.seq, t.label, t.section, t.task_text) for t in doc.tasks] == [
        (1, "(1)", "1.完善应急预案体系", "修订市级总体应急预案。"),
        (2, "(2)", "1.完善应急预案体系", "推动基层编制应急预案。"),
        (3, "(1)", "2.健全运行机制", "完善部门联动机制。"),
    ]


def test_labelled_lines_under_a_heading_with_one_measure_close_that_measure() -> None:
    """A heading whose only measure is closed by labelled lines stays a heading: the measures are
    the paragraphs of the style every clause closes."""
    doc = _notice(
        "（一）优化营商环境",
        "1.推行证照分离改革。",
        "牵头单位：市市场监管局",
        "（二）扩大有效投资",
        "1.加快重大项目建设。",
        "牵头单位：市发展改革委",
        "2.推进城市更新。",
        "牵头单位：市住房城乡建设局",
    )
    assert [(t.seq, t.label, t.section) for t in doc.tasks] == [
        (1, "1.", "（一）优化营商环境"),
        (2, "1.", "（二）扩大有效投资"),
        (3, "2.", "（二）扩大有效投资"),
    ]


def test_a_heading_and_the_paragraph_under_it_that_ends_in_a_clause_are_one_measure() -> None:
    """一、title on its own line, then an unnumbered paragraph closing with the clause (楚雄, held-back
    round 10): one measure, its text the title then the paragraph; a last heading whose paragraph
    has no clause is no task."""
    doc = _notice(
        "一、全面开展稳增长专项行动",
        "　　分领域制定专项行动方案，按月调度。（市发展改革委牵头，市财政局等市级有关部门负责）",
        "二、强化金融支持",
        "　　扩大续贷和转贷规模。（市金融办、人民银行广州分行营业管理部负责）",
        "三、强化督促检查",
        "　　各部门要把稳增长工作摆在突出位置。",
    )
    assert [(t.seq, t.label, t.section) for t in doc.tasks] == [(1, "一、", None), (2, "二、", None)]
    assert doc.tasks[0].task_text == "全面开展稳增长专项行动分领域制定专项行动方案，按月调度。"
    assert [(a.seq, a.unit.unit_name, a.role.value) for a in doc.assignments][:3] == [
        (1, "市发展改革委", "lead"),
        (1, "市财政局", "responsible"),
        (1, "有关部门（单位）", "responsible"),
    ]


def test_a_clause_may_be_written_in_tortoise_shell_brackets() -> None:
    """〔…〕 (玉林, held-back round 11, so that the （市、区） inside stays apart) closes a measure as
    （…） does, and a label inside it is the clause's, not the paragraph's."""
    doc = _notice(
        "1.严把新上项目节能关口。〔市生态环境局、发展改革委等按职责分工负责。责任单位：各区人民政府〕",
        "2.推动传统产业绿色化改造。〔市工业和信息化局牵头，市发展改革委配合〕",
    )
    assert [(t.seq, t.task_text) for t in doc.tasks] == [(1, "严把新上项目节能关口。"), (2, "推动传统产业绿色化改造。")]
    assert doc.tasks[0].units_text == "市生态环境局、发展改革委等按职责分工负责。责任单位：各区人民政府"
    assert [(a.seq, a.unit.unit_name, a.role.value) for a in doc.assignments][:3] == [
        (1, "市生态环境局", "responsible"),
        (1, "市发展改革委", "responsible"),
        (1, "有关部门（单位）", "responsible"),
    ]


def test_a_measure_of_several_sentences_may_close_each_with_its_own_clause() -> None:
    """Every bracket inside a measure that names a role is a clause of that measure, in order, taken
    out of its text; a bracket that names none (（试行）, （以下简称…）) stays in the text."""
    doc = _notice(
        "1.加快建设养老服务中心。（市民政局负责）推进医养结合。（市卫生健康委牵头，市财政局配合）",
        "2.建立联席会议制度（以下简称“联席会议”）。（市发展改革委负责）",
    )
    assert [(t.task_text, t.units_text) for t in doc.tasks] == [
        ("加快建设养老服务中心。推进医养结合。", "市民政局负责；市卫生健康委牵头，市财政局配合"),
        ("建立联席会议制度（以下简称“联席会议”）。", "市发展改革委负责"),
    ]
    assert [(a.seq, a.unit.unit_name, a.role.value) for a in doc.assignments] == [
        (1, "市民政局", "responsible"),
        (1, "市卫生健康委", "lead"),
        (1, "市财政局", "participating"),
        (2, "市发展改革委", "responsible"),
    ]


def test_a_time_limit_closing_a_clause_is_the_deadline() -> None:
    """（牵头单位：…；责任单位：…，6月底完成） (凤凰, held-back round 12): the units are read without the
    time limit, which is the task's deadline; a clause without one gives none."""
    doc = _notice(
        "1.推行一件事一次办。（牵头单位：市政务服务数据管理局；责任单位：市司法局，6月底完成）",
        "2.优化纳税服务。（牵头单位：市税务局；责任单位：市财政局）",
    )
    assert [(t.seq, t.deadline) for t in doc.tasks] == [(1, "6月底完成"), (2, None)]
    assert [(a.seq, a.unit.unit_name, a.role.value) for a in doc.assignments] == [
        (1, "市政务服务数据管理局", "lead"),
        (1, "市司法局", "responsible"),
        (2, "市税务局", "lead"),
        (2, "市财政局", "responsible"),
    ]


def test_a_bracket_that_lists_units_then_a_note_is_a_clause() -> None:
    """（市发改委、市农委。排名第一的为牵头单位，下同） (株洲, held-back round 13): a bracket that begins
    with units and adds a note is the measure's clause; the note is the document's first-listed
    convention, which names no unit and holds for every clause; a note that is no convention leaves
    the task in review."""
    doc = _notice(
        "（一）提高思想认识。各级各部门要把保障粮食安全作为长期任务。（市发展改革委、市农业农村局。排名第一的为牵头单位，下同）",
        "（二）落实主体责任。每年至少专题研究一次粮食安全工作。（市农业农村局、市财政局）",
    )
    assert [t.seq for t in doc.tasks] == [1, 2]
    assert doc.review == ()
    assert [(a.seq, a.unit.unit_name, a.role.value) for a in doc.assignments] == [
        (1, "市发展改革委", "lead"),
        (1, "市农业农村局", "responsible"),
        (2, "市农业农村局", "lead"),
        (2, "市财政局", "responsible"),
    ]
    other = _notice(
        "（一）提高思想认识。各级各部门要把保障粮食安全作为长期任务。（市发展改革委、市农业农村局。按季度报送进展）",
        "（二）落实主体责任。每年至少专题研究一次粮食安全工作。（市农业农村局、市财政局）",
    )
    assert [(r.seq, r.code) for r in other.review] == [(1, "unknown-words")]


@pytest.mark.parametrize(("first", "second"), [("①", "②"), ("1）", "2）")])
def test_circled_and_half_bracketed_numbers_number_measures(first: str, second: str) -> None:
    """①, ② and 1）, 2） number measures as 1. and （1） do, each a numbering style of its own."""
    doc = _notice(
        "（一）加强组织领导",
        f"{first}建立联席会议制度。（市发展改革委牵头，市财政局配合）",
        f"{second}完善督查考核机制。（市政府督查室负责）",
    )
    assert [(t.seq, t.label, t.section) for t in doc.tasks] == [
        (1, first, "（一）加强组织领导"),
        (2, second, "（一）加强组织领导"),
    ]


def test_a_bare_clause_line_under_a_measure_closes_it() -> None:
    """由…负责落实 on a line of its own under each measure (周口, held-back round 15): a line that names a
    role and reads in full as units closes the measure above it, as a bracket would."""
    doc = _notice(
        "一、强化项目带动",
        "1.抓好市级重点项目建设，全年安排市级重点项目200个。",
        "由市发展改革委，各区人民政府负责落实",
        "2.加快干线公路升级改造。",
        "由市交通运输局、市公路局负责落实",
    )
    assert [(t.seq, t.label, t.section) for t in doc.tasks] == [
        (1, "1.", "一、强化项目带动"),
        (2, "2.", "一、强化项目带动"),
    ]
    assert [(a.seq, a.unit.unit_name, a.role.value) for a in doc.assignments if a.seq == 2] == [
        (2, "市交通运输局", "responsible"),
        (2, "市公路局", "responsible"),
    ]


def test_paragraphs_under_a_heading_each_closed_by_a_clause_are_measures_of_their_own() -> None:
    """（一）… over unnumbered paragraphs that each end in their own clause (山东, held-back round 17):
    each paragraph is a measure under the heading; a heading over one such paragraph still makes one
    measure with it."""
    doc = _notice(
        "一、保持经济平稳较快增长",
        "（一）扩大有效需求。",
        "　　培育信息、养老、健康等消费热点。（市商务局、市发展改革委等负责）",
        "　　引导社会资金投向农田水利和保障性住房建设。（市发展改革委、市财政局等负责）",
        "（二）加快培育区域发展新优势。",
        "　　完善区域协作机制。（市发展改革委负责）",
    )
    assert [(t.seq, t.task_text, t.section_path) for t in doc.tasks] == [
        (1, "培育信息、养老、健康等消费热点。", ("一、保持经济平稳较快增长", "（一）扩大有效需求")),
        (2, "引导社会资金投向农田水利和保障性住房建设。", ("一、保持经济平稳较快增长", "（一）扩大有效需求")),
        (3, "加快培育区域发展新优势。完善区域协作机制。", ("一、保持经济平稳较快增长",)),
    ]


def test_a_heading_that_names_who_leads_gives_its_clause_to_the_measures_under_it() -> None:
    """（三）省编办牵头的工作 over 1. 2. or over one unnumbered paragraph (山西, held-back round 18):
    every measure under it is led by 省编办, and a labelled line under a measure adds its own units;
    a heading naming a leader (孟学农省长负责的工作) names no unit and is only a heading."""
    doc = _notice(
        "山西省人民政府关于印发2008年省人民政府工作目标责任分解的通知",
        "一、孟学农省长负责的工作",
        "全面负责省人民政府工作任务的落实。",
        "（一）省监察厅牵头的工作",
        "开展行政效能监察。",
        "（二）省编办牵头的工作",
        "1.推进政府机构改革。",
        "2.规范事业单位机构编制管理。",
        "协同单位：省财政厅、省人事厅",
    )
    assert [(t.seq, t.label, t.section) for t in doc.tasks] == [
        (1, "", "（一）省监察厅牵头的工作"),
        (2, "1.", "（二）省编办牵头的工作"),
        (3, "2.", "（二）省编办牵头的工作"),
    ]
    assert [(a.seq, a.unit.unit_name, a.role.value) for a in doc.assignments] == [
        (1, "省监察厅", "lead"),
        (2, "省编办", "lead"),
        (3, "省编办", "lead"),
        (3, "省财政厅", "participating"),
        (3, "省人事厅", "participating"),
    ]


def test_a_bracket_whose_first_names_are_units_is_a_clause_though_the_rest_is_unread() -> None:
    """（市科技局、三门峡职业技术学院，…等相关县〔市、区〕政府） (三门峡, held-back round 18) names no
    role and cannot be read in full, but its first two names are units: it is the measure's clause,
    the task goes to review, and the measures after it keep their seq."""
    doc = _notice(
        "1.新培育省级以上研发平台10家。（市科技局、三门峡职业技术学院，城乡一体化示范区管委会等相关县〔市、区〕政府）",
        "2.推动涉农贷款余额持续增长。（市金融局、人行三门峡市中心支行）",
    )
    assert [t.seq for t in doc.tasks] == [1, 2]
    assert [(r.seq, r.code) for r in doc.review] == [(1, "unknown-government")]


def test_labelled_lines_give_their_columns_in_the_order_they_are_written() -> None:
    """牵头单位： then 责任单位： under a measure (新密, held-back round 18): the lead comes first, though
    an earlier measure has only a 责任单位 line."""
    doc = _notice(
        "1.落实减税降费政策。",
        "责任单位：市财政局",
        "2.推进县城补短板强弱项。",
        "牵头单位：市城镇化服务中心",
        "责任单位：市发展改革委",
    )
    assert [(a.seq, a.unit.unit_name, a.role.value) for a in doc.assignments] == [
        (1, "市财政局", "responsible"),
        (2, "市城镇化服务中心", "lead"),
        (2, "市发展改革委", "responsible"),
    ]


def test_a_label_run_on_into_a_value_ends_it() -> None:
    """责任单位：莲塘镇任务目标：… (南昌县, held-back round 16: the page's own slip, no separator before
    the next label): 任务目标 names a column, so the units are 莲塘镇 alone."""
    doc = _notice(
        "南昌县人民政府关于老旧小区改造工作任务的通知",
        "1.推进老旧小区改造。",
        "牵头单位：县住建局",
        "责任单位：莲塘镇任务目标：年内改造8个老旧小区",
    )
    assert [(a.unit.unit_name, a.role.value) for a in doc.assignments] == [
        ("县住房城乡建设局", "lead"),
        ("莲塘镇人民政府", "responsible"),
    ]


def test_a_bracket_pair_of_its_own_delimits_a_clause_whose_parentheses_do_not_balance() -> None:
    """［市水务局牵头，…各县（市）区政府负责落实。…不再列出）］ (佳木斯, held-back round 19: a stray ）
    inside): the ［…］ pair is the clause; it cannot be read in full, so the task goes to review and
    the measures after it keep their seq."""
    doc = _notice(
        "1.控制用水总量。［市水务局牵头，市工信委配合，各县（市）区政府负责落实。以下均需各县（市）区政府落实）］",
        "2.严控地下水超采。［市水务局牵头，市国土资源局配合］",
    )
    assert [t.seq for t in doc.tasks] == [1, 2]
    assert [(r.seq, r.code) for r in doc.review] == [(1, "unknown-words")]
    assert [(a.seq, a.unit.unit_name, a.role.value) for a in doc.assignments] == [
        (2, "市水务局", "lead"),
        (2, "市国土资源局", "participating"),
    ]


def test_dash_led_lines_are_sub_headings() -> None:
    """——推进教育高质量发展 (武汉, held-back round 19): a line led by a dash is a heading of its own
    style, under 一、 and over the measures below it, replaced by the next dash line."""
    doc = _notice(
        "一、持续增进民生福祉",
        "——推进教育高质量发展",
        "1.新改扩建公办幼儿园40所。(牵头单位:市教育局;责任单位:各区人民政府)",
        "——加快建设健康武汉",
        "2.推进国家区域医疗中心建设。(责任单位:市卫健委)",
    )
    assert [(t.seq, t.section_path) for t in doc.tasks] == [
        (1, ("一、持续增进民生福祉", "——推进教育高质量发展")),
        (2, ("一、持续增进民生福祉", "——加快建设健康武汉")),
    ]


def test_a_departments_division_label_closes_a_measure() -> None:
    """分管市领导：… then 部门分工：… under each measure (兴宁, held-back round 20, after 广东省's page):
    部门分工 is a units label, read by its words; the leader's label is not read."""
    doc = _notice(
        "兴宁市《政府工作报告》重点任务分工方案",
        "一、2022年经济社会发展主要预期目标",
        "1.一般公共预算收入增长5%以上。",
        "分管市领导：刘东峰",
        "部门分工：市财政局、税务局牵头，各部门配合。",
    )
    assert [(a.unit.unit_name, a.role.value) for a in doc.assignments] == [
        ("市财政局", "lead"),
        ("市税务局", "lead"),
        ("有关部门（单位）", "participating"),
    ]


def test_a_partners_label_that_joins_two_header_words_is_participating() -> None:
    """配合实施单位：… (漯河, held-back round 22): 配合 anywhere in a units label makes it the partners'
    label, though 实施单位 alone names a units column."""
    doc = _notice(
        "1.新增和更新城市公交车80辆。",
        "牵头责任单位：市交通运输局",
        "配合实施单位：市城乡建设委员会、市城建投公司",
    )
    assert [(a.unit.unit_name, a.role.value) for a in doc.assignments] == [
        ("市交通运输局", "lead"),
        ("市城乡建设委员会", "participating"),
        ("市城建投公司", "participating"),
    ]


def test_numbers_and_headings_with_a_stray_space_before_their_stop() -> None:
    """一 、… and 1 . … with the page's stray spaces (荥阳, held-back round 23): still a heading and
    measures; the section has its white space removed, as a task's text has."""
    doc = _notice(
        "荥阳市人民政府办公室关于做好重点工作任务落实的通知",
        "一 、 承担的 20 23 年 省 政府工作报告重点工作任务",
        "1 . 严格政府债务限额管理。",
        "责任单位：市 财政局",
        "2 . 推进县城补短板强弱项。",
        "牵头单位：市 发展改革委",
    )
    assert [(t.seq, t.section) for t in doc.tasks] == [
        (1, "一、承担的2023年省政府工作报告重点工作任务"),
        (2, "一、承担的2023年省政府工作报告重点工作任务"),
    ]
    assert [a.unit.unit_name for a in doc.assignments] == ["市财政局", "市发展改革委"]
