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
from functools import cache

import regex

from normalizers import collectives, gazetteer, words
from normalizers.collectives import Tier
from normalizers.gazetteer import Level
from normalizers.units import kind_of
from pipeline.records import Division, UnitKind

# A runner-up with at least this share of the leader's evidence makes the choice ambiguous.
AMBIGUOUS_SHARE = 0.5

# Division names this short (one character and the tier word: 城区, 渠县) may be ordinary words.
MAX_WORD_LIKE_CHARS = 2


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


def tier_of(unit_names: Iterable[str], collective_names: Iterable[str] = ()) -> Level | None:
    """The tier most relative department names point to; a province where prefectures are to be
    listed (各市（州）), a county where towns are (各乡镇（街道）); None when nothing tells (a
    bureau's table of its own sections: 文化宣传股, 旅游股).

    Governments do not vote: a city's document names 省政府 as readily as 市政府.
    """
    departments = [n for n in unit_names if kind_of(n) is not UnitKind.LOCAL_GOVERNMENT]
    votes = Counter(TIER_BY_LEVEL_WORD[w.word] for w in map(words.level_word, departments) if w is not None)
    # A body written with its division's full name (成安县信访局) votes for that division's tier too.
    votes.update(tier for tier in map(_tier_of_full_name, departments) if tier is not None)
    found = [c for c in map(collectives.collective, collective_names) if c is not None]
    if any(group.tier is Tier.PREFECTURE and not group.county_types for c in found for group in c.groups):
        return Level.PROVINCE
    if any(group.tier is Tier.TOWN for c in found for group in c.groups) and not votes:
        return Level.COUNTY
    return votes.most_common(1)[0][0] if votes else None


def _tier_of_full_name(name: str) -> Level | None:
    leading = gazetteer.leading_division(name)
    divisions = gazetteer.named(leading[0]) if leading else ()
    return gazetteer.level(divisions[0]) if len(divisions) == 1 else None


def candidates(texts: Iterable[str], tier: Level | None, *, shi: bool = True) -> tuple[Candidate, ...]:
    """Divisions of `tier` that the text names, strongest evidence first (for a prefecture whose
    relative names begin with 市 (`shi`), a county-level city named more strongly than any: its 市…
    bodies are its own; 州… bodies are an autonomous prefecture's, never a city's). With no tier
    told, a prefecture's where the text names one in full, else a county's (略阳县 in its title,
    not the prefecture around it).

    Place names are also ordinary words (振兴 of 振兴区 in 乡村振兴; 城区, 郊区 and 矿区 are county
    names). So: a name of one character plus the tier word that jieba's dictionary holds as an
    ordinary word (城区, also inside 老城区) is no mention, and short names of counties are not looked for; and when
    some division of the tier is named in full, only divisions named in full are candidates.
    """
    text = "\n".join(texts)
    counted = _occurrences(text)  # one pass over the text, not one count per division
    if tier is None:
        named = any(gazetteer.of_tier(d, Level.PREFECTURE) for name in counted for d in gazetteer.named(name))
        tier = Level.PREFECTURE if named else Level.COUNTY
    found = _ranked(text, counted, tier)
    if tier is Level.PREFECTURE and shi:
        # 市 is the level word of county-level cities too (二连浩特市's 市商务局 is its own): a county-level
        # city named more strongly than any prefecture-level division is the document's.
        counties = _ranked(text, counted, Level.COUNTY)
        cities = tuple(c for c in counties if c.division.type == gazetteer.COUNTY_CITY)
        if cities and (not found or cities[0].score > found[0].score):
            return cities
    return found


# A government's paper names its issuer at its head or foot, on a line of its own: the title
# 新密市人民政府办公室关于…的通知, or the signature 宁波市镇海区人民政府办公室.
_ISSUER = regex.compile(r"^(?P<place>\p{Han}{2,24}?)(?:人民政府|政府)(?:办公室|办公厅)?(?:关于|$)")


def issuer(texts: Iterable[str], tier: Level | None, *, shi: bool = True) -> Division | None:
    """The division whose government issued the document, where its title or signature names one,
    every such line names the same, and it fits the tier the relative names tell (a county-level
    city where they begin with 市). Its own words outweigh a count of mentions: 新密市's notice names
    郑州市 more often, in the reports it carries out."""
    found: set[Division] = set()
    for text in texts:
        match = _ISSUER.match("".join(text.split("\n", 1)[0].split()))
        division = _division_called(match["place"]) if match else None
        if division is not None and _fits(division, tier, shi=shi):
            found.add(division)
    return found.pop() if len(found) == 1 else None


def _division_called(place: str) -> Division | None:
    """The one division a place is written as: its name (新密市), or its name after its parents'
    (宁波市镇海区); None for a name several divisions share with no parent to tell them apart."""
    named = gazetteer.named(place)
    if len(named) == 1:
        return named[0]
    for cut in range(2, len(place) - 1):
        up = _division_called(place[:cut])
        below = [d for d in gazetteer.named(place[cut:]) if up is not None and up in _ancestors(d)]
        if len(below) == 1:
            return below[0]
    return None


def _fits(division: Division, tier: Level | None, *, shi: bool) -> bool:
    if tier is None or gazetteer.of_tier(division, tier):
        return True
    return tier is Level.PREFECTURE and shi and division.type == gazetteer.COUNTY_CITY


def _ranked(text: str, counted: Counter[str], tier: Level) -> tuple[Candidate, ...]:
    """Divisions of `tier` by their evidence in `text`, whose name occurrences are `counted`."""
    full: Counter[str] = Counter()
    other: Counter[str] = Counter()  # short names, and mentions of the division's counties
    for name in counted:
        for division in gazetteer.named(name):
            mentions = counted[division.name]
            if gazetteer.of_tier(division, tier):
                full[division.adcode] += 2 * mentions
                short = gazetteer.short_name(division)
                # (a short name not looked for, a county's, counts 0, never less)
                other[division.adcode] += max(counted.get(short, 0) - mentions, 0) if short != division.name else 0
            elif gazetteer.level(division) == Level.COUNTY and tier != Level.COUNTY:
                up = gazetteer.enclosing(division, tier)
                if up is not None and len(division.name) > 2:
                    other[up.adcode] += mentions
        for division in _by_short_name(tier).get(name, ()):
            if division.name not in counted:  # named only by its short name (达州 of 达州高新区)
                other[division.adcode] += counted[name]
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


def _occurrences(text: str) -> Counter[str]:
    """How often each division name and short name occurs in the text; a division's name is not
    counted where it stands inside another division's longer name (泗县 inside 嵊泗县). Only names
    whose first two characters stand together somewhere in the text are looked for at all."""
    pairs = {text[i : i + 2] for i in range(len(text) - 1)}
    found: Counter[str] = Counter()
    for pair in pairs:
        for name in _names_by_first_pair().get(pair, ()):
            count = text.count(name)
            if count:
                found[name] = count
    for name in [n for n in found if len(n) <= MAX_WORD_LIKE_CHARS and words.is_ordinary_word(n)]:
        del found[name]
    full = [name for name in found if gazetteer.named(name)]
    inside = {
        name: sum(found[longer] * longer.count(name) for longer in full if name in longer and longer != name)
        for name in full
    }
    return Counter({name: count - inside.get(name, 0) for name, count in found.items() if count > inside.get(name, 0)})


@cache
def _names_by_first_pair() -> dict[str, tuple[str, ...]]:
    names = {d.name for d in gazetteer.divisions()} | {gazetteer.short_name(d) for d in gazetteer.divisions()}
    index: dict[str, list[str]] = {}
    for name in names:
        index.setdefault(name[:2], []).append(name)
    return {pair: tuple(found) for pair, found in index.items()}


@cache
def _by_short_name(tier: Level) -> dict[str, tuple[Division, ...]]:
    index: dict[str, list[Division]] = {}
    for division in gazetteer.divisions():
        if gazetteer.of_tier(division, tier):
            short = gazetteer.short_name(division)
            if short != division.name:
                index.setdefault(short, []).append(division)
    return {short: tuple(found) for short, found in index.items()}


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
