"""A time limit written at the end of a responsibility cell or clause: the task's deadline, not a unit.

Some documents close a clause with when it is due instead of giving a 完成时限 column or label:

    （牵头单位：县行政审批服务局；责任单位：各乡镇人民政府，9月底完成）

The last ，- or ；-separated piece is a time limit when it is a date or period (6月底, 2023年12月底前,
年底前, 上半年, 第三季度末, 长期, 全年), maybe closed by 完成 or a like verb (年内持续推进); it is then the task's
deadline where no 完成时限 column or label gives one (CONTRACT.md, Reading a responsibility cell).
A piece of the cell under a deadline label (责任单位：市供电公司，完成时限：2023年9月) is the deadline too,
wherever it stands and whatever it says.
"""

from __future__ import annotations

import regex

from normalizers.columns import Column, column_of

_YEAR = r"(?:\d{4}|[〇零一二三四五六七八九]{4})年"
_MONTH = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:\d{1,2}日)?(?:底|末|中旬|上旬|下旬|份)?"
_PERIOD = r"(?:年底|年末|年内|年中|全年|上半年|下半年|第?[一二三四1-4]季度末?|长期|持续|常态化)"
_AFTER = r"(?:前|以前|之前)?(?:持续|逐步|全面|基本|长期)?(?:完成|见效|建成|取得成效|推进|坚持|开展|实施)?"
# 2023年底: the year's own 年 stands for 年底's (年末, 年内, 年中 likewise).
_YEAR_PART = r"(?:底|末|内|中)"
_TIME_LIMIT = regex.compile(rf"^(?:{_YEAR})?(?:{_MONTH}|{_PERIOD}){_AFTER}$|^{_YEAR}{_YEAR_PART}?{_AFTER}$")
_PIECE_ENDS = "，；,;"
_PIECES = regex.compile(f"[{_PIECE_ENDS}。]")  # the pieces a labelled deadline may stand among
_LABELLED = regex.compile(r"^\s*(\p{Han}{2,8})[：:](.*)$", regex.DOTALL)


def is_time_limit(text: str) -> bool:
    """Whether a piece of a cell is a time limit (6月底完成, 2023年底前, 长期坚持)."""
    return bool(_TIME_LIMIT.match("".join(text.split()).rstrip("。.")))


def split_time_limit(cell: str) -> tuple[str, str | None]:
    """The cell without its time limit, and the limit (without its final 。), if it has one: a piece
    under a deadline label, or a time limit closing the cell."""
    labelled = _split_labelled(cell)
    if labelled is not None:
        return labelled
    cut = max(cell.rfind(mark) for mark in _PIECE_ENDS)
    if cut <= 0:
        return cell, None
    tail = cell[cut + 1 :].strip()
    if not is_time_limit(tail):
        return cell, None
    return cell[:cut], "".join(tail.split()).rstrip("。.")


def _split_labelled(cell: str) -> tuple[str, str] | None:
    """The cell without its first piece under a deadline label (完成时限：…), and that piece's value."""
    start = 0
    for end in [*(m.start() for m in _PIECES.finditer(cell)), len(cell)]:
        piece = _LABELLED.match(cell[start:end])
        if piece is not None and column_of(piece[1]) is Column.DEADLINE:
            value = "".join(piece[2].split()).rstrip("。.")
            # the piece goes with the separator before it (or after it, when it opens the cell)
            rest = cell[: max(start - 1, 0)] + cell[end + 1 if start == 0 else end :]
            return rest, value
        start = end + 1
    return None
