"""Words of unit names: segmentation and part-of-speech tagging (jieba), and what they tell.

A responsibility cell is an open set of names; no list of endings covers them. So whether a span is a
name at all is decided from its words: jieba tags them, with a user dictionary that teaches it the
unit endings (`endings.tsv`), the bodies relative names are made of (`bodies.tsv`, the alias table)
and the gazetteer's place names, so that 支行 or 管委会 are never taken for verbs and 市民政局 is
市 + 民政局, not 市民 + 政局.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache
from itertools import accumulate
from typing import Any

import regex

from normalizers import gazetteer, lexicon
from normalizers.aliases import builtin_aliases
from normalizers.roles import BY

# The longest unit name read (中国人民银行达州市中心支行 has 12 characters): a longer run of text
# between separators is a sentence, not a name.
MAX_UNIT_CHARS = 40

# Level words a relative name begins with (市民政局, 自治区发展改革委), longest first.
LEVEL_WORDS: tuple[str, ...] = ("自治区", "省", "市", "州", "盟", "县", "区", "旗")

# A level word fused into one word with what follows (市委, 县级, 省直, 市政府): the name is still
# relative (read within that level's division), but the level word does not carry down a list.
_COMPOUND_TAILS: tuple[str, ...] = ("委", "级", "直", "政府", "人民政府", "本级")

# Tags that end a noun phrase (nouns, names, abbreviations, set phrases, places). A name whose last
# word is anything else (a verb, adverb, preposition, particle, number, time word) is not a name.
_NOUN_TAGS: tuple[str, ...] = ("n", "j", "l", "s", "nz", "nt", "ns", "nr", "ng")

# Tags of words that end no name even when they end in a unit ending's character (督办 v, 主办 b).
_NOT_NAME_TAGS: tuple[str, ...] = ("v", "b", "d", "p", "c", "u", "m", "t", "f", "r", "y", "e", "o", "q")

# Characters no unit name holds: sentence punctuation and quotation marks, except the quotes
# around a short term a name is built on (“三区”管委会: the committees of the three zones).
_SENTENCE_MARKS = frozenset("。！？：“”‘’《》")
_QUOTED_TERM = regex.compile(r"“[^“”‘’。！？：，、；]{1,8}”|‘[^“”‘’。！？：，、；]{1,8}’")
# Marks that make a bracket after a name a clause (a note), not part of the name (a campus: （西校区）).
_CLAUSE_MARKS = frozenset("，,；;。")

_ORGANISATION_TAG = "nt"
_PLACE_TAG = "ns"

# How often (in jieba's dictionary) a word must be met to be a common word: the division names of one
# character and a tier word that jieba tags as no place are either common words (372 and more) or
# mistagged place names (17 and less).
_ORDINARY_WORD_FREQ = 100
_TAUGHT_FREQ = 50_000


@dataclass(frozen=True)
class Token:
    """A word of a name, with its part-of-speech tag."""

    word: str
    flag: str


class NotAName(StrEnum):
    """Why a span is not a unit name (the review message says which)."""

    EMPTY = "nothing but punctuation"
    TOO_LONG = f"longer than {MAX_UNIT_CHARS} characters: a sentence, not a name"
    SENTENCE = "holds sentence punctuation: a sentence, not a name"
    TRAILING_WORDS = "a complete name followed by words that end no name"
    NOT_A_NOUN = "its last word is not a noun (a verb or other word missing from the role table?)"
    COLLECTIVE_INSIDE = "words before a collective of governments: a sentence, not a name"
    VERB_IN_PLACE = "the place of a government holds a verb: a sentence, not a name"
    WORDS_BEFORE_BY = "words before 由 and the unit: a sentence, not a name"


@cache
def endings() -> frozenset[str]:
    """Unit endings (`endings.tsv`)."""
    return frozenset(lexicon.column("endings", "ending"))


@cache
def _endings() -> lexicon.Suffixes:
    return lexicon.Suffixes(lexicon.column("endings", "ending"))


def ending_of(name: str) -> str | None:
    """The longest unit ending `name` ends with (and is longer than), or None."""
    return _endings().longest(name)


@cache
def body_stems() -> frozenset[str]:
    """Known bodies without their ending (人社 of 人社局, 发改 of 发改委): a name that is one lacks an
    ending of its own, though it may end in an ending's character (人社 in 市教育、人社等部门)."""
    return frozenset(b[: -len(e)] for b in bodies() if (e := ending_of(b)) and len(b) - len(e) >= 2)


def lacks_ending(name: str) -> bool:
    """Whether a name has no unit ending of its own (财政, 发展改革, 人社, 通川区), so that a shared
    ending may complete it."""
    ending = ending_of(name)
    if ending is None:
        return True
    level = level_word(name)
    return len(ending) == 1 and (name[len(level.word) :] if level else name) in body_stems()


def looks_ended_place(name: str) -> bool:
    """A two-character name whose last character is an ending no government body has (城关, 漆园,
    新港): a place's name as often as a body's, completed only by a place's shared ending."""
    ending = ending_of(name)
    weak = ending is not None and len(ending) == 1 and ending not in _government_endings()
    return len(name) == 2 and weak and not lacks_ending(name)  # (人社 is a body's stem: it lacks one)


@cache
def _government_endings() -> frozenset[str]:
    return frozenset(row["ending"] for row in lexicon.table("endings") if row["government"] == "yes")


def is_government_body(name: str) -> bool:
    """Whether a name reads as a government body (a bureau, commission, office: 财政厅, 市场监管局),
    by the lexicon of bodies or its longest ending (法院 is one; 医院, 学院 are not)."""
    return name in bodies() or ending_of(name) in _government_endings()


@cache
def bodies() -> frozenset[str]:
    """Bodies of relative names (民政局, 发展改革委, …): `bodies.tsv` and both sides of the alias table."""
    aliases = builtin_aliases()
    return frozenset((*lexicon.column("bodies", "body"), *aliases, *aliases.values()))


@cache
def _tagger() -> Any:
    # jieba's own tagger, taught once: a second POSTokenizer would read its 350,000-word tag table
    # again (a second per process) for nothing.
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    for word in (*endings(), *bodies(), *lexicon.column("zones", "ending")):
        jieba.add_word(word, _TAUGHT_FREQ, _ORGANISATION_TAG)
    for division in gazetteer.divisions():
        if len(division.name) > 2:
            jieba.add_word(division.name, _TAUGHT_FREQ, _PLACE_TAG)
    return jieba.posseg.dt


@cache
def is_ordinary_word(word: str) -> bool:
    """Whether jieba's dictionary holds `word` as a common word that is no place name: tagged as
    something else than a place and met often (城区 n 1517, 郊区 s 668, 矿区 n 372), where a place
    name is tagged ns (渠县, 绛县) or, when jieba mistags it, is rare (代县 n 17, 单县 n 8)."""
    tagger = _tagger()
    tag = tagger.word_tag_tab.get(word)
    frequent = tagger.tokenizer.FREQ.get(word, 0) >= _ORDINARY_WORD_FREQ
    return tag is not None and not tag.startswith(_PLACE_TAG) and frequent


def begins_with_place(name: str) -> bool:
    """Whether a name's first word is a place name to jieba (祁连山, 黄河, 太湖), or a division's short
    name cut as a word of its own (东丽 of 东丽公安分局, not 公安 of 公安局): a body named after a
    place is that place's, not a level's. No body of the lexicon begins so."""
    found = tokens(name)
    if not found:
        return False
    first = found[0]
    mistagged = first.word in lexicon.column("not_places", "word")  # 城市, 海洋: jieba's ns, no places
    if (first.flag.startswith(_PLACE_TAG) and not mistagged) or gazetteer.is_short_name(first.word):
        return True
    # A short name jieba knows no word for comes out in pieces (莲|都 of 莲都邮政管理局): the pieces
    # that make one up to a word boundary are the place. 公安局 is one word, so 公安 is no place there.
    ends = list(accumulate(len(token.word) for token in found))
    return any(gazetteer.is_short_name(name[:end]) for end in ends[1:_SHORT_NAME_PIECES])


# The most pieces a division's short name comes out in (乌鲁|木齐 aside, two or three characters).
_SHORT_NAME_PIECES = 3


@cache
def tokens(text: str) -> tuple[Token, ...]:
    """The words of `text` with their tags."""
    return tuple(Token(pair.word, pair.flag) for pair in _tagger().cut(text))


def core(name: str) -> str:
    """The name without trailing parenthesised parts (四川文理学院（西校区） → 四川文理学院)."""
    while name.endswith("）") and "（" in name:
        name = name[: name.rindex("（")]
    return name


def not_a_name(span: str) -> NotAName | None:
    """Why `span` is not a unit name, or None when it reads as one (CONTRACT.md, Units)."""
    name = core(span)
    if not name:
        return NotAName.EMPTY
    if len(name) > MAX_UNIT_CHARS:
        return NotAName.TOO_LONG
    if any(ch in _SENTENCE_MARKS for ch in _QUOTED_TERM.sub("", name)):
        return NotAName.SENTENCE
    if any(ch in _CLAUSE_MARKS for ch in span[len(name) :]):
        return NotAName.SENTENCE  # a note in brackets after a name (…（列第一位者为牵头单位，下同）), not a campus
    if any(t.word == BY and t.flag == "p" for t in tokens(name)[1:]):
        return NotAName.WORDS_BEFORE_BY  # 此项工作由市卫生局
    if _surely_a_name(name):
        return None
    words = tokens(name)
    last = words[-1]
    if _abbreviated_office(words):
        return None
    if last.flag.startswith("v") and last.word not in endings():
        return NotAName.NOT_A_NOUN
    if _ends_name(last):
        return None
    if any(_is_organisation(token) for token in words[:-1]):
        return NotAName.TRAILING_WORDS
    if not last.flag.startswith(_NOUN_TAGS):
        return NotAName.NOT_A_NOUN
    return None


def _surely_a_name(name: str) -> bool:
    """A name that needs no tagging: a known body (with its level word or not), or one ending in an
    ending of two characters or more (公司, 办公室, 管委会), which no verb ends in."""
    level = level_word(name)
    body = name[len(level.word) :] if level else name
    ending = ending_of(name)
    return body in bodies() or (ending is not None and len(ending) >= 2)


def _abbreviated_office(words: tuple[Token, ...]) -> bool:
    """A word that ends in a unit ending and is no common word of the dictionary (one the segmenter
    made up, or a rare one: 改办 of 市跑改办 is met 3 times), with no complete name before it, is an
    office's abbreviation (双招双引办), not a verb: real verbs (督办 199, 主办, 承办) are common words,
    and 市民政局督办 has a complete name before its verb."""
    last = words[-1]
    return (
        ending_of(last.word) is not None
        and not _common_word(last.word)
        and not any(_is_organisation(token) for token in words[:-1])
    )


def _common_word(word: str) -> bool:
    return bool(_tagger().tokenizer.FREQ.get(word, 0) >= _ORDINARY_WORD_FREQ)


def _ends_name(token: Token) -> bool:
    """Whether a word can close a unit name: an ending itself, or a word ending in one that is no
    verb or other function word (外事办, 扶贫办; not 主办, 督办)."""
    return token.word in endings() or (not token.flag.startswith(_NOT_NAME_TAGS) and ending_of(token.word) is not None)


def _is_organisation(token: Token) -> bool:
    """Whether a word is a whole organisation word (局, 海关, 教育局), as opposed to a word that merely
    ends in an ending's character (东部, 社会): a name that stops there is complete."""
    return token.word in endings() or (token.flag == _ORGANISATION_TAG and ending_of(token.word) is not None)


@dataclass(frozen=True)
class LevelWord:
    """The level word a relative name begins with, and whether it carries down a 、-list."""

    word: str
    carries: bool


@lru_cache(maxsize=1 << 16)
def level_word(name: str) -> LevelWord | None:
    """The level word `name` begins with, decided by words: 市市场监管局 has 市, 市场监管局 none.

    A known body after the level word settles it (市 + 民政局); else the name itself being a known
    body, or beginning with a word that only looks like one (市场, 市民: lookalikes.tsv), says there
    is none. A level word fused with what follows (市委组织部, 县直…) makes the name relative but
    does not carry down a list.
    """
    for level in LEVEL_WORDS:
        if not name.startswith(level) or len(name) <= len(level) + 1:
            continue
        body = name[len(level) :]
        if body in bodies():
            return LevelWord(level, True)
        if name in bodies():
            return None
        if body.startswith(_COMPOUND_TAILS):
            return LevelWord(level, False)
        if tokens(name)[0].word.startswith(lexicon.column("lookalikes", "word")):
            return None  # 市政工程管理处's first word is 市政工程; 市政务服务中心's is 市, then 政务
        return LevelWord(level, True)
    return None


def has_inner_level(name: str) -> bool:
    """Whether a level word stands inside the name, fused with 委 (团市委, 共青团县委): the name says
    its own level, and no level word carries into it."""
    return any(f"{level}委" in name[1:] for level in LEVEL_WORDS)


def is_national(name: str) -> bool:
    """Whether the name marks a body of the whole country (国家…, 中国…, 国网…)."""
    return name.startswith(lexicon.column("national", "word"))
