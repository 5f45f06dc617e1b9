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

from normalizers import collectives, gazetteer, words
from normalizers.collectives import Tier
from normalizers.gazetteer import Level
from normalizers.units import kind_of
from pipeline.records import Division, UnitKind

# A runner-up with at least this share of the leader's evidence makes the choice ambiguous.
AMBIGUOUS_SHARE = 0.5


@dataclass(frozen=True)
class Candidate:
    """A division the document may belong to, with its weight of evidence."""

    division: Division
    score: int


# The tier each level word names: 市民政局 → a prefecture, 省发展改革委 → a province, 县民政局 → a county.
TIER_BY_LEVEL_WORD: dict[str, Level] = {
    "省": Level.PROVINCE,
    "自治区": Level.PROVINCE,
    "市": Level.PREFECTURE,
    "州": Level.PREFECTURE,
    "盟": Level.PREFECTURE,
    "县": Level.COUNTY,
    "区": Level.COUNTY,
    "旗": Level.COUNTY,
}


def tier_of(unit_names: Iterable[str], collective_names: Iterable[str] = ()) -> Level:
    """The tier most relative department names point to; a province where prefectures are to be
    listed (各市（州）), a county where towns are (各乡镇（街道）).

    Governments do not vote: a city's document names 省政府 as readily as 市政府.
    """
    departments = [n for n in unit_names if kind_of(n) is not UnitKind.LOCAL_GOVERNMENT]
    votes = Counter(TIER_BY_LEVEL_WORD[w.word] for w in map(words.level_word, departments) if w is not None)
    found = [c for c in map(collectives.collective, collective_names) if c is not None]
    if any(group.tier is Tier.PREFECTURE and not group.county_types for c in found for group in c.groups):
        return Level.PROVINCE
    if any(group.tier is Tier.TOWN for c in found for group in c.groups) and not votes:
        return Level.COUNTY
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
    # Two divisions of one name (朝阳区 of 北京市 and of 长春市): the one whose parents the text
    # names more is the candidate; the other's evidence was only the name they share.
    parents = {code: sum(_mentions(text, up) for up in _ancestors(_get(code))) for code in scores}
    for code in list(scores):
        namesakes = [c for c in scores if _get(c).name == _get(code).name]
        if parents[code] < max(parents[c] for c in namesakes):
            del scores[code]
    ranked = sorted(((code, score) for code, score in scores.items() if score > 0), key=lambda cs: (-cs[1], cs[0]))
    return tuple(Candidate(_get(code), score) for code, score in ranked)


def _ancestors(division: Division) -> list[Division]:
    found: list[Division] = []
    up = gazetteer.parent(division)
    while up is not None:
        found.append(up)
        up = gazetteer.parent(up)
    return found


def _mentions(text: str, division: Division) -> int:
    short = gazetteer.short_name(division)
    return text.count(division.name) + (text.count(short) - text.count(division.name) if short != division.name else 0)


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
