"""The issuing jurisdiction, told from the document's own words with the gazetteer.

Evidence is counted over the titles, free text and cells: a division's full name (达州市) counts
two, its short name (达州, as in 达州高新区管委会) one, and each mention of one of its
county-level divisions (宣汉县) one (see `candidates` for the words that do not count).
The tier comes from how relative unit names begin: 市民政局 → a prefecture, 省发展改革委 → a
province, 县民政局 → a county.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from normalizers import collectives, gazetteer
from normalizers.collectives import Reach
from normalizers.gazetteer import Level
from normalizers.units import TIER_BY_PREFIX, kind_of, split_scope
from pipeline.records import Division, UnitKind

# A runner-up with at least this share of the leader's evidence makes the choice ambiguous.
AMBIGUOUS_SHARE = 0.5


@dataclass(frozen=True)
class Candidate:
    """A division the document may belong to, with its weight of evidence."""

    division: Division
    score: int


def tier_of(unit_names: Iterable[str], collective_names: Iterable[str] = ()) -> Level:
    """The tier most relative department names point to; a province where 各市（州） is to be listed.

    Governments do not vote: a city's document names 省政府 as readily as 市政府.
    """
    departments = [n for n in unit_names if kind_of(n) is not UnitKind.LOCAL_GOVERNMENT]
    votes = Counter(TIER_BY_PREFIX[p] for p in (split_scope(n)[0] for n in departments) if p)
    if any(collectives.collective(name) is Reach.PREFECTURES for name in collective_names):
        return Level.PROVINCE
    return votes.most_common(1)[0][0] if votes else Level.PREFECTURE


def candidates(texts: Iterable[str], tier: Level) -> tuple[Candidate, ...]:
    """Divisions of `tier` that the text names, strongest evidence first.

    Place names are also ordinary words (振兴 of 振兴区 in 乡村振兴; 西区, 城区, 郊区 are county
    names). So: county names of one character plus the tier word never count; and when some
    division of the tier is named in full, only divisions named in full are candidates.
    """
    text = "\n".join(texts)
    full: Counter[str] = Counter()
    other: Counter[str] = Counter()  # short names, and mentions of the division's counties
    for division in gazetteer.divisions():
        mentions = text.count(division.name)
        if gazetteer.of_tier(division, tier):
            full[division.adcode] += 2 * mentions
            name = gazetteer.short_name(division)
            other[division.adcode] += text.count(name) - mentions if name != division.name else 0
        elif gazetteer.level(division) == Level.COUNTY and mentions and tier != Level.COUNTY:
            up = gazetteer.enclosing(division, tier)
            if up is not None and len(division.name) > 2:
                other[up.adcode] += mentions
    named = {code for code, score in full.items() if score > 0}
    scores = Counter({code: full[code] + other[code] for code in (named or set(other))})
    ranked = sorted(((code, score) for code, score in scores.items() if score > 0), key=lambda cs: (-cs[1], cs[0]))
    return tuple(Candidate(_get(code), score) for code, score in ranked)


def choose(found: tuple[Candidate, ...]) -> Division | None:
    """The clear leader among the candidates, or None when there is none or it is too close to call."""
    if not found:
        return None
    if len(found) > 1 and found[1].score >= AMBIGUOUS_SHARE * found[0].score:
        return None
    return found[0].division


def _get(adcode: str) -> Division:
    division = gazetteer.get(adcode)
    assert division is not None  # codes come from the gazetteer itself
    return division
