"""Quantitative targets: the numbers a task commits to (新增床位900张, 达标率达到80%, 每年至少2000万元).

`targets_of(task)` reads one task's text; `targets_in(text)` reads any text. The words are data in
`derived/data/` (`derived.target_words` reads them); what a target counts is read by
`derived.measures`.

A target is a number followed by a measure word (target_units.tsv). Not targets:

- years, months and dates (2025年, 2022年底前, 6月底前): 年, 月, 日 are no measure words;
- quoted names and titles (“十四五”, “一老一小”, “最多跑一次”, 《…》) and plans (十三五): a name
  commits to nothing;
- ordinal, article and list numbers (第一, 第三方, 一是, （一）, 1.): 第… is passed over, the others
  have no measure word;
- document numbers (〔2022〕5号) and telephone numbers (0818-2345678, 11-digit mobiles);
- ages (2至3岁, 65岁及以上): they say who, not how many;
- durations no comparator or link word binds (3个月内, 15分钟养老服务圈): a period or the name of a
  concept; a bound one is a target (审批时间压缩至3个工作日以内);
- a one-character Chinese numeral without a comparator (两个条例, 三项措施, 一次性, 一户一档): a word
  or a list count; with one it is a target (至少建成一个);
- baselines (从120家增加到150家: 150 is the target, its measure the words before 从);
- numbers glued to letters (5G, H5), bare 百/千/万 (百姓, 千兆, 万家), per words (每千人口).

Values: 万/亿 before a measure word multiply (1.2万张 is 12000 张, 两万人 is 20000 人); a currency
word keeps them (2,000万元 is 2000 万元). A range (3-5个, 80%～90%) gives `value` its low end and
`value_max` its high end. In a 、-list of one unit (达到80%、95%以上) a comparator written once before
or after the list binds each of its numbers.

The span of a target runs from its measure (or its first comparator or per word) to its unit and
the comparator after it, or to its measure where that follows the number.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from derived import measures
from derived.numerals import CHINESE_NUMERAL_CHARS, MULTIPLIERS, NUMBER, fold, number_value, single_character
from derived.target_words import (
    PERCENT_WORD,
    Binding,
    Comparator,
    Place,
    UnitKind,
    UnitWord,
    before_words,
    bindings,
    clause_pattern,
    per_pattern,
    per_words,
    place_pattern,
    unit_pattern,
    unit_words,
)
from pipeline.records import Task

__all__ = ["Comparator", "Reading", "Target", "targets_in", "targets_of"]


@dataclass(frozen=True)
class Reading:
    """A target read from a text, before it is tied to its task."""

    position: int  # 1-based, in text order
    start: int  # where `span` starts in the text
    span: str  # the exact words it was read from
    value: float
    value_max: float | None  # the high end of a range (3-5个), else None
    unit: str
    comparator: Comparator | None
    measure: str | None
    per: tuple[str, ...]


@dataclass(frozen=True)
class Target:
    """One quantitative commitment of a task: a row of the `targets` table."""

    task_id: str
    doc_id: str
    table_no: int
    seq: int
    position: int
    value: float
    value_max: float | None
    unit: str
    comparator: Comparator | None
    measure: str | None
    per: tuple[str, ...]
    span: str
    start: int  # where `span` starts in the task text


def targets_of(task: Task) -> tuple[Target, ...]:
    """The quantitative targets of one task's text, in text order."""
    return tuple(
        Target(
            task_id=task.task_id,
            doc_id=task.doc_id,
            table_no=task.table_no,
            seq=task.seq,
            position=r.position,
            value=r.value,
            value_max=r.value_max,
            unit=r.unit,
            comparator=r.comparator,
            measure=r.measure,
            per=r.per,
            span=r.span,
            start=r.start,
        )
        for r in targets_in(task.task_text)
    )


# ---- the text --------------------------------------------------------------------------------------

_NUMERALS = f"0-9{CHINESE_NUMERAL_CHARS}"
_MASKS = re.compile(
    "|".join(
        (
            r"“[^”]*”|‘[^’]*’|《[^》]*》|「[^」]*」|『[^』]*』|\"[^\"]*\"",  # quoted names, titles
            r"[〔\[［【(（][0-9]{4}[〕\]］】)）]\s*第?[0-9]+号",  # document numbers: 〔2022〕5号
            r"十[一二三四五六七八九]五",  # plans: 十四五, 十三五
            rf"第[{_NUMERALS}]+",  # ordinals and articles: 第一, 第三方, 第40届
            r"0[0-9]{2,3}-[0-9]{7,8}|(?<![0-9])1[3-9][0-9]{9}(?![0-9])",  # telephone numbers
        )
    )
)

# Where sentences, clauses and phrases end. A 、 ends a measure's phrase, not a clause (a rate word
# carries over a 、-list: 每千人口不少于10个托位、老城区…不少于8个托位).
_SENTENCE_MARKS = frozenset("。；;！？!?\n")
_CLAUSE_MARKS = _SENTENCE_MARKS | frozenset("，,：:")
_PHRASE_MARKS = _CLAUSE_MARKS | frozenset("、")
_LIST_MARK = "、"
_RANGE_MARKS = frozenset("-~—–至到")
_OPENING, _CLOSING = frozenset("（("), frozenset("）)")
_PAIRED = "分别"
_PAIR_SEPARATORS = re.compile(r"、|和|及|与")


class _Text:
    """A text folded to ASCII digits, with what every rule asks of it computed once: where each
    sentence, clause and phrase begins, what is masked, and where the per words are."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded = fold(text)
        self.per_matches = list(per_pattern().finditer(self.folded))
        self.per_ends = [m.end() for m in self.per_matches]
        # Where each per (county, year, …) is said, by its scope: a few lists, looked up by bisection.
        self.per_said: dict[tuple[str, bool], tuple[list[int], list[int]]] = {}
        for match in self.per_matches:
            word = per_words()[match.group()]
            starts, ends = self.per_said.setdefault((word.per, word.sentence), ([], []))
            starts.append(match.start())
            ends.append(match.end())
        self.masked = bytearray(len(text))
        for match in (*_MASKS.finditer(self.folded), *self.per_matches):
            self.masked[match.start() : match.end()] = b"\x01" * (match.end() - match.start())

    @cached_property
    def _starts(self) -> tuple[list[int], list[int], list[int]]:
        """For each offset, where its sentence, clause and phrase begin; marks inside brackets
        (各县（市、区）) end nothing, and a sentence mark closes any bracket left open."""
        sentence, clause, phrase = [0], [0], [0]
        depth = 0
        for i, char in enumerate(self.folded):
            s, c, p = sentence[-1], clause[-1], phrase[-1]
            if char in _OPENING:
                depth += 1
            elif char in _CLOSING:
                depth = max(0, depth - 1)
            elif char in _SENTENCE_MARKS:
                depth, s, c, p = 0, i + 1, i + 1, i + 1
            elif depth == 0 and char in _CLAUSE_MARKS:
                c = p = i + 1
            elif depth == 0 and char in _PHRASE_MARKS:
                p = i + 1
            sentence.append(s)
            clause.append(c)
            phrase.append(p)
        return sentence, clause, phrase

    # Where the sentence, clause and phrase of each offset begin: worked out only for a text with a
    # quantity in it (most task texts have none).
    @property
    def sentence_start(self) -> list[int]:
        return self._starts[0]

    @property
    def clause_start(self) -> list[int]:
        return self._starts[1]

    @property
    def phrase_start(self) -> list[int]:
        return self._starts[2]

    def is_masked(self, start: int, end: int) -> bool:
        """Whether any of text[start:end] is masked."""
        return any(self.masked[start:end])

    def per_of(self, pos: int) -> tuple[str, ...]:
        """What a number at `pos` counts per: the per words before it within their scope, in the
        order they are said; of the words of bodies (sentence scope) only the nearest holds."""
        said: list[tuple[int, str]] = []
        body: tuple[int, str] | None = None
        for (per, sentence), (starts, ends) in self.per_said.items():
            scope_start = (self.sentence_start if sentence else self.clause_start)[pos]
            first = bisect.bisect_left(starts, scope_start)
            last = bisect.bisect_right(ends, pos) - 1
            if first > last:
                continue
            if not sentence:
                said.append((starts[first], per))
            elif body is None or starts[last] > body[0]:
                body = (starts[last], per)
        if body is not None:
            said.append(body)
        return tuple(dict.fromkeys(per for _, per in sorted(said)))

    def last_per_end(self, pos: int) -> int:
        """The end of the last per word that ends at or before `pos` (0 if none)."""
        index = bisect.bisect_right(self.per_ends, pos)
        return self.per_ends[index - 1] if index else 0

    def clause_end(self, pos: int) -> int:
        """Where the clause that holds `pos` ends."""
        depth = 0
        for i in range(pos, min(len(self.folded), pos + measures.MAX_PHRASE_CHARS)):
            char = self.folded[i]
            if char in _OPENING:
                depth += 1
            elif char in _CLOSING:
                depth = max(0, depth - 1)
            elif char in _SENTENCE_MARKS or (depth == 0 and char in _CLAUSE_MARKS):
                return i
        return min(len(self.folded), pos + measures.MAX_PHRASE_CHARS)


# ---- numbers and their measure words ----------------------------------------------------------------


@dataclass(frozen=True)
class _Quantity:
    """A number with its measure word, as found in the folded text."""

    start: int  # of the number
    end: int  # after the unit and any comparator word after it
    value: Decimal
    value_max: Decimal | None
    unit: UnitWord
    single: bool  # a one-character Chinese numeral
    inner: Binding | None  # 余, 多
    after: Binding | None  # 以上, 左右


def _quantities(text: _Text) -> list[_Quantity]:
    """Every number followed by a measure word, a range read as one."""
    found: list[_Quantity] = []
    resume = 0
    for match in NUMBER.finditer(text.folded):
        if match.start() < resume or text.is_masked(match.start(), match.end()):
            continue
        quantity = _quantity_at(text, match)
        if quantity is not None:
            found.append(quantity)
            resume = quantity.end
    return found


def _number(folded: str, match: re.Match[str]) -> tuple[Decimal, int, bool] | None:
    """A number's value, where it ends, and whether it is one Chinese character; a Chinese numeral
    gives back a trailing 万/亿 that begins a currency word (两千万元 is 2000 万元)."""
    written, end = match.group(), match.end()
    single = bool(match.group("chinese")) and single_character(written)
    if match.group("chinese"):
        for back in (1, 2):
            unit = unit_pattern().match(folded, end - back)
            if back < len(written) and unit and unit_words()[unit.group()].kind is UnitKind.MONEY:
                written, end = written[:-back], end - back
                break
    value = number_value(written)
    return None if value is None else (value, end, single)


def _unit_at(folded: str, pos: int) -> tuple[UnitWord, int] | None:
    match = unit_pattern().match(folded, pos)
    if match is None:
        return None
    unit = unit_words()[match.group()]
    if match.end() < len(folded) and folded[match.end()] in unit.guard:
        return None  # 5项目, 3家庭: the word is part of a longer one
    return unit, match.end()


def _multiplier_at(folded: str, pos: int) -> tuple[Decimal, int] | None:
    """A 万/亿 (千万, 百万) written at `pos`: its factor and where it ends."""
    word = next((w for w in MULTIPLIERS if folded.startswith(w, pos)), None)
    return None if word is None else (MULTIPLIERS[word], pos + len(word))


def _measured(folded: str, pos: int) -> tuple[Decimal, Binding | None, UnitWord, int] | None:
    """What follows a number: [multiplier] [余/多] measure word, as (multiplier, the 余/多 word, unit,
    end); a currency word is taken whole before a multiplier (万元)."""
    unit = _unit_at(folded, pos)
    if unit is not None:
        return Decimal(1), None, unit[0], unit[1]
    multiplier = Decimal(1)
    written = _multiplier_at(folded, pos)
    if written is not None:
        multiplier, pos = written
        unit = _unit_at(folded, pos)
        if unit is not None:
            return multiplier, None, unit[0], unit[1]
    inner = place_pattern(Place.INNER).match(folded, pos)
    unit = _unit_at(folded, inner.end()) if inner else None
    if inner is None or unit is None:
        return None
    return multiplier, bindings()[inner.group()], unit[0], unit[1]


def _quantity_at(text: _Text, match: re.Match[str]) -> _Quantity | None:
    folded = text.folded
    if match.group("percent"):
        percent = number_value(match.group("percent"))
        if percent is None:
            return None
        return _finish(folded, match.start(), match.end(), (percent, None), unit_words()[PERCENT_WORD], False, None)
    number = _number(folded, match)
    if number is None:
        return None
    value, end, single = number
    first = _measured(folded, end)
    low_multiplier, range_at = (first[0], first[3]) if first else (_multiplier_at(folded, end) or (None, end))
    high = _range_end(text, range_at)
    if high is not None and (first is None or first[2] == high[1]):
        high_value, unit, multiplier, inner, unit_end = high
        low = value * (low_multiplier or multiplier)
        return _finish(folded, match.start(), unit_end, (low, high_value), unit, False, inner)
    if first is None:
        return None
    multiplier, inner, unit, unit_end = first
    return _finish(folded, match.start(), unit_end, (value * multiplier, None), unit, single, inner)


def _range_end(text: _Text, pos: int) -> tuple[Decimal, UnitWord, Decimal, Binding | None, int] | None:
    """The high end of a range that begins at `pos` with a range mark (3-5个, 80%～90%)."""
    folded = text.folded
    if pos >= len(folded) or folded[pos] not in _RANGE_MARKS:
        return None
    match = NUMBER.match(folded, pos + 1)
    if match is None or match.group("percent") or text.is_masked(match.start(), match.end()):
        return None
    number = _number(folded, match)
    measured = _measured(folded, number[1]) if number else None
    if number is None or measured is None:
        return None
    multiplier, inner, unit, unit_end = measured
    return number[0] * multiplier, unit, multiplier, inner, unit_end


def _finish(
    folded: str,
    start: int,
    unit_end: int,
    values: tuple[Decimal, Decimal | None],
    unit: UnitWord,
    single: bool,
    inner: Binding | None,
) -> _Quantity:
    after = place_pattern(Place.AFTER).match(folded, unit_end)
    if after is None:
        return _Quantity(start, unit_end, values[0], values[1], unit, single, inner, None)
    return _Quantity(start, after.end(), values[0], values[1], unit, single, inner, bindings()[after.group()])


# ---- the words around a number ------------------------------------------------------------------------


@dataclass
class _Draft:
    """A target being read: its quantity, the words before it, and what they tell."""

    quantity: _Quantity
    chain_start: int  # where the run of comparator, link and per words right before the number starts
    chain: tuple[Binding, ...]  # their bindings, nearest the number first
    clause_binding: Binding | None  # a clause-wide word before the run (至少 of 至少建成1个)
    clause_binding_start: int | None
    per: tuple[str, ...]
    floor: int  # where the quantity before it ends: its measure starts no earlier
    phrase_end: int  # where the words that may hold its measure end (the chain's start, or a baseline's)
    measure: str | None = None
    measure_start: int | None = None  # where a measure before the number starts
    measure_end: int | None = None  # where a measure after the number ends

    @property
    def before(self) -> Comparator | None:
        """The comparator said before the number."""
        said = [b.comparator for b in self.chain if b.comparator is not None]
        if said:
            return said[0]
        return self.clause_binding.comparator if self.clause_binding else None

    @property
    def own_after(self) -> Comparator | None:
        """The comparator said between the number and its unit, or after the unit."""
        said = [b.comparator for b in (self.quantity.inner, self.quantity.after) if b and b.comparator]
        return said[0] if said else None

    @property
    def bound(self) -> bool:
        """Whether any comparator or link word binds the number."""
        return bool(self.chain or self.clause_binding or self.quantity.inner or self.quantity.after)

    @property
    def is_baseline(self) -> bool:
        """Whether the number is where a change starts (从120家)."""
        return any(b.baseline for b in self.chain)

    def is_target(self) -> bool:
        """Whether the number is a target (the module's docstring says which are not)."""
        kind = self.quantity.unit.kind
        if self.is_baseline:
            return False
        if kind is UnitKind.AGE or (kind is UnitKind.TIME and not self.bound):
            return False
        return not (self.quantity.single and self.before is None and self.own_after is None)


def _draft(text: _Text, quantity: _Quantity, previous_end: int) -> _Draft:
    """The words before a number: the run of comparator, link and per words right before it, a
    clause-wide comparator word before that, and the per words whose scope holds the number."""
    folded = text.folded
    words, lengths = before_words()
    chain: list[Binding] = []
    pos = quantity.start
    while pos > previous_end:
        word = next((w for n in lengths if pos - n >= previous_end and (w := folded[pos - n : pos]) in words), None)
        if word is None:
            break
        found = words[word]
        if isinstance(found, Binding):
            chain.append(found)
        pos -= len(word)
    clause_binding, clause_binding_start = None, None
    if not any(b.comparator for b in chain):
        for match in clause_pattern().finditer(folded, max(previous_end, text.clause_start[pos]), pos):
            if not text.is_masked(match.start(), match.end()):
                clause_binding, clause_binding_start = bindings()[match.group()], match.start()
    per = text.per_of(quantity.start)
    return _Draft(quantity, pos, tuple(chain), clause_binding, clause_binding_start, per, previous_end, pos)


def _list_groups(folded: str, drafts: list[_Draft]) -> list[list[_Draft]]:
    """Targets in runs joined by 、 alone, of one unit (80%、95%以上); a lone target is a run of one."""
    groups: list[list[_Draft]] = []
    for draft in drafts:
        last = groups[-1][-1] if groups else None
        if (
            last is not None
            and folded[last.quantity.end : draft.quantity.start] == _LIST_MARK
            and last.quantity.unit.unit == draft.quantity.unit.unit
        ):
            groups[-1].append(draft)
        else:
            groups.append([draft])
    return groups


def _comparator(draft: _Draft, group: list[_Draft]) -> Comparator | None:
    """A target's own comparator after its number, else its own before it, else its list's (after
    the list's last number, before its first): the word nearer the number wins."""
    return draft.own_after or group[-1].own_after or draft.before or group[0].before


# ---- measures -------------------------------------------------------------------------------------------


def _measure_group(text: _Text, group: list[_Draft]) -> None:
    """Read the measure of each target of a list; a 分别-list pairs its measures with its numbers in
    order (A率、B率分别达到80%、95%), and gives none where the counts differ."""
    first = group[0]
    if len(group) > 1 and any(b.word == _PAIRED for b in first.chain):
        start = max(text.clause_start[first.chain_start], text.last_per_end(first.chain_start))
        subject = text.text[start : first.chain_start]
        parts = _PAIR_SEPARATORS.split(subject)
        if len(parts) == len(group):
            for draft, part in zip(group, parts, strict=True):
                found = measures.before(part)
                draft.measure = found[0] if found else None
        return
    for draft in group:
        _measure(text, draft)


def _measure(text: _Text, draft: _Draft) -> None:
    quantity = draft.quantity
    if quantity.unit.kind is UnitKind.NOUN:
        return  # 10个托位: the measure word is what is counted
    changes = [b for b in draft.chain if b.keep]
    phrase_end = end = draft.phrase_end
    if changes:
        # The measure ends with its change word (收入增长10%, 生产总值年均增长7%).
        index = text.folded.find(changes[-1].word, draft.chain_start, quantity.start)
        end = index + len(changes[-1].word)
    start = max(text.phrase_start[phrase_end], text.last_per_end(phrase_end), draft.floor)
    if draft.clause_binding is not None and draft.clause_binding_start is not None:
        start = max(start, draft.clause_binding_start + len(draft.clause_binding.word))
    found = measures.before(text.text[start:phrase_end]) if start < phrase_end else None
    if found is not None:
        draft.measure_start = start + found[1]
        draft.measure = text.text[draft.measure_start : end] if changes else found[0]
    elif changes:
        draft.measure_start = end - len(changes[-1].word)
        draft.measure = text.text[draft.measure_start : end]
    else:
        found = measures.after(text.text[quantity.end : text.clause_end(quantity.end)])
        if found is not None:
            draft.measure = found[0]
            draft.measure_end = quantity.end + found[1] + len(found[0])


# ---- reading ------------------------------------------------------------------------------------------


def targets_in(text: str) -> tuple[Reading, ...]:
    """The quantitative targets of a text, in order (the module's docstring gives the rules)."""
    read = _Text(text)
    drafts: list[_Draft] = []
    previous: _Draft | None = None
    for quantity in _quantities(read):
        draft = _draft(read, quantity, previous.quantity.end if previous else 0)
        if previous and previous.is_baseline and previous.quantity.end == draft.chain_start:
            # 数量从120家增加到150家: the measure stands before the baseline.
            draft.floor, draft.phrase_end = previous.floor, previous.chain_start
        previous = draft
        if draft.is_target():
            drafts.append(draft)
    readings: list[Reading] = []
    for group in _list_groups(read.folded, drafts):
        _measure_group(read, group)
        for draft in group:
            readings.append(_reading(read, draft, _comparator(draft, group), len(readings) + 1))
    return tuple(readings)


def _reading(text: _Text, draft: _Draft, comparator: Comparator | None, position: int) -> Reading:
    quantity = draft.quantity
    starts = [draft.chain_start, draft.clause_binding_start, draft.measure_start]
    start = min(s for s in starts if s is not None)
    # A per word right before the words read is one of them (人均用地不少于0.1平方米).
    if start and text.last_per_end(start) == start:
        start = text.per_matches[bisect.bisect_right(text.per_ends, start) - 1].start()
    end = max(quantity.end, draft.measure_end or 0)
    return Reading(
        position=position,
        start=start,
        span=text.text[start:end],
        value=float(quantity.value),
        value_max=None if quantity.value_max is None else float(quantity.value_max),
        unit=quantity.unit.unit,
        comparator=comparator,
        measure=draft.measure,
        per=draft.per,
    )
