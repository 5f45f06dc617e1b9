"""A responsibility cell read into mentions: each unit as written, with its role.

The cell is read clause by clause (CONTRACT.md, Roles). A clause ends at ；，。 once a role word
closes it; a ，-separated piece with no role word continues the list of the next clause.
Inside a clause, units are separated by 、 and ， (not inside parentheses), by 和/及/与 where a
whole unit name stands on each side, and by 等 before a placeholder. The territorial clause —
from a collective to the clause's end — is all_county whatever its verb.

This module knows no jurisdiction: expansion and unit ids come later (`normalizers.document`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from normalizers.collectives import collective
from normalizers.roles import (
    CLAUSE_ENDS,
    CONJUNCTIONS,
    ET_CETERA,
    LIST_SEPARATORS,
    PLAIN_LIST_ROLE,
    closing_role,
)
from normalizers.text import clean_text, fold_cell
from normalizers.units import MAX_UNIT_CHARS, PLACEHOLDER, kind_of
from pipeline.errors import CellError, Code, Location
from pipeline.records import Role

# Longest responsibility cell read; longer text is not a cell but a layout error.
MAX_CELL_CHARS = 2000


@dataclass(frozen=True)
class Mention:
    """One unit (or collective) named in a cell, with the role its clause gives it."""

    written: str  # the exact span of the cell (white space removed)
    name: str  # the same span with canonical punctuation
    role: Role


@dataclass(frozen=True)
class _Span:
    start: int
    end: int


def read_cell(cell: str, location: Location | None = None, *, first_leads: bool = False) -> tuple[Mention, ...]:
    """Read a responsibility cell into its mentions, in order; refuse words that fit no rule.

    `first_leads` applies a document's stated convention (列第一位的为牵头单位) to a plain list:
    its first unit leads and the others are responsible. Role words in the cell still win.
    """
    where = location or Location("(cell)")
    written = clean_text(cell)
    if not written:
        raise CellError("responsibility cell is empty", where.saying(cell), code=Code.EMPTY_CELL)
    if len(written) > MAX_CELL_CHARS:
        raise CellError(
            f"responsibility cell is longer than {MAX_CELL_CHARS} characters", where.saying(written[:60] + "…")
        )
    folded = fold_cell(written)
    mentions: list[Mention] = []
    pending: list[_Span] = []
    any_verb = False
    for piece in _pieces(folded):
        text = folded[piece.start : piece.end]
        closing = closing_role(text)
        body_end = piece.end - len(closing[0]) if closing else piece.end
        pending.extend(_units(folded, _Span(piece.start, body_end), where))
        if closing is None:
            continue
        any_verb = True
        if not pending:
            raise CellError(f"role word {closing[0]} with no unit before it", where.saying(text))
        mentions.extend(_clause(written, folded, pending, closing[1]))
        pending = []
    if pending:
        territorial = any(collective(folded[s.start : s.end]) for s in pending)
        if any_verb and not territorial:
            words = folded[pending[0].start : pending[-1].end]
            raise CellError("units with no role word after them", where.saying(words))
        mentions.extend(_clause(written, folded, pending, PLAIN_LIST_ROLE))
        if first_leads and not any_verb and mentions[0].role is PLAIN_LIST_ROLE:
            mentions[0] = replace(mentions[0], role=Role.LEAD)
    if not mentions:
        raise CellError("responsibility cell names no unit", where.saying(written), code=Code.EMPTY_CELL)
    return tuple(mentions)


def _pieces(folded: str) -> list[_Span]:
    """Split at clause-ending punctuation outside parentheses."""
    return _split_outside_parentheses(folded, _Span(0, len(folded)), CLAUSE_ENDS)


def _units(folded: str, span: _Span, where: Location) -> list[_Span]:
    """The unit spans of one list; an empty item (a stray separator) is skipped."""
    units: list[_Span] = []
    for item in _split_outside_parentheses(folded, span, LIST_SEPARATORS):
        units.extend(_split_item(folded, item, where))
    return units


def _split_outside_parentheses(folded: str, span: _Span, separators: str) -> list[_Span]:
    """The non-empty pieces of a span between separators; a separator in （…） separates nothing."""
    pieces: list[_Span] = []
    depth, start = 0, span.start
    for i in range(span.start, span.end):
        ch = folded[i]
        depth += (ch == "（") - (ch == "）")
        if ch in separators and depth <= 0:
            pieces.append(_Span(start, i))
            start = i + 1
    pieces.append(_Span(start, span.end))
    return [piece for piece in pieces if piece.end > piece.start]


def _split_item(folded: str, item: _Span, where: Location) -> list[_Span]:
    """One list item into unit spans: X等有关部门 → X, 有关部门; A和B → A, B where both are units."""
    text = folded[item.start : item.end]
    cut = text.rfind(ET_CETERA)
    if cut > 0 and PLACEHOLDER.match(text[cut + 1 :]):
        head = _split_item(folded, _Span(item.start, item.start + cut), where)
        return [*head, _Span(item.start + cut + 1, item.end)]
    pieces = _joined_units(text)
    if pieces is None:
        raise CellError("words that fit no rule (not a unit, role word or collective)", where.saying(text))
    return [_Span(item.start + start, item.start + end) for start, end in pieces]


def _joined_units(text: str) -> list[tuple[int, int]] | None:
    """Cut `text` at conjunctions into whole units, or None if it cannot be.

    A conjunction separates only between two whole units, so 市自然资源和规划局 stays one name
    while 市卫生健康委和各县（市、区）人民政府 is two. The earliest cut that leaves units on both
    sides wins. Worked from the end (best[start] = the cuts from `start` on) and with candidate
    names no longer than MAX_UNIT_CHARS, a long chain costs linear time, not exponential.
    """
    starts = [0, *(i + 1 for i, ch in enumerate(text) if ch in CONJUNCTIONS)]
    best: dict[int, list[tuple[int, int]] | None] = {}
    for start in reversed(starts):
        found: list[tuple[int, int]] | None = None
        for end in (s - 1 for s in starts if start < s - 1 <= start + MAX_UNIT_CHARS):
            rest = best.get(end + 1)
            if rest is not None and _is_unit(text[start:end]):
                found = [(start, end), *rest]
                break
        if found is None and _is_unit(text[start:]):
            found = [(start, len(text))]
        best[start] = found
    return best[0]


def _is_unit(text: str) -> bool:
    return 0 < len(text) <= MAX_UNIT_CHARS and (collective(text) is not None or kind_of(text) is not None)


def _clause(written: str, folded: str, spans: list[_Span], role: Role) -> list[Mention]:
    """Mentions of one clause; from its first collective to its end the role is all_county."""
    mentions: list[Mention] = []
    territorial = False
    for span in spans:
        name = folded[span.start : span.end]
        territorial = territorial or collective(name) is not None
        mentions.append(Mention(written[span.start : span.end], name, Role.ALL_COUNTY if territorial else role))
    return mentions
