"""Document-wide conventions an issuer states in its own words."""

from __future__ import annotations

from collections.abc import Iterable

import regex

from normalizers.text import clean_text

# "责任单位中列第一位的为牵头单位" and its variants: in plain lists, the first unit leads.
# 列/排 … 第一位/首位 … 牵头单位 within one clause (列第一位的为牵头单位, 列第一位者为工作牵头单位,
# 排在首位的是主要责任单位), or 第一(个)(责任)单位为牵头单位.
FIRST_LISTED_LEADS = regex.compile(
    r"(?:列|排)[^。；，]{0,6}?(?:第一位|首位|第一|最前)[^。；，]{0,12}?(?:牵头|主要责任)(?:单位|部门)?"
    r"|第一(?:个)?(?:责任)?(?:单位|部门)为牵头(?:单位|部门)?"
)


def first_listed_leads(texts: Iterable[str]) -> bool:
    """Whether the document says that the first unit of a list leads."""
    return any(FIRST_LISTED_LEADS.search(clean_text(text)) for text in texts)


# "责任单位（加黑为牵头单位）", "字体加粗的为牵头单位", "黑体字为牵头单位": the unit set in bold leads.
BOLD_LEADS = regex.compile(r"(?:加黑|加粗|黑体|粗体)[^。；，]{0,8}?牵头")


def bold_leads(texts: Iterable[str]) -> bool:
    """Whether the document (a note, or a header's own words) says that its bold unit leads."""
    return any(BOLD_LEADS.search(clean_text(text)) for text in texts)
