"""What a target counts: the noun phrase beside its number, found by part-of-speech tagging.

A measure is the phrase the number is said of, as written: 新增床位900张 → 新增床位, 达标率达到80% →
…达标率, 建成1个社区养老服务综合体 → 社区养老服务综合体. It is taken from tags, not from a list of
measures, with the pipeline's one jieba tagger (`normalizers.words.tokens`), on the short phrase
beside a number only. jieba's tags tell function words well (的 u, 和 c, 按照 p, 已 d, 各类 r) and
nouns from verbs poorly (新建 ns, 收入 v), so the rules lean on the former:

- before the number: the words after the last function word of the phrase (新建老年养护院,
  彩票公益金 of 社会福利事业的彩票公益金, 用地 of 按照人均用地; 福彩公益金 of 福彩公益金的55%, a share
  of it); none where those words are all verbs (建成, 实现), and then
- after the number: the words up to the first function word or the first verb that begins a
  predicate (资金 of 55%的资金用于…); an attributive clause that begins with a verb is passed over to
  its 的 (2个具有带动效应…的示范性婴幼儿照护服务机构 → 示范性婴幼儿照护服务机构).

A quoted name (“四好农村路”) and a bracketed part (居住（小）区) are words of the phrase.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from derived.target_words import measure_words
from normalizers import words

# Tags of words a measure never holds, and that end one when read leftwards: prepositions,
# conjunctions, particles, adverbs, pronouns, numerals, classifiers, locality and time words (以上,
# 全年), interjections, punctuation.
_FUNCTION_TAGS = frozenset(
    ("p", "c", "u", "uj", "ul", "uz", "ug", "uv", "ud", "d", "r", "rr", "rz", "m", "mq", "q", "f", "y", "e", "o", "w")
)
_NUMERAL_TAG = "m"
# Characters that make a numeral-tagged word a number or a date (2022, 三, 全年, 年底); without one it
# is a word jieba mis-tags (点 of 服务点).
_NUMERAL_CHARS = frozenset("0123456789０１２３４５６７８９零〇一二两三四五六七八九十百千万亿几数半年月日时")
_TIME_TAG = "t"  # 年内, 今年: a function word at the start of a phrase, a word inside one (老年 t)
_VERB_TAGS = frozenset(("v", "vd", "vi", "vg", "vn"))
_PREDICATE_TAGS = frozenset(("v", "vd", "vi", "vg"))  # vn (服务, 建设) reads as a noun after a noun
_PUNCTUATION_TAG = "x"
# Punctuation that belongs to a phrase: brackets (居住（小）区) and quotation marks.
_PHRASE_MARKS = frozenset("（）()“”‘’《》「」『』")
_QUOTES = {"“": "”", "‘": "’", "《": "》", "「": "」", "『": "』"}
_QUOTED_TAG = "nz"  # a quoted name is one word, a proper noun
_ATTRIBUTIVE = "的"

# The longest phrase looked at on either side of a number: measures are short, and jieba's cost
# grows with the text.
MAX_PHRASE_CHARS = 40


# Phrases tagged lately, kept: a list's measures repeat (新增床位), most phrases of a corpus do not.
_PHRASES_KEPT = 4096


@lru_cache(maxsize=_PHRASES_KEPT)
def _tokens(phrase: str) -> tuple[words.Token, ...]:
    # The pipeline's tagger as `words.tokens` uses it, but not through that function's cache, which
    # keeps every text for good: right for unit names, which repeat, not for phrases of task texts.
    return words.tokens.__wrapped__(phrase)


@dataclass(frozen=True)
class Word:
    """A word of a phrase, where it starts in the phrase, and its tag."""

    text: str
    start: int
    flag: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def tagged(phrase: str) -> tuple[Word, ...]:
    """The words of `phrase` with their tags; each quoted part is one word (a name), and the pieces
    of a word of `measure_words.tsv` are that word."""
    return _joined(_tagged(phrase))


def _joined(tokens: tuple[Word, ...]) -> tuple[Word, ...]:
    joins = measure_words()
    result: list[Word] = []
    index = 0
    while index < len(tokens):
        for size in (3, 2):
            pieces = tokens[index : index + size]
            text = "".join(w.text for w in pieces)
            if len(pieces) == size and text in joins:
                result.append(Word(text, pieces[0].start, joins[text]))
                index += size
                break
        else:
            result.append(tokens[index])
            index += 1
    return tuple(result)


def _tagged(phrase: str) -> tuple[Word, ...]:
    result: list[Word] = []
    offset = 0
    while offset < len(phrase):
        opening = min((i for i in (phrase.find(q, offset) for q in _QUOTES) if i >= 0), default=-1)
        plain_end = opening if opening >= 0 else len(phrase)
        for token in _tokens(phrase[offset:plain_end]) if plain_end > offset else ():
            result.append(Word(token.word, offset, token.flag))
            offset += len(token.word)
        offset = plain_end
        if opening >= 0:
            closing = phrase.find(_QUOTES[phrase[opening]], opening + 1)
            end = len(phrase) if closing < 0 else closing + 1
            result.append(Word(phrase[opening:end], opening, _QUOTED_TAG))
            offset = end
    return tuple(result)


def _is_function(word: Word) -> bool:
    if word.flag == _PUNCTUATION_TAG:
        return not all(char in _PHRASE_MARKS for char in word.text)
    if word.flag == _NUMERAL_TAG:
        return any(char in _NUMERAL_CHARS for char in word.text)
    return word.flag in _FUNCTION_TAGS


def _names_something(kept: tuple[Word, ...]) -> bool:
    """Whether words can be a measure: not nothing, not one verb (建成, 培育), not verbs that end in a
    predicate (完成改造); verbs ending in a verbal noun name an activity (开展招聘活动)."""
    if not kept:
        return False
    if not all(word.flag in _VERB_TAGS for word in kept):
        return True
    return len(kept) > 1 and kept[-1].flag not in _PREDICATE_TAGS


_OPENINGS = "（(“‘《「『"
_CLOSINGS = "）)”’》」』"


def _trim_marks(phrase: str, start: int) -> tuple[str, int]:
    """The phrase without a bracket or quotation mark left unmatched: a closing one at its start is
    dropped, and it ends before an opening one left open (5个县（市 of 5个县（市、区） → 县)."""
    while phrase and phrase[0] in _CLOSINGS:
        phrase, start = phrase[1:], start + 1
    open_at: list[int] = []
    for index, char in enumerate(phrase):
        if char in _OPENINGS:
            open_at.append(index)
        elif char in _CLOSINGS and open_at:
            open_at.pop()
    if open_at:
        phrase = phrase[: open_at[0]]
    return phrase, start


def before(phrase: str) -> tuple[str, int] | None:
    """The measure that ends `phrase` (the words right before a number), with where it starts in the
    phrase, or None."""
    shift = max(0, len(phrase) - MAX_PHRASE_CHARS)
    phrase = phrase[shift:]
    tokens = tagged(phrase)
    if tokens and tokens[-1].text == _ATTRIBUTIVE:
        # 福彩公益金的55%: a share of what stands before 的.
        tokens = tokens[:-1]
        phrase = phrase[: len(phrase) - len(_ATTRIBUTIVE)]
    first = 0
    for index, word in enumerate(tokens):
        if _is_function(word):
            first = index + 1
    while first < len(tokens) and tokens[first].flag == _TIME_TAG:
        first += 1
    kept = tokens[first:]
    if not _names_something(kept):
        return None
    text, start = _trim_marks(phrase[kept[0].start :], kept[0].start + shift)
    return (text, start) if text else None


def after(phrase: str) -> tuple[str, int] | None:
    """The measure that begins `phrase` (the words right after a target's unit), with where it starts
    in the phrase, or None."""
    phrase = phrase[:MAX_PHRASE_CHARS]
    tokens = tagged(phrase)
    begin = 0
    attributive = next((i for i, word in enumerate(tokens) if word.text == _ATTRIBUTIVE), None)
    if tokens and tokens[0].flag in _PREDICATE_TAGS and attributive is not None:
        # An attributive clause (具有带动效应…的): the measure is the noun phrase after its 的.
        begin = attributive + 1
    elif tokens and tokens[0].text == _ATTRIBUTIVE:
        begin = 1
    stop = begin
    while stop < len(tokens):
        word = tokens[stop]
        if _is_function(word) or word.flag == _TIME_TAG:
            break
        if word.flag in _PREDICATE_TAGS:
            following = tokens[stop + 1] if stop + 1 < len(tokens) else None
            if following is None or _is_function(following) or following.flag in _PREDICATE_TAGS:
                break  # a verb that begins a predicate (用于支持…), not a noun's modifier (照护服务)
        stop += 1
    kept = tokens[begin:stop]
    if not _names_something(kept):
        return None
    text, start = _trim_marks(phrase[kept[0].start : kept[-1].end], kept[0].start)
    return (text, start) if text else None
