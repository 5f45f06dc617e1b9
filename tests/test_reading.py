"""CONTRACT.md, Reading a responsibility cell: one test per rule, on cells written as real pages write
them (the pages are cited in tests/corpus/; the cells here are the rules' plainest cases)."""

from __future__ import annotations

import pytest

from normalizers.cells import read_cell
from normalizers.collectives import Listing, collective, listing
from normalizers.gazetteer import get, named
from normalizers.time_limits import split_time_limit
from normalizers.units import canonical_name, kind_of
from pipeline.errors import CellError, Code
from pipeline.records import UnitKind

PLACEHOLDER = "有关部门（单位）"


def reading(cell: str, **options: object) -> list[tuple[str, str]]:
    """(name as read, role) of every mention."""
    return [(m.name, m.role.value) for m in read_cell(cell, **options)]  # type: ignore[arg-type]


def code_of(cell: str) -> str:
    with pytest.raises(CellError) as caught:
        read_cell(cell)
    return caught.value.code.value


@pytest.mark.parametrize(
    "name",
    [
        "市中级人民法院",
        "市人民检察院",
        "达州军分区",
        "武警达州支队",
        "市消防救援支队",
        "国网达州供电公司",
        "中国电信达州分公司",
        "四川文理学院（西校区）",
        "西南交通大学峨眉校区",  # a campus after the name (乐山, held-back round 17)
        "达州日报社",
        "达州广播电视台",
        "达州市投资有限公司",
        "西南油气田分公司",
        "达州海关",
        "国家税务总局达州市税务局",
        "中国人民银行达州市中心支行",
        "市科协",
        "团市委",
        "西城街道办事处",
        "深投控",
        "市跑改办",  # 改办 is a rare word of the dictionary: an office's abbreviation (绍兴, held-back round 4)
        "兵团第十二师",
    ],
)
def test_any_name_between_separators_is_a_unit(name: str) -> None:
    """Open-world units: whatever it ends with, a name holding no role word is a unit."""
    assert reading(f"市发展改革委牵头，{name}配合") == [("市发展改革委", "lead"), (name, "participating")]


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("市民政局督办", "unknown-words"),  # a trailing verb missing from the role table
        ("市教育局指导", "unknown-words"),  # a complete name followed by words that end no name
        ("加强部门协作配合", "unknown-words"),  # a sentence
        ("市民政局牵头，市财政局", "no-role"),
        ("牵头", "no-unit"),
        ("", "empty-cell"),
        ("地方政府负责", "unknown-government"),
        ("各类政府负责", "unknown-government"),
        ("各级地方政府负责", "unknown-government"),
        ("有关县区政府分工负责", "unknown-government"),
        # tier words without 各: they do not say which governments (海城's 镇（街道）, held-back round 10)
        ("市民政局牵头，镇（街道）负责", "unknown-government"),
        ("县民政局牵头，有关乡镇负责", "unknown-government"),
        ("县区配合", "unknown-government"),
        # an unnamed remainder after words the placeholder table lacks: never a department
        ("市发展改革委牵头，驻市有关单位配合", "unknown-words"),
        ("区交通运输局牵头，相关乡镇办负责", "unknown-government"),
        ("县城管执法局、属地乡镇负责", "unknown-government"),  # the towns where the works lie (南昌县, round 16)
        # words before a cell's first label, which no label names (荆门, held-back round 16)
        ("预期性指标，牵头单位：市经信局；责任单位：市统计局", "unknown-words"),
        # a standing note, words before a collective (玉林, held-back round 11): a sentence, no government
        ("市民政局负责。以下均需各县（市、区）人民政府", "unknown-words"),
        # a short place that jieba cuts into a verb and a word: an unknown place, no sentence (湟中, cells 7)
        ("由拦隆口人民政府负责", "unknown-government"),
    ],
)
def test_what_is_not_read_goes_to_review(cell: str, code: str) -> None:
    """A cell that cannot be read in full raises, with its review code: never a partial reading."""
    assert code_of(cell) == code


@pytest.mark.parametrize(
    ("cell", "role"),
    [
        ("市民政局牵头", "lead"),
        ("市民政局牵头抓总", "lead"),
        ("市民政局主责", "lead"),
        ("市民政局牵头负责", "lead"),
        ("市民政局主办", "lead"),
        ("市民政局参加", "participating"),
        ("市民政局协办", "participating"),
        ("市民政局配合落实", "participating"),
        ("市民政局按职责分工负责", "responsible"),
        ("市民政局分工负责", "responsible"),
        ("市民政局各负其责", "responsible"),
        ("市民政局具体负责", "responsible"),
        ("市民政局切实落实", "responsible"),
        ("市民政局共同推进", "responsible"),
        ("市民政局组织实施", "responsible"),
        ("市民政局", "responsible"),
    ],
)
def test_role_words(cell: str, role: str) -> None:
    """One table of role words; modifiers before them; the strongest of a chain decides."""
    assert reading(cell) == [("市民政局", role)]


def test_together_with_and_by() -> None:
    """X会同Y负责: X leads, Y and the rest participate; a leading 由 is no part of a name."""
    assert reading("由市发改委会同市财政局、市民政局负责") == [
        ("市发改委", "lead"),
        ("市财政局", "participating"),
        ("市民政局", "participating"),
    ]


def test_labels_inside_a_cell() -> None:
    """牵头单位：…；配合单位：… give their roles; 责任领导：… names people and is not read."""
    assert reading("牵头单位：市发改委；配合单位：市财政局、市商务局；责任领导：张副市长") == [
        ("市发改委", "lead"),
        ("市财政局", "participating"),
        ("市商务局", "participating"),
    ]
    # a label of a column that is not read: the data's provider is no one responsible (阿坝, round 24)
    assert reading("牵头领导：×××，牵头单位：州发展改革委，责任单位：州水务局，数据提供单位：州统计局") == [
        ("州发展改革委", "lead"),
        ("州水务局", "responsible"),
    ]


def test_a_placeholder_with_its_body_written_as_two_words_is_one() -> None:
    """市直有关部门、单位 (威海, held-back round 25): the 、 stands inside the placeholder's body."""
    assert reading("牵头单位：市大数据中心；责任单位：市直有关部门、单位") == [
        ("市大数据中心", "lead"),
        ("有关部门（单位）", "responsible"),
    ]
    assert reading("市财政局、有关单位、市民政局负责") == [
        ("市财政局", "responsible"),
        ("有关部门（单位）", "responsible"),
        ("市民政局", "responsible"),
    ]


def test_a_role_word_or_a_label_before_or_after_a_comma_of_enumeration_ends_the_clause() -> None:
    """区水务局牵头、各街办配合 (held-back cells, round 3): a 、 after a role word ends its clause as a ，
    would; so does a 、 before a label (省财政厅、配合单位：…)."""
    assert reading("区水务局牵头、各街办配合") == [("区水务局", "lead"), ("各街办", "all_county")]
    assert reading("各街办牵头、区水务局配合") == [("各街办", "all_county"), ("区水务局", "participating")]
    assert reading("牵头单位：省住房城乡建设厅，配合单位：省财政厅、配合单位：省自然资源厅") == [
        ("省住房城乡建设厅", "lead"),
        ("省财政厅", "participating"),
        ("省自然资源厅", "participating"),
    ]
    # a 、-list closed by one verb is still one clause
    assert reading("市民政局、市财政局负责") == [("市民政局", "responsible"), ("市财政局", "responsible")]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        # written twice in a row (省政府各部门、各直属机构; …领导小组成员单位等)
        ("省发展改革委牵头，省政府各部门、各直属机构配合", [("省发展改革委", "lead"), (PLACEHOLDER, "participating")]),
        ("县卫健委牵头，县政府有关部门、有关直属单位配合", [("县卫健委", "lead"), (PLACEHOLDER, "participating")]),
        (
            "牵头单位：省住房城乡建设厅；配合单位：省城乡规划改革试点工作领导小组成员单位等",
            [("省住房城乡建设厅", "lead"), (PLACEHOLDER, "participating")],
        ),
        # its body alone after it (盘锦, held-back cells 7)
        ("各县、区人民政府，市政府各部门、直属机构", [("各县、区人民政府", "all_county"), (PLACEHOLDER, "all_county")]),
        # named again with the same role, apart (柳州, held-back cells 7)
        (
            "市民政局牵头，市双拥领导小组各成员单位、市委宣传部、各有关单位配合",
            [("市民政局", "lead"), (PLACEHOLDER, "participating"), ("市委宣传部", "participating")],
        ),
        # a collective before …各成员单位 stays a collective: the committee's name holds no 、
        (
            "各县区人民政府、市中医药发展领导小组各成员单位",
            [("各县区人民政府", "all_county"), (PLACEHOLDER, "all_county")],
        ),
    ],
)
def test_the_unnamed_remainder_named_again_is_one_row(cell: str, expected: list[tuple[str, str]]) -> None:
    """The one placeholder, however often a cell names it with one role, gives one row."""
    assert reading(cell) == expected


def test_white_space_cuts_between_names_that_begin_with_the_same_level_word() -> None:
    """省委宣传部 省教育厅 省新闻出版 省总工会 (广东, held-back cells 7): each begins with the list's level
    word, so each is a name, one cut short (省新闻出版) too; 达州市 民政局 stays one name."""
    assert [n for n, _ in reading("省教育厅 省新闻出版 省总工会")] == ["省教育厅", "省新闻出版", "省总工会"]
    assert [n for n, _ in reading("达州市 民政局")] == ["达州市民政局"]
    # a space inside a name after a sentence's end: the level word before the 。 is another name's
    assert [n for n, _ in reading("市卫生健康委协助。人行达州 市中心支行协助")] == [
        "市卫生健康委",
        "人行达州市中心支行",
    ]


def test_banner_and_league_qualifiers_of_the_placeholder() -> None:
    """旗直有关部门 (阿拉善右旗, held-back round 27) is the placeholder, as 县直有关部门 is."""
    assert reading("旗人社局牵头，旗直有关部门配合") == [("旗人社局", "lead"), ("有关部门（单位）", "participating")]
    assert reading("盟级有关部门负责") == [("有关部门（单位）", "responsible")]


def test_addressee_style_cells() -> None:
    """Cells written as a notice's addressees (held-back cells, round 4): 区人民政府各部门 is the
    placeholder; one placeholder written twice across a ， is one row; 各乡（镇）人民政府、办事处 is one
    town collective (the other authority alone after 、); 行署 is 行政公署."""
    assert reading("各街道办事处，区人民政府各部门，区属各单位") == [
        ("各街道办事处", "all_county"),
        ("有关部门（单位）", "all_county"),
    ]
    assert reading("各乡(镇)人民政府、办事处,市政府有关工作部门") == [
        ("各乡（镇）人民政府、办事处", "all_county"),
        ("有关部门（单位）", "all_county"),
    ]
    assert reading("各市(地)人民政府(行署)负责,省发改委协办") == [
        ("各市（地）人民政府（行署）", "all_county"),
        ("省发改委", "participating"),
    ]


def test_units_before_the_first_label_are_a_plain_list() -> None:
    """市商务局、市发改委 省牵头单位:省商务厅: units before the first label are read by their words;
    words that are no units there (预期性指标，牵头单位：…) still go to review."""
    assert reading("市商务局、市发改委 省牵头单位:省商务厅") == [
        ("市商务局", "responsible"),
        ("市发改委", "responsible"),
        ("省商务厅", "lead"),
    ]
    with pytest.raises(CellError):
        read_cell("预期性指标，牵头单位：市发改委")


def test_words_before_by_make_a_sentence() -> None:
    """此项工作由市卫生局主办 (held-back cells, round 5): words, then 由 and a unit, are a sentence, not
    a name; a leading 由 is no part of a name, and 自由 is no 由."""
    with pytest.raises(CellError) as caught:
        read_cell("此项工作由市卫生局主办,市民政局、劳动和社会保障局协办。")
    assert caught.value.code is Code.UNKNOWN_WORDS and "words before 由" in caught.value.reason
    assert reading("由市民政局负责") == [("市民政局", "responsible")]
    assert reading("市自由贸易试验区管委会负责") == [("市自由贸易试验区管委会", "responsible")]


def test_white_space_before_a_collective_with_half_width_brackets_separates() -> None:
    """市直相关部门 各乡镇(街道) (held-back cells, round 5): a space between a placeholder and a town
    collective written with half-width brackets cuts as between two names."""
    assert reading("市直相关部门 各乡镇(街道)") == [
        ("有关部门（单位）", "responsible"),
        ("各乡镇（街道）", "all_county"),
    ]


def test_shared_ending_distributes() -> None:
    """通川区、达川区人民政府 is two governments; 发展改革、财政等部门 two departments and the placeholder."""
    assert reading("通川区、达川区人民政府负责") == [
        ("通川区人民政府", "responsible"),
        ("达川区人民政府", "responsible"),
    ]
    assert reading("高新区、经开区管委会负责") == [("高新区管委会", "responsible"), ("经开区管委会", "responsible")]
    # a place's ending also completes a two-character place whose last character looks like an
    # ending (蒙城, held-back round 26); no other shared ending does (海关、市场监管等部门)
    assert [n for n, _ in reading("城关、漆园、庄周街道办事处负责")] == [
        "城关街道办事处",
        "漆园街道办事处",
        "庄周街道办事处",
    ]
    assert [n for n, _ in reading("海关、市场监管等部门负责")] == ["海关", "市场监管部门", "有关部门（单位）"]
    # a name that already ends with the shared ending's first words takes the rest (长清, round 27)
    assert [n for n, _ in reading("文昌街道、崮云湖街道办事处负责")] == ["文昌街道办事处", "崮云湖街道办事处"]
    # 分署 ends a body's name as 分局 does (海关总署广东分署, held-back cells, round 5)
    assert [n for n, _ in reading("省商务厅，海关总署广东分署负责")] == ["省商务厅", "海关总署广东分署"]
    assert [n for n, _ in reading("市教育、人社、财政等部门配合")][:3] == ["市教育部门", "市人社部门", "市财政部门"]
    # a committee's ending completes areas only: a company keeps its name (长春, held-back round 24)
    assert reading("保护区、风景区管委会负责") == [("保护区管委会", "responsible"), ("风景区管委会", "responsible")]
    assert reading("中国一汽、长春汽开区管委会配合") == [
        ("中国一汽", "participating"),
        ("长春汽开区管委会", "participating"),
    ]
    # 街道办事处 is shared too (西乡, held-back round 16)
    assert reading("城北、城南街道办事处负责") == [("城北街道办事处", "responsible"), ("城南街道办事处", "responsible")]
    assert reading("市发展改革、财政等部门负责") == [
        ("市发展改革部门", "responsible"),
        ("市财政部门", "responsible"),
        ("有关部门（单位）", "responsible"),
    ]


def test_level_prefix_carries_by_words() -> None:
    """省发展改革委、财政厅 names 省财政厅; 县发改局、市场监管局 names 县市场监管局; a company and
    团市委 take none; nothing carries across ，."""
    assert [n for n, _ in reading("省发展改革委、财政厅牵头")] == ["省发展改革委", "省财政厅"]
    assert [n for n, _ in reading("县发改局、市场监管局负责")] == ["县发改局", "县市场监管局"]
    assert [n for n, _ in reading("市交通运输局、辽港集团、团市委负责")] == ["市交通运输局", "辽港集团", "团市委"]
    assert [n for n, _ in reading("省委宣传部、网信办负责")] == ["省委宣传部", "网信办"]
    assert [n for n, _ in reading("省发展改革委牵头，财政厅配合")] == ["省发展改革委", "财政厅"]
    # A body named after a place is that place's (张掖, held-back round 8).
    assert [n for n, _ in reading("市林业局、祁连山国家级自然保护区管理局负责")] == [
        "市林业局",
        "祁连山国家级自然保护区管理局",
    ]
    # A grid company's 供电局 is no government body (师宗, held-back round 13).
    assert [n for n, _ in reading("县发展和改革局、师宗供电局配合")] == ["县发展和改革局", "师宗供电局"]


@pytest.mark.parametrize(
    "words",
    [
        "有关部门",
        "相关部门",
        "有关单位",
        "各有关部门",
        "其他有关部门",
        "市直有关部门",
        "州直有关部门",
        "市级有关部门",
        "市级相关部门",
        "市政府有关部门",
        "市政府有关工作部门",  # a function word before the body (安康, held-back round 6)
        "县政府各部门",  # 有关 unsaid after 各 (张家川, held-back round 8)
        "市直各单位",
        "相关职能部门",
        "有关责任单位",
        "市食安委其他成员单位",
        "有关部门（单位）",
        "省（中）直有关单位",  # an alternative in brackets changes nothing (辽宁, held-back round 15)
        "市委有关部门",
        "中省直有关单位",
        "各直属机构",  # 机构 is a body (安徽省's 省政府各部门、各直属机构, held-back round 10)
        "市属有关单位",  # a 属 form is a qualifier
    ],
)
def test_one_placeholder(words: str) -> None:
    """Every unnamed remainder is the placeholder 有关部门（单位）, its words kept as written."""
    mentions = read_cell(f"市民政局牵头，{words}配合")
    assert [(m.name, m.written) for m in mentions][1] == ("有关部门（单位）", words)


@pytest.mark.parametrize("tail", ["等部门", "等单位", "等有关单位", "等有关部门（单位）", "等"])
def test_et_cetera_tails(tail: str) -> None:
    """X等部门 and the like: X's units, then the placeholder with the clause's role."""
    assert reading(f"市民政局、市财政局{tail}配合") == [
        ("市民政局", "participating"),
        ("市财政局", "participating"),
        ("有关部门（单位）", "participating"),
    ]


DAZHOU = get("511700")
SICHUAN = get("510000")


@pytest.mark.parametrize(
    ("written", "home", "count"),
    [
        ("各县（市、区）", "511700", 7),
        ("各县（区）", "511700", 6),
        ("各区（县）", "511700", 6),
        ("各区（市、县）", "511700", 7),
        ("各区（市）县人民政府", "510100", 20),  # 成都市's standard collective
        ("各区县", "511700", 6),
        ("各县区政府", "511700", 6),
        ("各县市区", "511700", 7),
        ("各区市", "370200", 10),  # 青岛市
        ("各县市", "511700", 5),
        ("各县（市）", "511700", 5),
        ("各县、区人民政府", "511700", 6),
        ("各县、市人民政府", "532900", 12),  # 大理白族自治州: 市 beside 县 is a county-level city
        ("各区县（自治县）人民政府", "500000", 38),
        ("各市（州）人民政府", "510000", 21),
        ("各州（市）", "530000", 16),
        ("各州、市", "530000", 16),
        ("各市州", "510000", 21),
        ("各设区市人民政府", "320000", 13),
        ("各地级以上市人民政府", "440000", 21),
        ("各省辖市政府", "410000", 17),  # 河南省's word for its cities (held-back round 7)
        ("各盟市", "150000", 12),
        ("各盟行政公署、市人民政府", "150000", 12),
        ("地方各级人民政府", "510000", 21),
        ("地方各级人民政府", "511700", 7),
    ],
)
def test_collectives_every_spelling(written: str, home: str, count: int) -> None:
    """Each spelling names the divisions its tier words say, within the document's jurisdiction."""
    found = collective(written)
    division = get(home)
    assert found is not None and division is not None
    kind, divisions = listing(found, division)
    assert kind is Listing.EXPANDED and len(divisions) == count


@pytest.mark.parametrize(
    "written",
    [
        "各乡镇（街道）",
        "各镇（街道）",
        "各街道、镇",
        "各乡镇人民政府",
        "各镇人民政府、街道办事处",
        "各乡镇（园区）",
        "各镇街",  # 街: 街道
        "各镇（街）",
        "各镇办",  # 镇办: towns and street offices (兴平, held-back round 7)
        "各开发区、镇（街道）",  # a zone word as a part before towns (海城, held-back round 10)
        "各园区、乡镇",
        "各街办（新区）",  # 街办: 街道办事处; 新区 a companion (下陆, held-back round 12)
        "各乡镇办",  # 乡镇 and 街道办事处 (咸安, held-back round 13)
        "各乡镇场、街道",  # 场: the farms, written right after the towns (贺兰, held-back round 28)
        "各相关乡镇政府",  # the towns concerned: still the one group row (吉水, held-back round 14)
    ],
)
def test_towns_are_one_group_in_a_county(written: str) -> None:
    """A county-level document's territorial collective: one group row, not expanded."""
    found = collective(written)
    assert found is not None
    assert listing(found, named("宣汉县")[0])[0] is Listing.GROUP
    assert reading(f"县民政局牵头，{written}负责")[1] == (written, "all_county")


def test_each_comes_first_groups_are_no_collectives() -> None:
    """各开发区管委会 and 各县（市、区）教育局 are groups with their clause's role."""
    assert collective("各开发区管委会") is None and collective("各县（市、区）教育局") is None
    assert reading("各开发区管委会、各县（市、区）教育局配合") == [
        ("各开发区管委会", "participating"),
        ("各县（市、区）教育局", "participating"),
    ]


def test_a_qualifier_before_each_gives_a_group() -> None:
    """区属各重点国企 (渝中, held-back round 10): a placeholder's qualifier before 各 and a class of
    bodies is a group, as 各重点国企 would be; 各开发区 alone, with no towns after it, stays a group."""
    assert kind_of("区属各重点国企") is UnitKind.GROUP
    assert kind_of("市直各学校") is UnitKind.GROUP
    assert collective("各开发区") is None and kind_of("各开发区") is UnitKind.GROUP
    assert canonical_name("各新区") == "各新区"  # a class of zones: no 管委会 added, as to 达州高新区


def test_a_qualifier_before_related_words_and_a_class_gives_a_group() -> None:
    """市属有关国有企业 (莆田, held-back round 32): a qualifier, 有关 and a class of bodies that is no
    placeholder's body is a group, as 有关企业 is; 市直有关单位 stays the placeholder."""
    assert kind_of("市属有关国有企业") is UnitKind.GROUP
    assert kind_of("有关企业") is UnitKind.GROUP
    assert kind_of("市直有关单位") is UnitKind.PLACEHOLDER


def test_a_section_of_a_bureau_is_a_unit() -> None:
    """股 ends a bureau's section's name (略阳, held-back round 10): 文化宣传股 is a unit, not a verb."""
    assert reading("文化宣传股\n文化馆\n图书馆") == [
        ("文化宣传股", "responsible"),
        ("文化馆", "responsible"),
        ("图书馆", "responsible"),
    ]


def test_collective_the_jurisdiction_cannot_list() -> None:
    """各市（州） in a county's document names nothing it can list; 各有关县（市、区） names only the
    counties concerned, which no list of divisions can say."""
    found = collective("各市（州）")
    assert found is not None and listing(found, named("宣汉县")[0])[0] is Listing.CANNOT
    concerned = collective("各有关县（市、区）人民政府")
    assert concerned is not None and concerned.some
    assert listing(concerned, DAZHOU)[0] is Listing.CANNOT


def test_territorial_clause() -> None:
    """From the collective to the clause's end, whatever the verb; the units before it keep their role."""
    assert reading("市民政局、各县（市、区）人民政府、达州高新区管委会组织实施") == [
        ("市民政局", "responsible"),
        ("各县（市、区）人民政府", "all_county"),
        ("达州高新区管委会", "all_county"),
    ]
    assert code_of("市民政局牵头，各县（市、区）人民政府、市财政局督办") == Code.UNKNOWN_WORDS.value


def test_collective_spelling_with_separator_inside() -> None:
    """A 、 inside a collective separates nothing (各县、区); a later 市政府 is the city's own."""
    assert reading("各县、区人民政府、市政府负责") == [("各县、区人民政府", "all_county"), ("市政府", "all_county")]


def test_a_line_break_inside_a_cell_separates_names() -> None:
    """A Word paragraph or an HTML <br> inside a cell (钟楼, held-back round 9): between two names it
    is a 、, after a clause's role word a ，, beside punctuation nothing more."""
    assert [n for n, _ in reading("晋陵公司\n轨道公司配合")] == ["晋陵公司", "轨道公司"]
    assert reading("市民政局牵头\n市财政局配合") == [("市民政局", "lead"), ("市财政局", "participating")]
    assert reading("牵头单位：\n市民政局") == [("市民政局", "lead")]
    assert reading("市民政局、\n市财政局负责") == [("市民政局", "responsible"), ("市财政局", "responsible")]


def test_a_zone_named_by_its_kind_alone_is_the_jurisdictions_zone() -> None:
    """经开区 alone (钟楼, held-back round 9) is the jurisdiction's zone: its committee."""
    assert canonical_name("经开区") == "经开区管委会"
    assert kind_of("经开区") is UnitKind.ZONE_COMMITTEE


def test_a_note_in_brackets_after_a_name_is_no_part_of_it() -> None:
    """（列第一位者为工作牵头单位，下同） after a name is the first-listed statement, not a campus: it is
    read as the convention and leaves the cell; any other sentence in brackets sends the cell to review."""
    assert reading("市经信局、市税务局（列第一位者为工作牵头单位或汇总单位，下同）") == [
        ("市经信局", "lead"),
        ("市税务局", "responsible"),
    ]
    with pytest.raises(CellError) as caught:
        read_cell("市经信局、市税务局（按季度报送进展，下同）")
    assert caught.value.code is Code.UNKNOWN_WORDS
    assert [n for n, _ in reading("四川文理学院（西校区）负责")] == ["四川文理学院（西校区）"]


@pytest.mark.parametrize(
    ("cell", "rest", "limit"),
    [
        (
            "牵头单位：县行政审批服务局；责任单位：各乡镇人民政府，9月底完成",
            "牵头单位：县行政审批服务局；责任单位：各乡镇人民政府",
            "9月底完成",
        ),
        ("市财政局、市税务局，2023年12月底前", "市财政局、市税务局", "2023年12月底前"),
        ("市民政局负责，年底前完成。", "市民政局负责", "年底前完成"),
        ("市发展改革委牵头，长期坚持", "市发展改革委牵头", "长期坚持"),
        ("市交通局负责，2019年底前完成", "市交通局负责", "2019年底前完成"),  # 延安, held-back round 29
        ("市商务局牵头，2023年内", "市商务局牵头", "2023年内"),
        ("市财政局牵头，各区人民政府负责，年内持续推进", "市财政局牵头，各区人民政府负责", "年内持续推进"),
        ("市发展改革委牵头，市财政局配合", "市发展改革委牵头，市财政局配合", None),
        ("市民政局，市财政局", "市民政局，市财政局", None),
    ],
)
def test_a_time_limit_closing_a_cell_is_no_unit(cell: str, rest: str, limit: str | None) -> None:
    """…，6月底完成 closing a clause (凤凰, held-back round 12) is when the task is due, not a unit."""
    assert split_time_limit(cell) == (rest, limit)


@pytest.mark.parametrize(
    ("cell", "rest", "limit"),
    [
        ("责任单位：市供电公司、市发展改革委，完成时限：2023年9月", "责任单位：市供电公司、市发展改革委", "2023年9月"),
        ("完成时限：2023年底；牵头单位：市商务局", "牵头单位：市商务局", "2023年底"),
        ("牵头单位：市民政局；完成时间：长期；配合单位：市财政局", "牵头单位：市民政局；配合单位：市财政局", "长期"),
    ],
)
def test_a_piece_under_a_deadline_label_is_the_deadline(cell: str, rest: str, limit: str) -> None:
    """完成时限：… inside a cell (held-back cells 6), wherever it stands and whatever it says, is when
    the task is due: the units are read without it."""
    assert split_time_limit(cell) == (rest, limit)
    assert [m.name for m in read_cell(cell)] == [m.name for m in read_cell(rest)]


def test_a_label_after_white_space_begins_a_part_whatever_stands_before() -> None:
    """分管省领导:林克庆 部门分工:… (held-back cells 6): a person's name before the space is no unit, yet
    the label after it still begins the units' part."""
    assert [
        (m.name, m.role.value) for m in read_cell("分管省领导:林克庆 部门分工:省商务厅牵头,各地、各部门配合。")
    ] == [
        ("省商务厅", "lead"),
        ("各地", "all_county"),
        ("有关部门（单位）", "all_county"),
    ]


def test_a_placeholder_body_after_et_cetera_closes_a_list() -> None:
    """…中国科协等部门单位参与 (held-back cells 6): 等 before any placeholder body (部门单位, 部门和单位)."""
    assert [m.name for m in read_cell("国家卫生健康委牵头，农业农村部、中国科协等部门单位参与")] == [
        "国家卫生健康委",
        "农业农村部",
        "中国科协",
        "有关部门（单位）",
    ]


def test_a_label_naming_a_post_is_not_read() -> None:
    """责任秘书长：桂迎宝 (连云港, held-back round 19) names a person by the post, as 责任领导： does: it
    and its value are not read, and the 责任单位 after it is."""
    assert [(m.name, m.role.value) for m in read_cell("责任秘书长：桂迎宝，责任单位：市经信委、市发改委")] == [
        ("市经信委", "responsible"),
        ("市发改委", "responsible"),
    ]


def test_a_name_after_a_county_short_name_takes_no_carried_level_word() -> None:
    """东丽公安分局 (held-back round 19) is named by its district, as 祁连山…管理局 by its mountain: the
    区 of the name before it is not carried down. 公安局, whose first word is no place, still takes it."""
    assert [m.name for m in read_cell("区人口计生委、东丽公安分局牵头")] == ["区人口计生委", "东丽公安分局"]
    assert [m.name for m in read_cell("市中级人民法院、人民检察院、公安局")] == [
        "市中级人民法院",
        "市人民检察院",
        "市公安局",
    ]
    # 莲都 comes out of jieba in pieces (莲|都), still a place (丽水's 莲都区, held-back cells 8)
    assert [m.name for m in read_cell("区交通局、莲都邮政管理局")] == ["区交通局", "莲都邮政管理局"]


def test_a_lookalike_word_counts_only_where_it_is_the_names_first_word() -> None:
    """市政务服务中心 (康定, held-back round 31) begins with 市 and 政务, not with 市政: it has its level
    word and takes none more; 市政工程管理处, whose first word is 市政工程, has none and takes one."""
    assert [m.name for m in read_cell("市司法局、市政务服务中心")] == ["市司法局", "市政务服务中心"]
    assert [m.name for m in read_cell("区住建局、市政工程管理处")] == ["区住建局", "区市政工程管理处"]


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("市发改委 市财政局 开发区管委会", ["市发改委", "市财政局", "开发区管委会"]),
        ("牵头单位:市商务局  责任单位:市编办、市发改委", ["市商务局", "市编办", "市发改委"]),
        ("中共达州市委 宣传部", ["中共达州市委宣传部"]),
        ("区发改局　区财政局", ["区发改局", "区财政局"]),
        ("淮南高新区 市科技局", ["淮南高新区", "市科技局"]),
    ],
)
def test_white_space_between_two_names_separates_them(cell: str, names: list[str]) -> None:
    """开封's 市发改委 五县五区政府 开发区管委会 and 西宁's 牵头单位:市商务局  责任单位:… (survey of real
    pages, round 20): white space between a name that begins with a level word or a place and a next
    name or label cuts as a line break does; a stray space inside one name (中共达州市委 宣传部) does not.
    Before, the three names were read silently as one."""
    assert [m.name for m in read_cell(cell)] == names


def test_a_name_that_ends_as_a_remainder_after_unknown_words_goes_to_review() -> None:
    """全市经济运行工作专班各部门 (铁岭, held-back round 21): it ends as 各部门, an unnamed remainder,
    after words no placeholder qualifier names; it is no unit and no placeholder. 全区经济运行各专班,
    whose class 专班 is no placeholder's body, is a group."""
    with pytest.raises(CellError) as caught:
        read_cell("市发展改革委；全市经济运行工作专班各部门")
    assert caught.value.code is Code.UNKNOWN_WORDS
    assert kind_of("全区经济运行各专班") is UnitKind.GROUP
    assert kind_of("相关管委会") is UnitKind.GROUP


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("区城管大队及任圩街道、三堤口街道", ["区城管大队", "任圩街道", "三堤口街道"]),
        ("区环卫所（垃圾分类管理办）及渠沟镇", ["区环卫所（垃圾分类管理办）", "渠沟镇"]),
        ("区城管大队法制办及街道城管中队", ["区城管大队法制办", "街道城管中队"]),
    ],
)
def test_a_conjunction_between_a_body_and_a_town_or_the_towns_bodies(cell: str, names: list[str]) -> None:
    """相山区's cells (held-back round 22): 及 separates a body from a street or town named alone, also
    after a body with its other name in brackets; 街道城管中队, named after the streets, takes no 区."""
    assert [m.name for m in read_cell(cell)] == names


def test_a_known_commission_after_a_place_is_a_department() -> None:
    """市沙澧河建管委 (漯河, held-back round 22): 建管委 is a commission's short name (建设管理委员会)
    after the river area's name, as 区建管委 and 市市场监管委 are: the character before 管委 ends no
    zone's name; 高新区管委 and 产业园管委 are zones' committees."""
    for name in ("市沙澧河建管委", "区建管委", "市市场监管委"):
        assert kind_of(name) is UnitKind.DEPARTMENT, name
    for name in ("高新区管委", "产业园管委"):
        assert kind_of(name) is UnitKind.ZONE_COMMITTEE, name


def test_a_common_noun_jieba_tags_as_a_place_names_no_place() -> None:
    """区住建局、城市管理执法局 (凤翔, held-back round 23): jieba tags 城市 as a place name, but it is a
    common noun (normalizers/data/not_places.tsv), so the 区 carries on; 祁连山 is a place."""
    assert [m.name for m in read_cell("区自然资源局、城市管理执法局")] == ["区自然资源局", "区城市管理执法局"]
    assert [m.name for m in read_cell("省发展改革委、海洋与渔业厅")] == ["省发展改革委", "省海洋与渔业厅"]
    assert [m.name for m in read_cell("省林业厅、祁连山国家级自然保护区管理局")] == [
        "省林业厅",
        "祁连山国家级自然保护区管理局",
    ]
