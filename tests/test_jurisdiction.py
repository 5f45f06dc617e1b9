"""The jurisdiction is told from the document; where it is needed and cannot be, the build stops."""

from __future__ import annotations

import pytest

from normalizers import gazetteer
from normalizers.gazetteer import Level
from pipeline.errors import Code, JurisdictionError
from tests.helpers import normalize_bytes


def attachment(title: str, cells: list[str]) -> bytes:
    rows = "".join(f"\t{n}\n\t第{n}项任务。\n\t{cell}\n\n" for n, cell in enumerate(cells, start=1))
    return f"附件1\n\n{title}\n\t序号\n\t重点任务\n\t责任单位\n\n{rows}".encode()


def test_gazetteer_lists_dazhou_counties_in_code_order() -> None:
    """达州市 has seven county-level divisions, by code."""
    dazhou = gazetteer.get("511700")
    assert dazhou is not None
    assert [d.name for d in gazetteer.descendants(dazhou, Level.COUNTY)] == [
        "通川区",
        "达川区",
        "宣汉县",
        "开江县",
        "大竹县",
        "渠县",
        "万源市",
    ]


def test_title_names_the_city() -> None:
    """A title naming 南充市 makes 市民政局 南充's, and expands 各县（市、区） into its counties."""
    doc = normalize_bytes(attachment("南充市某项工作任务分工表", ["市民政局牵头；各县（市、区）人民政府负责。"]))
    assert doc.jurisdiction is not None and doc.jurisdiction.name == "南充市"
    assert [a.unit.unit_name for a in doc.assignments][1:3] == ["顺庆区人民政府", "高坪区人民政府"]
    assert doc.assignments[0].unit.jurisdiction == "南充市"


def test_two_cities_equally_named_is_refused_with_candidates() -> None:
    """Evidence split between two cities: the error lists both and names the file and row."""
    data = attachment("达州市、南充市联合工作任务分工表", ["市民政局负责。"])
    with pytest.raises(JurisdictionError) as caught:
        normalize_bytes(data, "两市.txt")
    error = caught.value
    assert error.code is Code.JURISDICTION
    assert "达州市 (511700" in error.reason and "南充市 (511300" in error.reason
    assert error.location is not None and (error.location.file, error.location.row) == ("两市.txt", 1)


def test_no_place_named_is_refused_when_needed() -> None:
    """各县（市、区） cannot be expanded with no jurisdiction: the build never guesses."""
    with pytest.raises(JurisdictionError, match="no division is named"):
        normalize_bytes(attachment("某项工作任务分工表", ["市民政局牵头；各县（市、区）人民政府负责。"]))


def test_not_needed_is_not_an_error() -> None:
    """Units that need no jurisdiction build without one."""
    doc = normalize_bytes(attachment("某项工作任务分工表", ["国家税务总局负责。"]))
    assert doc.jurisdiction is None
    assert [(a.unit.unit_name, a.unit.jurisdiction) for a in doc.assignments] == [("国家税务总局", None)]


def test_an_ordinary_word_is_no_mention_of_the_county_it_names() -> None:
    """城区 is a county of 阳泉, 晋城 and 汕尾, and an ordinary word (jieba's dictionary: a noun): a county
    document that says 城区 more often than its own name is still that county's (大竹县, held-back round 7)."""
    cells = ["县水务局负责。", "县住建局负责。", "县教育局负责。"]
    data = "附件\n\n大竹县2016年民生实事任务分工\n\t序号\n\t民生实事\n\t责任单位\n\n" + "".join(
        f"\t{n}\n\t改造城区第{n}段，完善城区配套。\n\t{cell}\n\n" for n, cell in enumerate(cells, start=1)
    )
    doc = normalize_bytes(data.encode())
    assert doc.jurisdiction is not None and doc.jurisdiction.name == "大竹县"
    assert doc.assignments[0].unit.unit_name == "县水务局"


@pytest.mark.parametrize("county", ["绛县", "代县"])
def test_a_two_character_county_is_still_named_by_its_name(county: str) -> None:
    """绛县 is a place name in jieba's dictionary; 代县 is mistagged there (n) but rare, no common word:
    each county's own document is its."""
    doc = normalize_bytes(attachment(f"{county}某项工作任务分工表", ["县民政局负责。"]))
    assert doc.jurisdiction is not None and doc.jurisdiction.name == county


def test_with_no_tier_told_a_county_named_in_full_is_the_jurisdiction() -> None:
    """A bureau's table of its own sections has no relative name to tell a tier (略阳, held-back
    round 10): the county its title names is the jurisdiction, not the prefecture around it; a
    prefecture named in full is still preferred."""
    county = normalize_bytes(
        attachment("略阳县2019年文化旅游工作目标任务分解表", ["文化宣传股、文化馆", "旅游股、各股室"])
    )
    assert county.jurisdiction is not None and county.jurisdiction.name == "略阳县"
    city = normalize_bytes(attachment("达州市某任务分工表", ["达川区、达州高新区负责。"]))
    assert city.jurisdiction is not None and city.jurisdiction.name == "达州市"


def test_a_county_level_city_named_once_in_full_is_its_own_jurisdiction() -> None:
    """监利市 named once in its title, its prefecture not at all (held-back round 15): its 市… bodies
    are its own; a short name that is not looked for adds nothing and takes nothing away."""
    doc = normalize_bytes(attachment("监利市2022年重点工作任务分解", ["市发展改革局负责。", "市财政局负责。"]))
    assert doc.jurisdiction is not None and doc.jurisdiction.name == "监利市"


def test_zhou_bodies_keep_the_autonomous_prefecture() -> None:
    """州… bodies belong to an autonomous prefecture: a county-level city of the same name (大理市) named
    in the text does not take the document (tests/corpus/dali_yunnan.docx)."""
    doc = normalize_bytes(attachment("大理白族自治州任务分工", ["州民政局负责。", "大理市人民政府负责。"]))
    assert doc.jurisdiction is not None and doc.jurisdiction.name == "大理白族自治州"


def test_the_government_that_issued_the_document_is_its_jurisdiction() -> None:
    """A title or signature line naming the issuing government outweighs a count of mentions: 新密市's
    notice carries out 郑州市's report and names 郑州市 more often (held-back round 18), and 宁波市镇海区
    is written after its prefecture in the signature. An issuer that does not fit the relative
    names' tier is passed over."""
    cells = ["市财政局、税务局", "市发展改革委负责"]
    notice = "新密市人民政府办公室关于做好我市承担的郑州市政府工作报告任务落实的通知"
    text = f"{notice}\n\n根据郑州市人民政府办公厅要求，落实郑州市政府工作报告、郑州市重点工作。\n\n"
    rows = "".join(f"\t{n}\n\t第{n}项任务。\n\t{cell}\n\n" for n, cell in enumerate(cells, start=1))
    doc = normalize_bytes(f"{text}附件1\n\n任务分解表\n\t序号\n\t重点任务\n\t责任单位\n\n{rows}".encode())
    assert doc.jurisdiction is not None and doc.jurisdiction.name == "新密市"
    header = "附件1\n\n任务分解\n\t序号\n\t重点任务\n\t责任单位\n\n"
    row = "\t1\n\t推进新城区建设。\n\t区发改局\n\n"
    signed = f"关于印发区政府工作报告任务分解的通知\n\n宁波市镇海区人民政府办公室\n\n{header}{row}"
    doc = normalize_bytes(signed.encode())
    assert doc.jurisdiction is not None and doc.jurisdiction.name == "镇海区"


def test_bodies_written_with_their_county_name_vote_for_its_tier() -> None:
    """成安县信访局、市生态环境局成安县分局 (成安, held-back round 27): the county's bodies written with
    its full name vote for a county as 县… names do, so the city's branch in the county does not make
    the document 邯郸市's, and the issuer 成安县人民政府办公室 is taken."""
    cells = ["成安县信访局、市生态环境局成安县分局", "成安县水利局、成安县农业农村局", "成安县住房和城乡建设局"]
    rows = "".join(f"\t{n}\n\t第{n}项任务。\n\t{cell}\n\n" for n, cell in enumerate(cells, start=1))
    head = "成安县人民政府办公室\n\n关于印发整改任务清单的通知\n\n"
    doc = normalize_bytes(f"{head}附件1\n\n整改任务清单\n\t序号\n\t整改任务\n\t责任单位\n\n{rows}".encode())
    assert doc.jurisdiction is not None and doc.jurisdiction.name == "成安县"
    assert doc.assignments[0].unit.unit_name == "县信访局"
