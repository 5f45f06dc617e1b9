"""Numbers as task texts write them: Arabic (900, 2,000, 0.1, full-width １０００) and Chinese (两万,
一千, 三十五, 十), with 万/亿 multipliers.

The rules of what a number means (a target or not) live in `derived.targets`; this module only reads
the numbers, exactly, with `Decimal` (1.2万 is 12000, not 12000.000000000002).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# Full-width digits and signs folded to ASCII one character for one, so that an offset in the folded
# text is the same offset in the task text (spans are cut from the task text as written). The
# full-width comma is not folded: it is the clause separator, and a thousands separator only between
# digits, which the number pattern reads as such.
_FOLD = str.maketrans("０１２３４５６７８９．％－～＋", "0123456789.%-~+")

CHINESE_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
CHINESE_NUMERAL_CHARS = "".join(CHINESE_DIGITS) + "".join(_SMALL_UNITS) + "".join(_BIG_UNITS)

# A multiplier written after a number: 1.2万, 3000万, 2亿, 5千万 (longest first: 千万 before 万).
MULTIPLIERS = {
    "千万": Decimal(10_000_000),
    "百万": Decimal(1_000_000),
    "万": Decimal(10_000),
    "亿": Decimal(100_000_000),
}

# An Arabic number: digits with thousands separators (2,000 or 2，000: a comma followed by exactly
# three digits), or plain digits, then decimals; ASCII digits only (after `fold`), never part of a
# longer run of digits or letters (H5, GB50011).
ARABIC = r"(?:[0-9]{1,3}(?:[,，][0-9]{3})+(?![0-9])|[0-9]+)(?:\.[0-9]+)?"
# 百分之八十 and 百分之5 are percentages written out: the number is read, its unit is %.
PERCENT_WORD = "百分之"
NUMBER = re.compile(
    rf"(?<![0-9.A-Za-z])(?:{PERCENT_WORD}(?P<percent>{ARABIC}|[{CHINESE_NUMERAL_CHARS}]+)"
    rf"|(?P<arabic>{ARABIC})|(?P<chinese>[{CHINESE_NUMERAL_CHARS}]+))"
)


def fold(text: str) -> str:
    """`text` with full-width digits, point, percent and dashes as ASCII, the same length."""
    return text.translate(_FOLD)


def arabic_value(written: str) -> Decimal:
    """The value of an Arabic number as matched by `ARABIC` (2，000 → 2000)."""
    return Decimal(written.replace(",", "").replace("，", ""))


def chinese_value(written: str) -> Decimal | None:
    """The value of a Chinese numeral (三十五 → 35, 两万 → 20000, 一千零五 → 1005, 十 → 10), or None
    where the characters are no well-formed numeral: 十四五 (a plan), 一一, 二〇二五 (digits one by one,
    a year), or a bare 百/千/万 (百姓, 千兆, 万家), which is a word, not a number."""
    if not written or written[0] in "百千万亿":
        return None
    total = 0  # sections closed by 亿 / 万
    section = 0  # the part below the last big unit
    digit: int | None = None  # a digit waiting for its unit
    last_small = 10_000  # units within a section must fall: 三千五百, not 三百五千
    last_big = 10**12
    zero_seen = False
    for char in written:
        if char in CHINESE_DIGITS:
            value = CHINESE_DIGITS[char]
            if value == 0:
                zero_seen = True
                continue
            if digit is not None:
                return None  # two digits in a row: 二五, 十四五
            digit = value
        elif char in _SMALL_UNITS:
            unit = _SMALL_UNITS[char]
            if unit >= last_small:
                return None
            if digit is None:
                if char != "十" or section or zero_seen:
                    return None  # 十 alone means 一十; 百 or 千 alone is no number
                digit = 1
            section += digit * unit
            digit, last_small, zero_seen = None, unit, False
        else:
            big = _BIG_UNITS[char]
            if big >= last_big:
                return None
            section += digit or 0
            if not section:
                return None
            total += section * big
            section, digit, last_small, last_big, zero_seen = 0, None, 10_000, big, False
    if digit is not None:
        alone = last_small == 10_000 and last_big == 10**12
        if not (alone or last_small == 10 or zero_seen):
            # 三千五 and 一万五 are 3500 and 15000 in speech, but a task text writes 三千五百 and
            # 一万五千: the short forms are refused rather than guessed.
            return None
        section += digit
    return Decimal(total + section)


def single_character(written: str) -> bool:
    """Whether a Chinese numeral is one character (一, 两, 十): a word more often than a count."""
    return len(written) == 1 and written in CHINESE_NUMERAL_CHARS


def number_value(written: str) -> Decimal | None:
    """The value of a number as `NUMBER` matches it, Arabic or Chinese, or None."""
    if written[:1] in "0123456789":
        try:
            return arabic_value(written)
        except InvalidOperation:
            return None
    return chinese_value(written)
