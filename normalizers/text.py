"""Character-level clean-up shared by every normalizer."""

from __future__ import annotations

import unicodedata

import regex

from parsers.decoding import INVISIBLE

# White space of any width plus the invisible characters that word processors leave behind.
_SPACE = regex.compile(rf"[\s{INVISIBLE}]+")

# Half-width punctuation written into responsibility cells, mapped to the full-width forms the
# role rules and canonical unit names use.
# Brackets other than （） that a cell or a clause is written in, opening → closing: they read as
# parentheses (a clause written in （） nests its collective in 〔〕: 各县〔市、区〕人民政府). One character
# each, so positions in the text hold.
OTHER_BRACKETS = {"〔": "〕", "【": "】", "［": "］", "[": "]"}
AS_PARENTHESES = str.maketrans(dict.fromkeys(OTHER_BRACKETS, "（") | dict.fromkeys(OTHER_BRACKETS.values(), "）"))
_PUNCTUATION = str.maketrans({",": "，", ";": "；", "(": "（", ")": "）", ":": "：", "\uff64": "、"}) | AS_PARENTHESES

# A half-width full stop that is not a decimal point.
_FULL_STOP = regex.compile(r"(?<!\d)\.|\.(?!\d)")


def clean_text(text: str) -> str:
    """Trim, and remove inner runs of white space (U+3000, NBSP, zero-width included)."""
    return str(_SPACE.sub("", text))


def fold_cell(text: str) -> str:
    """A responsibility cell in its canonical form: no white space, full-width punctuation.

    Full-width letters and digits fold to ASCII (NFKC) first, so 'ＴＯＴ' and 'TOT' read alike;
    then the list and clause punctuation goes to full width. A half-width full stop closes a
    clause only where it is not between digits.
    """
    folded = "".join(
        unicodedata.normalize("NFKC", ch) if ("\uff10" <= ch <= "\uff5a") else ch for ch in clean_text(text)
    )
    folded = folded.translate(_PUNCTUATION)
    return str(_FULL_STOP.sub("。", folded))
