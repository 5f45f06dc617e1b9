"""Links from the tasks of an annual list to the key tasks they carry out, within one document.

A document such as the reference holds the key tasks (附件1, 重点任务分工表) and a list of the year's
tasks (附件2, 2022年任务清单), each of which carries out one of the key tasks. Which table is which
is told from the tables' titles (`list_kind`, words in `derived/data/list_kinds.tsv`); every annual
task is then matched to its most similar key task by the words of the two texts (jieba tokens,
TF-IDF cosine) and by the units the two responsibility cells name (unit_id, TF-IDF cosine), never by
position. An annual task whose best match is not similar enough gets no link.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

import numpy as np

from derived.terms import segmenter, tfidf
from derived.topics import unit_names
from normalizers import lexicon
from pipeline.records import NormalizedDocument, TableInfo, Task

# How the two similarities add up. The text says what is done, the responsibility cell who does it:
# an annual list copies the cell of the key task it carries out, but many key tasks share one cell
# (the same three bureaus and the same counties), so the cell separates less than the words do and
# weighs less. The figure was set with the reference's hand-read links in view, so it is fitted to
# one document: 0.52 to 0.62 give all 18; 0.5 sends 2022's task 4 to key task 9 (whose cell it
# copies) and 0.7 sends its task 5 to key task 2 (which shares 婴幼儿照护).
TEXT_WEIGHT = 0.6
UNITS_WEIGHT = 1.0 - TEXT_WEIGHT

# A link needs shared words: two tasks of the same units but no distinctive word in common are two
# tasks of the same bureaus, not one carrying out the other. On the reference, 95% of the pairs of an
# annual task and a key task it does not carry out stay below 0.10 (51 of 918 reach it), and every
# pair it does carry out reaches 0.11.
MIN_TEXT_SIMILARITY = 0.10

# And enough similarity in all: as much as a text cosine of 0.5 with no unit in common. Words alone
# must be that close; weaker words need shared units beside them.
MIN_SCORE = 0.30

# Decimals kept in a score: enough to rank, and rounded figures compare equal across platforms.
SCORE_DECIMALS = 4

# A single year (2022年, 2022年度), not one end of a period (2021—2025年, 2021年至2025年).
_RANGE_MARKS = re.escape("—–-－~～至到")
_SINGLE_YEAR = re.compile(rf"(?<![\d{_RANGE_MARKS}])(?:19|20)\d\d年(?!\s*[{_RANGE_MARKS}])")
_SINGLE_YEAR_RANK = 1


class ListKind(StrEnum):
    """What a task table is, for links: the year's list, or the key tasks it carries out."""

    ANNUAL = "annual"
    KEY = "key"


@dataclass(frozen=True)
class Link:
    """An annual task and the key task it carries out."""

    doc_id: str
    from_task_id: str
    from_table_no: int
    from_seq: int
    to_task_id: str
    to_table_no: int
    to_seq: int
    score: float


@dataclass(frozen=True)
class Candidate:
    """How similar an annual task is to one key task: by words, by units, and both together."""

    from_task: Task
    to_task: Task
    text: float
    units: float
    score: float


@cache
def _kind_words() -> tuple[tuple[str, ListKind, int], ...]:
    return tuple((r["word"], ListKind(r["kind"]), int(r["rank"])) for r in lexicon.table("list_kinds", "derived"))


def _kind_of_words(text: str) -> ListKind | None:
    found = [(rank, kind) for word, kind, rank in _kind_words() if word in text]
    if _SINGLE_YEAR.search(text):
        found.append((_SINGLE_YEAR_RANK, ListKind.ANNUAL))
    if not found:
        return None
    best = min(rank for rank, _ in found)
    kinds = {kind for rank, kind in found if rank == best}
    return kinds.pop() if len(kinds) == 1 else None


def list_kind(table: TableInfo) -> ListKind | None:
    """Whether a table is an annual list or the key tasks, from its title (else its header), or None
    when its words do not tell (see `derived/data/list_kinds.tsv`)."""
    return _kind_of_words(table.title or "") or _kind_of_words("".join(table.header))


@dataclass(frozen=True)
class _Similarities:
    """Every annual task against every key task of a document: a row per annual task."""

    annual: tuple[Task, ...]
    key: tuple[Task, ...]
    text: np.ndarray
    units: np.ndarray

    @property
    def scores(self) -> np.ndarray:
        return TEXT_WEIGHT * self.text + UNITS_WEIGHT * self.units


def _similarities(document: NormalizedDocument, names: Mapping[str, tuple[str, ...]] | None) -> _Similarities | None:
    kinds = {t.table_no: list_kind(t) for t in document.tables}
    annual = tuple(t for t in document.tasks if kinds.get(t.table_no) is ListKind.ANNUAL)
    key = tuple(t for t in document.tasks if kinds.get(t.table_no) is ListKind.KEY)
    if not annual or not key:
        return None
    tasks = [*annual, *key]
    names = unit_names([document]) if names is None else names
    cutter = segmenter(frozenset(name for of_task in names.values() for name in of_task))
    split = len(annual)
    annual_rows, key_rows = slice(None, split), slice(split, None)
    text = tfidf([cutter.search_terms(t.task_text) for t in tasks]).cosines(annual_rows, key_rows)
    units = tfidf(_unit_bags(document, tasks)).cosines(annual_rows, key_rows)
    return _Similarities(annual, key, text, units)


def candidates(
    document: NormalizedDocument, names: Mapping[str, tuple[str, ...]] | None = None
) -> tuple[Candidate, ...]:
    """Every (annual task, key task) pair of the document with its similarities; none unless the
    document has both an annual list and a table of key tasks. `names` are the document's
    `unit_names`, when the caller has them already."""
    found = _similarities(document, names)
    if found is None:
        return ()
    return tuple(
        Candidate(a, k, t, u, s)
        for a, text_row, units_row, score_row in zip(
            found.annual, found.text.tolist(), found.units.tolist(), found.scores.tolist(), strict=True
        )
        for k, t, u, s in zip(found.key, text_row, units_row, score_row, strict=True)
    )


def _unit_bags(document: NormalizedDocument, tasks: Sequence[Task]) -> list[list[str]]:
    ids: dict[str, set[str]] = {}
    for a in document.assignments:
        ids.setdefault(a.task_id, set()).add(a.unit.unit_id)
    return [sorted(ids.get(t.task_id, ())) for t in tasks]


def is_similar_enough(candidate: Candidate) -> bool:
    """Whether a best match is close enough to be a link (MIN_TEXT_SIMILARITY, MIN_SCORE)."""
    return candidate.text >= MIN_TEXT_SIMILARITY and candidate.score >= MIN_SCORE


def links(document: NormalizedDocument, names: Mapping[str, tuple[str, ...]] | None = None) -> tuple[Link, ...]:
    """Each annual task's link to the key task it carries out: its best match, if similar enough.

    At most one link per annual task; a key task may be carried out by several. Of equal scores the
    key task listed first wins, so that the result never depends on anything but the document.
    """
    found = _similarities(document, names)
    if found is None:
        return ()
    scores = found.scores
    out = []
    for row, column in enumerate(np.argmax(scores, axis=1).tolist()):  # argmax: the first of equals
        a, k = found.annual[row], found.key[column]
        best = Candidate(
            a, k, float(found.text[row, column]), float(found.units[row, column]), float(scores[row, column])
        )
        if is_similar_enough(best):
            out.append(
                Link(
                    document.source.doc_id,
                    a.task_id,
                    a.table_no,
                    a.seq,
                    k.task_id,
                    k.table_no,
                    k.seq,
                    round(best.score, SCORE_DECIMALS),
                )
            )
    return tuple(sorted(out, key=lambda link: (link.from_table_no, link.from_seq)))
