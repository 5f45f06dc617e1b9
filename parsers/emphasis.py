"""Bold type inside a table cell, kept beside the cell's text rather than in it.

Some tables mark their lead unit by type alone (责任单位（加黑为牵头单位）, the lead in bold). The web
and Word parsers wrap a cell's bold runs in two private-use characters; the layout takes them out
of the text, so no other rule ever sees them, and keeps the bold words of each cell for the
normalizers, which read them as lead marks only where the document says so.
"""

from __future__ import annotations

import regex

START, END = "\ue000", "\ue001"
_RUN = regex.compile(f"{START}(.*?){END}", regex.DOTALL)


def without_emphasis(text: str) -> tuple[str, tuple[str, ...]]:
    """The text without its bold marks, and its bold runs (white space removed), in order; runs
    that touch (区发展 and 改革局 in two bold runs) are one."""
    joined = text.replace(END + START, "")
    runs = tuple(run for run in ("".join(found.split()) for found in _RUN.findall(joined)) if run)
    return joined.replace(START, "").replace(END, ""), runs
