"""Topics and keywords of tasks: what each task is about, from the words of its text.

`task_terms` gives every task its keywords (TF-IDF over the tasks given, jieba tokens, stop words
left out) and one topic of a small taxonomy kept as data (`derived/data/topics.tsv`, whose comments
say what each topic means). The topic rule is general: word evidence per domain, a combined topic
where all its domains are evidenced, a fallback where none is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from derived.terms import segmenter, tfidf
from normalizers import lexicon
from pipeline.records import NormalizedDocument, Task

# How much trigger weight makes a domain evidenced: one word that names the service (weight 1), or
# hints that add up to as much (护理 and 失能, 0.5 each).
MIN_EVIDENCE = 1.0

# Keywords kept per task: enough to say what a task is about, few enough to read in a table cell.
MAX_KEYWORDS = 8

# Decimals kept in a keyword's weight: the ranking is what matters, and rounded figures compare equal
# across platforms.
WEIGHT_DECIMALS = 4


@dataclass(frozen=True)
class Topic:
    """A topic of the taxonomy: a domain (with triggers), a combination of domains, or the fallback."""

    topic: str
    label: str
    combines: tuple[str, ...]
    triggers: tuple[tuple[str, float], ...]  # (word, weight)

    @property
    def is_fallback(self) -> bool:
        """Whether this is the topic of a task that evidences no domain."""
        return not self.combines and not self.triggers


@dataclass(frozen=True)
class TaskTerms:
    """What one task is about: its topic, the trigger words that gave it, and its keywords."""

    task_id: str
    topic: str
    evidence: tuple[str, ...]  # the trigger words found in the text, sorted
    keywords: tuple[tuple[str, float], ...]  # (term, TF-IDF weight), heaviest first


@cache
def taxonomy() -> tuple[Topic, ...]:
    """The topics of `derived/data/topics.tsv`, in file order (the order breaks ties)."""
    topics = tuple(
        Topic(row["topic"], row["label"], tuple(row["combines"].split()), _triggers(row["triggers"]))
        for row in lexicon.table("topics", "derived")
    )
    names = {t.topic for t in topics}
    for t in topics:
        if unknown := [c for c in t.combines if c not in names]:
            raise ValueError(f"derived/data/topics.tsv: {t.topic} combines unknown topics {unknown}")
    if sum(t.is_fallback for t in topics) != 1:
        raise ValueError("derived/data/topics.tsv: exactly one topic must have neither combines nor triggers")
    return topics


def _triggers(cell: str) -> tuple[tuple[str, float], ...]:
    pairs = []
    for item in cell.split():
        word, _, weight = item.partition(":")
        pairs.append((word, float(weight) if weight else 1.0))
    return tuple(pairs)


def evidence(words: Iterable[str]) -> dict[str, float]:
    """The trigger weight per domain topic that a text's words give (each distinct word counts once;
    a combined topic's triggers count for each domain it combines)."""
    found = set(words)
    totals: dict[str, float] = {}
    for t in taxonomy():
        weight = sum(w for word, w in t.triggers if word in found)
        for domain in t.combines or (t.topic,):
            totals[domain] = totals.get(domain, 0.0) + weight
    return {domain: w for domain, w in totals.items() if w > 0}


def topic_of(words: Iterable[str]) -> str:
    """The topic a text's words give (see `derived/data/topics.tsv`)."""
    topics = taxonomy()
    weights = evidence(words)
    evidenced = {domain for domain, w in weights.items() if w >= MIN_EVIDENCE}
    if not evidenced:
        return next(t.topic for t in topics if t.is_fallback)
    if len(evidenced) == 1:
        return next(iter(evidenced))
    # The combined topic covering the most evidenced domains, then the earliest in the file.
    combined = [t for t in topics if t.combines and evidenced.issuperset(t.combines)]
    if combined:
        return max(combined, key=lambda t: (len(t.combines), -topics.index(t))).topic
    order = [t.topic for t in topics]
    return max(evidenced, key=lambda d: (weights[d], -order.index(d)))


def trigger_words(words: Iterable[str]) -> tuple[str, ...]:
    """The words of a text that are triggers of some topic, sorted."""
    return tuple(sorted(_trigger_set().intersection(words)))


@cache
def _trigger_set() -> frozenset[str]:
    return frozenset(word for t in taxonomy() for word, _ in t.triggers)


def task_terms(tasks: Sequence[Task], units_by_task: Mapping[str, Iterable[str]]) -> tuple[TaskTerms, ...]:
    """Topic, evidence and keywords of each task, in the order given.

    The corpus for TF-IDF is `tasks` itself; the segmenter is taught the unit names of
    `units_by_task` (task_id → unit names; `unit_names` reads them off a document), so that a unit
    named in a task's text is one term.
    """
    cutter = segmenter(frozenset(name for names in units_by_task.values() for name in names))
    weights = tfidf([cutter.terms(task.task_text) for task in tasks])
    out = []
    for row, task in enumerate(tasks):
        words = cutter.search_terms(task.task_text)
        ranked = weights.heaviest(row, MAX_KEYWORDS)
        keywords = tuple((term, round(weight, WEIGHT_DECIMALS)) for term, weight in ranked)
        out.append(TaskTerms(task.task_id, topic_of(words), trigger_words(words), keywords))
    return tuple(out)


def unit_names(documents: Iterable[NormalizedDocument]) -> dict[str, tuple[str, ...]]:
    """task_id → the names of its units (canonical, full and as written), from the assignments."""
    names: dict[str, set[str]] = {}
    for document in documents:
        for a in document.assignments:
            names.setdefault(a.task_id, set()).update((a.unit.unit_name, a.unit.full_name, a.unit_as_written))
    return {task_id: tuple(sorted(n)) for task_id, n in names.items()}
