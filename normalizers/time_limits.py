"""A time limit written at the end of a responsibility cell or clause: the task's deadline, not a unit.

Some documents close a clause with when it is due instead of giving a 完成时限 column or label:

    （牵头单位：县行政审批服务局；责任单位：各乡镇人民政府，9月底完成）

The last ，- or ；-separated piece is a time limit when it is a date or period (6月底, 2023年12月底前,
年底前, 上半年, 第三季度末, 长期, 全年), maybe closed by 完成 or a like verb (年内持续推进); it is then the task's
deadline where no 完成时限 column or label gives one (CONTRACT.md, Reading a responsibility cell).
"""

from __future__ import annotations

import regex

_YEAR = r"(?:\d{4}|[〇零一二三四五六七八九]{4})年"
_MONTH = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:\d{1,2}日)?(?:底|末|中旬|上旬|下旬|份)?"
_PERIOD = r"(?:年底|年末|年内|年中|全年|上半年|下半年|第?[一二三四1-4]季度末?|长期|持续|常态化)"
_AFTER = r"(?:前|以前|之前)?(?:持续|逐步|全面|基本|长期)?(?:完成|见效|建成|取得成效|推进|坚持|开展|实施)?"
_TIME_LIMIT = regex.compile(rf"^(?:{_YEAR})?(?:{_MONTH}|{_PERIOD}){_AFTER}$|^{_YEAR}{_AFTER}$")
_PIECE_ENDS = "，；,;"


def is_time_limit(text: str) -> bool:
    """Whether a piece of a cell is a time limit (6月底完成, 2023年底前, 长期坚持)."""
    return bool(_TIME_LIMIT.match("".join(text.split()).rstrip("。.")))


def split_time_limit(cell: str) -> tuple[str, str | None]:
    """The cell without a time limit closing it, and the limit (without its final 。), if it has one."""
    cut = max(cell.rfind(mark) for mark in _PIECE_ENDS)
    if cut <= 0:
        return cell, None
    tail = cell[cut + 1 :].strip()
    if not is_time_limit(tail):
        return cell, None
    return cell[:cut], "".join(tail.split()).rstrip("。.")
