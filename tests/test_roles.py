"""One test per role rule of CONTRACT.md (Roles), on the reference's real rows where it has them."""

from __future__ import annotations

import pytest

from normalizers.cells import read_cell
from normalizers.conventions import first_listed_leads, without_first_listed_note
from pipeline.errors import CellError, Code
from pipeline.records import NormalizedDocument, Role

DAZHOU_COUNTIES = [
    "通川区人民政府",
    "达川区人民政府",
    "宣汉县人民政府",
    "开江县人民政府",
    "大竹县人民政府",
    "渠县人民政府",
    "万源市人民政府",
]


def rows(doc: NormalizedDocument, table_no: int, seq: int) -> list[tuple[str, str, str | None]]:
    return [
        (a.unit.unit_name, a.role.value, a.expanded_from)
        for a in doc.assignments
        if a.table_no == table_no and a.seq == seq
    ]


def roles(cell: str) -> list[tuple[str, str]]:
    return [(m.name, m.role.value) for m in read_cell(cell)]


def test_lead_participating_and_territorial_clause(reference: NormalizedDocument) -> None:
    """附件1 row 4: 市卫生健康委牵头，市妇联参加；各县（市、区）人民政府、…负责."""
    assert rows(reference, 1, 4) == [
        ("市卫生健康委", "lead", None),
        ("市妇联", "participating", None),
        *[(c, "all_county", "各县（市、区）人民政府") for c in DAZHOU_COUNTIES],
        ("达州高新区管委会", "all_county", None),
        ("达州东部经开区管委会", "all_county", None),
    ]


def test_responsible_by_duty(reference: NormalizedDocument) -> None:
    """按职责分工负责 gives responsible (附件1 row 41)."""
    assert rows(reference, 1, 41) == [
        ("市发展改革委", "responsible", None),
        ("市民政局", "responsible", None),
        ("市卫生健康委", "responsible", None),
    ]


def test_units_before_collective_keep_clause_role(reference: NormalizedDocument) -> None:
    """市民政局、各县（市、区）人民政府、达州高新区管委会负责 gives 市民政局 responsible (附件1 row 3)."""
    got = rows(reference, 1, 3)
    assert got[0] == ("市民政局", "responsible", None)
    assert [r[1] for r in got[1:]] == ["all_county"] * 9


def test_collective_expands_to_dazhou_counties_in_code_order(reference: NormalizedDocument) -> None:
    """各县（市、区）人民政府 becomes seven local_government rows, in the gazetteer's order."""
    expanded = [a for a in reference.assignments if a.table_no == 1 and a.seq == 2 and a.expanded_from]
    assert [a.unit.unit_name for a in expanded] == DAZHOU_COUNTIES
    assert {a.unit.unit_kind.value for a in expanded} == {"local_government"}
    assert [a.unit.adcode for a in expanded] == ["511702", "511703", "511722", "511723", "511724", "511725", "511781"]


def test_single_named_government_is_responsible(reference: NormalizedDocument) -> None:
    """达川区人民政府负责 (附件2 row 7): responsible, local_government, one id with the expanded row."""
    named = [
        a for a in reference.assignments if a.table_no == 2 and a.seq == 7 and a.unit.unit_name == "达川区人民政府"
    ]
    assert [(a.role.value, a.unit.unit_kind.value) for a in named] == [("responsible", "local_government")]
    expanded = {
        a.unit.unit_id for a in reference.assignments if a.unit.unit_name == "达川区人民政府" and a.expanded_from
    }
    assert expanded == {named[0].unit.unit_id}


def test_named_units_then_placeholder(reference: NormalizedDocument) -> None:
    """X、Y等有关部门（单位）参加 gives X, Y and the placeholder, all participating (附件1 row 10)."""
    got = rows(reference, 1, 10)[:5]
    assert got == [
        ("市卫生健康委", "lead", None),
        ("市发展改革委", "participating", None),
        ("市教育局", "participating", None),
        ("市民政局", "participating", None),
        ("有关部门（单位）", "participating", None),
    ]
    placeholder = [a for a in reference.assignments if a.unit.unit_name == "有关部门（单位）"]
    assert {a.unit.unit_kind.value for a in placeholder} == {"placeholder"}
    assert {a.unit_as_written for a in placeholder} == {"有关部门（单位）"}


def test_bare_placeholder(reference: NormalizedDocument) -> None:
    """有关部门（单位）参加 alone gives the placeholder row alone (附件1 row 52)."""
    assert rows(reference, 1, 52)[-1] == ("有关部门（单位）", "participating", None)
    assert len(rows(reference, 1, 52)) == 4


def test_conjunction_between_whole_units(reference: NormalizedDocument) -> None:
    """市卫生健康委和各县（市、区）人民政府: 和 separates (附件1 row 47)."""
    got = rows(reference, 1, 47)
    assert got[:2] == [("市民政局", "responsible", None), ("市卫生健康委", "responsible", None)]
    assert len(got) == 11


@pytest.mark.parametrize("name", ["市自然资源和规划局", "市经济和信息化局", "市人力资源和社会保障局"])
def test_conjunction_inside_a_name(name: str) -> None:
    """和 is part of a name where no whole unit stands on each side."""
    assert roles(f"{name}、市民政局负责") == [(name, "responsible"), ("市民政局", "responsible")]


def test_conjunctions_ji_and_yu() -> None:
    """及 and 与 separate like 和."""
    assert roles("市委宣传部及市文明办与市教育局负责") == [
        ("市委宣传部", "responsible"),
        ("市文明办", "responsible"),
        ("市教育局", "responsible"),
    ]


def test_separator_inside_parentheses_separates_nothing() -> None:
    """The 、 in 各县（市、区） is part of the collective."""
    assert roles("各县（市、区）负责") == [("各县（市、区）", "all_county")]


def test_stray_separator_is_ignored(reference: NormalizedDocument) -> None:
    """…市卫生健康委、按职责分工负责 (附件2 row 11): the stray 、 is ignored."""
    got = rows(reference, 2, 11)
    assert got[6] == ("市卫生健康委", "responsible", None)
    assert len(got) == 16


def test_group_unit(reference: NormalizedDocument) -> None:
    """各电力公司参加 (附件1 row 32): one group row, participating."""
    electric = [a for a in reference.assignments if a.unit.unit_name == "各电力公司"]
    assert [(a.role.value, a.unit.unit_kind.value) for a in electric] == [("participating", "group")]


@pytest.mark.parametrize("word", ["参加", "配合", "参与", "协助", "协同"])
def test_participating_words(word: str) -> None:
    """参加, 配合, 参与, 协助, 协同 give participating."""
    assert roles(f"市民政局牵头，市财政局{word}") == [("市民政局", "lead"), ("市财政局", "participating")]


@pytest.mark.parametrize("word", ["负责", "按职责分工负责", "分别负责", "共同负责"])
def test_responsible_words(word: str) -> None:
    """负责, 按职责分工负责, 分别负责, 共同负责 give responsible."""
    assert roles(f"市民政局、市财政局{word}") == [("市民政局", "responsible"), ("市财政局", "responsible")]


def test_plain_list_is_responsible() -> None:
    """A plain list with no verb gives responsible."""
    assert roles("市民政局、市财政局") == [("市民政局", "responsible"), ("市财政局", "responsible")]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        # 龙湾's 责任单位 column marks a shared task's lead with an asterisk (held-back round 9).
        (
            "区财政局*、区科技局、区投促中心",
            [("区财政局", "lead"), ("区科技局", "responsible"), ("区投促中心", "responsible")],
        ),
        ("区发改局＊、区住建局、各街道", [("区发改局", "lead"), ("区住建局", "responsible"), ("各街道", "all_county")]),
        ("市发展改革委（牵头）、市财政局", [("市发展改革委", "lead"), ("市财政局", "responsible")]),
        # 嘉兴 writes the mark before the name (held-back round 12)
        ("*市发展改革委、市生态环境局", [("市发展改革委", "lead"), ("市生态环境局", "responsible")]),
        # 诸暨 marks its lead with ▲ (held-back round 15)
        (
            "▲发改局，各部门，各镇乡（街道）",
            [("发改局", "lead"), ("有关部门（单位）", "responsible"), ("各镇乡（街道）", "all_county")],
        ),
        ("市民政局、市卫生健康委(牵头单位)", [("市民政局", "responsible"), ("市卫生健康委", "lead")]),
        (
            "市发展改革委（牵头），市财政局等按职责分工负责",
            [("市发展改革委", "lead"), ("市财政局", "responsible"), ("有关部门（单位）", "responsible")],
        ),
        ("市教育局，市财政局（配合）", [("市教育局", "responsible"), ("市财政局", "participating")]),
    ],
)
def test_a_mark_after_a_name_gives_that_unit_its_role(cell: str, expected: list[tuple[str, str]]) -> None:
    """A mark (marks.tsv: *, ★) or a bracketed role word right after a name gives that one unit its
    role; the rest of the cell is read by its own words."""
    assert roles(cell) == expected


def test_a_mark_wins_over_the_first_listed_convention() -> None:
    """Where a cell marks its lead, the document's first-listed convention does not move it."""
    read = read_cell("区科技局、区财政局*", first_leads=True)
    assert [(m.name, m.role.value) for m in read] == [("区科技局", "responsible"), ("区财政局", "lead")]


def test_a_bracket_that_is_no_role_mark_is_not_read_as_one() -> None:
    """Only a bracket holding a role word or a units column's words, whole, marks a role: a campus
    is part of the name, and a note that merely holds 牵头单位 marks nothing (it goes to review)."""
    assert roles("四川文理学院（西校区）") == [("四川文理学院（西校区）", "responsible")]
    with pytest.raises(CellError) as caught:
        read_cell("市税务局（牵头单位另行明确，下同）")
    assert caught.value.code is Code.UNKNOWN_WORDS


def test_territorial_clause_without_verb() -> None:
    """The territorial clause is all_county whatever closes it, even nothing."""
    assert roles("市民政局牵头；各县（市、区）人民政府、达州高新区管委会") == [
        ("市民政局", "lead"),
        ("各县（市、区）人民政府", "all_county"),
        ("达州高新区管委会", "all_county"),
    ]


def test_unknown_verb_is_refused() -> None:
    """市民政局督办: 督办 fits no rule; the error carries the words."""
    with pytest.raises(CellError) as caught:
        read_cell("市民政局督办")
    assert caught.value.code is Code.UNKNOWN_WORDS
    assert caught.value.location is not None and caught.value.location.text == "市民政局督办"


@pytest.mark.parametrize("cell", ["", "  ", "，。", "负责"])
def test_cell_without_units_is_refused(cell: str) -> None:
    """Every task has at least one assignment: a cell that yields none stops the build."""
    with pytest.raises(CellError):
        read_cell(cell)


def test_units_without_role_after_a_clause_are_refused() -> None:
    """Units left with no role word after a clause that had one fit no rule."""
    with pytest.raises(CellError) as caught:
        read_cell("市民政局牵头，市财政局")
    assert caught.value.location is not None and caught.value.location.text == "市财政局"


def test_aliases_resolve_to_one_unit() -> None:
    """市卫健委 and 市卫生健康委, 市发改委 and 市发展改革委 get one unit_id each."""
    from normalizers import gazetteer
    from normalizers.units import canonical_name, resolve

    dazhou = gazetteer.get("511700")
    for variant, canonical in (
        ("市卫健委", "市卫生健康委"),
        ("市发改委", "市发展改革委"),
        ("市住建局", "市住房城乡建设局"),
    ):
        assert canonical_name(variant) == canonical
        assert resolve(variant, dazhou) == resolve(canonical, dazhou)


def test_relative_names_are_read_within_the_jurisdiction() -> None:
    """市民政局 of 达州市 and 市民政局 of 南充市 are two units."""
    from normalizers import gazetteer
    from normalizers.units import resolve

    dazhou, nanchong = gazetteer.get("511700"), gazetteer.get("511300")
    a, b = resolve("市民政局", dazhou), resolve("市民政局", nanchong)
    assert a.unit_id != b.unit_id and a.unit_name == b.unit_name == "市民政局"
    assert (a.jurisdiction, b.jurisdiction) == ("达州市", "南充市")


def test_role_of_clause_is_lead_for_several_leads(reference: NormalizedDocument) -> None:
    """市民政局、市卫生健康委牵头 gives both lead (附件1 row 12)."""
    assert [r[:2] for r in rows(reference, 1, 12)[:2]] == [("市民政局", "lead"), ("市卫生健康委", "lead")]
    assert Role.LEAD.value == "lead"


def test_bare_division_and_zone_names() -> None:
    """达川区 alone stands for 达川区人民政府 (one id with it); 达州高新区 for its 管委会; 各金融机构 is a group."""
    from tests.helpers import normalize_bytes

    text = (
        "附件\n\n达州市某任务分工表\n\t序号\n\t重点任务\n\t责任单位\n\n"
        "\t1\n\t任务。\n\t达川区、达州高新区负责。\n\n\t2\n\t任务。\n\t达川区人民政府牵头，各金融机构参加。\n"
    )
    doc = normalize_bytes(text.encode())
    got = [(a.unit.unit_name, a.unit.unit_kind.value, a.unit_as_written) for a in doc.assignments]
    assert got == [
        ("达川区人民政府", "local_government", "达川区"),
        ("达州高新区管委会", "zone_committee", "达州高新区"),
        ("达川区人民政府", "local_government", "达川区人民政府"),
        ("各金融机构", "group", "各金融机构"),
    ]
    assert doc.assignments[0].unit.unit_id == doc.assignments[2].unit.unit_id


@pytest.mark.parametrize(
    ("cell", "read"),
    [
        # the forms of the statement as real pages write it into their first clause
        ("省发改委、省交通运输厅负责。列第一位的为牵头部门，下同", "省发改委、省交通运输厅负责。"),  # 江西
        ("省发展改革委、省编办等负责，列第一位的为牵头部门，下同", "省发展改革委、省编办等负责"),  # 吉林
        ("市行政服务中心管委会、市住建局（第一责任单位为牵头单位，下同）", "市行政服务中心管委会、市住建局"),  # 福清
        ("市发改委、市农委。排名第一的为牵头单位，下同", "市发改委、市农委。"),  # 株洲
        (
            "由市财政局、国税局负责。一项任务涉及多个部门的，原则上由排名首位的部门牵头负责。下同",
            "由市财政局、国税局负责。",
        ),  # 黄冈
        ("责任单位：市税务局、市财政局，排在首位的为牵头单位，下同", "责任单位：市税务局、市财政局"),  # 韶关
        ("县发改局（首位单位为牵头单位，下同）、县财政局", "县发改局、县财政局"),  # 海盐
        ("市经信局、市税务局（列第一位者为工作牵头单位或汇总单位，下同）", "市经信局、市税务局"),  # 湖州
        ("市民政局、市财政局（按职责分工负责）", "市民政局、市财政局（按职责分工负责）"),  # no statement: as written
    ],
)
def test_a_first_listed_statement_leaves_the_cell(cell: str, read: str) -> None:
    """The statement is the document's note: it is found (first_listed_leads) and taken out of the
    cell, and what is left is the units as written."""
    assert first_listed_leads([cell]) is (cell != read)
    assert without_first_listed_note(cell) == read
