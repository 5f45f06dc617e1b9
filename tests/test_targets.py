"""Quantitative targets (derived/targets.py): the reference's targets against a gold list read by
hand, one test per rule, and properties that hold on any string.

`golden/reference_targets.tsv` was written by reading every task text of the reference input; the
extractor must give exactly its rows.
"""

from __future__ import annotations

import csv

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from derived.target_words import Place, bindings, per_words
from derived.targets import Comparator, Reading, targets_in, targets_of
from pipeline.records import NormalizedDocument, Task
from tests.helpers import GOLDEN


def _golden(name: str) -> list[dict[str, str]]:
    """Rows of a golden TSV whose leading `#` lines say how it was made."""
    with open(GOLDEN / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t"))


def _one(text: str) -> Reading:
    found = targets_in(text)
    assert len(found) == 1, f"{text}: {found}"
    return found[0]


# ---- the reference -------------------------------------------------------------------------------


def test_reference_targets_match_gold(reference: NormalizedDocument) -> None:
    """Every quantitative commitment of the reference, and nothing else, as read by hand."""
    got = [
        (
            t.table_no,
            t.seq,
            t.position,
            t.value,
            t.unit,
            t.comparator.value if t.comparator else "",
            t.measure or "",
            ",".join(t.per),
            t.span,
        )
        for task in reference.tasks
        for t in targets_of(task)
    ]
    expected = [
        (
            int(r["table_no"]),
            int(r["seq"]),
            int(r["position"]),
            float(r["value"]),
            r["unit"],
            r["comparator"],
            r["measure"],
            r["per"],
            r["span"],
        )
        for r in _golden("reference_targets.tsv")
    ]
    assert got == expected


def test_targets_carry_their_task(reference: NormalizedDocument) -> None:
    """Each target names its task, and its span is where `start` says in the task's text."""
    task = next(t for t in reference.tasks if (t.table_no, t.seq) == (2, 4))
    found = targets_of(task)
    assert [t.position for t in found] == list(range(1, 8))
    for target in found:
        assert (target.task_id, target.doc_id, target.table_no, target.seq) == (
            task.task_id,
            task.doc_id,
            2,
            4,
        )
        assert task.task_text[target.start : target.start + len(target.span)] == target.span


# ---- numbers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("新增床位900张", 900, "张"),
        ("新增床位两万张", 20_000, "张"),
        ("培训一千人次", 1000, "人次"),
        ("建设三十五所学校", 35, "所"),
        ("至少建成十个中心", 10, "个"),
        ("建成一百零五个网点", 105, "个"),
        ("新增就业两万五千人", 25_000, "人"),
        ("安排资金2,000万元", 2000, "万元"),  # a currency word keeps its 万
        ("安排资金两千万元", 2000, "万元"),
        ("安排资金1.5亿元", 1.5, "亿元"),
        ("新增床位1.2万张", 12_000, "张"),  # before any other word 万 multiplies
        ("新开工改造3000万平方米", 30_000_000, "平方米"),
        ("新增装机200万千瓦", 2_000_000, "千瓦"),
        ("培训20万人次", 200_000, "人次"),
        ("新增托位１，０００个", 1000, "个"),  # full-width digits and comma
        ("覆盖率达到９５％", 95, "%"),
        ("用地不少于0.1平方米", 0.1, "平方米"),
        ("覆盖率达到百分之八十", 80, "%"),
        ("提高2个百分点", 2, "百分点"),
        ("每千人口不少于10个托位", 10, "托位"),
        ("审批时间压缩至3个工作日以内", 3, "工作日"),
    ],
)
def test_numbers_and_units(text: str, value: float, unit: str) -> None:
    """Arabic and Chinese numerals, 万/亿 multipliers, currency words, full-width forms."""
    target = _one(text)
    assert (target.value, target.unit) == (value, unit)


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("建设3-5个示范点", 3, 5, "个"),
        ("建设3～5个示范点", 3, 5, "个"),
        ("建设3至5个示范点", 3, 5, "个"),
        ("覆盖率达到80%-90%", 80, 90, "%"),
        ("培训1-2万人次", 10_000, 20_000, "人次"),
    ],
)
def test_ranges(text: str, low: float, high: float, unit: str) -> None:
    """A range gives its low end as `value` and its high end as `value_max`."""
    target = _one(text)
    assert (target.value, target.value_max, target.unit) == (low, high, unit)


def test_a_list_of_percentages_shares_its_comparators() -> None:
    """达到80%、95%以上: the words before and after the list bind each of its numbers."""
    found = targets_in("城市社区和农村社区覆盖率分别达到80%、95%以上")
    assert [(t.value, t.unit, t.comparator) for t in found] == [
        (80, "%", Comparator.AT_LEAST),
        (95, "%", Comparator.AT_LEAST),
    ]
    assert [t.span for t in found] == ["分别达到80%", "95%以上"]


def test_a_respectively_list_pairs_measures_with_numbers() -> None:
    """A率、B率分别达到…: the i-th measure goes with the i-th number."""
    found = targets_in("城市社区覆盖率、农村社区覆盖率分别达到80%、60%以上")
    assert [(t.measure, t.value) for t in found] == [("城市社区覆盖率", 80), ("农村社区覆盖率", 60)]


# ---- comparators -----------------------------------------------------------------------------------


def _expected(word: str) -> Comparator | None:
    return bindings()[word].comparator


@pytest.mark.parametrize("word", sorted(w for w, b in bindings().items() if b.place is Place.BEFORE and not b.baseline))
def test_each_word_before_a_number(word: str) -> None:
    """Every word of comparators.tsv that stands before a number gives its comparator (a link or
    change word gives none)."""
    assert _one(f"覆盖率{word}80%").comparator == _expected(word)


@pytest.mark.parametrize("word", sorted(w for w, b in bindings().items() if b.baseline))
def test_each_baseline_word(word: str) -> None:
    """从/由: the number after it is where a change starts; the target is where it ends."""
    target = _one(f"覆盖率{word}60%提高到80%")
    assert (target.value, target.comparator, target.measure) == (80, Comparator.AT_LEAST, "覆盖率")


@pytest.mark.parametrize("word", sorted(w for w, b in bindings().items() if b.place is Place.INNER))
def test_each_word_inside_a_quantity(word: str) -> None:
    """余 and 多, between a number and its unit (1000余人)."""
    target = _one(f"培训养老护理员1000{word}人")
    assert (target.value, target.comparator) == (1000, _expected(word))


@pytest.mark.parametrize("word", sorted(w for w, b in bindings().items() if b.place is Place.AFTER))
def test_each_word_after_a_unit(word: str) -> None:
    """以上, 以内, 左右, … after the unit."""
    target = _one(f"新增床位100张{word}")
    assert (target.comparator, target.span) == (_expected(word), f"新增床位100张{word}")


@pytest.mark.parametrize(
    ("text", "comparator"),
    [
        ("各县（市、区）至少建成1个婴幼儿照护服务机构", Comparator.AT_LEAST),  # 至少 reaches over 建成
        ("力争新增床位500张", Comparator.AT_LEAST),
        ("彩票公益金不低于55%用于养老服务发展", Comparator.AT_LEAST),
        ("不超过3个工作日", Comparator.AT_MOST),
        ("控制在5%以内", Comparator.AT_MOST),
        ("达标率为100%", Comparator.EXACTLY),
        ("新增床位约500张", Comparator.ABOUT),
        ("增长6%左右", Comparator.ABOUT),
        ("达到95%以上", Comparator.AT_LEAST),
        ("实现100%的街道", None),
        ("新增床位900张", None),
        ("达州市新增床位900张", None),  # 达 of a name binds nothing
    ],
)
def test_comparators_in_context(text: str, comparator: Comparator | None) -> None:
    """A comparator word binds its number; with none, the comparator is None."""
    assert _one(text).comparator == comparator


# ---- per -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("word", sorted(per_words()))
def test_each_per_word(word: str) -> None:
    """Every word of per.tsv says what a target after it counts per."""
    target = _one(f"{word}至少建成10个中心")
    assert target.per == (per_words()[word].per,)


@pytest.mark.parametrize(
    ("text", "pers"),
    [
        (
            "各县（市、区）要按照养老发展资金每年至少2000万元、托育发展资金每年至少1000万元的标准",
            [("county", "year"), ("county", "year")],
        ),
        ("每千人口不少于10个托位、老城区不少于8个托位", [("thousand_people",)] * 2),  # a rate holds a 、-list
        ("每年新增床位100张，建成养老院2所", [("year",), ()]),  # … not the next clause
        ("各县（市、区）新增床位100张，建成养老院2所", [("county",)] * 2),  # a body's word holds the sentence
        ("各县（市、区）新增床位100张；建成养老院2所", [("county",), ()]),  # … and no further
        ("全年新增床位100张", [()]),  # this year's total, not a rate
        ("每个乡镇至少建设1个中心，每个村建设1个服务点", [("township",), ("village",)]),  # the nearest body
        ("各级财政按照每张床位1万元的标准给予补贴", [("bed",)]),
    ],
)
def test_per_scopes(text: str, pers: list[tuple[str, ...]]) -> None:
    """Per words of bodies hold to the sentence's end, rates to the clause's end."""
    assert [t.per for t in targets_in(text)] == pers


# ---- measures --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        ("新增床位900张", "新增床位"),
        ("新建城区、新建居住区配套社区养老服务设施达标率达到80%", "新建居住区配套社区养老服务设施达标率"),
        ("社会福利事业的彩票公益金不低于55%", "彩票公益金"),
        ("按照人均用地不少于0.1平方米的标准", "用地"),
        ("工程机械产业集群营业收入增长10%以上", "工程机械产业集群营业收入增长"),
        ("建成1000平方米的托育实训基地", "托育实训基地"),
        ("各县（市、区）至少建成1个婴幼儿照护服务机构", "婴幼儿照护服务机构"),
        ("建成2个具有带动效应、承担一定指导功能的示范性婴幼儿照护服务机构", "示范性婴幼儿照护服务机构"),
        ("自2022年起将不低于55%的资金用于支持发展养老服务", "资金"),
        ("福彩公益金的55%以上用于支持发展养老服务", "福彩公益金"),  # a share of what stands before 的
        ("新改建“四好农村路”100公里", "新改建“四好农村路”"),
        ("全市养老机构护理型床位占比达到55%以上", "全市养老机构护理型床位占比"),  # 占比, one word
        ("全市养老机构数量从120家增加到150家", "全市养老机构数量"),  # before the baseline
        ("每个村建设1个互助养老服务点", "互助养老服务点"),
        ("在5个县（市、区）开展试点", "县"),  # no bracket left open
        ("每千人口不少于10个托位", None),  # the measure word is what is counted
        ("实现100%", None),
    ],
)
def test_measures(text: str, measure: str | None) -> None:
    """The noun phrase before the number (or after it, where only verbs come before)."""
    assert _one(text).measure == measure


# ---- not targets -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2025年底前完成",  # years
        "自2022年起实施",
        "6月底前建成",  # months and dates
        "3月15日前报送",
        "制定全市“十四五”养老服务发展规划",  # plan names
        "总结十三五规划实施情况",
        "结合“一老一小”人口分布",  # quoted names
        "力争实现“最多跑一次”",
        "打造“15分钟就业服务圈”",
        "落实《养老机构管理办法》第十二条",
        "第一，一是（一）1.推进",  # ordinals and articles
        "借助第三方力量",
        "招收2至3岁的幼儿",  # ages
        "为65岁及以上老年人免费开展健康体检",
        "联系电话0818-2345678，手机13812345678",  # phone numbers
        "按照达市府〔2022〕5号文件执行",  # document numbers
        "构建居家社区15分钟养老服务圈",  # durations nothing binds
        "3个月内完成整改",
        "推进生活垃圾分类和物业管理两个条例落实",  # list counts in names
        "落实残疾人两项补贴",
        "推进“一件事一次办”，推行一次性告知",
        "建立一户一档",
        "推进5G网络和千兆光网建设",  # letters and bare 千/万
        "培育万亿级产业集群",
        "深化“千村示范、万村整治”工程",
        "认定一批示范性普惠养老机构",
        "发展县乡村三级物流配送体系",
        "新引进亿元以上制造业项目",
        "养老机构数量从120家",  # a baseline
        "",
    ],
)
def test_not_targets(text: str) -> None:
    """Years, dates, plans, names, ordinals, ages, telephone and document numbers, durations and
    list counts are no commitments."""
    assert targets_in(text) == ()


# ---- properties ------------------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        *"0123456789０１２３４５６７８９一二两三十百千万亿零〇.,，、；。（）“”-～至%％",
        *("个", "张", "所", "万元", "岁", "分钟", "个月", "托位", "人次", "平方米", "年", "月", "第", "号"),
        *(w for w in bindings()),
        *(w for w in per_words()),
        *("新增床位", "达标率", "的", "和", "各县（市、区）", "〔2022〕5号", "十四五", "5G", "分别"),
    ]
)
_TEXTS = st.one_of(st.text(max_size=60), st.lists(_PIECES, max_size=25).map("".join))


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_any_text_reads_without_error(text: str) -> None:
    """On any string: no exception, every span is the text where `start` says, positions run 1..n,
    a measure is words of the text."""
    found = targets_in(text)
    assert [t.position for t in found] == list(range(1, len(found) + 1))
    for target in found:
        assert target.span and text[target.start : target.start + len(target.span)] == target.span
        assert target.measure is None or target.measure in text
        assert target.per == tuple(dict.fromkeys(target.per))


def test_targets_of_a_task_without_numbers() -> None:
    """A task with no number has no targets."""
    task = Task(
        task_id="d:1:1",
        doc_id="d",
        table_no=1,
        seq=1,
        label="1",
        section=None,
        section_path=(),
        task_text="深化医养有机结合。",
        units_text="市卫生健康委",
        deadline=None,
    )
    assert targets_of(task) == ()
