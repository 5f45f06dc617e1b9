"""The word tables of quantitative targets, read once: measure words (`target_units.tsv`),
comparator, link and change words (`comparators.tsv`), per words (`per.tsv`) and words jieba splits
(`measure_words.tsv`), in `derived/data/`.
Each table's comment says what its words mean; `derived.targets` holds the rules that use them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from normalizers import lexicon

_PACKAGE = "derived"
_NO_COMPARATOR = "none"
_BASELINE = "baseline"


class Comparator(StrEnum):
    """How a target's value binds: `targets.comparator` (None where the text says none)."""

    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    EXACTLY = "exactly"
    ABOUT = "about"


class Place(StrEnum):
    """Where a comparator word stands: before the number, between it and its unit, after the unit."""

    BEFORE = "before"
    INNER = "inner"
    AFTER = "after"


class UnitKind(StrEnum):
    """What a measure word measures, as far as the rules care (target_units.tsv says more)."""

    COUNT = "count"
    NOUN = "noun"
    MONEY = "money"
    PERCENT = "percent"
    POINTS = "points"
    AREA = "area"
    LENGTH = "length"
    MASS = "mass"
    POWER = "power"
    ENERGY = "energy"
    VOLUME = "volume"
    TIME = "time"
    AGE = "age"


@dataclass(frozen=True)
class UnitWord:
    """A measure word: as written, as `targets.unit` holds it, its kind, and the characters that
    make it part of a longer word when they follow it."""

    word: str
    unit: str
    kind: UnitKind
    guard: str


@dataclass(frozen=True)
class Binding:
    """A comparator, link or change word."""

    word: str
    place: Place
    comparator: Comparator | None  # None: a link or change word, which says no bound
    adjacent: bool  # binds only the number right after it (达到), not the first in its clause (至少)
    keep: bool  # a change word, which stays at the end of the measure (增长)
    baseline: bool = False  # 从/由: the number after it is where a change starts, not a target


@dataclass(frozen=True)
class PerWord:
    """A per word and its scope: the sentence (各县…) or the clause (每年)."""

    word: str
    per: str
    sentence: bool


PERCENT_WORD = "%"  # the measure word of 百分之八十


@cache
def unit_words() -> dict[str, UnitWord]:
    """Measure words by the word as written."""
    rows = lexicon.table("target_units", _PACKAGE)
    return {r["word"]: UnitWord(r["word"], r["unit"], UnitKind(r["kind"]), r["guard"]) for r in rows}


@cache
def bindings() -> dict[str, Binding]:
    """Comparator, link and change words by word."""
    result = {}
    for r in lexicon.table("comparators", _PACKAGE):
        said = r["comparator"]
        comparator = None if said in (_NO_COMPARATOR, _BASELINE) else Comparator(said)
        adjacent, keep = r["reach"] == "adjacent", r["measure"] == "keep"
        result[r["word"]] = Binding(r["word"], Place(r["place"]), comparator, adjacent, keep, said == _BASELINE)
    return result


@cache
def per_words() -> dict[str, PerWord]:
    """Per words by word."""
    return {r["word"]: PerWord(r["word"], r["per"], r["scope"] == "sentence") for r in lexicon.table("per", _PACKAGE)}


@cache
def before_words() -> tuple[dict[str, Binding | PerWord], tuple[int, ...]]:
    """The words that may stand between a number and its measure (comparator, link, change and per
    words), and their lengths, longest first."""
    words: dict[str, Binding | PerWord] = {b.word: b for b in bindings().values() if b.place is Place.BEFORE}
    words.update(per_words())
    return words, tuple(sorted({len(w) for w in words}, reverse=True))


@cache
def measure_words() -> dict[str, str]:
    """Words jieba splits that a measure reads as one (占比), with their tag."""
    return {r["word"]: r["tag"] for r in lexicon.table("measure_words", _PACKAGE)}


def _alternation(words: list[str]) -> re.Pattern[str]:
    """A pattern matching any of `words`, longest first (nothing, where there are none)."""
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!)")


@cache
def unit_pattern() -> re.Pattern[str]:
    """Any measure word."""
    return _alternation(list(unit_words()))


@cache
def place_pattern(place: Place) -> re.Pattern[str]:
    """Any comparator word of one place."""
    return _alternation([b.word for b in bindings().values() if b.place is place])


@cache
def clause_pattern() -> re.Pattern[str]:
    """Any word that binds the first number after it in its clause (至少, 不少于, 力争)."""
    return _alternation([b.word for b in bindings().values() if b.place is Place.BEFORE and not b.adjacent])


@cache
def per_pattern() -> re.Pattern[str]:
    """Any per word."""
    return _alternation(list(per_words()))
