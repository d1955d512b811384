"""The jieba-based (jieba-rs) Whoosh analyzer, shared by the index and query sides.

Text is folded first (NFKC, lower case, traditional→simplified) with an offset map, so
token character spans always point into the original text, in its own script.
Positions are word ordinals; the dictionary sub-words of a long word (经济开发区 → 经济,
开发, 开发区) are emitted at that word's position on the index side only, so a query for
开发区 finds 经济开发区 while a quoted phrase still matches words in order.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import sys
from array import array
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from whoosh.analysis import Token, Tokenizer
from whoosh.system import pack_uint

from search.gazetteer.lexicon import domain_terms
from search.text.normalise import fold_with_offsets

if TYPE_CHECKING:
    import rjieba

# Deliberately small: function words that match everywhere and carry no topic.
STOP_WORDS = frozenset(
    "的 了 和 与 及 或 在 是 也 都 而 并 等 之 其 这 那 对 为 以 于 将 把 被 从 向 由 着 个".split()
)

DOMAIN_FREQ = 50_000  # above common words, so a catalogue name wins the DAG over its parts


class Word(NamedTuple):
    """One segmented word: folded text, ordinal, and its span in the original string."""

    text: str
    pos: int
    start: int
    end: int
    sub: bool = False  # a dictionary sub-word of the word at the same position


@lru_cache(maxsize=1)
def segmenter() -> rjieba.Jieba:
    """jieba-rs (jieba's dictionary and DAG, in Rust) with the domain dictionary added.

    A private instance, so nothing else in the process changes how we segment. It cuts
    the same words as Python jieba's tokenize(HMM=False) about ten times faster, and loads
    its dictionary in a fraction of a second, so no cache file is needed.
    """
    tk = _jieba_class()()
    for term in sorted(domain_terms()):
        tk.add_word(term, DOMAIN_FREQ, None)
    return tk


def _jieba_class() -> type[rjieba.Jieba]:
    """rjieba's Jieba, without running rjieba/__init__.py when it can be helped.

    The package builds a Jieba of its own at import (jieba's whole dictionary, about 0.1 s
    of every command's start) for module-level functions we never call. Its compiled module
    is loaded alone and registered under its own name, so a later `import rjieba` uses it.
    """
    module = sys.modules.get("rjieba.rjieba")
    if module is None:
        package = importlib.util.find_spec("rjieba")
        locations = package.submodule_search_locations if package else None
        spec = locations and importlib.machinery.PathFinder.find_spec("rjieba.rjieba", locations)
        if not spec or spec.loader is None:  # another layout: import it the usual way
            from rjieba import Jieba

            return Jieba
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
    return module.Jieba


def is_dictionary_word(text: str) -> bool:
    """text is a word of the segmenter's dictionary (jieba's or the domain's)."""
    return segmenter().has_word(text)


def _is_word(text: str) -> bool:
    return any(c.isalnum() for c in text)


def sub_words(word: str) -> list[str]:
    """Dictionary words of two or more characters inside a longer word."""
    return list(_sub_words(word))


@lru_cache(maxsize=65536)
def _sub_words(word: str) -> tuple[str, ...]:
    if len(word) < 3:
        return ()
    has_word = segmenter().has_word
    found = []
    for n in range(2, len(word)):
        for i in range(len(word) - n + 1):
            gram = word[i : i + n]
            if has_word(gram):
                found.append(gram)
    return tuple(found)


@lru_cache(maxsize=1 << 18)
def _token_kind(token: str) -> tuple[str, tuple[str, ...]] | tuple[()] | None:
    """What a cut token is on the index side, worked out once per distinct token.

    None: no word (punctuation, spaces), it takes no position; (): a stop word, which
    takes a position; else the word and its dictionary sub-words.
    """
    if not token or not (token[0].isalnum() or _is_word(token)):
        return None
    token = token.strip()
    if token in STOP_WORDS:
        return ()
    return token, _sub_words(token) if len(token) > 2 else ()


def segment(text: str, *, subwords: bool = True, stop: bool = True) -> list[Word]:
    """Words of text with ordinal positions and original-text spans."""
    folded = fold_with_offsets(text)
    offsets = folded.offsets
    identity = isinstance(offsets, range)
    words: list[Word] = []
    pos = 0
    for token, start, end in segmenter().tokenize(folded.text, "default", False):
        kind = _token_kind(token)
        if kind is None:
            continue
        if kind:
            token, subs = kind
        elif stop:
            pos += 1
            continue
        else:  # a stop word kept as a word (one character: no sub-words)
            token, subs = token.strip(), ()
        if identity:
            src_start, src_end = start, end
        else:
            src_start, src_end = folded.source_span(start, end)
        words.append(Word(token, pos, src_start, src_end))
        if subwords:
            for gram in subs:
                i = token.find(gram)
                if identity:
                    s, e = start + i, start + i + len(gram)
                else:
                    s, e = folded.source_span(start + i, start + i + len(gram))
                words.append(Word(gram, pos, s, e, sub=True))
        pos += 1
    return words


class QueryUnit(NamedTuple):
    """What one word of a query stands for: a dictionary word, or an unknown word's run."""

    words: tuple[Word, ...]
    exact: bool = False  # an unknown word, cut into pieces: they must be adjacent, in order

    @property
    def text(self) -> str:
        return "".join(w.text for w in self.words)


def _is_piece(word: Word) -> bool:
    """A one-character word: what jieba leaves of a word its dictionary does not know."""
    return len(word.text) == 1


def query_units(text: str) -> list[QueryUnit]:
    """The words of a query chunk, an unknown word's pieces kept together.

    jieba cuts a word it does not know (雄安新区, 大数据) into dictionary words and single
    characters (雄 / 安新 / 区, 大 / 数据). A single character glued to its neighbours (no
    space, stop word or punctuation between) marks such a word: the run is one unit, to be
    matched as its exact character sequence. A chunk that is one character alone stays a
    word (园 is a query of its own).
    """
    words = segment(text, subwords=False)
    if len(words) == 1:
        return [QueryUnit((words[0],))]
    units: list[list[Word]] = []
    glued = False  # whether the last unit ends in, or is followed by, a piece
    for prev, word in zip([None, *words], words, strict=False):
        touching = prev is not None and prev.end == word.start and prev.pos + 1 == word.pos
        if touching and (glued or _is_piece(word)):
            units[-1].append(word)
        else:
            units.append([word])
        glued = _is_piece(word)
    return [QueryUnit(tuple(u), exact=len(u) > 1) for u in units]


def compound_parts(word: str) -> tuple[str, ...]:
    """The dictionary words a compound is made of (飞地经济 → 飞地, 经济); () when it is none.

    The fewest sub-words (two characters or more) that cover the word end to end, the
    longest first piece on a tie.
    """
    subs = set(_sub_words(word))
    if not subs:
        return ()
    n = len(word)
    best: list[tuple[str, ...] | None] = [None] * (n + 1)
    best[n] = ()
    for i in range(n - 1, -1, -1):
        for j in range(n, i + 1, -1):
            rest = best[j]
            if rest is not None and word[i:j] in subs:
                if best[i] is None or len(rest) + 1 < len(best[i]):  # type: ignore[arg-type]
                    best[i] = (word[i:j], *rest)
    return best[0] or ()


def index_tokens(text: str) -> list[str]:
    """The tokens jieba cuts the folded text into, as index_words reads them."""
    return segmenter().cut(fold_with_offsets(text).text, False)


def index_words(text: str) -> Iterator[tuple[str, int]]:
    """(word, position) as the index side has them: segment(text) without the spans."""
    pos = 0
    for token in index_tokens(text):
        kind = _token_kind(token)
        if kind is None:
            continue
        if kind:
            word, subs = kind
            yield word, pos
            for gram in subs:
                yield gram, pos
        pos += 1


class TokenTable(dict[str, int]):
    """Cut token → a small id, with what index_words makes of it kept in flat arrays.

    For bulk analysis: a batch's tokens become ids with one dict lookup each, and the rest
    (positions, sub-words, terms) is array arithmetic over the ids.
    """

    def __init__(self) -> None:
        super().__init__()
        self.takes_position = array("b")  # per token id: 0 for punctuation and spaces
        self.first = array("i")  # per token id: where its term ids start in `flat`
        self.count = array("i")  # per token id: its term ids (word, then sub-words)
        self.flat = array("i")
        self.term_ids: dict[str, int] = {}
        self.terms: list[bytes] = []  # per term id: the term as the index stores it

    def __missing__(self, token: str) -> int:
        kind = _token_kind(token)
        words = (kind[0], *kind[1]) if kind else ()
        token_id = len(self.takes_position)
        self.takes_position.append(kind is not None)
        self.first.append(len(self.flat))
        self.count.append(len(words))
        for word in words:
            term_id = self.term_ids.get(word)
            if term_id is None:
                term_id = self.term_ids[word] = len(self.terms)
                self.terms.append(word.encode())
            self.flat.append(term_id)
        self[token] = token_id
        return token_id


Posting = tuple[bytes, int, float, bytes]


class TextPostings(list[Posting]):
    """A text's postings, and its length in words: a word's sub-words are not more text, so
    a document naming 国家级经济技术开发区 is not made longer by 经济, 技术, 开发区 ..."""

    length: int = 0


def text_postings(
    text: str, *, encode: Callable[[list[int]], bytes] | None, boost: float
) -> TextPostings:
    """What a TEXT field with this analyzer indexes for text: (term, freq, weight, value).

    The same tuples as whoosh's field.index() with a positions format whose encode() is
    `encode` (or, when it is None, the Frequency format), without a Token object per
    word; rebuilds spend their analysis time here.
    """
    found: dict[str, list[int]] = {}
    get = found.get
    words, last = 0, -1
    for word, pos in index_words(text):
        if pos != last:
            words, last = words + 1, pos
        at = get(word)
        if at is None:
            found[word] = [pos]
        else:
            at.append(pos)
    out = TextPostings()
    out.length = words
    for word, at in found.items():
        n = len(at)
        value = _frequency_value(n) if encode is None else encode(at)
        out.append((word.encode(), n, n * boost, value))
    return out


@lru_cache(maxsize=1024)
def _frequency_value(n: int) -> bytes:
    return pack_uint(n)


class ZoneTokenizer(Tokenizer):
    """Whoosh tokenizer: fold, segment with jieba, add sub-words when indexing."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(  # noqa: PLR0913 - whoosh's tokenizer protocol
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            words = [Word(fold_with_offsets(value).text, 0, 0, len(value))]
        else:
            words = segment(value, subwords=mode != "query", stop=removestops)
        for w in words:
            t.text = w.text
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = w.text
            if positions:
                t.pos = start_pos + w.pos
            if chars:
                t.startchar = start_char + w.start
                t.endchar = start_char + w.end
            yield t


def analyzer() -> ZoneTokenizer:
    """The analyzer for every full-text field."""
    return ZoneTokenizer()
