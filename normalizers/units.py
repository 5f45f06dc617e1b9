"""What a unit name is: its kind, its canonical name, the jurisdiction it is read in, its id."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping
from functools import cache

import regex

from normalizers import gazetteer
from normalizers.aliases import builtin_aliases, resolve_alias
from pipeline.records import Division, Unit, UnitKind

# The longest unit name read (中国人民银行达州市中心支行 has 12 characters): a longer run of text
# between separators is a sentence, not a name, and is refused as words that fit no rule.
MAX_UNIT_CHARS = 40

# Level words a relative name starts with, and the tier each names: 市民政局 is the 民政局 of the
# document's city, 省政府 the government of the province that city is in.
TIER_BY_PREFIX: dict[str, gazetteer.Level] = {
    "省": gazetteer.Level.PROVINCE,
    "市": gazetteer.Level.PREFECTURE,
    "县": gazetteer.Level.COUNTY,
    "区": gazetteer.Level.COUNTY,
}
SCOPED_PREFIXES: tuple[str, ...] = tuple(TIER_BY_PREFIX)

# Name endings that decide the kind before anything else, longest first.
KIND_BY_ENDING: tuple[tuple[str, UnitKind], ...] = (
    ("管理委员会", UnitKind.ZONE_COMMITTEE),
    ("人民政府", UnitKind.LOCAL_GOVERNMENT),
    ("管委会", UnitKind.ZONE_COMMITTEE),
    ("政府", UnitKind.LOCAL_GOVERNMENT),
)

# A development zone named without its committee stands for it: 达州高新区 is 达州高新区管委会.
ZONE_ENDINGS: tuple[str, ...] = ("高新区", "经开区", "开发区", "新区", "园区", "保税区", "试验区", "示范区")
ZONE_COMMITTEE = "管委会"

# Words an agency or organisation name ends with. A name ending otherwise is not read as a unit.
DEPARTMENT_ENDINGS: tuple[str, ...] = (
    "局",
    "委",
    "委员会",
    "厅",
    "办",
    "办公室",
    "公司",
    "集团",
    "行",
    "联",
    "联合会",
    "院",
    "中心",
    "部",
    "会",
    "协会",
    "队",
    "所",
    "站",
    "团",
    "处",
    "室",
    "社",
    "馆",
    "校",
    "台",
    "署",
    "关",
    "狱",
    "组",
    "科",
    "宫",
    "库",
    "园",
    "场",
    "军",
    "区",
    "司",
    "机构",
)

# Unnamed remainders: 有关部门（单位）, 相关单位, 其他有关部门, 市级有关部门, …
PLACEHOLDER = regex.compile(
    r"^(?:省级|市级|县级|区级|省|市|县|区)?(?:其他)?(?:有关|相关)(?:部门|单位|部门和单位)(?:（(?:部门|单位)）)?$"
)

# A named class of bodies that cannot be listed: 各电力公司, 各金融机构, …
GROUP_PREFIX = "各"

# A local government named by its division: 达川区人民政府, 宣汉县政府.
_GOVERNMENT = regex.compile(r"^(?P<division>.+?)(?:人民政府|政府)$")


def kind_of(name: str) -> UnitKind | None:
    """The kind of a unit name (canonical, full-width), or None if it is no unit name."""
    if PLACEHOLDER.match(name):
        return UnitKind.PLACEHOLDER
    if name.startswith(GROUP_PREFIX) and len(name) > 1 and _has_unit_ending(name[1:]):
        return UnitKind.GROUP
    for ending, kind in KIND_BY_ENDING:
        if name.endswith(ending) and len(name) > len(ending):
            return kind
    if any(name.endswith(ending) and len(name) > len(ending) for ending in ZONE_ENDINGS):
        return UnitKind.ZONE_COMMITTEE
    if gazetteer.named(name):  # a division named alone (达川区) stands for its government
        return UnitKind.LOCAL_GOVERNMENT
    return UnitKind.DEPARTMENT if _has_unit_ending(name) and _ends_as_noun(name) else None


def _has_unit_ending(name: str) -> bool:
    return any(name.endswith(ending) and len(name) > len(ending) for ending in DEPARTMENT_ENDINGS)


@cache
def _ends_as_noun(name: str) -> bool:
    """False when the name's last word is a verb (市民政局督办): words the role table lacks."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    _teach_endings(jieba)
    last = list(jieba.posseg.cut(name))[-1]
    return last.word in DEPARTMENT_ENDINGS or not last.flag.startswith("v")


@cache
def _teach_endings(jieba: object) -> None:
    """Tell jieba that unit endings (支行, 分局, …) are nouns, so they are never taken for verbs."""
    for word in (*DEPARTMENT_ENDINGS, "支行", "分行", "分局", "管委会", "管理委员会", "人民政府"):
        jieba.add_word(word, tag="nt")  # type: ignore[attr-defined]


def split_scope(name: str) -> tuple[str, str]:
    """(level prefix, body) of a relative name; ('', name) for a name that is not relative."""
    for prefix in SCOPED_PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix) + 1:
            return prefix, name[len(prefix) :]
    return "", name


def canonical_name(name: str, aliases: Mapping[str, str] | None = None) -> str:
    """The name with its alias resolved (市卫健委 → 市卫生健康委), a bare zone given its committee."""
    table = builtin_aliases() if aliases is None else aliases
    prefix, body = split_scope(name)
    resolved = prefix + resolve_alias(body, table) if prefix else resolve_alias(name, table)
    if any(resolved.endswith(ending) and len(resolved) > len(ending) for ending in ZONE_ENDINGS):
        return resolved + ZONE_COMMITTEE
    return resolved


def unit_id(key: str) -> str:
    """A stable id from what makes a unit one body (its scope and canonical name)."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def government_of(division: Division) -> Unit:
    """The people's government of a division: one id whether listed by name or by expansion."""
    name = f"{division.name}人民政府"
    return Unit(unit_id(f"{division.adcode}:人民政府"), name, UnitKind.LOCAL_GOVERNMENT, division.name, division.adcode)


def needs_jurisdiction(name: str) -> bool:
    """Whether a unit name can only be told apart within its document's jurisdiction."""
    kind = kind_of(name)
    return kind in (UnitKind.PLACEHOLDER, UnitKind.GROUP) or bool(split_scope(name)[0])


def resolve(name: str, kind: UnitKind, jurisdiction: Division | None) -> Unit:
    """The unit a (canonical) name stands for, read within `jurisdiction` where it is relative."""
    if kind is UnitKind.LOCAL_GOVERNMENT:
        division = _division_governed(name, jurisdiction)
        if division is not None:
            return government_of(division)
    if jurisdiction is not None and (kind in (UnitKind.PLACEHOLDER, UnitKind.GROUP) or split_scope(name)[0]):
        return Unit(unit_id(f"{jurisdiction.adcode}:{name}"), name, kind, jurisdiction.name, jurisdiction.adcode)
    home = _named_home(name, jurisdiction)
    return Unit(unit_id(name), name, kind, home.name if home else None, home.adcode if home else None)


def _division_governed(name: str, jurisdiction: Division | None) -> Division | None:
    """The division a government name names: 达川区人民政府 or 达川区 → 达川区; 市人民政府 → the city,
    省政府 → its province; 县政府 in a city's document names no one county (None)."""
    match = _GOVERNMENT.match(name)
    place = match["division"] if match else name
    if place in TIER_BY_PREFIX:
        return gazetteer.enclosing(jurisdiction, TIER_BY_PREFIX[place]) if jurisdiction else None
    candidates = list(gazetteer.named(place))
    if len(candidates) > 1 and jurisdiction is not None:
        inside = {d.adcode for d in gazetteer.descendants(jurisdiction, gazetteer.Level.COUNTY)}
        candidates = [d for d in candidates if d.adcode in inside or d == jurisdiction]
    return candidates[0] if len(candidates) == 1 else None


def _named_home(name: str, jurisdiction: Division | None) -> Division | None:
    """The jurisdiction a unit's own name places it in (达州银保监分局 → 达州市), if it is this one."""
    if jurisdiction is not None and gazetteer.short_name(jurisdiction) in name:
        return jurisdiction
    return None
