"""Document-wide conventions an issuer states in its own words."""

from __future__ import annotations

from collections.abc import Iterable

import regex

from normalizers.text import clean_text

# "责任单位中列第一位的为牵头单位" and its variants: in plain lists, the first unit leads.
# 列/排 … 第一位/首位 … 牵头单位 within one clause (列第一位的为牵头单位, 列第一位者为工作牵头单位,
# 排在首位的是主要责任单位, 由排名首位的部门牵头负责), or 第一/首位 (责任)单位为牵头单位.
FIRST_LISTED_LEADS = regex.compile(
    r"(?:列|排)[^。；，]{0,6}?(?:第一位|首位|第一|最前)[^。；，]{0,12}?(?:牵头|主要责任)(?:单位|部门)?"
    r"|(?:第一|首位)(?:个|位)?(?:的|者)?(?:责任)?(?:单位|部门)(?:为|是)(?:工作)?牵头(?:单位|部门)?"
)
# What may follow the statement to say it holds for the rest of the document.
_SAME_BELOW = regex.compile(r"[，。；,;\s]*下同[。；，,;]*")
_OPEN, _CLOSE = "（(", "）)"


def first_listed_leads(texts: Iterable[str]) -> bool:
    """Whether the document says that the first unit of a list leads: in a note, a header, or a
    standing note written into a cell (县发改局（首位单位为牵头单位，下同）)."""
    return any(FIRST_LISTED_LEADS.search(clean_text(text)) for text in texts)


def without_first_listed_note(cell: str) -> str:
    """The cell without the first-listed statement written into it, which is a note of the document,
    not a unit: a bracket that holds only the note goes whole (市住建局（第一责任单位为牵头单位，下同）);
    a note in a sentence of its own goes with that sentence (…负责。列第一位的为牵头部门，下同); one that
    follows the units after a ， goes from that ， (…等负责，列第一位的为牵头部门，下同); a 下同 after it
    goes with it."""
    while (found := FIRST_LISTED_LEADS.search(cell)) is not None:
        start, end = _region(cell, found.start())
        sentence = cell.rfind("。", start, found.start())
        if sentence >= 0:
            cut = sentence + 1
        else:
            comma = max(cell.rfind(mark, start, found.start()) for mark in "，,；;")
            cut = comma if comma >= 0 else start
        stop = cell.find("。", found.end(), end)
        stop = end if stop < 0 else stop + 1
        same_below = _SAME_BELOW.match(cell, stop, end)
        stop = same_below.end() if same_below else stop
        if cut == start and stop == end and start > 0 and cell[start - 1] in _OPEN:
            cut, stop = start - 1, min(end + 1, len(cell))  # the bracket held only the note
        cell = cell[:cut] + cell[stop:]
    return cell


def _region(cell: str, at: int) -> tuple[int, int]:
    """The inside of the innermost bracket around `at`, or the whole cell."""
    depth = 0
    for i in range(at - 1, -1, -1):
        if cell[i] in _CLOSE:
            depth += 1
        elif cell[i] in _OPEN:
            if depth == 0:
                close = next((j for j in range(at, len(cell)) if cell[j] in _CLOSE), len(cell))
                return i + 1, close
            depth -= 1
    return 0, len(cell)


# "责任单位（加黑为牵头单位）", "字体加粗的为牵头单位", "黑体字为牵头单位": the unit set in bold leads.
BOLD_LEADS = regex.compile(r"(?:加黑|加粗|黑体|粗体)[^。；，]{0,8}?牵头")


def bold_leads(texts: Iterable[str]) -> bool:
    """Whether the document (a note, or a header's own words) says that its bold unit leads."""
    return any(BOLD_LEADS.search(clean_text(text)) for text in texts)
