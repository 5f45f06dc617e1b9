"""Words of task texts: jieba segmentation with a user dictionary, and TF-IDF weights over a corpus.

Shared by `topics` (keywords, topic evidence) and `links` (text similarity). The segmenter is
jieba-rs (through rjieba): jieba's dictionary and algorithm compiled, the same cuts as jieba's Python
tokenizer at a tenth of the time, which was most of the cost of deriving a document. It is a
tokenizer of its own, never jieba's global one: `normalizers.words` teaches the global tokenizer
unit endings and place names for part-of-speech tagging, and the words taught here (domain words, a
document's unit names) must not change how responsibility cells are read, nor depend on which
documents were segmented before.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np
import rjieba

from normalizers import lexicon

# How often a taught word counts in jieba's dictionary: high enough that a taught word wins over the
# split jieba would otherwise make (适 + 老化, 个托位), the same figure normalizers.words uses.
TAUGHT_FREQ = 50_000

# A token is a term only if it holds a Chinese character or a Latin letter (not 2022, 55%, （).
_TERM = re.compile(r"[\u4e00-\u9fffA-Za-z]")

# Texts whose cut a segmenter keeps (a document's tasks are cut for topics, then again for links).
MAX_TEXTS_KEPT = 1024

# Shortest term: single characters (市, 村, 点) carry no topic of their own.
MIN_TERM_CHARS = 2


@cache
def stop_words() -> frozenset[str]:
    """Words left out of terms (`derived/data/stop_words.tsv`)."""
    return frozenset(lexicon.column("stop_words", "word", "derived"))


@cache
def base_words() -> tuple[str, ...]:
    """The words every segmenter is taught: the domain words, bodies and unit endings, sorted."""
    words = {
        *lexicon.column("domain_words", "word", "derived"),
        *lexicon.column("bodies", "body"),
        # One-character endings (局, 委, 办) are tokens anyway; taught at TAUGHT_FREQ they would split
        # common words (布局, 办事), so only longer endings are taught.
        *(e for e in lexicon.column("endings", "ending") if len(e) >= MIN_TERM_CHARS),
    }
    return tuple(sorted(words))


@cache
def _base_tokenizer() -> rjieba.Jieba:
    tokenizer = rjieba.Jieba()
    # Each word is taught once, in sorted order: add_word adds to the dictionary's total each time,
    # so the cuts depend only on the set of words taught.
    for word in base_words():
        tokenizer.add_word(word, TAUGHT_FREQ, None)
    return tokenizer


@dataclass(frozen=True)
class Cut:
    """One text cut: every token (punctuation included), its terms, and its search terms."""

    words: tuple[str, ...]
    terms: tuple[str, ...]
    search_terms: tuple[str, ...]


class Segmenter:
    """jieba with the base words taught, and a corpus's unit names kept whole: each unit name found
    in a text is one token, and the text around it is cut by the base tokenizer. The same words give
    the same tokens whatever was segmented before, and no dictionary is copied per document. Each
    text is cut once: its words, terms and search terms all come from that cut."""

    def __init__(self, unit_names: Iterable[str] = ()) -> None:
        names = sorted({n for n in unit_names if len(n) >= MIN_TERM_CHARS}, key=lambda n: (-len(n), n))
        self._names = re.compile("|".join(map(re.escape, names))) if names else None
        self._cuts: dict[str, Cut] = {}

    def _pieces(self, text: str) -> Iterator[tuple[str, bool]]:
        """The text as (piece, is a unit name), in order."""
        start = 0
        for found in self._names.finditer(text) if self._names else ():
            if found.start() > start:
                yield text[start : found.start()], False
            yield found.group(), True
            start = found.end()
        if start < len(text):
            yield text[start:], False

    def cut(self, text: str) -> Cut:
        """`text` cut by jieba's precise mode, unit names kept whole."""
        found = self._cuts.get(text)
        if found is None:
            tokenizer = _base_tokenizer()
            words: list[str] = []
            search: list[str] = []
            for piece, whole in self._pieces(text):
                tokens = [piece] if whole else tokenizer.cut(piece)
                words.extend(tokens)
                for token in tokens:
                    search.extend(w for w in ((token,) if whole else _with_inner_words(token)) if is_term(w))
            found = Cut(tuple(words), tuple(w for w in words if is_term(w)), tuple(search))
            if len(self._cuts) >= MAX_TEXTS_KEPT:
                self._cuts.clear()
            self._cuts[text] = found
        return found

    def words(self, text: str) -> tuple[str, ...]:
        """Every token of `text`, punctuation included (jieba's precise mode)."""
        return self.cut(text).words

    def terms(self, text: str) -> tuple[str, ...]:
        """The terms of `text` in order, repeats kept: tokens of two characters or more, not numbers
        or punctuation, not stop words."""
        return self.cut(text).terms

    def search_terms(self, text: str) -> tuple[str, ...]:
        """As `terms`, plus the dictionary words inside each longer token (jieba's search mode:
        普惠托育 also gives 普惠 and 托育), so that a compound and its parts meet."""
        return self.cut(text).search_terms


@lru_cache(maxsize=4)
def segmenter(unit_names: frozenset[str]) -> Segmenter:
    """The segmenter of one set of unit names, shared by what segments one document's tasks (its
    topics and its links): each task text is cut once."""
    return Segmenter(unit_names)


@lru_cache(maxsize=1 << 16)
def _with_inner_words(token: str) -> tuple[str, ...]:
    """A token after the dictionary words inside it, in jieba's search-mode order (its 2-grams, then
    its 3-grams, then itself): what `cut_for_search` adds to a precise cut."""
    known = _base_tokenizer().has_word
    grams = [token[i : i + 2] for i in range(len(token) - 1)] if len(token) > 2 else []
    grams += [token[i : i + 3] for i in range(len(token) - 2)] if len(token) > 3 else []
    return (*(gram for gram in grams if known(gram)), token)


@lru_cache(maxsize=1 << 16)
def is_term(token: str) -> bool:
    """Whether a token can be a term: two characters or more, a letter in it, not a stop word."""
    return len(token) >= MIN_TERM_CHARS and _TERM.search(token) is not None and token not in stop_words()


def tfidf(bags: Sequence[Sequence[str]]) -> tuple[dict[str, float], ...]:
    """TF-IDF vectors of a corpus of term lists, each scaled to unit length.

    tf is sublinear (1 + ln count: a word repeated in one task adds less each time); idf is smoothed
    (ln((1 + n) / (1 + df)) + 1), so that a term in every text still weighs a little and nothing
    divides by zero. An empty bag gives an empty vector.
    """
    df = Counter(term for bag in bags for term in set(bag))
    n = len(bags)
    vectors = []
    for bag in bags:
        counts = Counter(bag)
        raw = {t: (1 + math.log(c)) * (math.log((1 + n) / (1 + df[t])) + 1) for t, c in counts.items()}
        norm = math.sqrt(sum(w * w for w in raw.values()))
        vectors.append({t: w / norm for t, w in raw.items()} if norm else {})
    return tuple(vectors)


def similarities(rows: Sequence[dict[str, float]], columns: Sequence[dict[str, float]]) -> np.ndarray:
    """The cosine of each row vector with each column vector, all of unit length (0 where either is
    empty): one matrix product instead of a sum per pair, most of the time of linking a document."""
    vocabulary: dict[str, int] = {}
    for vector in (*rows, *columns):
        for term in vector:
            vocabulary.setdefault(term, len(vocabulary))

    def matrix(vectors: Sequence[dict[str, float]]) -> np.ndarray:
        out = np.zeros((len(vectors), len(vocabulary)))
        for i, vector in enumerate(vectors):
            for term, weight in vector.items():
                out[i, vocabulary[term]] = weight
        return out

    product: np.ndarray = matrix(rows) @ matrix(columns).T
    return product
