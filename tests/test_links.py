"""Links from an annual list's tasks to the key tasks they carry out (derived/links.py).

`golden/reference_links.tsv` was written by reading both lists of the reference before the module
existed; the module must give exactly those 18 links.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Sequence

import pytest

from derived.links import (
    MIN_SCORE,
    MIN_TEXT_SIMILARITY,
    TEXT_WEIGHT,
    UNITS_WEIGHT,
    Candidate,
    ListKind,
    candidates,
    is_similar_enough,
    links,
    list_kind,
)
from derived.terms import Segmenter
from pipeline.records import NormalizedDocument, TableInfo, Task
from tests.helpers import GOLDEN, normalize_bytes


def _golden(name: str) -> list[dict[str, str]]:
    """Rows of a golden TSV whose leading `#` lines say how it was made."""
    with open(GOLDEN / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t"))


def _table(label: str, title: str, column: str, rows: Sequence[tuple[str, str]]) -> str:
    """One task table in the published text layout: 附件N, title, header, a block per row."""
    lines = [label, "", title, "\t序号", f"\t{column}", "\t责任单位", ""]
    for seq, (text, units) in enumerate(rows, start=1):
        lines += [f"\t{seq}", f"\t{text}", f"\t{units}", ""]
    return "\n".join(lines)


def _document(*tables: str) -> NormalizedDocument:
    return normalize_bytes("\n\n".join(tables).encode("utf-8"), "links.txt")


KEY_TITLE = "达州市促进养老托育服务健康发展重点任务分工表"
ANNUAL_TITLE = "达州市促进养老托育服务健康发展2022年任务清单"
KEY_ROWS = [
    ("建立家庭托育点登记备案制度，研究出台家庭托育点管理办法。", "市卫生健康委牵头，市民政局参加。"),
    ("完善老年人助餐服务体系，加强农村老年餐桌建设。", "市民政局牵头，市财政局参加。"),
]


# ---- the reference ---------------------------------------------------------------------------------


def test_reference_links_match_golden(reference: NormalizedDocument) -> None:
    """Each of the 18 tasks of 附件2 is linked to the task of 附件1 decided by reading both lists."""
    expected = [(int(r["from_seq"]), int(r["to_seq"])) for r in _golden("reference_links.tsv")]
    got = links(reference)
    assert [(link.from_seq, link.to_seq) for link in got] == expected
    assert len(expected) == 18
    assert {(link.from_table_no, link.to_table_no) for link in got} == {(2, 1)}
    by_id = {t.task_id: t for t in reference.tasks}
    for link in got:
        assert link.doc_id == reference.source.doc_id
        assert (by_id[link.from_task_id].seq, by_id[link.to_task_id].seq) == (link.from_seq, link.to_seq)
        assert MIN_SCORE <= link.score <= 1.0


def test_reference_tables_told_by_their_titles(reference: NormalizedDocument) -> None:
    """附件1 (…重点任务分工表) holds the key tasks, 附件2 (…2022年任务清单) the annual list."""
    assert [list_kind(t) for t in reference.tables] == [ListKind.KEY, ListKind.ANNUAL]


def test_reference_right_links_share_words(reference: NormalizedDocument) -> None:
    """Every link of the reference clears the text threshold on its own words, not on units alone."""
    expected = {(int(r["from_seq"]), int(r["to_seq"])) for r in _golden("reference_links.tsv")}
    right = [c for c in candidates(reference) if (c.from_task.seq, c.to_task.seq) in expected]
    assert len(right) == 18
    assert min(c.text for c in right) >= MIN_TEXT_SIMILARITY


# ---- which table is which ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "header_column", "kind"),
    [
        ("促进养老托育服务健康发展重点任务分工表", "重点任务", ListKind.KEY),
        ("达州市促进养老托育服务健康发展2022年任务清单", "2022年任务清单", ListKind.ANNUAL),
        ("2023年度重点工作任务清单", "工作任务", ListKind.ANNUAL),
        ("2022年重点任务分工表", "重点任务", ListKind.ANNUAL),  # a single year ranks first
        ("“十四五”时期2021—2025年重点任务分工表", "重点任务", ListKind.KEY),  # a period is no year
        ("2021年至2025年重点任务分工表", "重点任务", ListKind.KEY),
        ("重点任务清单", "重点任务", ListKind.KEY),  # 重点任务 ranks before 任务清单
        ("工作任务清单", "工作任务", ListKind.ANNUAL),
        ("实施方案", "工作任务", None),  # nothing tells
        (None, "2022年任务清单", ListKind.ANNUAL),  # no title: the header tells
    ],
)
def test_list_kind_from_title(title: str | None, header_column: str, kind: ListKind | None) -> None:
    """A year or 年度 makes an annual list; 分工表/重点任务 the key tasks; 任务清单 alone annual."""
    table = TableInfo("d", 1, "附件1", title, ("序号", header_column, "责任单位"), 1)
    assert list_kind(table) is kind


def test_one_table_document_has_no_links() -> None:
    """A document with only key tasks (or only a list) links nothing."""
    assert links(_document(_table("附件1", KEY_TITLE, "重点任务", KEY_ROWS))) == ()
    assert links(_document(_table("附件1", ANNUAL_TITLE, "2022年任务清单", KEY_ROWS))) == ()


def test_two_tables_of_one_kind_have_no_links() -> None:
    """Two tables of key tasks, or two whose kind cannot be told, link nothing."""
    key = _table("附件1", KEY_TITLE, "重点任务", KEY_ROWS)
    assert links(_document(key, _table("附件2", "养老服务重点任务分工表", "重点任务", KEY_ROWS))) == ()
    assert links(_document(_table("附件1", "达州市实施方案", "工作任务", KEY_ROWS), key)) == ()


# ---- the threshold and the best match --------------------------------------------------------------


def test_unrelated_annual_task_gets_no_link() -> None:
    """Same units but no word in common is not similar enough; the related task is linked."""
    annual = [
        ("研究出台家庭托育点管理办法。", "市卫生健康委牵头，市民政局参加。"),
        ("举办全市职工篮球比赛。", "市民政局牵头，市财政局参加。"),
    ]
    document = _document(
        _table("附件1", KEY_TITLE, "重点任务", KEY_ROWS),
        _table("附件2", ANNUAL_TITLE, "2022年任务清单", annual),
    )
    [link] = links(document)
    assert (link.from_table_no, link.from_seq, link.to_table_no, link.to_seq) == (2, 1, 1, 1)
    unrelated = [c for c in candidates(document) if c.from_task.seq == 2 and c.to_task.seq == 2]
    assert unrelated[0].units == pytest.approx(1.0)
    assert unrelated[0].text < MIN_TEXT_SIMILARITY


def _candidate(text: float, units: float) -> Candidate:
    task = Task("d:1:1", "d", 1, 1, "1", None, (), "", "", None)
    return Candidate(task, task, text, units, TEXT_WEIGHT * text + UNITS_WEIGHT * units)


@pytest.mark.parametrize(
    ("text", "units", "similar"),
    [
        (0.5, 0.8, True),
        (MIN_TEXT_SIMILARITY, 1.0, True),
        (MIN_TEXT_SIMILARITY - 0.01, 1.0, False),  # units alone never link
        (0.3, 0.0, False),  # some words in common, nobody in common: below MIN_SCORE
        (0.6, 0.0, True),  # the same words by other units: still a link
    ],
)
def test_threshold(text: float, units: float, similar: bool) -> None:
    """A link needs MIN_TEXT_SIMILARITY of words and MIN_SCORE in all."""
    assert is_similar_enough(_candidate(text, units)) is similar


def test_one_link_per_annual_task_at_most(reference: NormalizedDocument) -> None:
    """Each annual task links once, to its best-scoring key task; a key task may take several."""
    got = links(reference)
    assert max(Counter(link.from_task_id for link in got).values()) == 1
    best: dict[str, float] = {}
    for c in candidates(reference):
        best[c.from_task.task_id] = max(best.get(c.from_task.task_id, 0.0), c.score)
    assert all(link.score == round(best[link.from_task_id], 4) for link in got)
    assert Counter(link.to_seq for link in got)[2] == 2  # 2022's tasks 2 and 11 both carry out task 2


def test_links_do_not_come_from_position(reference: NormalizedDocument) -> None:
    """With 附件1's rows in reverse order (renumbered), every annual task links to the same text."""
    key = [t for t in reference.tasks if t.table_no == 1]
    annual = [t for t in reference.tasks if t.table_no == 2]
    title = {t.table_no: t.title or "" for t in reference.tables}
    reordered = _document(
        _table("附件1", title[1], "重点任务", [(t.task_text, t.units_text) for t in reversed(key)]),
        _table("附件2", title[2], "2022年任务清单", [(t.task_text, t.units_text) for t in annual]),
    )

    def texts(document: NormalizedDocument) -> list[tuple[str, str]]:
        by_id = {t.task_id: t.task_text for t in document.tasks}
        return [(by_id[link.from_task_id], by_id[link.to_task_id]) for link in links(document)]

    assert texts(reordered) == texts(reference)
    assert [link.to_seq for link in links(reordered)][:2] == [52, 51]  # 1 → 1 and 2 → 2, renumbered


def test_same_input_same_output(reference: NormalizedDocument) -> None:
    """The same document gives the same links, whatever was segmented in between."""
    first = links(reference)
    Segmenter(["家庭托育点", "达州市民政局"]).terms("研究出台家庭托育点管理办法")
    assert links(reference) == first
