"""Collectives: 各 followed by tier words names every local government of those tiers.

The grammar, with its words as data (`collectives.tsv`, `governments.tsv`):

    collective := 各 part (、 part)*            -- a later part names another kind of authority
    part       := group (、 group)* government?  -- 各县、区人民政府; 各市、县（市、区）
    group      := tier tier* (（ tier (、 tier)* ）)? tier*   -- 县（市、区）, 区（市）县, 县市区, 盟市
                | companion                                -- only before towns: 各开发区、镇（街道）
    (a companion also stands in a town group's parentheses, 各乡镇（场）, or right after its words, 各乡镇场)
    government := 人民政府 | 政府 | 行政公署 | 办事处 | 管委会, maybe with a (…) alternative, or
                  another kind's word alone after 、 (各乡（镇）人民政府、办事处)

and 地方各级人民政府 / 各级(人民)政府, which name the next tier down. A collective is only read where
it ends at a boundary (a separator, a role word, 等, a conjunction or the cell's end): 各县（市、区）教育局
is a group of bureaus, not a collective of governments. What a collective names depends on the
document's jurisdiction (`listing`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache

import regex

from normalizers import gazetteer, lexicon
from normalizers.gazetteer import Level
from normalizers.roles import CONJUNCTIONS, ET_CETERA, TOGETHER_WITH, starts_with_verb
from pipeline.records import Division

EACH = "各"
COMPANION = "companion"
_OPEN, _CLOSE = "（", "）"
_INNER_SEPARATORS = "、，"
_BOUNDARY_CHARACTERS = "、，；。"
NEXT_TIER = regex.compile(r"(?:地方)?各级(?:人民)?政府")


class Tier(StrEnum):
    """How a group of tier words reads."""

    COUNTY = "county"  # 县（市、区）: county-level divisions
    PREFECTURE = "prefecture"  # 市（州）: prefecture-level divisions
    TOWN = "town"  # 乡镇（街道）: towns, townships and streets, not in the gazetteer


@dataclass(frozen=True)
class Group:
    """One group of tier words and the gazetteer types it names.

    A lone 市 (各县、市; 各市、县（市、区）) names prefecture-level cities where the jurisdiction has them
    (a province) and county-level cities where it does not (a prefecture): `county_types`.
    """

    tier: Tier
    types: frozenset[str]
    county_types: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Collective:
    """A collective as read: its groups, or the next tier down (地方各级人民政府); `some` when it names
    only the ones concerned (各相关乡镇政府, 各有关县（市、区）): no list of divisions can say which;
    `unlisted` the government word of an alternative in parentheses whose bodies the gazetteer does
    not list (各县（市、区）人民政府（管委会）: the zones' committees besides the governments)."""

    groups: tuple[Group, ...]
    next_tier: bool = False
    some: bool = False
    unlisted: str | None = None  # an alternative the gazetteer does not list: （管委会）


class Listing(StrEnum):
    """What a collective is in a jurisdiction: expanded, one group row, or not listable there."""

    EXPANDED = "expanded"
    GROUP = "group"
    CANNOT = "cannot"


@cache
def _tier_words() -> dict[str, tuple[frozenset[str], frozenset[str], bool]]:
    """tier word → (types as a county word, types as a prefecture word, is a town word)."""

    def types(value: str) -> frozenset[str]:
        return frozenset() if value == "-" else frozenset(value.split(","))

    return {
        row["word"]: (types(row["county_types"]), types(row["prefecture_types"]), row["town"] == "yes")
        for row in lexicon.table("collectives")
        if row["town"] != COMPANION
    }


@cache
def town_words() -> frozenset[str]:
    """The town tier words (乡镇, 街道, 街办, …): a body named after them is each town's."""
    return frozenset(word for word, (_, _, town) in _tier_words().items() if town)


@cache
def _companions() -> tuple[str, ...]:
    """Words that stand only beside town words (各乡镇（园区）, 各乡镇场, 各开发区、镇（街道）)."""
    rows = [row["word"] for row in lexicon.table("collectives") if row["town"] == COMPANION]
    return tuple(sorted(rows, key=len, reverse=True))


def _companion_at(text: str, i: int) -> str | None:
    """The companion word starting at i, the longest first (农场 before 场)."""
    return next((w for w in _companions() if text.startswith(w, i)), None)


@cache
def _ordered_tier_words() -> tuple[str, ...]:
    return tuple(sorted(_tier_words(), key=len, reverse=True))


@cache
def _governments() -> tuple[tuple[str, str], ...]:
    rows = [(row["word"], row["authority"]) for row in lexicon.table("governments")]
    return tuple(sorted(rows, key=lambda row: -len(row[0])))


def _tier_at(text: str, i: int) -> str | None:
    return next((w for w in _ordered_tier_words() if text.startswith(w, i)), None)


def _government_at(text: str, i: int) -> tuple[str, int] | None:
    """(authority, end) of a government word at i, with an optional （…） alternative after it."""
    for word, authority in _governments():
        if text.startswith(word, i):
            end = i + len(word)
            if text.startswith(_OPEN, end):
                # An alternative in parentheses: （行政公署）, （乡政府）.
                close = text.find(_CLOSE, end)
                inner = text[end + 1 : close] if close > 0 else ""
                tier = _tier_at(inner, 0) or ""
                if inner and any(inner[len(tier) :] == w for w, _ in _governments()):
                    end = close + 1
            return authority, end
    return None


def _group_at(text: str, i: int) -> tuple[list[str], int] | None:
    """The tier words of one group starting at i, and where it ends."""
    words: list[str] = []
    j = i
    while True:
        word = _tier_at(text, j)
        if word is not None:
            words.append(word)
            j += len(word)
            continue
        companion = _companion_at(text, j) if words else None
        if companion is not None and _is_towns(words):
            j += len(companion)  # 各乡镇场: the farms a county counts with its towns, written on after them
            continue
        if words and text.startswith(_OPEN, j):
            inner = _parenthesised_tiers(text, j, _is_towns(words))
            if inner is not None:
                words.extend(inner[0])
                j = inner[1]
                continue
        break
    return (words, j) if words else None


def _parenthesised_tiers(text: str, i: int, towns: bool) -> tuple[list[str], int] | None:
    close = text.find(_CLOSE, i)
    if close < 0:
        return None
    words: list[str] = []
    companions = 0
    j = i + 1
    while j < close:
        word = _tier_at(text, j)
        if word is None and towns:
            companion = _companion_at(text, j)
            if companion is not None:
                companions += 1
                j += len(companion)
                if j < close and text[j] in _INNER_SEPARATORS:
                    j += 1
                continue
        if word is None:
            return None
        words.append(word)
        j += len(word)
        if j < close and text[j] in _INNER_SEPARATORS:
            j += 1
    return (words, close + 1) if words or companions else None


def _parts(text: str, i: int, authority: str | None) -> list[tuple[int, list[list[str]]]]:
    """Every way a collective can go on from i: (end, groups read so far), shortest first."""
    found: list[tuple[int, list[list[str]]]] = []
    group = _group_at(text, i)
    if group is None:
        return _companion_parts(text, i, authority)
    words, j = group
    found.append((j, [words]))
    if text.startswith("、", j):
        found.extend((end, [words, *rest]) for end, rest in _parts(text, j + 1, authority))
    government = _government_at(text, j)
    towns = _is_towns(words)
    if government is not None:
        kind, end = government
        found.append((end, [words]))
        bare = _government_at(text, end + 1) if text.startswith("、", end) else None
        if bare is not None and bare[0] != kind:
            found.append((bare[1], [words]))  # 各乡（镇）人民政府、办事处: the other authority of the same tiers
        if text.startswith("、", end):
            # A further part names another kind of authority (各盟行政公署、市人民政府), or more towns
            # (各街道办事处、地区办事处): never a city's own 市政府 after 各县（市、区）人民政府.
            for later_end, rest in _parts(text, end + 1, "town" if towns else kind):
                found.append((later_end, [words, *rest]))
    elif authority is not None:
        return []  # a further part without its own government word would be read twice
    if authority == "town":
        found = found if towns else []
    elif authority is not None:
        found = [(end, groups) for end, groups in found if _authority_before(text, end) not in (None, authority)]
    return found


def _companion_parts(text: str, i: int, authority: str | None) -> list[tuple[int, list[list[str]]]]:
    """A zone or farm word as a part of its own before towns (各开发区、镇（街道）; 各园区、乡镇): a
    companion counts with the towns beside it, in parentheses or before them."""
    companion = _companion_at(text, i)
    if companion is None or not text.startswith("、", i + len(companion)):
        return []
    later = _parts(text, i + len(companion) + 1, authority)
    return [(end, [[], *rest]) for end, rest in later if all(_is_towns(words) for words in rest)]


def _is_towns(words: list[str]) -> bool:
    return all(_tier_words()[w][2] for w in words)


def _authority_before(text: str, end: int) -> str | None:
    for word, kind in _governments():
        if text.endswith(word, 0, end) or (text.endswith(_CLOSE, 0, end) and word in text[:end][-8:]):
            return kind
    return None


def at_boundary(text: str, end: int) -> bool:
    """Whether a name can end at `end`: the cell's end, a separator, 等, a conjunction or a verb."""
    if end >= len(text) or text[end] in _BOUNDARY_CHARACTERS:
        return True
    rest = text[end:]
    return rest.startswith((ET_CETERA, TOGETHER_WITH, *CONJUNCTIONS)) or starts_with_verb(rest)


def match(text: str, start: int) -> int | None:
    """The end of the longest collective starting at `start` that ends at a boundary, or None."""
    found = NEXT_TIER.match(text, start)
    if found and at_boundary(text, found.end()):
        return int(found.end())
    if not text.startswith(EACH, start):
        return None
    after = start + 1 + _concerned(text, start + 1)
    ends = [end for end, _ in _parts(text, after, None) if at_boundary(text, end)]
    return max(ends) if ends else None


@cache
def placeholder_words(slot: str) -> tuple[str, ...]:
    """One slot's words of the placeholder grammar (normalizers/data/placeholders.tsv): 有关, 相关 are
    its `related` words, 其他, 其余 its `other` ones."""
    return tuple(row["words"] for row in lexicon.table("placeholders") if row["slot"] == slot)


def _concerned(text: str, i: int) -> int:
    """The length of a 有关/相关 standing at i, between 各 and the tier words (各相关乡镇政府: the ones
    concerned, not all), else 0."""
    return next((len(word) for word in placeholder_words("related") if text.startswith(word, i)), 0)


# Words besides the placeholders' 有关/相关 that make tier words a part of the collective, not all of
# it (部分县区; 属地乡镇: the towns where the works lie).
_PART_WORDS = ("部分", "属地")


@cache
def _some() -> regex.Pattern[str]:
    other = "|".join(placeholder_words("other"))
    part = "|".join((*placeholder_words("related"), *_PART_WORDS))
    return regex.compile(f"^(?:{other})?(?:{part})?")


def without_each(name: str) -> bool:
    """Whether a name is tier words with no 各 before them, alone or after 有关/相关 (乡镇（街道）,
    县区, 有关乡镇): it reads like a collective but does not say which governments it names."""
    rest = _some().sub("", name, count=1)
    return bool(rest) and not rest.startswith(EACH) and collective(EACH + rest) is not None


@lru_cache(maxsize=1 << 16)
def collective(name: str) -> Collective | None:
    """The collective `name` is, read whole, or None."""
    if NEXT_TIER.fullmatch(name):
        return Collective((), next_tier=True)
    if not name.startswith(EACH):
        return None
    concerned = _concerned(name, 1)
    for end, groups in sorted(_parts(name, 1 + concerned, None), key=lambda part: -part[0]):
        if end == len(name):
            return Collective(tuple(_group(words) for words in groups), some=bool(concerned), unlisted=_unlisted(name))
    return None


def _unlisted(name: str) -> str | None:
    """The government word of an alternative whose bodies the gazetteer does not list, in parentheses
    or after a 、 (各县（市、区）人民政府（管委会）; 各县人民政府、管委会)."""
    for word in _unlisted_governments():
        for written in (f"{_OPEN}{word}{_CLOSE}", f"、{word}"):
            at = name.find(written)
            where = at > 0 and (written[0] == _OPEN or at + len(written) == len(name))
            if where and any(name[:at].endswith(w) for w, _ in _governments()):
                return word
    return None


@cache
def _unlisted_governments() -> tuple[str, ...]:
    return tuple(row["word"] for row in lexicon.table("governments") if row["listed"] == "no")


def _group(words: list[str]) -> Group:
    table = _tier_words()
    if _is_towns(words):  # also a companion's part, which has no tier word (各开发区、镇（街道）)
        return Group(Tier.TOWN, frozenset())
    county = {w for w in words if table[w][0] and w != "市"}
    if county:
        return Group(Tier.COUNTY, frozenset().union(*(table[w][0] for w in words)))
    either = frozenset(table["市"][0]) if set(words) == {"市"} else frozenset()
    return Group(Tier.PREFECTURE, frozenset().union(*(table[w][1] for w in words)), either)


def listing(found: Collective, jurisdiction: Division) -> tuple[Listing, tuple[Division, ...]]:
    """What a collective names in a jurisdiction: the divisions it expands to (in code order), one
    group row (towns, which the gazetteer does not list), or nothing it can list there. An unlisted
    alternative (`Collective.unlisted`) is the caller's one group row beside the divisions."""
    tier = _home_tier(jurisdiction)
    if found.next_tier:
        if tier is Level.COUNTY:
            return Listing.GROUP, ()
        below = Level.PREFECTURE if tier is Level.PROVINCE else Level.COUNTY
        return Listing.EXPANDED, gazetteer.descendants(jurisdiction, below)
    if any(group.tier is Tier.TOWN for group in found.groups):
        if all(group.tier is Tier.TOWN for group in found.groups):
            return Listing.GROUP, ()  # towns are one group row, all or the ones concerned
        return Listing.CANNOT, ()
    if found.some:
        return Listing.CANNOT, ()
    divisions: set[Division] = set()
    for group in found.groups:
        level, types = (Level.COUNTY, group.types) if group.tier is Tier.COUNTY else (Level.PREFECTURE, group.types)
        if level is Level.PREFECTURE and tier is not Level.PROVINCE and group.county_types:
            level, types = Level.COUNTY, group.county_types
        if tier is Level.COUNTY or (level is Level.PREFECTURE and tier is not Level.PROVINCE):
            return Listing.CANNOT, ()
        divisions.update(d for d in gazetteer.descendants(jurisdiction, level) if d.type in types)
    if not divisions:
        return Listing.CANNOT, ()
    return Listing.EXPANDED, tuple(sorted(divisions, key=lambda d: d.adcode))


def _home_tier(jurisdiction: Division) -> Level:
    """A province-level municipality lists its districts and counties as a prefecture does."""
    if jurisdiction.type == gazetteer.MUNICIPALITY:
        return Level.PREFECTURE
    return gazetteer.level(jurisdiction)
