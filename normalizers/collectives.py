"""Collectives: words that stand for every local government of a tier, and their expansion."""

from __future__ import annotations

from enum import StrEnum

import regex

from normalizers.gazetteer import Level, descendants, level
from pipeline.records import Division


class Reach(StrEnum):
    """Which bodies a collective stands for."""

    COUNTIES = "counties"  # every county-level government of the jurisdiction
    PREFECTURES = "prefectures"  # every prefecture-level government of a province
    UNLISTABLE = "unlistable"  # every local government at every tier: kept as one group row


# Collectives as written, full-width punctuation. Each names every local government of a tier,
# with or without 人民政府/政府 after it.
_GOVERNMENT = r"(?:人民政府|政府)?"
COLLECTIVES: tuple[tuple[regex.Pattern[str], Reach], ...] = (
    (
        regex.compile(
            rf"^各(?:县（市、区）|县（区、市）|区（市、县）|县（区）|区（县）|县（市）|区县（自治县）|区县|县区|县市区){_GOVERNMENT}$"
        ),
        Reach.COUNTIES,
    ),
    (regex.compile(rf"^各(?:市（州）|市州|市（地、州）|市){_GOVERNMENT}$"), Reach.PREFECTURES),
    (regex.compile(r"^(?:地方)?各级(?:人民)?政府$"), Reach.UNLISTABLE),
)

# The tier each listable reach expands to, and the jurisdiction tiers where it can be listed.
_TIER = {Reach.COUNTIES: Level.COUNTY, Reach.PREFECTURES: Level.PREFECTURE}
_LISTABLE_FROM = {
    Reach.COUNTIES: (Level.PROVINCE, Level.PREFECTURE),
    Reach.PREFECTURES: (Level.PROVINCE,),
}


def collective(name: str) -> Reach | None:
    """The reach of `name` if it is a collective, else None."""
    for pattern, reach in COLLECTIVES:
        if pattern.match(name):
            return reach
    return None


def can_expand(reach: Reach, jurisdiction: Division) -> bool:
    """Whether the collective can be listed in this jurisdiction from the gazetteer."""
    return reach in _LISTABLE_FROM and level(jurisdiction) in _LISTABLE_FROM[reach]


def expand(reach: Reach, jurisdiction: Division) -> tuple[Division, ...]:
    """The divisions a collective stands for, in the gazetteer's order (by code)."""
    return descendants(jurisdiction, _TIER[reach])
