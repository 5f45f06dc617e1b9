"""A responsibility cell read into mentions: each unit as written, the name it is read as, its role.

The cell is read clause by clause (CONTRACT.md, Reading a responsibility cell). A clause ends at
；，。 once a role word closes it; a ，-separated piece with no role word continues the list of the
next clause. Inside a clause, units are separated by 、 and ， (not inside parentheses, not inside a
collective such as 各县、区), by 和/及/与 where a name of known shape stands on each side, and by 等
before a placeholder. Within one 、-list a shared ending distributes back over the names that lack
one, and a level prefix carries down to names that have none. Every name is then checked: a span that
is no name (市民政局督办) sends the whole cell to review; no cell is read in part.

This module knows no jurisdiction: expansion and unit ids come later (`normalizers.document`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from functools import lru_cache

import regex

from normalizers import collectives, gazetteer, words
from normalizers.columns import FORCED_ROLES, Column, column_of
from normalizers.conventions import first_listed_leads, without_first_listed_note
from normalizers.roles import (
    BY,
    CLAUSE_ENDS,
    CONJUNCTIONS,
    ET_CETERA,
    LIST_SEPARATORS,
    PLAIN_LIST_ROLE,
    TOGETHER_WITH,
    closing_verb,
    role_mark,
)
from normalizers.text import clean_text, fold_cell
from normalizers.units import (
    PLACEHOLDER_NAME,
    ZONE_COMMITTEE_ENDINGS,
    completes,
    ends_as_remainder,
    government_place,
    is_placeholder,
    is_town,
    kind_of,
    placeholder_tail_ending,
    shared_ending,
    zone_of,
)
from pipeline.errors import CellError, Code, Location
from pipeline.records import Role, UnitKind

# Longest responsibility cell read; longer text is not a cell but a layout error.
MAX_CELL_CHARS = 2000

_LABEL_MARK = "："
# What may stand right before a collective: a separator, a label's colon, a conjunction, 由.
_BEFORE_COLLECTIVE = f"{CLAUSE_ENDS}{LIST_SEPARATORS}{_LABEL_MARK}{''.join(CONJUNCTIONS)}{BY}"
_MAX_LABEL_CHARS = 8
# What ends a part of a cell, and with it an unread label's value (a ， may stand inside the value).
_PART_ENDS = "；。"


@dataclass(frozen=True)
class Mention:
    """One unit (or collective) named in a cell, with the role its clause gives it."""

    written: str  # the exact span of the cell (white space removed)
    name: str  # the name it is read as: canonical punctuation, shared ending and level prefix restored
    role: Role


@dataclass(frozen=True)
class _Span:
    start: int
    end: int


@dataclass(frozen=True)
class _Unit:
    """A unit of a list before its role is known."""

    span: _Span  # what the cell writes for it
    name: str
    shape: str = "name"  # name, collective, placeholder
    marked: Role | None = None  # the role a mark after the name gives it alone (区财政局*)


def read_cell(
    cell: str, location: Location | None = None, *, first_leads: bool = False, declared: Collection[str] = ()
) -> tuple[Mention, ...]:
    """Read a responsibility cell into its mentions, in order; refuse a cell not read in full.

    `first_leads` applies a document's stated convention (列第一位的为牵头单位): where no word of the
    cell names a lead, its first unit leads when it is responsible (a plain list, or one closed by
    负责); the others keep their roles. `declared`
    names are units whatever the word rules say (an analyst's raw/units.tsv, folded).
    """
    where = location or Location("(cell)")
    written, stated = _without_note(one_line(cell))
    read = _read(written, first_leads or stated, frozenset(declared))
    if isinstance(read, CellError):
        words = read.location.text if read.location and read.location.text is not None else cell
        raise CellError(read.reason, where.saying(words), code=read.code)
    return read


def has_known_shape(text: str, declared: Collection[str] = ()) -> bool:
    """Whether a name shows it is a unit by its shape, not only by standing in a list: a collective,
    a placeholder, a name with a unit ending (a bracketed other name after it aside: 区环卫所（垃圾
    分类管理办）), a division, a town or street, or a zone, a declared unit, or such names before a
    等-tail. Such a name may stand beside 和/及/与 as a whole unit."""
    if not 0 < len(text) <= words.MAX_UNIT_CHARS:
        return False
    if text in declared or collectives.collective(text) or is_placeholder(text):
        return True
    cut = text.rfind(ET_CETERA)
    if cut > 0 and _is_et_cetera_tail(text[cut + 1 :]):
        return has_known_shape(text[:cut], declared)
    body = words.core(text[1:] if text.startswith(collectives.EACH) else text)
    return bool(words.ending_of(body) or gazetteer.named(body) or shared_ending(body) or zone_of(body) or is_town(body))


def reads_as_units(cell: str) -> bool:
    """Whether a cell reads in full and every name in it shows by its shape that it is a unit: the
    evidence that a column or a bracket holds units when no header word or role word says so."""
    try:
        return all(has_known_shape(mention.name) for mention in read_cell(cell))
    except CellError:
        return False


# Marks next to which a line break inside a cell separates nothing more: the line before ends in
# one, or the next begins with one (牵头单位：⏎市民政局; 市民政局⏎（牵头）).
_ENDS_LINE = frozenset("、，,；;：:（(")
_BEGINS_LINE = frozenset("、，,；;：:）)（(")


def one_line(cell: str) -> str:
    """The cell on one line. A line break inside a cell is the author's (a Word paragraph, an HTML
    <br>, an Excel line; a text file's or a PDF's wrapped lines are joined by their parsers): between
    two names it separates them like 、 (市教育局⏎市财政局), and after a clause's role word it ends the
    clause like ， (市民政局牵头⏎市财政局配合)."""
    lines = [line for line in map(clean_text, (piece for raw in cell.split("\n") for piece in _spaced(raw))) if line]
    out = lines[0] if lines else ""
    for line in lines[1:]:
        if out[-1] in _ENDS_LINE or line[0] in _BEGINS_LINE:
            out += line
        elif _begins_with_label(line):
            out += "；" + line
        elif closing_verb(fold_cell(out)) is not None:
            out += "，" + line
        else:
            out += "、" + line
    return out


_SPACE_RUN = regex.compile(r"[ \t\u3000\u00a0]+")
_LABEL_FIRST = regex.compile(r"^(\p{Han}{2,10})[：:]")
_LAST_NAME = regex.compile(r"[^、，,；;：:。]+$")
_FIRST_NAME = regex.compile(r"^[^、，,；;：:。]+")


def _spaced(line: str) -> list[str]:
    """A line cut where white space stands between two names, as a line break would cut it (市发改委
    市财政局 开发区管委会; 牵头单位:市商务局  责任单位:…). Both sides must be whole names that begin
    with a level word or a place (the right side may also be a collective, a placeholder, a zone or a
    label), so a name broken by a stray space (中共达州市委 宣传部, 市人民政府 办公室, 达州市 民政局)
    or spaced-out words (责 任 人) stay whole."""
    pieces = [piece for piece in _SPACE_RUN.split(line.strip()) if piece]
    out = pieces[:1]
    for piece in pieces[1:]:
        if _separates(out[-1], piece):
            out.append(piece)
        else:
            out[-1] += piece
    return out


def _begins_with_label(text: str) -> bool:
    label = _LABEL_FIRST.match(text)
    return label is not None and column_of(label[1]) is not None


def _separates(before: str, after: str) -> bool:
    # (zero-width spaces inside a word: 达州东\u200b部; half-width brackets: 各乡镇(街道))
    before, after = fold_cell(clean_text(before)), fold_cell(clean_text(after))
    if _begins_with_label(after):
        return True  # a label begins a part of its own, whatever stands before (分管省领导：林克庆 部门分工：…)
    found, right = _LAST_NAME.search(before), _FIRST_NAME.match(after)
    if found is None:
        return False
    # The last name before the space: after a 和 that joins two names (市国资委和人行), the second.
    joined = _joined_units(found.group(), has_known_shape)
    left = found.group()[joined[-1][0] :] if joined and len(joined) > 1 else found.group()
    if left.endswith(ET_CETERA) or gazetteer.named(left):
        return False  # (…等 有关部门 is one tail; a place alone, 达州市 民政局, is no name: the space is inside one)
    joined_at_space = after.startswith((ET_CETERA, *CONJUNCTIONS))
    # 省教育厅 省新闻出版 省总工会: each begins with the list's level word, a name cut short too; not
    # where a conjunction stands before the space (市民政局和人行达州 市中心支行: 市 is the first name's)
    conjoined = joined_at_space or any(word in left for word in CONJUNCTIONS)
    if right is not None and not conjoined and _same_level_word(left, right.group()):
        return True
    if not _anchored_name(left) or words.not_a_name(left) is not None:
        return False  # (达州东部 经开区管委会: 东部 ends no name)
    if right is None or joined_at_space or closing_verb(after[:4]) is not None:
        return False
    name = right.group()
    if words.not_a_name(name) is not None:
        return False
    zone = kind_of(name) is UnitKind.ZONE_COMMITTEE and bool(zone_of(_without_committee(name)))
    return _anchored_name(name) or zone or bool(collectives.collective(name) or is_placeholder(name))


def _same_level_word(left: str, right: str) -> bool:
    """Whether two names each begin with the same level word (省X 省Y), a list's mark of a new name."""
    first, second = words.level_word(left), words.level_word(right)
    return first is not None and second is not None and first.word == second.word


def _without_committee(name: str) -> str:
    """A zone committee's name without its committee word (开发区管委会 → 开发区; 管委会 → nothing)."""
    ending = next((e for e in ZONE_COMMITTEE_ENDINGS if name.endswith(e)), "")  # (longest first)
    return name[: len(name) - len(ending)]


def _anchored_name(text: str) -> bool:
    """A name of a unit's shape that begins with a level word or a place: 市发改委, 达川区人民政府,
    淮南高新区 (a prefecture's short name)."""
    if not has_known_shape(text):
        return False
    places = gazetteer.place_names_in(text)
    return words.level_word(text) is not None or bool(places and text.startswith(places[0]))


# Readings kept, by cell text: the same cells come back in document after document (the same
# departments, the same collectives), and a reading depends on nothing else.
CELL_CACHE_SIZE = 1 << 16


def _without_note(cell: str) -> tuple[str, bool]:
    """The cell without a first-listed statement written into it (县发改局（首位单位为牵头单位，下同）),
    and whether it held one: the statement is the document's note, never a unit."""
    stated = first_listed_leads([cell])
    return (without_first_listed_note(cell), True) if stated else (cell, False)


@lru_cache(maxsize=CELL_CACHE_SIZE)
def _read(written: str, first_leads: bool, declared: frozenset[str]) -> tuple[Mention, ...] | CellError:
    """A cell's reading, or the problem that stops it (returned, so that it can be kept too)."""
    where = Location("(cell)")
    if not written:
        return CellError("responsibility cell is empty", where.saying(""), code=Code.EMPTY_CELL)
    if len(written) > MAX_CELL_CHARS:
        reason = f"responsibility cell is longer than {MAX_CELL_CHARS} characters"
        return CellError(reason, where.saying(written[:60] + "…"))
    try:
        return _Reader(written, fold_cell(written), where, declared).read(first_leads)
    except CellError as problem:
        problem.__traceback__ = None  # kept in the cache: no frames held with it
        return problem


def explain_cell(
    cell: str, *, first_leads: bool = False, declared: Collection[str] = ()
) -> tuple[tuple[Mention, ...] | CellError, list[str]]:
    """The reading of a cell (or its problem) and, in words, each rule that gave it."""
    steps: list[str] = []
    written, stated = _without_note(one_line(cell))
    if stated:
        steps.append("the cell states the first-listed convention (…为牵头单位，下同): a note, read as the convention")
    try:
        reader = _Reader(written, fold_cell(written), Location("(cell)"), frozenset(declared), steps)
        return reader.read(first_leads or stated), steps
    except CellError as problem:
        return problem, steps


class _Reader:
    """One cell's reading: the text in its two forms, and the spans no separator splits."""

    def __init__(
        self, written: str, folded: str, where: Location, declared: frozenset[str], steps: list[str] | None = None
    ) -> None:
        self.written = written
        self.folded = folded
        self.where = where
        self.declared = declared
        self.atoms = _collective_spans(folded)
        self.steps = steps  # the rules applied, in words, when the reading is to be explained

    def note(self, step: str) -> None:
        """Say which rule was applied (only when explaining)."""
        if self.steps is not None:
            self.steps.append(step)

    def read(self, first_leads: bool) -> tuple[Mention, ...]:
        mentions: list[Mention] = []
        pending: list[_Unit] = []  # units whose clause has not closed yet
        forced: Role | None = None  # the role a label gives plain units (牵头单位：…)
        labelled = skipping = any_verb = any_label = False
        for piece in self._clauses():
            label = self._label(piece)
            if label is not None:
                if pending and not any_label and not all(has_known_shape(u.name, self.declared) for u in pending):
                    # 预期性指标，牵头单位：…: words before a cell's first label, which no label names (units
                    # there, 市商务局、市发改委 省牵头单位：…, are a plain list like any other)
                    span = _Span(pending[0].span.start, pending[-1].span.end)
                    raise CellError(
                        "words before the cell's first label, which no label names",
                        self._at(span),
                        code=Code.UNKNOWN_WORDS,
                    )
                mentions.extend(self._plain(pending, forced, any_verb))
                column, piece = label
                # a label naming people (责任领导：…) or a time (完成时限：…): not units
                skipping = column in (Column.IGNORED, Column.DEADLINE)
                forced = FORCED_ROLES.get(column)  # 责任单位： leaves its units to their words
                self.note(f"label before «{self.folded[piece.start : piece.end]}»: the {column.value} column's words")
                pending, labelled, any_label = [], labelled or forced is not None, True
            if skipping and not self._after_part_end(piece):
                continue
            skipping = False
            piece = self._without_by(piece)
            text = self.folded[piece.start : piece.end]
            verb = closing_verb(text)
            body = _Span(piece.start, piece.start + (verb.start if verb else len(text)))
            if verb is None:
                self.note(f"«{text}»: no role word closes it; its units wait for the next clause's verb")
                pending.extend(self._list(body))
                continue
            self.note(f"«{text}»: closed by «{verb.words}» → {verb.role.value} (roles.tsv; strongest word wins)")
            any_verb = True
            together = self.folded.find(TOGETHER_WITH, body.start, body.end)
            if together > body.start and not self._inside_atom(together):
                # X会同Y负责: X leads, Y and the rest of the clause participate.
                self.note("会同: the units before it lead, those after it participate")
                leading = [(u, Role.LEAD) for u in [*pending, *self._list(_Span(body.start, together))]]
                helping = self._list(_Span(together + len(TOGETHER_WITH), body.end))
                mentions.extend(self._clause([*leading, *((u, Role.PARTICIPATING) for u in helping)]))
                pending = []
                continue
            clause = [*pending, *self._list(body)]
            if not clause:
                raise CellError(f"role word {verb.words} with no unit before it", self._at(piece), code=Code.NO_UNIT)
            mentions.extend(self._clause([(u, verb.role) for u in clause]))
            pending = []
        mentions.extend(self._plain(pending, forced, any_verb))
        if not mentions:
            raise CellError("responsibility cell names no unit", self.where.saying(self.written), code=Code.EMPTY_CELL)
        mentions = self._one_placeholder(mentions)
        names_lead = any(m.role is Role.LEAD for m in mentions)
        if first_leads and not labelled and not names_lead and mentions[0].role is PLAIN_LIST_ROLE:
            mentions[0] = replace(mentions[0], role=Role.LEAD)
            self.note(f"the document says its first-listed unit leads, and no word names one: «{mentions[0].written}»")
        return tuple(mentions)

    def _one_placeholder(self, mentions: list[Mention]) -> list[Mention]:
        """省政府各部门、各直属机构; 市政府各部门，各有关单位; …成员单位等: the one unnamed remainder written
        twice with one role, in a row or apart (…领导小组各成员单位、市委宣传部、…、各有关单位), is one placeholder."""
        out: list[Mention] = []
        first: dict[Role, Mention] = {}  # the placeholder's first mention in each role
        for mention in mentions:
            if mention.name == PLACEHOLDER_NAME and mention.role in first:
                self.note(f"«{mention.written}» after «{first[mention.role].written}»: the same placeholder")
                continue
            if mention.name == PLACEHOLDER_NAME:
                first[mention.role] = mention
            out.append(mention)
        return out

    def _plain(self, pending: list[_Unit], forced: Role | None, any_verb: bool) -> list[Mention]:
        """Units no verb closed: a label's role, or a plain list's; after a verb elsewhere in the cell,
        units left without one are a problem (unless a collective makes them territorial)."""
        if not pending:
            return []
        if forced is not None:
            self.note(f"units after the label, no verb: {forced.value}")
            return self._clause([(u, forced) for u in pending])
        if any_verb and not any(u.shape == "collective" for u in pending):
            raise CellError(
                "units with no role word after them",
                self._at(_Span(pending[0].span.start, pending[-1].span.end)),
                code=Code.NO_ROLE,
            )
        self.note(f"a plain list with no verb: {PLAIN_LIST_ROLE.value}")
        return self._clause([(u, PLAIN_LIST_ROLE) for u in pending])

    # ---- spans ----------------------------------------------------------------------------------

    def _at(self, span: _Span) -> Location:
        return self.where.saying(self.written[span.start : span.end] or self.written)

    def _inside_atom(self, i: int) -> bool:
        return any(start <= i < end for start, end in self.atoms)

    def _clauses(self) -> list[_Span]:
        """The cell's clauses: pieces between ；，。, and a 、 ends one too where a role word stands
        before it or a label after it (区水务局牵头、各街办配合; 省财政厅、配合单位：…)."""
        out: list[_Span] = []
        for piece in self._split(_Span(0, len(self.folded)), CLAUSE_ENDS):
            start = piece.start
            for item in self._split(piece, LIST_SEPARATORS)[:-1]:
                before = self.folded[start : item.end]
                after = _Span(item.end + 1, piece.end)
                if _ends_with_role_word(before) or self._label(after) is not None:
                    self.note(f"«{before}、»: the 、 ends a clause")
                    out.append(_Span(start, item.end))
                    start = item.end + 1
            out.append(_Span(start, piece.end))
        return out

    def _split(self, span: _Span, separators: str) -> list[_Span]:
        """The non-empty pieces of a span between separators, none inside （…） or a collective."""
        pieces: list[_Span] = []
        depth, start = 0, span.start
        for i in range(span.start, span.end):
            ch = self.folded[i]
            depth += (ch == "（") - (ch == "）")
            if ch in separators and depth <= 0 and not self._inside_atom(i):
                pieces.append(_Span(start, i))
                start = i + 1
        pieces.append(_Span(start, span.end))
        return [piece for piece in pieces if piece.end > piece.start]

    def _label(self, piece: _Span) -> tuple[Column, _Span] | None:
        """A column label the piece begins with (牵头单位：…), its column and the rest of the piece."""
        mark = self.folded.find(_LABEL_MARK, piece.start, min(piece.end, piece.start + _MAX_LABEL_CHARS + 1))
        if mark < 0:
            return None
        column = column_of(self.folded[piece.start : mark])
        if column not in (Column.LEAD, Column.PARTICIPATING, Column.UNITS, Column.IGNORED, Column.DEADLINE):
            return None
        return column, _Span(mark + 1, piece.end)

    def _after_part_end(self, piece: _Span) -> bool:
        """Whether a ；or 。 stands right before the piece: the end of an unread label's value
        (对应指标：…；区委组织部、区水务局等单位), after which the cell's words are read again."""
        return piece.start > 0 and self.folded[piece.start - 1] in _PART_ENDS

    def _without_by(self, piece: _Span) -> _Span:
        if self.folded.startswith(BY, piece.start) and piece.end > piece.start + 1:
            self.note("a leading 由 is no part of a name")
            return _Span(piece.start + 1, piece.end)
        return piece

    # ---- lists ----------------------------------------------------------------------------------

    def _list(self, span: _Span) -> list[_Unit]:
        """The units of one 、-list, with shared endings distributed and level prefixes carried."""
        items: list[_Span] = []
        for item in self._split(span, LIST_SEPARATORS):
            if items and is_placeholder(self.folded[items[-1].start : item.end]):
                # 市直有关部门、单位; 市政府各部门、直属机构: a placeholder's body after it, one placeholder
                self.note(f"«{self.folded[items[-1].start : item.end]}»: one placeholder, its 、 inside it")
                items[-1] = _Span(items[-1].start, item.end)
            else:
                items.append(item)
        found = [pair for item in items for pair in self._item(item)]
        units = [unit for unit, _ in found]
        return [self._checked(u) for u in _carry(_distribute(units, [tail for _, tail in found], self.note), self.note)]

    def _item(self, item: _Span) -> list[tuple[_Unit, str | None]]:
        """One list item into units, each with the ending a 等-tail offers the names before it:
        A和B → A, B where both have a known shape; X等有关部门 → X, the placeholder."""
        text = self.folded[item.start : item.end]
        mark = role_mark(text) if (item.start, item.end) not in self.atoms else None
        if mark is not None:
            start, end, role = mark
            self.note(f"«{text}»: the mark beside «{text[start:end]}» gives it alone a role: {role.value}")
            *found, (last, ending) = self._item(_Span(item.start + start, item.start + end))
            return [*found, (replace(last, marked=role), ending)]
        if (item.start, item.end) in self.atoms or is_placeholder(text):
            return [(self._unit(item), None)]
        pieces = _joined_units(text, self._known_shape) or [(0, len(text))]
        if len(pieces) > 1:
            self.note(f"«{text}»: 和/及/与 between whole names → {len(pieces)} units")
        return [pair for s, e in pieces for pair in self._piece(_Span(item.start + s, item.start + e))]

    def _piece(self, piece: _Span) -> list[tuple[_Unit, str | None]]:
        text = self.folded[piece.start : piece.end]
        cut = text.rfind(ET_CETERA)
        if cut > 0 and not self._inside_atom(piece.start + cut) and _is_et_cetera_tail(text[cut + 1 :]):
            rest = text[cut + 1 :]
            head = self._item(_Span(piece.start, piece.start + cut))
            tail = _Span(piece.start + cut + 1, piece.end) if rest else _Span(piece.start + cut, piece.start + cut + 1)
            self.note(f"«{text}»: 等{rest} rounds off the list → the placeholder 有关部门（单位）")
            return [*head, (_Unit(tail, PLACEHOLDER_NAME, "placeholder"), placeholder_tail_ending(rest))]
        return [(self._unit(piece), None)]

    def _unit(self, span: _Span) -> _Unit:
        text = self.folded[span.start : span.end]
        if collectives.collective(text):
            return _Unit(span, text, "collective")
        if is_placeholder(text):
            return _Unit(span, PLACEHOLDER_NAME, "placeholder")
        return _Unit(span, text)

    def _known_shape(self, text: str) -> bool:
        return has_known_shape(text, self.declared)

    def _checked(self, unit: _Unit) -> _Unit:
        """The unit, if its name is one; else the cell goes to review."""
        if unit.shape != "name" or unit.name in self.declared:
            return unit
        name = unit.name
        if name.startswith(collectives.EACH) and collectives.match(name, 0) is None:
            name = name[1:]  # a group (各电力公司): the class of bodies must read as a name
            if government_place(name) is not None or name.endswith("政府"):
                raise CellError(
                    "names a group of governments that is no collective",
                    self._at(unit.span),
                    code=Code.UNKNOWN_GOVERNMENT,
                )
        if ends_as_remainder(name):
            raise CellError(
                "reads as an unnamed remainder (…有关单位) after words the placeholder table does not know",
                self._at(unit.span),
                code=Code.UNKNOWN_WORDS,
            )
        if government_place(name) not in words.LEVEL_WORDS and collectives.without_each(name):
            # (市政府 is the jurisdiction's own government, named by its level word)
            raise CellError(
                "names tiers of local government without 各: which governments it means is not told",
                self._at(unit.span),
                code=Code.UNKNOWN_GOVERNMENT,
            )
        if zone_of(name) or gazetteer.named(name) or is_town(name):
            return unit  # a zone, division, town or street named alone
        place = government_place(name)
        if place is not None:
            if _governs(place):
                return unit
            inside = _collective_inside(place)
            if inside or _holds_verb(place):
                sentence = words.NotAName.COLLECTIVE_INSIDE if inside else words.NotAName.VERB_IN_PLACE
                raise CellError(f"not a unit name: {sentence.value}", self._at(unit.span), code=Code.UNKNOWN_WORDS)
            raise CellError(
                f"«{place}» is no division, town or street: a government of no known place",
                self._at(unit.span),
                code=Code.UNKNOWN_GOVERNMENT,
            )
        reason = words.not_a_name(name)
        if reason is not None:
            raise CellError(f"not a unit name: {reason.value}", self._at(unit.span), code=Code.UNKNOWN_WORDS)
        return unit

    # ---- clauses --------------------------------------------------------------------------------

    def _clause(self, units: list[tuple[_Unit, Role]]) -> list[Mention]:
        """Mentions of one clause; from its first collective to its end the role is all_county."""
        mentions: list[Mention] = []
        territorial = False
        for unit, role in units:
            if unit.shape == "collective" and not territorial:
                self.note(f"«{unit.name}»: a collective; from it to the clause's end every unit is all_county")
            territorial = territorial or unit.shape == "collective"
            written = self.written[unit.span.start : unit.span.end]
            mentions.append(Mention(written, unit.name, Role.ALL_COUNTY if territorial else unit.marked or role))
        return mentions


def _collective_spans(folded: str) -> set[tuple[int, int]]:
    """Where collectives stand in the cell: separators inside them separate nothing (各县、区)."""
    spans: set[tuple[int, int]] = set()
    for i, ch in enumerate(folded):
        if ch not in (collectives.EACH, "地"):
            continue
        after_boundary = i == 0 or folded[i - 1] in _BEFORE_COLLECTIVE or folded.endswith(TOGETHER_WITH, 0, i)
        if not after_boundary:
            continue
        end = collectives.match(folded, i)
        if end is not None:
            spans.add((i, end))
    return spans


def _distribute(units: list[_Unit], tails: list[str | None], note: Callable[[str], None]) -> list[_Unit]:
    """Names that lack an ending take the shared ending of the next name that has one, or of a 等-tail
    (通川区、达川区人民政府 → 通川区人民政府; 发展改革、财政等部门 → 发展改革部门, 财政部门)."""
    out = list(units)
    run: list[int] = []
    for i, unit in enumerate(units):
        ending = tails[i] if tails[i] is not None else shared_ending(unit.name) if unit.shape == "name" else None
        bare = words.core(unit.name)
        lacks = words.lacks_ending(bare) or words.looks_ended_place(bare)
        if unit.shape == "name" and bare == unit.name and lacks:
            run.append(i)
            continue
        if ending is not None:
            for j in run:
                if not completes(units[j].name, ending):
                    note(f"«{units[j].name}» is no area's name: does not take the shared «{ending}»")
                    continue
                out[j] = replace(out[j], name=_completed(out[j].name, ending))
                note(f"«{units[j].name}» has no ending of its own: takes the shared «{ending}» → «{out[j].name}»")
        run = []
    return out


def _completed(name: str, ending: str) -> str:
    """The name with the shared ending, less what the name already ends with (文昌街道 + 街道办事处 →
    文昌街道办事处)."""
    overlap = next((k for k in range(len(ending) - 1, 0, -1) if name.endswith(ending[:k])), 0)
    return name + ending[overlap:]


def _carry(units: list[_Unit], note: Callable[[str], None]) -> list[_Unit]:
    """A level prefix carries down the list to names that have none and name no place
    (省发展改革委、财政厅 → 省财政厅; 县发改局、市场监管局 → 县市场监管局)."""
    out: list[_Unit] = []
    current: str | None = None
    for unit in units:
        if unit.shape != "name":
            current = None
            out.append(unit)
            continue
        level = words.level_word(unit.name)
        if level is not None:
            current = level.word if level.carries else None
        elif current is not None and _takes_prefix(unit.name):
            note(f"«{unit.name}» has no level word: takes «{current}» from the name before it")
            unit = replace(unit, name=current + unit.name)
        else:
            current = None
        out.append(unit)
    return out


def _ends_with_role_word(text: str) -> bool:
    """Whether text is units closed by a role word (区水务局牵头), so that a 、 after it ends a clause."""
    verb = closing_verb(text)
    return verb is not None and verb.start > 0


def _names_town_bodies(name: str) -> bool:
    """Whether a name's first word is a town tier word of two characters or more (街道城管中队: the
    streets' squads, not the district's): it takes no carried level word."""
    first = words.tokens(name)[0].word
    return len(first) >= 2 and first in collectives.town_words()


def _is_et_cetera_tail(rest: str) -> bool:
    """What may follow 等 to close a list: nothing (X等配合), a placeholder, or 部门/单位."""
    return not rest or is_placeholder(rest) or placeholder_tail_ending(rest) is not None


def _takes_prefix(name: str) -> bool:
    """Only a government body's name takes a carried level word (省财政厅): companies, banks, schools
    and the like (辽港集团) are no level's, nor is a body named after a place (祁连山…管理局, a county's
    short name: 东丽公安分局) or after the towns (街道城管中队)."""
    return words.is_government_body(name) and not (
        name.startswith(collectives.EACH)
        or words.has_inner_level(name)
        or gazetteer.place_names_in(name)
        or words.begins_with_place(name)
        or _names_town_bodies(name)
        or gazetteer.named(name)
        or words.is_national(name)
        or is_town(name)
    )


def _collective_inside(text: str) -> bool:
    """Whether a collective stands after other words in `text` (以下均需各县（市、区）of a standing note
    that ends in 人民政府): no place is so named."""
    return any(ch == collectives.EACH and collectives.match(text, i) for i, ch in enumerate(text) if i > 0)


def _holds_verb(place: str) -> bool:
    """Whether a government's place holds a verb among words enough for a sentence (具体任务均涉及相关区
    of a standing note that ends in 人民政府): no place. 有关/相关, which jieba tags as verbs, qualify a
    place; a short place name that jieba cuts into a verb and a word (拦隆口) is an unknown place."""
    related = collectives.placeholder_words("related")
    tokens = words.tokens(place)
    return len(tokens) >= _SENTENCE_WORDS and any(t.flag.startswith("v") and t.word not in related for t in tokens)


# The fewest words a sentence written where a government's place should stand holds.
_SENTENCE_WORDS = 3


def _governs(place: str) -> bool:
    """Whether a government's place is one: a level word, a division (possibly after its parents:
    达州市渠县), a town."""
    if place in words.LEVEL_WORDS or is_town(place) or gazetteer.divisions_called(place):
        return True
    names = gazetteer.place_names_in(place)
    last = place[place.rindex(names[-1]) + len(names[-1]) :] if names else ""
    return bool(names) and (not last or bool(gazetteer.named(last)))


def _joined_units(text: str, known: object) -> list[tuple[int, int]] | None:
    """Cut `text` at conjunctions into names of known shape, or None if it cannot be.

    A conjunction separates only between two such names, so 市自然资源和规划局 stays one name while
    市卫生健康委和各县（市、区）人民政府 is two. The earliest cut that leaves names on both sides wins.
    Worked from the end (best[start] = the cuts from `start` on) and with candidate names no longer
    than MAX_UNIT_CHARS, a long chain costs linear time, not exponential.
    """
    is_known = known if callable(known) else (lambda _: False)
    starts = [0, *(i + 1 for i, ch in enumerate(text) if ch in CONJUNCTIONS)]
    if len(starts) == 1:
        return None
    best: dict[int, list[tuple[int, int]] | None] = {}
    for start in reversed(starts):
        found: list[tuple[int, int]] | None = None
        for end in (s - 1 for s in starts if start < s - 1 <= start + words.MAX_UNIT_CHARS):
            rest = best.get(end + 1)
            if rest is not None and is_known(text[start:end]):
                found = [(start, end), *rest]
                break
        if found is None and is_known(text[start:]):
            found = [(start, len(text))]
        best[start] = found
    return best[0]
