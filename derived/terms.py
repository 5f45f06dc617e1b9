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

import re
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
                if whole:
                    words.append(piece)
                    search.extend(_terms_of((piece,)))
                    continue
                tokens = tokenizer.cut(piece)
                words.extend(tokens)
                for token in tokens:
                    search.extend(_search_terms_of(token))
            found = Cut(tuple(words), _terms_of(tuple(words)), tuple(search))
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
def _search_terms_of(token: str) -> tuple[str, ...]:
    """The search terms a token gives: the dictionary words inside it, in jieba's search-mode order
    (its 2-grams, then its 3-grams, then itself: what `cut_for_search` adds to a precise cut), those
    that are terms."""
    known = _base_tokenizer().has_word
    grams = [token[i : i + 2] for i in range(len(token) - 1)] if len(token) > 2 else []
    grams += [token[i : i + 3] for i in range(len(token) - 2)] if len(token) > 3 else []
    return _terms_of((*(gram for gram in grams if known(gram)), token))


def _terms_of(tokens: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(token for token in tokens if is_term(token))


@lru_cache(maxsize=1 << 16)
def is_term(token: str) -> bool:
    """Whether a token can be a term: two characters or more, a letter in it, not a stop word."""
    return len(token) >= MIN_TERM_CHARS and _TERM.search(token) is not None and token not in stop_words()


@dataclass(frozen=True)
class Weights:
    """TF-IDF vectors of a corpus of texts as one matrix: a row per text (unit length, or all zero
    for a text with no term), a column per term of `vocabulary`."""

    vocabulary: tuple[str, ...]
    matrix: np.ndarray

    def vector(self, row: int) -> dict[str, float]:
        """One text's terms and weights, in vocabulary order."""
        weights = self.matrix[row]
        return {self.vocabulary[i]: float(weights[i]) for i in np.flatnonzero(weights)}

    def heaviest(self, row: int, count: int) -> list[tuple[str, float]]:
        """One text's `count` heaviest terms, heaviest first (ties by term)."""
        return sorted(self.vector(row).items(), key=lambda item: (-item[1], item[0]))[:count]

    def cosines(self, rows: slice, columns: slice) -> np.ndarray:
        """The cosine of each text of `rows` with each of `columns` (0 where either has no term):
        one matrix product, as the vectors have unit length."""
        product: np.ndarray = self.matrix[rows] @ self.matrix[columns].T
        return product


def tfidf(bags: Sequence[Sequence[str]]) -> Weights:
    """TF-IDF vectors of a corpus of term lists, each scaled to unit length.

    tf is sublinear (1 + ln count: a word repeated in one task adds less each time); idf is smoothed
    (ln((1 + n) / (1 + df)) + 1), so that a term in every text still weighs a little and nothing
    divides by zero. An empty bag gives a vector of zeros.
    """
    flat = [term for bag in bags for term in bag]
    vocabulary = tuple(dict.fromkeys(flat))
    index = {term: i for i, term in enumerate(vocabulary)}
    rows = np.repeat(np.arange(len(bags)), [len(bag) for bag in bags])
    columns = np.fromiter(map(index.__getitem__, flat), dtype=np.int64, count=len(flat))
    counts = np.zeros((len(bags), len(vocabulary)))
    np.add.at(counts, (rows, columns), 1.0)
    present = counts > 0
    idf = np.log((1 + len(bags)) / (1 + present.sum(axis=0))) + 1
    weights = np.log(counts, out=np.zeros_like(counts), where=present)
    weights = np.where(present, (1 + weights) * idf, 0.0)
    norms = np.sqrt((weights * weights).sum(axis=1, keepdims=True))
    np.divide(weights, norms, out=weights, where=norms > 0)
    return Weights(vocabulary, weights)
