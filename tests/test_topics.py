"""Topics and keywords of tasks (derived/topics.py, derived/terms.py).

`golden/reference_topics.tsv` was written by reading each of the reference's 70 tasks before the
module existed; the module must agree with every row.
"""

from __future__ import annotations

import csv
import dataclasses
import math

import jieba
import pytest

from derived import terms
from derived.terms import Segmenter, tfidf
from derived.topics import MAX_KEYWORDS, evidence, task_terms, taxonomy, topic_of, unit_names
from pipeline.records import NormalizedDocument, Task
from tests.helpers import GOLDEN


def _golden(name: str) -> list[dict[str, str]]:
    """Rows of a golden TSV whose leading `#` lines say how it was made."""
    with open(GOLDEN / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t"))


def _task(seq: int, text: str) -> Task:
    return Task(f"d:1:{seq}", "d", 1, seq, str(seq), None, (), text, "", None)


@pytest.fixture(scope="module")
def reference_terms(reference: NormalizedDocument) -> dict[tuple[int, int], str]:
    by_id = {t.task_id: (t.table_no, t.seq) for t in reference.tasks}
    return {by_id[r.task_id]: r.topic for r in task_terms(reference.tasks, unit_names([reference]))}


# ---- the reference ---------------------------------------------------------------------------------


def test_reference_topics_match_golden(reference_terms: dict[tuple[int, int], str]) -> None:
    """Every one of the 70 tasks gets the topic decided by reading it."""
    rows = _golden("reference_topics.tsv")
    assert len(rows) == 70
    wrong = [
        (r["table_no"], r["seq"], r["topic"], reference_terms[int(r["table_no"]), int(r["seq"])])
        for r in rows
        if reference_terms[int(r["table_no"]), int(r["seq"])] != r["topic"]
    ]
    assert wrong == []


def test_reference_keywords(reference: NormalizedDocument) -> None:
    """Keywords are terms of the task, heaviest first, at most MAX_KEYWORDS, never a stop word."""
    results = task_terms(reference.tasks, unit_names([reference]))
    assert [r.task_id for r in results] == [t.task_id for t in reference.tasks]
    for task, r in zip(reference.tasks, results, strict=True):
        assert 0 < len(r.keywords) <= MAX_KEYWORDS
        weights = [w for _, w in r.keywords]
        assert weights == sorted(weights, reverse=True)
        assert all(term in task.task_text and term not in terms.stop_words() for term, _ in r.keywords)
    by_seq = {(t.table_no, t.seq): r for t, r in zip(reference.tasks, results, strict=True)}
    assert by_seq[1, 7].keywords[0][0] == "托育点"  # 家庭托育点 twice, in no other task but 24
    assert by_seq[1, 51].keywords == (("示范", 0.7071), ("试点", 0.7071))  # 开展试点示范: 开展 is a stop word


# ---- the taxonomy rule ---------------------------------------------------------------------------


def test_taxonomy_is_elderly_childcare_both_general() -> None:
    """The data defines the reference's four topics; both combines the two domains."""
    topics = {t.topic: t for t in taxonomy()}
    assert list(topics) == ["elderly", "childcare", "both", "general"]
    assert topics["both"].combines == ("elderly", "childcare")
    assert topics["general"].is_fallback
    assert ("护理", 0.5) in topics["elderly"].triggers


@pytest.mark.parametrize(
    ("words", "topic"),
    [
        (["养老", "机构"], "elderly"),
        (["托育", "机构"], "childcare"),
        (["养老", "托育"], "both"),  # 养老托育 is segmented into its two services
        (["一老一小"], "both"),  # a combined topic's own trigger evidences each domain
        (["老年人", "婴幼儿"], "both"),
        (["投资", "试点"], "general"),  # no domain evidenced
        ([], "general"),
        (["护理"], "general"),  # a hint alone is not evidence
        (["护理", "护理"], "general"),  # a word counts once however often written
        (["护理", "失能"], "elderly"),  # two hints make evidence
        (["托育", "护理"], "childcare"),  # a hint of the other domain does not make both
    ],
)
def test_topic_from_word_evidence(words: list[str], topic: str) -> None:
    """A domain needs trigger weight MIN_EVIDENCE; both needs both domains; general neither."""
    assert topic_of(words) == topic


def test_evidence_per_domain() -> None:
    """Evidence is summed per domain, each distinct trigger once."""
    assert evidence(["养老", "养老", "护理", "一老一小", "会议"]) == {"elderly": 2.5, "childcare": 1.0}


def test_topic_from_text_segmentation() -> None:
    """Compounds show their parts (普惠托育 → 托育; 养老护理员 → 养老) and 老旧小区 is no old person."""
    results = task_terms(
        [
            _task(1, "鼓励开展普惠托育机构运营补贴。"),
            _task(2, "推进城镇老旧小区改造和既有住宅电梯增设。"),
            _task(3, "制定养老护理员特殊岗位补贴制度。"),
            _task(4, "加快推进老年人居家适老化改造。"),
        ],
        {},
    )
    assert [r.topic for r in results] == ["childcare", "general", "elderly", "elderly"]
    assert results[3].evidence == ("老年", "老年人", "适老化")


# ---- keywords: TF-IDF over the tasks given --------------------------------------------------------


def test_tfidf_weighs_rare_terms_above_common_ones() -> None:
    """A term in every text weighs less than one in a single text; vectors have unit length."""
    weights = tfidf([["养老", "床位"], ["养老", "托位"], ["养老", "资金"]])
    first = weights.vector(0)
    assert first.keys() == {"养老", "床位"}
    assert first["床位"] > first["养老"] > 0
    assert sum(w * w for w in first.values()) == pytest.approx(1.0)
    assert tfidf([[]]).vector(0) == {}
    assert tfidf([["养老"], []]).vector(1) == {}


def test_tfidf_is_the_formula_it_states() -> None:
    """tf = 1 + ln count, idf = ln((1 + n) / (1 + df)) + 1, each vector scaled to unit length."""
    weights = tfidf([["养老", "养老", "床位"], ["养老"]])
    raw = {"养老": (1 + math.log(2)) * (math.log(3 / 3) + 1), "床位": 1 * (math.log(3 / 2) + 1)}
    norm = math.sqrt(sum(w * w for w in raw.values()))
    assert weights.vector(0) == pytest.approx({t: w / norm for t, w in raw.items()})
    assert weights.heaviest(0, 1) == [("养老", pytest.approx(raw["养老"] / norm))]  # repeated, so heavier


def test_keywords_leave_out_stop_words_numbers_and_single_characters() -> None:
    """推进, 加强 and the like are stop words (data); 2022, 55% and 的 are no terms."""
    (result,) = task_terms([_task(1, "自2022年起推进加强养老服务，不低于55%的资金用于村。")], {})
    kept = [term for term, _ in result.keywords]
    assert kept == ["养老", "资金"]


def test_unit_names_are_taught_to_the_segmenter() -> None:
    """A unit of the document named in a task's text is one term."""
    task = _task(1, "由市民政局统筹养老服务。")
    untaught = [term for term, _ in task_terms([task], {})[0].keywords]
    taught = [term for term, _ in task_terms([task], {task.task_id: ["市民政局"]})[0].keywords]
    assert "市民政局" not in untaught
    assert "市民政局" in taught


def test_segmenter_leaves_jieba_global_dictionary_alone() -> None:
    """Words taught here never reach jieba's global tokenizer (the unit reader's), and a segmenter
    depends only on its own words, not on what was taught before."""
    before = jieba.lcut("达州市新建老年养护院适老化托位")
    fresh = Segmenter().words("探索农村养老服务中心建设")
    Segmenter(["农村养老服务中心"]).words("探索农村养老服务中心建设")
    assert "农村养老服务中心" in Segmenter(["农村养老服务中心"]).words("探索农村养老服务中心建设")
    assert Segmenter().words("探索农村养老服务中心建设") == fresh
    assert jieba.lcut("达州市新建老年养护院适老化托位") == before


# ---- stability --------------------------------------------------------------------------------------


def test_same_input_same_output(reference: NormalizedDocument) -> None:
    """Twice the same, and a task's result does not depend on the order the tasks come in."""
    units = unit_names([reference])
    first = task_terms(reference.tasks, units)
    assert task_terms(reference.tasks, units) == first
    reversed_ = task_terms(tuple(reversed(reference.tasks)), units)
    assert {r.task_id: r for r in reversed_} == {r.task_id: r for r in first}


def test_frozen_records() -> None:
    """Results are frozen records."""
    (result,) = task_terms([_task(1, "托育服务。")], {})
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.topic = "elderly"  # type: ignore[misc]


def test_segmenter_cuts_as_jiebas_python_tokenizer(reference: NormalizedDocument) -> None:
    """The segmenter runs jieba-rs for speed; taught the same words, jieba's own Python tokenizer cuts
    the reference's task texts the same way. Not every one: where two cuts score all but equally
    (低效|用地 or 低|效用|地), the two libraries' floating point may choose apart; over the whole
    corpus's 3,783 task texts they agree on 3,777. So at most one in fifty of the reference's 70 may
    differ, and only in where it cuts the same characters."""
    python_jieba = jieba.Tokenizer()
    for word in terms.base_words():
        python_jieba.add_word(word, terms.TAUGHT_FREQ)
    segmenter = Segmenter()
    differing = []
    for task in reference.tasks:
        ours, theirs = segmenter.words(task.task_text), tuple(python_jieba.cut(task.task_text))
        if ours != theirs:
            assert "".join(ours) == "".join(theirs) == task.task_text
            differing.append(task.task_text)
    assert len(differing) <= len(reference.tasks) // 50, differing
