"""The sequence column: the words that head it (so a parser knows a header row) and its numbers."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import cache

import regex

from normalizers import lexicon  # the header words are data beside the other word tables

# The words a task table's first column is headed with. A row that starts with one of them is
# the header (also when it is repeated mid-table); the normalizers map the other columns.
SEQ_HEADERS: frozenset[str] = frozenset({"序号", "编号"})


def is_header(first_cell: str) -> bool:
    """Whether a row whose first cell reads `first_cell` is a header row."""
    return "".join(first_cell.split()) in SEQ_HEADERS


# How far into a header row its 序号 may stand: heading columns may come first (领域 | 序号 | …).
SEQ_WITHIN = 3


def seq_position(cells: Sequence[str]) -> int | None:
    """Where a header row's 序号 stands (within its first SEQ_WITHIN cells), or None: no 序号."""
    return next((i for i, cell in enumerate(cells[:SEQ_WITHIN]) if is_header(cell)), None)


@cache
def header_words() -> tuple[tuple[str, str, bool], ...]:
    """(word, column, whole header only) from normalizers/data/headers.tsv, in order."""
    return tuple((row["word"], row["column"], row["match"] == "exact") for row in lexicon.table("headers"))


def header_row_of(word: str) -> int | None:
    """Which row of headers.tsv names a header word: the first whose word fits it (the whole header,
    or inside it), so 牵头领导 is ignored, not a lead column; None when no row fits."""
    return next((r for r, (w, _, exact) in enumerate(header_words()) if (word == w if exact else w in word)), None)


def column_named(word: str) -> str | None:
    """The column a header word names (seq, task, units, lead, …, as headers.tsv calls them), or None."""
    if word in SEQ_HEADERS:
        return "seq"
    row = header_row_of(word)
    return header_words()[row][1] if row is not None else None


# A header cell is a few words: longer, or holding a clause's punctuation, it is a row's text.
_HEADER_CELL = regex.compile(r"^[^：:；;，,。]{1,12}$")


def names_columns(cells: Sequence[str]) -> bool:
    """Whether a row with no 序号 is a header all the same: short cells that name a task column and
    a units column by their words (沈河's 主要工作任务 | 牵头单位 | 责任单位)."""
    words = ["".join(cell.split()) for cell in cells]
    if not all(_HEADER_CELL.match(word) for word in words if word):
        return False
    named = {column_named(word) for word in words if word}
    return "task" in named and bool(named & {"units", "lead"})


def is_header_row(cells: Sequence[str]) -> bool:
    """Whether a table row is its header: 序号 in its first cells, or column words without one."""
    return seq_position(cells) is not None or names_columns(cells)


# A 序号 as written: a whole number, in ASCII or full-width digits, maybe with a trailing 、 or . or
# in parentheses: 1, 1., 1、, （1）, (1), 1）.
_SEQ = regex.compile(r"^[（(]?(?P<n>[0-9]{1,6})[)）]?[.、．]?$")


def seq_number(cell: str) -> int | None:
    """The number a 序号 cell holds (１、 → 1, （1） → 1), or None if it holds no whole number."""
    match = _SEQ.match(unicodedata.normalize("NFKC", "".join(cell.split())).replace("(", "（").replace(")", "）"))
    return int(match["n"]) if match else None


# Heading numbers: 一、, （一）, 第一部分, 1., （1）, 1）, ①, and the dash ——… The style says how headings
# nest: a heading replaces the last one of its own style and closes those below it (CONTRACT.md, Layout).
_HEADING_STYLES: tuple[tuple[str, regex.Pattern[str]], ...] = (
    ("part", regex.compile(r"^第[一二三四五六七八九十百零〇0-9]+(?:部分|[章篇节])")),
    # (a stray space before the 、 or . is the page's: 一 、, 1 . )
    ("numeral", regex.compile(r"^[一二三四五六七八九十百零〇]+\s*[、.．]")),
    ("numeral-parenthesised", regex.compile(r"^[（(][一二三四五六七八九十百零〇]+[)）]")),
    ("arabic", regex.compile(r"^[0-9]+\s*[、.．](?![0-9])")),
    ("arabic-parenthesised", regex.compile(r"^[（(][0-9]+[)）]")),
    ("arabic-closing", regex.compile(r"^[0-9]+[)）]")),
    # A sub-heading led by a dash (——推进教育高质量发展): a heading style of its own, without a number.
    ("dash", regex.compile(r"^(?:——|－－|--)(?=\p{Han})")),
)
# ① … ⑳ are looked for before folding: NFKC folds ① to 1.
_CIRCLED = regex.compile(r"^[①-⑳]")
CIRCLED = "circled"
PLAIN_HEADING = "plain"


def heading_style(text: str) -> str:
    """The numbering style of a heading (numeral for 一、…), or `plain` for one without a number."""
    if _CIRCLED.match(text.lstrip()):
        return CIRCLED
    stripped = unicodedata.normalize("NFKC", "".join(text.split()))
    return next((style for style, pattern in _HEADING_STYLES if pattern.match(stripped)), PLAIN_HEADING)


def is_heading_number(cell: str) -> bool:
    """Whether a 序号 cell holds a heading number (一、, （一）) rather than a task's number."""
    style = heading_style(cell)
    return style in ("part", "numeral", "numeral-parenthesised")


_CHINESE_DIGITS = {c: n for n, c in enumerate("零一二三四五六七八九")}
_ORDINAL = regex.compile(r"^(?:第|[（(])?([0-9]+|[零一二三四五六七八九十]+)")


def heading_ordinal(text: str) -> int | None:
    """The number a heading's numbering writes (三、 → 3, （十二） → 12, 2. → 2), or None: what tells
    which heading comes next in its style."""
    found = _ORDINAL.match(unicodedata.normalize("NFKC", "".join(text.split())))
    if found is None or heading_style(text) == PLAIN_HEADING:
        return None
    written = found[1]
    if written.isdigit():
        return int(written)
    if "十" not in written:
        return _CHINESE_DIGITS[written] if len(written) == 1 else None
    tens, _, units = written.rpartition("十")  # 十, 十二, 二十, 二十三
    if len(tens) > 1 or len(units) > 1:
        return None
    return (_CHINESE_DIGITS[tens] if tens else 1) * 10 + (_CHINESE_DIGITS[units] if units else 0)


_AFTER_NUMBER = regex.compile(r"[\s、.]*")


def split_number(text: str) -> tuple[str, str, str] | None:
    """A numbered paragraph's (number as written, its style, the text after it), or None when the
    paragraph is not numbered: （三）加强监管 → (（三）, numeral-parenthesised, 加强监管)."""
    written = text.lstrip()
    if _CIRCLED.match(written):
        return written[0], CIRCLED, written[1:].strip()
    folded = [unicodedata.normalize("NFKC", c) for c in written]  # per character, to map back
    flat = "".join(folded)
    for style, pattern in _HEADING_STYLES:
        match = pattern.match(flat)
        if match is None:
            continue
        end = _AFTER_NUMBER.match(flat, match.end()).end()
        cut, length = 0, 0
        while length < end:
            length += len(folded[cut])
            cut += 1
        number = written[:cut].strip()
        return number, style, written[cut:].strip()
    return None
