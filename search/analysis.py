"""The jieba-based Whoosh analyzer, shared by the index and query sides.

Text is folded first (NFKC, lower case, traditional→simplified) with an offset map, so
token character spans always point into the original text, in its own script.
Positions are word ordinals; the dictionary sub-words of a long word (经济开发区 → 经济,
开发, 开发区) are emitted at that word's position on the index side only, so a query for
开发区 finds 经济开发区 while a quoted phrase still matches words in order.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import jieba
from whoosh.analysis import Token, Tokenizer

from search.enrich.lexicon import domain_terms
from search.normalise import fold_with_offsets

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
def segmenter() -> jieba.Tokenizer:
    """A private jieba tokenizer with the domain dictionary (not jieba's global one).

    Its prefix dictionary, domain words included, is cached as one marshal file keyed by
    the words and jieba's dictionary, so a cold CLI start loads it instead of rebuilding.
    """
    # jieba announces building its prefix dict on stderr at INFO; CLI users should not see it.
    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    terms = sorted(domain_terms())
    cache = _cache_file(terms)
    try:
        tk.FREQ, tk.total = marshal.loads(cache.read_bytes())
        tk.initialized = True
        return tk
    except (OSError, ValueError, EOFError, TypeError):
        pass
    tk.initialize()
    for term in terms:
        tk.add_word(term, freq=DOMAIN_FREQ)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps((tk.FREQ, tk.total)))
        os.replace(tmp, cache)
    except OSError:
        pass  # a read-only home: build it each time, as before
    return tk


def _cache_file(terms: list[str]) -> Path:
    dict_file = Path(jieba.__file__).with_name("dict.txt")
    try:
        st = dict_file.stat()
        stamp = f"{st.st_size}:{st.st_mtime_ns}"
    except OSError:
        stamp = "?"
    h = hashlib.sha256(f"{jieba.__version__}|{stamp}|{DOMAIN_FREQ}|".encode())
    h.update("\n".join(terms).encode())
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "zonesearch" / f"jieba-{h.hexdigest()[:20]}.marshal"


def _is_word(text: str) -> bool:
    return any(c.isalnum() for c in text)


def sub_words(word: str) -> list[str]:
    """Dictionary words of two or more characters inside a longer word."""
    return list(_sub_words(word))


@lru_cache(maxsize=65536)
def _sub_words(word: str) -> tuple[str, ...]:
    if len(word) < 3:
        return ()
    freq = segmenter().FREQ
    found = []
    for n in range(2, len(word)):
        for i in range(len(word) - n + 1):
            gram = word[i : i + n]
            if freq.get(gram):
                found.append(gram)
    return tuple(found)


def segment(text: str, *, subwords: bool = True, stop: bool = True) -> list[Word]:
    """Words of text with ordinal positions and original-text spans."""
    folded = fold_with_offsets(text)
    offsets = folded.offsets
    identity = isinstance(offsets, range)
    words: list[Word] = []
    pos = 0
    for token, start, end in segmenter().tokenize(folded.text, HMM=False):
        if not token or not (token[0].isalnum() or _is_word(token)):
            continue
        token = token.strip()
        if stop and token in STOP_WORDS:
            pos += 1
            continue
        if identity:
            src_start, src_end = start, end
        else:
            src_start, src_end = folded.source_span(start, end)
        words.append(Word(token, pos, src_start, src_end))
        if subwords and len(token) > 2:
            for gram in _sub_words(token):
                i = token.find(gram)
                if identity:
                    s, e = start + i, start + i + len(gram)
                else:
                    s, e = folded.source_span(start + i, start + i + len(gram))
                words.append(Word(gram, pos, s, e, sub=True))
        pos += 1
    return words


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
