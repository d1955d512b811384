"""The pipeline's own analysis as text a whitespace analyzer reads back position for position.

Each position becomes one whitespace-separated token: the word, then its dictionary sub-words
after '|' (经济开发区|经济|开发|开发区), which the index analyzer's pattern_capture filter emits
at that same position; a stop word's position is kept by a GAP token that its stop filter
drops (leaving the position increment). So the cluster indexes exactly the terms and
positions the Whoosh index does, and phrases and sub-words behave alike.
"""

from __future__ import annotations

import re

from search.text.analysis import index_words

GAP = "_"  # never a word: words hold a letter or digit
SUB = "|"
_UNSAFE = re.compile(r"[\s|]")


def clean(word: str) -> str:
    """A word as one token: no whitespace or '|' inside (the same on the query side)."""
    return _UNSAFE.sub("_", word) if _UNSAFE.search(word) else word


def is_lexicon_word(word: str) -> bool:
    """Words a one-character query may expand to: two or more characters, one of them CJK."""
    return len(word) > 1 and any("\u4e00" <= c <= "\u9fff" for c in word)


def encode(text: str, words: set[str] | None = None) -> str:
    """The index-side analysis of text as whitespace tokens; collects the words if asked."""
    out: list[str] = []
    group: list[str] = []
    at = -1
    for word, pos in index_words(text):
        if words is not None and is_lexicon_word(word):
            words.add(word)
        if pos == at:
            group.append(clean(word))
            continue
        if group:
            out.append(SUB.join(group))
        out.extend([GAP] * (pos - at - 1))
        group, at = [clean(word)], pos
    if group:
        out.append(SUB.join(group))
    return " ".join(out)
