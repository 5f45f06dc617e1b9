"""What a unit name is: its kind, its canonical name, the body it names, its id and full name.

CONTRACT.md, Units. A relative name (市民政局) is a body of the nearest division of its level word
around the document's jurisdiction; a name that begins with a division's full name (达州市民政局) is
that division's body, in relative form; a name with a place of its own (国网达州供电公司) stands for
itself; a name with neither is read within the document's jurisdiction. `unit_id` hashes what makes a
body one (its division and relative name), so every spelling of one body gets one id.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from normalizers import gazetteer, lexicon, words
from normalizers.aliases import builtin_aliases, resolve_alias
from pipeline.errors import CellError, Code, Location
from pipeline.records import Division, Unit, UnitKind

# Every unnamed remainder is its jurisdiction's one placeholder unit.
PLACEHOLDER_NAME = "有关部门（单位）"

# Government words after a place: 达川区人民政府, 宣汉县政府, 锡林郭勒盟行政公署.
GOVERNMENT_WORDS: tuple[str, ...] = ("人民政府", "行政公署", "政府")
GOVERNMENT = "人民政府"

# Towns, townships and streets are not in the gazetteer: their names end in these words.
TOWN_ENDINGS: tuple[str, ...] = ("镇", "乡", "苏木")
STREET = "街道"
STREET_OFFICE = "办事处"

# A zone named without its committee stands for it: 达州高新区 is 达州高新区管委会.
ZONE_COMMITTEE = "管委会"
ZONE_COMMITTEE_ENDINGS: tuple[str, ...] = ("管理委员会", "管委会", "管委")

GROUP_PREFIX = "各"
# The longest name of the committee or group whose 成员单位 a placeholder names.
MEMBERS_BODY_CHARS = 30


@cache
def _slots() -> dict[str, str]:
    """Each slot of normalizers/data/placeholders.tsv as a regex alternation, longest words first."""
    slots: dict[str, list[str]] = {}
    for row in lexicon.table("placeholders"):
        slots.setdefault(row["slot"], []).append(regex.escape(row["words"]))
    return {slot: "(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")" for slot, words in slots.items()}


@cache
def _placeholder() -> regex.Pattern[str]:
    """[qualifier][各][其他][有关|相关][function]body (有关|相关 optional after 各), or …成员单位
    (normalizers/data/placeholders.tsv)."""
    either = _slots()
    # 有关/相关 may go unsaid after 各 (县政府各部门, 市直各单位: every one of them, unnamed).
    related = f"(?:各{either['other']}?{either['related']}?|{either['other']}?{either['related']})"
    remainder = f"{either['qualifier']}?{related}{either['function']}?{either['body']}"
    # A committee's name before 成员单位 may be long and hold 及/和 of its own (市长江综合门户港及公铁水
    # 联运项目建设领导小组成员单位): the whole is the one placeholder, never cut at the conjunction.
    # (no list separator inside it: 各县区人民政府、市…领导小组各成员单位 is a collective, then the placeholder)
    members = f"[^、，；]{{0,{MEMBERS_BODY_CHARS}}}?(?:{either['other']}|各)?{either['members']}"
    return regex.compile(f"^各?(?:{remainder}|{members})$")


@cache
def _qualified_group() -> regex.Pattern[str]:
    """A group whose 各 follows a placeholder's qualifier: 区属各重点国企, 市直各学校."""
    return regex.compile(f"^{_slots()['qualifier']}各.")


@cache
def _concerned_group() -> regex.Pattern[str]:
    """A class of bodies after 有关/相关, maybe after a placeholder's qualifier (相关管委会, 有关企业,
    市属有关国有企业: the ones concerned, unnamed)."""
    either = _slots()
    return regex.compile(f"^{either['qualifier']}?{either['related']}.{{2,}}")


def is_group(name: str) -> bool:
    """Whether a name that is no placeholder is a group: a class of bodies after 各, the 各 first,
    after a qualifier (各电力公司, 区属各重点国企) or after words that say which (全区经济运行各专班), or a
    class after 有关/相关, maybe after a qualifier (相关管委会, 市属有关国有企业)."""
    if (name.startswith(GROUP_PREFIX) and len(name) > 1) or _qualified_group().match(name):
        return True
    if _concerned_group().match(name):
        return True
    found = words.tokens(name)
    return any(token.word == GROUP_PREFIX for token in found[1:-1])


@cache
def _bare_body() -> regex.Pattern[str]:
    """A placeholder's body alone, maybe after a function word (单位, 直属机构)."""
    either = _slots()
    return regex.compile(f"^{either['function']}?{either['body']}$")


def is_placeholder(name: str) -> bool:
    """Whether a name is an unnamed remainder (有关部门, 市直有关单位, 其他成员单位, …); an alternative in
    brackets inside it changes nothing (省（中）直有关单位: 省直 and 中直), nor a body alone after a 、,
    which names more of the same remainder (市政府各部门、直属机构; 市直有关部门、单位)."""
    first, *more = name.split("、")
    if more and all(_bare_body().match(body) for body in more):
        name = first
    return bool(_placeholder().match(name) or _placeholder().match(_BRACKETED.sub("", name)))


_BRACKETED = regex.compile(r"（[^（）]*）")


@cache
def _remainder_tail() -> regex.Pattern[str]:
    either = _slots()
    return regex.compile(f"{either['related']}{either['function']}?{either['body']}$")


def ends_as_remainder(name: str) -> bool:
    """Whether a name ends as an unnamed remainder does (…有关单位, …相关职能部门, …各部门) though it
    is no placeholder: a qualifier the placeholder table lacks (驻市有关单位, 全市经济运行工作专班各部门),
    never a unit's name."""
    if is_placeholder(name):
        return False
    return bool(_remainder_tail().search(name)) or any(
        name[i] == GROUP_PREFIX and is_placeholder(name[i:]) for i in range(1, len(name) - 1)
    )


@cache
def _shared_endings() -> lexicon.Suffixes:
    return lexicon.Suffixes([row["ending"] for row in lexicon.table("endings") if row["shared"] != "no"])


def shared_ending(name: str) -> str | None:
    """The ending a name shares with the names before it in a list (人民政府, 管委会, 部门, …)."""
    return _shared_endings().longest(name)


@cache
def _area_only() -> frozenset[str]:
    return frozenset(row["ending"] for row in lexicon.table("endings") if row["shared"] == "area")


@cache
def _area_words() -> lexicon.Suffixes:
    return lexicon.Suffixes(lexicon.column("areas", "word"))


@cache
def _place_endings() -> frozenset[str]:
    return frozenset(row["ending"] for row in lexicon.table("endings") if row["shared"] == "place")


def completes(name: str, ending: str) -> bool:
    """Whether a shared ending completes a name that lacks one: a committee's only an area's name (a
    zone, a place, or a name ending in an area word: 保护区、风景区管委会), never 中国一汽's; a
    government's or street office's also a two-character place name (城关, 漆园) that looks as if it
    had an ending of its own."""
    if ending in _area_only():
        return bool(zone_of(name) or _area_words().ends(name) or gazetteer.named(name) or gazetteer.is_short_name(name))
    return ending in _place_endings() or not words.looks_ended_place(name)


def placeholder_tail_ending(tail: str) -> str | None:
    """The ending a 等-tail offers to the names before it: 部门 in 等部门 or 等有关部门."""
    if tail in _shared_endings().words:
        return tail
    if is_placeholder(tail) or _bare_body().match(tail):  # (等部门单位: a body alone after 等)
        return next((e for e in ("部门", "单位") if e in tail), None)
    return None


@lru_cache(maxsize=1 << 16)
def government_place(name: str) -> str | None:
    """The place a government name names (达川区 for 达川区人民政府), or None for other names."""
    for word in GOVERNMENT_WORDS:
        if name.endswith(word) and len(name) > len(word):
            return name[: -len(word)]
    return None


@lru_cache(maxsize=1 << 16)
def is_town(name: str) -> bool:
    """A town, township or street, or its government or office (石桥镇人民政府, 西城街道办事处)."""
    place = government_place(name) or name.removesuffix(STREET_OFFICE)
    return len(place) > 1 and place.endswith((*TOWN_ENDINGS, STREET)) and not gazetteer.named(place)


def _is_street(name: str) -> bool:
    return is_town(name) and name.removesuffix(STREET_OFFICE).endswith(STREET)


@cache
def _zone_endings() -> lexicon.Suffixes:
    return lexicon.Suffixes(lexicon.column("zones", "ending"))


def zone_of(name: str) -> str | None:
    """The zone ending of a zone named alone (达州高新区 → 高新区; 经开区 alone: the jurisdiction's), or None."""
    return _zone_endings().ends(name)


def kind_of(name: str, declared: Mapping[str, UnitKind] | None = None) -> UnitKind:
    """The kind of a canonical unit name (not a collective), from the evidence in its words."""
    if declared and name in declared:
        return declared[name]
    return _kind_of(name)


@lru_cache(maxsize=1 << 14)
def _kind_of(name: str) -> UnitKind:
    # A name's kind depends on its words alone (and the lexicon's data), and one document names
    # its few dozen units hundreds of times.
    if is_placeholder(name):
        return UnitKind.PLACEHOLDER
    if is_group(name):
        return UnitKind.GROUP
    if _is_street(name):
        return UnitKind.DEPARTMENT
    if government_place(name) is not None or gazetteer.named(name):
        return UnitKind.LOCAL_GOVERNMENT
    level = words.level_word(name)
    if (name[len(level.word) :] if level else name) in words.bodies():
        return UnitKind.DEPARTMENT  # a known body (城管委: 城市管理委员会) whatever its last characters
    # A note in brackets after the name (…开发区管委会（以下简称高新区管委会）) leaves its kind as it is.
    bare = words.core(name)
    if (bare.endswith(ZONE_COMMITTEE_ENDINGS) and not _is_commission(bare, level)) or zone_of(bare):
        return UnitKind.ZONE_COMMITTEE
    return UnitKind.DEPARTMENT


def _is_commission(name: str, level: words.LevelWord | None) -> bool:
    """Whether a name ending in 管委 is a commission's short name, not a zone's committee: the
    character before 管委 is a word's first half (区建管委: 建设管理委员会; 市城管委; 市沙澧河建管委, the
    river area's), not the last of a zone's name (高新区管委, 产业园管委: zones.tsv's endings); or
    whether a 管委会 is a body's own committee (市行政服务中心管委会)."""
    stem = name[len(level.word) if level else 0 :]
    ending = next(e for e in ZONE_COMMITTEE_ENDINGS if stem.endswith(e))
    if ending != "管委":
        # 市行政服务中心管委会: the committee of a body (a unit ending that is no area's), not a zone's
        body = words.ending_of(stem[: -len(ending)])
        return body is not None and not _area_words().ends(body)
    before = stem[: -len(ending)][-1:]
    return len(stem) == 3 or (bool(before) and before not in _zone_last_characters())


@cache
def _zone_last_characters() -> frozenset[str]:
    return frozenset(ending[-1] for ending in lexicon.column("zones", "ending"))


def canonical_name(name: str, aliases: Mapping[str, str] | None = None) -> str:
    """The name with its alias resolved (市卫健委 → 市卫生健康委), and a zone, street or town named
    alone given its committee, office or government."""
    table = builtin_aliases() if aliases is None else aliases
    level = words.level_word(name)
    if level is not None:
        resolved = level.word + resolve_alias(name[len(level.word) :], table)
    else:
        resolved = resolve_alias(name, table)
    if _is_street(resolved) and not resolved.endswith(STREET_OFFICE):
        return resolved + STREET_OFFICE
    if is_town(resolved) and not _is_street(resolved):
        # 石桥镇 and 石桥镇政府 are 石桥镇人民政府, as 达川区政府 is 达川区人民政府
        return (government_place(resolved) or resolved) + GOVERNMENT
    if zone_of(resolved) and not resolved.endswith(ZONE_COMMITTEE_ENDINGS) and not is_group(resolved):
        return resolved + ZONE_COMMITTEE  # (a group, 各新区, names a class of zones, kept as written)
    return resolved


def unit_id(key: str) -> str:
    """A stable id from what makes a unit one body (its division and canonical name)."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def government_of(division: Division) -> Unit:
    """The people's government of a division: one id whether listed by name or by expansion."""
    return Unit(
        unit_id(f"{division.adcode}:{GOVERNMENT}"),
        f"{division.name}{GOVERNMENT}",
        UnitKind.LOCAL_GOVERNMENT,
        division.name,
        division.adcode,
        f"{gazetteer.qualified_name(division)}{GOVERNMENT}",
    )


def needs_jurisdiction(name: str, kind: UnitKind) -> bool:
    """Whether a (canonical) unit name can only be told apart within its document's jurisdiction."""
    if kind in (UnitKind.PLACEHOLDER, UnitKind.GROUP) or words.level_word(name) is not None:
        return True
    if kind is UnitKind.LOCAL_GOVERNMENT:
        place = government_place(name) or name
        return place in words.LEVEL_WORDS or is_town(name)
    return not gazetteer.place_names_in(name) and not words.is_national(name)


@dataclass(frozen=True)
class Resolver:
    """Reads unit names within one document's jurisdiction."""

    jurisdiction: Division | None
    aliases: Mapping[str, str]
    where: Location

    def resolve(self, name: str, kind: UnitKind, written: str = "") -> Unit:
        """The unit a canonical name stands for; refuses (to review) a name of no known place."""
        if kind is UnitKind.PLACEHOLDER:
            return self._scoped(PLACEHOLDER_NAME, kind, self._placeholder_home(written))
        if kind is UnitKind.GROUP:
            return self._scoped(name, kind, self._home())
        if kind is UnitKind.LOCAL_GOVERNMENT and not _is_street(name):
            return self._government(name)
        return self._body(name, kind)

    def _home(self) -> Division:
        assert self.jurisdiction is not None  # the document was refused when it is needed and unknown
        return self.jurisdiction

    def _scoped(self, name: str, kind: UnitKind, home: Division, *, adcode: bool = True) -> Unit:
        """A unit read within `home`: its id, its full name with home's name before it."""
        level = words.level_word(name)
        full = (
            gazetteer.qualified_name(home) + name[len(level.word) :]
            if level is not None and gazetteer.level_word(home) == level.word
            else gazetteer.qualified_name(home) + name
        )
        return Unit(unit_id(f"{home.adcode}:{name}"), name, kind, home.name, home.adcode if adcode else None, full)

    def _placeholder_home(self, written: str) -> Division:
        level = next((w for w in words.LEVEL_WORDS if written.startswith(w)), None)
        return self._at_level(level, written) if level else self._home()

    def _at_level(self, level: str, name: str) -> Division:
        found = gazetteer.nearest_with_level_word(self._home(), level)
        if found is None:
            home = self._home().name
            raise CellError(
                f"«{name}» is relative to a {level}, and {home}'s document lies in none",
                self.where.saying(name),
                code=Code.UNPLACED,
            )
        return found

    def _government(self, name: str) -> Unit:
        place = government_place(name) or name
        if place in words.LEVEL_WORDS:
            return government_of(self._at_level(place, name))
        if is_town(name):
            return self._scoped(name, UnitKind.LOCAL_GOVERNMENT, self._home(), adcode=False)
        division = self._division_named(place)
        if division is None:
            raise CellError(
                f"«{place}» names no one division here: a government of no known place",
                self.where.saying(name),
                code=Code.UNKNOWN_GOVERNMENT,
            )
        return government_of(division)

    def _division_named(self, place: str) -> Division | None:
        """The one division a place (达川区, 达州市渠县, 达州) names, told apart by the document."""
        names = gazetteer.place_names_in(place)
        last_end = place.rindex(names[-1]) + len(names[-1]) if names else 0
        if last_end < len(place):
            names.append(place[last_end:])  # a short division name after its parents (达州市渠县)
        candidates = list(gazetteer.divisions_called(names[-1]))
        for outer in names[:-1]:  # 达州市通川区: the ones inside 达州市
            inside = {d.adcode for o in gazetteer.divisions_called(outer) for d in _subtree(o)}
            candidates = [d for d in candidates if d.adcode in inside]
        if len(candidates) > 1 and self.jurisdiction is not None:
            # 鼓楼区 in 徐州市's document: its own first, then its province's (南京市 has one too).
            for scope in (self.jurisdiction, _province(self.jurisdiction)):
                near = {d.adcode for d in _subtree(scope)}
                if len([d for d in candidates if d.adcode in near]) == 1:
                    return next(d for d in candidates if d.adcode in near)
        return candidates[0] if len(candidates) == 1 else None

    def _body(self, name: str, kind: UnitKind) -> Unit:
        place, body = "", name
        while (leading := gazetteer.leading_division(body)) is not None:  # 四川省达州市民政局
            place, body = place + leading[0], leading[1]
        division = self._division_named(place) if place else None
        level = gazetteer.level_word(division) if division else None
        # A division's name with only a committee after it is a zone of that name (绍兴's 滨海新区管委会),
        # never the division's "区管委会".
        if division is not None and level is not None and body and body not in ZONE_COMMITTEE_ENDINGS:
            return self._scoped(canonical_name(level + body, self.aliases), kind, division)
        level_word = words.level_word(name)
        if level_word is not None:
            return self._scoped(name, kind, self._at_level(level_word.word, name))
        places = gazetteer.place_names_in(name)
        if places or words.is_national(name):
            home = self._division_named(places[-1]) if places else None
            return Unit(unit_id(name), name, kind, home.name if home else None, home.adcode if home else None, name)
        home = self._home()
        own_level = gazetteer.level_word(home)
        if kind is UnitKind.DEPARTMENT and own_level and name in words.bodies():
            # A government department named without its level word (税务局 in a district's document)
            # is the document's own jurisdiction's: one body with 区税务局.
            return self._scoped(canonical_name(own_level + name, self.aliases), kind, home)
        return self._scoped(name, kind, home)


def _subtree(division: Division) -> list[Division]:
    found = [division]
    for level in (gazetteer.Level.PREFECTURE, gazetteer.Level.COUNTY):
        found.extend(gazetteer.descendants(division, level))
    return found


def _province(division: Division) -> Division:
    return gazetteer.enclosing(division, gazetteer.Level.PROVINCE) or division


def resolve(name: str, jurisdiction: Division | None, aliases: Mapping[str, str] | None = None) -> Unit:
    """The unit a name as read stands for within a jurisdiction (canonical name and kind found first)."""
    table = builtin_aliases() if aliases is None else aliases
    canonical = canonical_name(name, table)
    return Resolver(jurisdiction, table, Location("(name)", text=name)).resolve(canonical, kind_of(canonical), name)
