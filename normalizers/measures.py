"""Tasks written inside a document's text: numbered measures that carry their responsibility.

A notice often assigns its measures in its own body instead of an annex table:

    （三）加快建设农村养老服务网络。……（市民政局牵头，市财政局参加）。
    1.建立家庭托育点登记备案制度。
    牵头单位：市卫生健康委
    责任单位：市发展改革委、市民政局

A numbered paragraph (一、 （一） 1. 1、 （1）) is a measure when its text ends in a bracketed
responsibility clause, or when labelled lines follow it (or stand inside it) whose labels are the
same header words that name a table's columns (normalizers/data/headers.tsv). A bracket is a
responsibility clause when it reads as one (`cells.read_cell`), or when it holds a role word and so
must be one even if it cannot be read (it then goes to review with its task); a plain aside,
（2022—2025年） or （以下简称…）, is neither. Numbered paragraphs that are no measure are headings:
their first sentence is a section for the measures below them, nesting by numbering style as
section rows do in tables.

One run of measures, not broken by a task table or an 附件N label, becomes one table with layout
`inline`, numbered with the document's tables in document order (CONTRACT.md, Layout).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

import regex

from normalizers.cells import reads_as_units
from normalizers.columns import Column, column_of
from normalizers.roles import closing_verb
from normalizers.text import AS_PARENTHESES, OTHER_BRACKETS, clean_text
from parsers.headers import split_number
from parsers.layout import Sections, annex_label
from pipeline.errors import Code, Location, ParseError
from pipeline.records import Grid, GridRow, Layout, Paragraph, ParsedDocument

# The header an inline table is read under: its labels take the columns they name; a bracket
# clause fills the 责任单位 column, added when no label names one.
_SEQ_HEADER, _TASK_HEADER, _UNITS_HEADER = "序号", "重点任务", "责任单位"
_UNIT_LABELS = (Column.LEAD, Column.UNITS)  # a measure's labels must name one of these
_NOT_LABELS = (None, Column.SEQ, Column.TASK)

# A label: a few Han characters and a colon, at the start of a line or after a pause.
_LABEL = regex.compile(r"(?:^|(?<=[\s。；;，,]))(?P<label>\p{Han}{2,10})[：:]")
# The bracket closing a measure (balanced, so 各县（市、区） inside it stays), then its final stops.
_CLOSING_BRACKET = regex.compile(r"(?P<bracket>[（(](?:[^（）()]|(?&bracket))*[)）])(?P<tail>[\s。；;.．]*)$")


@dataclass(frozen=True)
class _Closing:
    """The bracket a text ends with: where it starts, its words, and the stops after it."""

    start: int
    inside: str
    tail: str


def _closing(text: str) -> _Closing | None:
    match = _CLOSING_BRACKET.search(text.translate(AS_PARENTHESES))
    if match is None:
        return _closing_by_kind(text)
    start, end = match.span("bracket")
    return _Closing(start, text[start + 1 : end - 1].strip(), match["tail"])


_OPENER_OF = {closing: opening for opening, closing in OTHER_BRACKETS.items()}
_TAIL = " \t。；;.．"


def _closing_by_kind(text: str) -> _Closing | None:
    """A closing bracket of a kind of its own (［…］, 〔…〕) whose parentheses inside do not balance
    (佳木斯's ［市水务局牵头，…各县（市）区政府负责落实。…不再列出）］): its own pair delimits it."""
    body = text.rstrip(_TAIL)
    opener = _OPENER_OF.get(body[-1:])
    start = body.rfind(opener) if opener else -1
    if start < 0:
        return None
    return _Closing(start, body[start + 1 : -1].strip(), text[len(body) :])


_VALUE_END = "。；;，,.． \t"
_SENTENCE_END = regex.compile(r"[。；;]")
# Paragraphs that are no title: a document number (达市府办〔2022〕12号), a date, a page's path.
_NOT_A_TITLE = regex.compile(r"〔|\[|【|^\d{4}年\d{1,2}月\d{1,2}日$|>|当前位置|首页")
_TITLE_CHARS = (5, 120)


@dataclass(frozen=True)
class _Line:
    text: str
    line: int


@dataclass(frozen=True)
class _Measure:
    number: str
    task_text: str
    values: tuple[tuple[str, str, int], ...]  # (label, value, line); a bracket clause has label ""
    line: int
    section_path: tuple[str, ...]


def with_inline_tables(parsed: ParsedDocument) -> ParsedDocument:
    """The document with each run of inline measures as a table of its own, every table numbered
    in document order; refused when it holds neither a task table nor a measure."""
    runs = list(_runs(parsed))
    if not runs and not parsed.tables:
        hint = f"; {'; '.join(parsed.notes)}" if parsed.notes else ""
        raise ParseError(
            "no task table found (no header row starting with 序号) and no numbered measure with a "
            f"responsibility clause (…（市发展改革委牵头）, or 牵头单位：… lines) in the text{hint}",
            Location(parsed.source.path),
            code=Code.NO_TABLE,
        )
    if not runs:
        return parsed
    placed = [((g.paragraphs_before, 0), g) for g in parsed.tables] + [((g.paragraphs_before, 1), g) for g in runs]
    ordered = [grid for _, grid in sorted(placed, key=lambda item: item[0])]
    return replace(parsed, tables=tuple(replace(g, table_no=n) for n, g in enumerate(ordered, 1)))


def _runs(parsed: ParsedDocument) -> Iterator[Grid]:
    """One grid per run of measures: the paragraphs between tables and 附件N labels are a region."""
    paragraphs = parsed.paragraphs
    labels = (i for i, p in enumerate(paragraphs) if annex_label(p.text) is not None)
    cuts = sorted({0, len(paragraphs), *(g.paragraphs_before for g in parsed.tables), *labels})
    title = document_title(paragraphs)
    for start, end in pairwise(cuts):
        region = paragraphs[start:end]
        measures = _measures(region)
        if not measures:
            continue
        annex = annex_label(region[0].text)
        run_title = document_title(region[1:]) if annex is not None else title
        yield _grid(measures, start, annex, run_title)


def _measures(region: Sequence[Paragraph]) -> list[_Measure]:
    lines = [_Line(text.strip(), p.line) for p in region for text in p.text.split("\n") if text.strip()]
    items = _numbered(lines)
    owners = _owners(items)
    sections = Sections()
    measures: list[_Measure] = []
    given: dict[str, str] = {}  # a heading that assigns the measures under it → its clause
    for k, item in enumerate(items):
        if item.style == "part":
            sections.enter(_heading(item.number, item.rest))
            continue
        owner, measure = item, item.own
        if k in owners:
            owner = items[owners[k]]
            measure = _measure(owner.number, _owned_text(lines, owner, item), [*item.values, *item.closing], owner.line)
        if measure is None:
            heading = _heading(item.number, item.rest)
            sections.enter(heading)
            above = next((given[h] for h in reversed(sections.path()[:-1]) if h in given), None)
            clause = _assigning(item.rest)
            if clause is not None:
                given[heading] = clause
                if item.paragraphs:  # （一）省监察厅牵头的工作 / 开展行政效能监察…: the paragraph is its measure
                    text = "\n".join(p.text for p in item.paragraphs)
                    values = (("", clause, item.line), *item.values, *item.closing)
                    measures.append(_Measure("", text, values, item.paragraphs[0].line, sections.path()))
            elif above is not None:  # 1.推进政府机构改革… under （三）省编办牵头的工作
                values = (("", above, item.line), *item.values, *item.closing)
                measures.append(_Measure(item.number, item.body, values, item.line, sections.path()[:-1]))
            else:
                measures += (replace(under, section_path=sections.path()) for under in item.under)
            continue
        sections.enter(_heading(item.number, _first_line(item.body)))
        sections.enter(_heading(owner.number, _first_line(owner.body)))  # the sub-items under the owner close with it
        measures.append(replace(measure, section_path=sections.path()[:-1]))
    return measures


@dataclass(frozen=True)
class _Numbered:
    """A numbered paragraph, with the labelled or bracketed lines that close it."""

    number: str
    style: str
    rest: str  # the text after the number
    body: str  # the text before its first label
    values: tuple[tuple[str, str, int], ...]  # labels inside the paragraph
    closing: tuple[tuple[str, str, int], ...]  # labelled lines after it, or a clause alone on a line
    line: int
    index: int  # where it stands in the region's lines
    own: _Measure | None  # the measure its own text makes (its own labels or closing bracket), if any
    under: tuple[_Measure, ...] = ()  # the measures of the unnumbered paragraphs under a heading
    paragraphs: tuple[_Line, ...] = ()  # the unnumbered lines right under it, before any closing line

    @property
    def closes_itself(self) -> bool:
        return self.own is not None


def _numbered(lines: Sequence[_Line]) -> list[_Numbered]:
    """The region's numbered paragraphs, each with its own text and the closing lines after it."""
    items = []
    for i, line in enumerate(lines):
        numbered = split_number(line.text)
        if numbered is None:
            continue
        number, style, rest = numbered
        body, values = _labelled(rest, line.line)
        closing: list[tuple[str, str, int]] = []
        text: list[_Line] = []  # unnumbered lines under it, before any closing line
        for following in lines[i + 1 :]:
            if split_number(following.text) is not None:
                break
            head, more = _labelled(following.text, following.line)
            clause = _clause_alone(following.text) if not more else None
            if clause is not None:
                closing.append(("", clause, following.line))
            elif more and not head:
                closing.extend(more)
            elif closing or more:
                break
            else:
                text.append(following)
        if closing:
            body = "\n".join([body, *(t.text for t in text)])
        own = _measure(number, body, list(values), line.line)
        under: tuple[_Measure, ...] = ()
        if own is None and not closing and not values:
            body, own, under = _closed_over_text(number, body, text, line.line)
        items.append(
            _Numbered(number, style, rest, body, tuple(values), tuple(closing), line.line, i, own, under, tuple(text))
        )
    return items


def _first_line(body: str) -> str:
    return body.split("\n", 1)[0]


def _closed_over_text(
    number: str, body: str, text: Sequence[_Line], line: int
) -> tuple[str, _Measure | None, tuple[_Measure, ...]]:
    """What the unnumbered paragraphs under a heading that no clause closes make, with it.

    One of them ending in a responsibility clause closes the heading: the heading's body joined with
    the paragraphs down to it is one measure (一、全面开展专项行动 / 围绕…见效。（州发改委…负责）).
    Two or more each closing with their own clause are measures of their own under the heading,
    which stays a heading (山东's （一）扩大有效需求… over three paragraphs, each …（省商务厅…等负责）);
    a paragraph with no clause joins the next that has one. With none, the heading is only a heading."""
    closed = [k for k, paragraph in enumerate(text) if _measure("", paragraph.text, [], paragraph.line)]
    if len(closed) >= 2:
        measures, begin = [], 0
        for k in closed:
            joined = "\n".join(paragraph.text for paragraph in text[begin : k + 1])
            measure = _measure("", joined, [], text[begin].line)
            measures += [measure] if measure is not None else []
            begin = k + 1
        return body, None, tuple(measures)
    for k, paragraph in enumerate(text):
        if _closing(paragraph.text) is None:
            continue
        joined = "\n".join([body, *(t.text for t in text[: k + 1])])
        measure = _measure(number, joined, [], line)
        if measure is not None:
            return joined, measure, ()
    return body, None, ()


# A heading that names who carries out the measures under it: （三）省编办牵头的工作, 市发改委负责的任务.
_ASSIGNING = regex.compile(r"^(?P<clause>.+?)的?(?:工作|任务|事项)[。：:]?$")


def _assigning(rest: str) -> str | None:
    """The clause a heading gives every measure under it (省编办牵头 of （三）省编办牵头的工作), when
    it ends in a role word and reads in full as units of a unit's shape: 孟学农省长负责的工作 names a
    leader, no unit, and stays a heading only."""
    match = _ASSIGNING.match(clean_text(rest))
    if match is None:
        return None
    clause = match["clause"]
    return clause if closing_verb(clause) is not None and reads_as_units(clause) else None


def _clause_alone(text: str) -> str | None:
    """The clause of a line that is one responsibility bracket and nothing else, (责任单位:…), or a
    bare clause line that names a role and reads in full as units of a unit's shape
    (由市发展改革委，各县市区人民政府负责落实: 周口 writes one under each measure)."""
    closing = _closing(text)
    if closing is not None and closing.start == 0:
        return closing.inside if is_responsibility_clause(closing.inside) else None
    bare = text.strip().rstrip("。；;")
    if closing is None and bare and _names_roles(bare) and reads_as_units(bare):
        return bare
    return None


def _owners(items: Sequence[_Numbered]) -> dict[int, int]:
    """Which numbered paragraph each run of closing lines closes, by index into `items`.

    A clause on a line of its own may close the paragraph right above it, or a paragraph further
    up whose sub-items stand between: 1.完善应急预案体系 (1)… (2)… (责任单位:…) assigns 1., with (1)
    and (2) as its content. The document's own structure decides, once for the region: the
    measures are the paragraphs of the one numbering style whose every paragraph is closed by a
    clause, with no measure inside another; the paragraphs right above their clauses when no
    style is better."""
    closers = [k for k, item in enumerate(items) if item.closing]
    best: tuple[tuple[int, int], dict[int, int]] | None = None
    for style in dict.fromkeys(item.style for item in items):
        owners = _owners_by_style(items, closers, style)
        if owners is None:
            continue
        measures = set(owners.values()) | {k for k, item in enumerate(items) if item.closes_itself}
        orphans = sum(1 for k, item in enumerate(items) if item.style == style and k not in measures)
        score = (orphans, sum(1 for k, o in owners.items() if k != o))
        if best is None or score < best[0]:
            best = (score, owners)
    return best[1] if best is not None else {k: k for k in closers}


def _owners_by_style(items: Sequence[_Numbered], closers: Sequence[int], style: str) -> dict[int, int] | None:
    """Each closer's owner: the open paragraph of `style` above it (else itself); None when that
    would put a measure inside another or give one paragraph two closings."""
    stack: list[int] = []
    owners: dict[int, int] = {}
    last_measure = -1
    closer_set = set(closers)
    for k, item in enumerate(items):
        styles = [items[j].style for j in stack]
        if item.style in styles:
            del stack[styles.index(item.style) :]
        stack.append(k)
        if k in closer_set:
            owner = next((j for j in stack if items[j].style == style), k)
            if owner <= last_measure:
                return None
            owners[k] = owner
            last_measure = k
        elif item.closes_itself:
            last_measure = k
    return owners


def _owned_text(lines: Sequence[_Line], owner: _Numbered, closer: _Numbered) -> str:
    """A measure's text: its owner's body, then (when the clause closes sub-items) every line from
    the owner's down to the closer's, as written."""
    if owner is closer:
        return owner.body
    return "\n".join([owner.body, *(line.text for line in lines[owner.index + 1 : closer.index + 1])])


def _measure(number: str, body: str, values: list[tuple[str, str, int]], line: int) -> _Measure | None:
    """A measure from a numbered paragraph and its labelled values or clause line, or None when it
    assigns nobody."""
    if any(not label or column_of(label) in _UNIT_LABELS for label, _, _ in values):
        return _Measure(number, body, tuple(values), line, ())
    closing = _closing(body)
    if closing is None or not is_responsibility_clause(closing.inside):
        return None
    before, tail = body[: closing.start].rstrip(), closing.tail.strip()
    before, earlier = _inner_clauses(before)
    task_text = before if before.endswith(tail[:1] or "\0") else before + tail
    clauses = "；".join([*earlier, closing.inside])
    return _Measure(number, task_text, (("", clauses, line),), line, ())


def _inner_clauses(text: str) -> tuple[str, list[str]]:
    """The text without the responsibility clauses inside it, and those clauses in order: a measure
    of several sentences may close each with its own (…建设。（市发展改革委负责）…推进。（市财政局负责）).
    Inside a text only a bracket that names a role or a units label is a clause."""
    flat = text.translate(AS_PARENTHESES)
    kept, clauses, depth, start, last = [], [], 0, 0, 0
    for i, char in enumerate(flat):
        if char in "（(":
            start = i if depth == 0 else start
            depth += 1
        elif char in "）)" and depth > 0:
            depth -= 1
            inside = text[start + 1 : i].strip()
            if depth == 0 and _names_roles(inside):
                kept.append(text[last:start])
                clauses.append(inside)
                last = i + 1
    if not clauses:
        return text, []
    return "".join([*kept, text[last:]]), clauses


def is_responsibility_clause(text: str) -> bool:
    """Whether a bracket's text assigns units. It is one, read or not, when it names a role (one of
    its clauses ends in a role word, or it holds a label naming lead or responsible units:
    责任单位：…); otherwise when it reads as a responsibility cell whose every unit shows by its
    shape that it is one (（市民政局）, but not the aside （社会民生）), or begins so and adds a note."""
    return _names_roles(text) or reads_as_units(text) or _units_then_note(text) or _begins_with_units(text)


def _begins_with_units(text: str) -> bool:
    """A bracket whose first two names read as units, whatever follows (三门峡's （市科技局、三门峡职业
    技术学院，…等相关县〔市、区〕政府）): a clause, which goes to review with its task when the rest
    cannot be read, rather than a heading that loses the task."""
    names = _top_level_pieces(clean_text(text).translate(AS_PARENTHESES))
    return len(names) > 2 and all(reads_as_units(name) for name in names[:2])


def _top_level_pieces(text: str) -> list[str]:
    """The text cut at 、，； outside brackets (各县（市、区）政府 stays whole)."""
    depth = _bracket_depths(text)
    cuts = [i for i, char in enumerate(text) if char in "、，；,;" and not depth[i]]
    pieces = [text[start + 1 : end] for start, end in pairwise([-1, *cuts, len(text)])]
    return [piece for piece in pieces if piece]


def _units_then_note(text: str) -> bool:
    """A bracket that lists units and then a note of its own (（市发改委、市农委。排名第一的为牵头单位，
    下同）): a clause, which goes to review with its task since the note is no unit."""
    head, stop, rest = clean_text(text).partition("。")
    return bool(stop and rest) and reads_as_units(head)


def _names_roles(text: str) -> bool:
    cleaned = clean_text(text)
    if any(column_of(m["label"]) in _UNIT_LABELS for m in _LABEL.finditer(cleaned)):
        return True
    return any(closing_verb(clause) for clause in regex.split(r"[，；,;。]", cleaned) if clause)


def _labelled(text: str, line: int) -> tuple[str, list[tuple[str, str, int]]]:
    """The text before the first label, and each label's value: 牵头单位：A；配合单位：B → [(牵头单位, A), …]."""
    depth = _bracket_depths(text)
    found = [m for m in _LABEL.finditer(text) if column_of(m["label"]) not in _NOT_LABELS and not depth[m.start()]]
    if not found:
        return text.strip(), []
    values = []
    for match, after in zip(found, [*found[1:], None], strict=True):
        value = _before_run_on_label(text[match.end() : after.start() if after is not None else len(text)])
        values.append((match["label"], value.strip().rstrip(_VALUE_END), line))
    return text[: found[0].start()].strip(), values


_RUN_ON = regex.compile(r"\p{Han}{3,}[：:]")


def _before_run_on_label(value: str) -> str:
    """A label's value up to a next label run on into it with no separator before it (南昌县's
    责任单位：莲塘镇任务目标：…): the shortest end of a run of words before a colon that names a column
    (任务目标) is a label, and the value stops where it begins."""
    depth = _bracket_depths(value)
    for match in _RUN_ON.finditer(value):
        if depth[match.start()]:
            continue
        run = match.group()[:-1]
        cut = next((k for k in range(len(run) - 2, 0, -1) if column_of(run[k:]) is not None), None)
        if cut is not None:
            return value[: match.start() + cut]
    return value


def _bracket_depths(text: str) -> list[int]:
    """How deep in brackets each character stands: labels inside a clause（牵头单位：…）are the clause's."""
    depths, depth = [], 0
    for char in text.translate(AS_PARENTHESES):
        depth -= char in "）)"
        depths.append(max(depth, 0))
        depth = max(depth, 0) + (char in "（(")
    return depths


def _heading(number: str, rest: str) -> str:
    """A heading paragraph's section: its first sentence (（一）加强组织领导。各级… → （一）加强组织领导)."""
    sentence = _SENTENCE_END.split(rest, maxsplit=1)[0]
    return f"{number}{sentence.strip()}"


def document_title(paragraphs: Sequence[Paragraph]) -> str | None:
    """The first paragraph that reads as a title: no number, no final stop or colon, no document
    number or date, of a title's length."""
    for paragraph in paragraphs:
        text = paragraph.text.strip().replace("\n", "")
        if not (_TITLE_CHARS[0] <= len(text) <= _TITLE_CHARS[1]) or text[-1] in "。；：:，,":
            continue
        if split_number(text) is None and annex_label(text) is None and not _NOT_A_TITLE.search(text):
            return text
    return None


def _grid(measures: list[_Measure], paragraphs_before: int, annex: str | None, title: str | None) -> Grid:
    """The measures as a grid read like a table's: one column per kind of label (牵头责任单位 and
    牵头单位 in one run are one lead column, under the label first written); a bracket clause fills
    the units column."""
    # In the order the measure with most labels writes them (牵头单位 then 责任单位), though an earlier
    # measure may give only the second: a table's columns stand in one order for every row.
    fullest = max(measures, key=lambda m: len({label for label, _, _ in m.values}))
    written = [label for m in (fullest, *measures) for label, _, _ in m.values]
    labels = tuple(label for label in dict.fromkeys(written) if label)
    headers: dict[Column | None, str] = {}
    for label in dict.fromkeys(written):  # a bracket clause ("") takes the units column where it stands
        headers.setdefault(column_of(label) if label else Column.UNITS, label or _UNITS_HEADER)
    kinds = list(headers)
    rows = []
    for seq, measure in enumerate(measures, 1):
        found: dict[Column | None, tuple[str, int]] = {}
        for label, value, line in measure.values:
            found.setdefault(column_of(label) if label else Column.UNITS, (value, line))
        values = [found.get(kind, ("", measure.line)) for kind in kinds]
        rows.append(
            GridRow(
                (measure.number, measure.task_text, *(v for v, _ in values)),
                measure.line,
                measure.section_path,
                (measure.line, measure.line, *(line for _, line in values)),
                seq,
            )
        )
    header = (_SEQ_HEADER, _TASK_HEADER, *(headers[kind] for kind in kinds))
    return Grid(0, annex, title, header, tuple(rows), measures[0].line, paragraphs_before, Layout.INLINE, labels)
