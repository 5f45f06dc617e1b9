"""CONTRACT.md, Units: one body, one id, one full name; kinds from evidence; no made-up units."""

from __future__ import annotations

import pytest

from normalizers.document import Settings, normalize
from normalizers.gazetteer import get, named
from normalizers.units import kind_of, resolve
from pipeline.errors import CellError
from pipeline.records import Division, NormalizedDocument, Unit, UnitKind
from tests.helpers import normalize_bytes

DAZHOU = get("511700")
XUANHAN = get("511722")


def resolved(name: str, home: Division | None) -> Unit:
    return resolve(name, home)


def table(cells: list[str], title: str = "达州市某项工作任务分工表") -> bytes:
    rows = "".join(f"\t{n}\n\t第{n}项任务。\n\t{cell}\n\n" for n, cell in enumerate(cells, 1))
    return f"附件\n\n{title}\n\t序号\n\t重点任务\n\t责任单位\n\n{rows}".encode()


def test_written_with_its_jurisdiction_or_relative_one_body() -> None:
    """达州市民政局 and 市民政局 in 达州市's document: one id, one name, one full name."""
    one, other = resolved("达州市民政局", DAZHOU), resolved("市民政局", DAZHOU)
    assert one == other
    assert (one.unit_name, one.full_name, one.jurisdiction) == ("市民政局", "达州市民政局", "达州市")
    assert resolved("达州市人民政府办公室", DAZHOU).unit_name == "市政府办公室"


def test_relative_name_read_within_the_nearest_division_of_its_level() -> None:
    """市民政局 in 宣汉县's document is 达州市's; 县民政局 is 宣汉县's; in any document 宣汉县教育局
    is 宣汉县's 县教育局."""
    assert resolved("市民政局", XUANHAN) == resolved("市民政局", DAZHOU)
    assert resolved("县民政局", XUANHAN).full_name == "宣汉县民政局"
    assert resolved("宣汉县教育局", DAZHOU) == resolved("县教育局", XUANHAN)


def test_known_body_without_level_word_is_the_documents_own() -> None:
    """税务局 in a district's document is that district's 区税务局: one body."""
    district = named("通川区")[0]
    assert resolved("税务局", district) == resolved("区税务局", district)
    assert resolved("辽港集团", get("210200")).unit_name == "辽港集团"


def test_full_names() -> None:
    """full_name: the relative form with its division's name; governments; places of their own; a
    name with no place of its own after its document's jurisdiction; parents before a shared name."""
    assert resolved("成都市发展改革委", get("510100")).full_name == "成都市发展改革委"
    assert resolved("通川区", DAZHOU).full_name == "通川区人民政府"
    assert resolved("市政府", DAZHOU).full_name == "达州市人民政府"
    assert resolved("国网达州供电公司", DAZHOU).full_name == "国网达州供电公司"
    assert resolved("团市委", DAZHOU).full_name == "达州市团市委"
    assert resolved("有关部门（单位）", DAZHOU).full_name == "达州市有关部门（单位）"
    beijing_chaoyang = named("朝阳区")[0]
    assert resolved("区商务局", beijing_chaoyang).full_name.startswith("北京市朝阳区")


def test_towns_and_streets() -> None:
    """A named town's government is a local_government without a division code; a street office is
    a department of its district."""
    town = resolved("石桥镇人民政府", XUANHAN)
    assert (town.unit_kind, town.adcode, town.full_name) == (UnitKind.LOCAL_GOVERNMENT, None, "宣汉县石桥镇人民政府")
    assert resolved("石桥镇", XUANHAN) == town
    assert resolved("石桥镇政府", XUANHAN) == town  # 政府 of a town is its 人民政府 (长宁, held-back round 12)
    street = resolved("西城街道", named("通川区")[0])
    assert (street.unit_name, street.unit_kind) == ("西城街道办事处", UnitKind.DEPARTMENT)


def test_no_made_up_governments() -> None:
    """县政府 in a city's document names no one county; a government of no division goes to review."""
    with pytest.raises(CellError):
        resolved("县政府", DAZHOU)
    with pytest.raises(CellError):
        resolved("县民政局", DAZHOU)


def test_shared_division_name_read_in_the_documents_jurisdiction() -> None:
    """鼓楼区 in 徐州市's document is 徐州市's, not 南京市's."""
    assert resolved("鼓楼区", named("徐州市")[0]).full_name == "徐州市鼓楼区人民政府"


def chengdu(cells: list[str]) -> NormalizedDocument:
    return normalize_bytes(table(cells, "成都市某项工作任务分工表"), "chengdu.txt")


def test_chengdu_standard_collective_expands() -> None:
    """各区（市）县人民政府 in 成都市's document: its 20 governments, with division codes."""
    doc = chengdu(["市发改委牵头，各区（市）县人民政府负责"])
    expanded = [a for a in doc.assignments if a.expanded_from]
    assert len(expanded) == 20 and all(a.unit.adcode for a in expanded)
    assert doc.assignments[0].unit.full_name == "成都市发展改革委"


def test_review_rows_keep_the_rest_of_the_document() -> None:
    """One odd cell: its task kept with no assignments and a review row; the other tasks read."""
    doc = normalize_bytes(table(["市民政局负责", "市民政局督办", "各级地方政府负责"]), "review.txt")
    assert [t.seq for t in doc.tasks] == [1, 2, 3]
    assert {a.seq for a in doc.assignments} == {1}
    assert [(r.seq, r.code, r.words) for r in doc.review] == [
        (2, "unknown-words", "市民政局督办"),
        (3, "unknown-government", "各级地方政府"),
    ]
    assert all(r.line for r in doc.review)


def test_mostly_unreadable_document_is_refused() -> None:
    """More than half of the tasks in review: a layout problem; every problem is reported."""
    with pytest.raises(CellError) as refused:
        normalize_bytes(table(["市民政局负责", "甲乙督办", "丙丁督办", "戊己督办"]), "layout.txt")
    assert refused.value.code.value == "mostly-unreadable"
    assert len(refused.value.each()) == 4


def test_declared_units_are_read_as_units() -> None:
    """raw/units.tsv's names are units whatever the word rules say: the way out of a review row."""
    from normalizers.text import fold_cell
    from parsers import parse
    from pipeline.records import Source, SourceFormat

    data = table(["市民政局督办牵头，市财政局配合"])
    parsed = parse(Source("d.txt", "d" * 64, SourceFormat.TEXT), data)
    assert normalize(parsed).review
    settings = Settings(declared={fold_cell("市民政局督办"): UnitKind.DEPARTMENT})
    doc = normalize(parsed, settings)
    assert not doc.review and doc.assignments[0].unit.unit_name == "市民政局督办"


def test_one_character_before_guanwei_is_a_commission_not_a_zone() -> None:
    """区建管委 (建设和管理委员会) and 市城管委 are departments; a zone's committee has a name before
    管委 (宁东管委会, 达州高新区管委会, 钦州港片区管委)."""
    from normalizers.units import kind_of

    assert kind_of("区建管委") is UnitKind.DEPARTMENT and kind_of("市城管委") is UnitKind.DEPARTMENT
    for zone in ("宁东管委会", "达州高新区管委会", "钦州港片区管委", "北京CBD管委会"):
        assert kind_of(zone) is UnitKind.ZONE_COMMITTEE, zone


def test_armed_police_unit_takes_no_carried_level_word() -> None:
    """武警巴州支队 names its own place (巴州, short for 巴音郭楞): the 州 of the name before it does not
    carry into it, as it does into 消防救援支队."""
    doc = normalize_bytes(
        (
            "附件\n\n巴音郭楞蒙古自治州重点任务分工表\n\n\t序号\n\t重点任务\n\t责任单位\n\n"
            "\t1\n\t任务甲。\n\t州应急管理局牵头，州消防救援支队、武警巴州支队参加。\n"
        ).encode(),
    )
    assert [a.unit.unit_name for a in doc.assignments][1:] == ["州消防救援支队", "武警巴州支队"]


def test_county_level_city_reads_its_own_shi_bodies() -> None:
    """In 二连浩特市's document (a county-level city of 锡林郭勒盟), 市商务局 is the city's own bureau:
    the city named more strongly than the league is the jurisdiction."""
    text = (
        "附件\n\n二连浩特市口岸经济重点任务分工表\n\n\t序号\n\t重点任务\n\t责任单位\n\n"
        "\t1\n\t推进二连浩特市口岸建设。\n\t市商务局牵头，锡林郭勒盟生态环境局二连浩特市分局配合。\n\n"
        "\t2\n\t完善二连浩特市物流体系。\n\t市交通运输局负责。\n"
    )
    doc = normalize_bytes(text.encode("utf-8"))
    assert doc.jurisdiction is not None and doc.jurisdiction.name == "二连浩特市"
    assert doc.assignments[0].unit.full_name == "二连浩特市商务局"


def test_division_name_before_only_a_committee_is_a_zone() -> None:
    """绍兴's 滨海新区管委会 is the committee of a zone of that name, not 天津's 滨海新区 «区管委会»."""
    text = (
        "附件\n\n绍兴市重点任务分工表\n\n\t序号\n\t重点任务\n\t责任单位\n\n"
        "\t1\n\t推进绍兴市产业平台整合。\n\t滨海新区管委会牵头，市发展改革委配合。\n"
    )
    doc = normalize_bytes(text.encode("utf-8"))
    first = doc.assignments[0].unit
    assert (first.unit_name, first.unit_kind) == ("滨海新区管委会", UnitKind.ZONE_COMMITTEE)


def test_one_row_per_task_unit_and_role() -> None:
    """Two unnamed remainders in one role (县政府有关部门、有关直属单位: 灵璧, held-back round 9) are the
    one placeholder once; the same unit in another role keeps its own row."""
    data = (
        "附件\n\n灵璧县某项工作任务分工表\n\t序号\n\t重点任务\n\t责任单位\n\n"
        "\t1\n\t完善服务。\n\t县民政局牵头，县政府有关部门、有关直属单位配合\n\n"
    ).encode()
    doc = normalize_bytes(data)
    assert [(a.position, a.unit.unit_name, a.role.value) for a in doc.assignments] == [
        (1, "县民政局", "lead"),
        (2, "有关部门（单位）", "participating"),
    ]


def test_a_note_in_brackets_leaves_a_committee_a_committee() -> None:
    """…开发区管委会（以下简称高新区管委会） (界首, held-back round 26) is still a zone's committee;
    a body's own 管委会 (市行政服务中心管委会, 福清, round 24) is a department."""
    assert kind_of("安徽阜阳界首高新技术产业开发区管委会（以下简称高新区管委会）") is UnitKind.ZONE_COMMITTEE
    assert kind_of("市行政服务中心管委会") is UnitKind.DEPARTMENT
    assert kind_of("长白山管委会") is UnitKind.ZONE_COMMITTEE
