"""A prior against documents whose match is only an item of a list.

A 150-character notice naming 苏州工业园区 in a list of meetings matches as well as the
roundup devoted to the park, and its shortness makes BM25 like it more. A reader grades it
a passing mention (so is a long item naming it only in lists). So, at the top of a
relevance ranking, a document that names the query's most specific word once or twice,
never in the title, each time in an enumeration (a clause with 、 in it), keeps only
LIST_PRIOR of its score. Only the top is looked at: this reads stored texts.
"""

from __future__ import annotations

import re

import numpy as np
from whoosh.searching import Searcher

from search.engine.concepts import Concept
from search.segments.stored import stored_document
from search.text.normalise import fold

LIST_PRIOR = 0.5
CHECKED = 30  # documents at the top of the ranking that are looked at, at least
FEW = 2  # mentions a list-item match has at most
CLAUSE_CHARS = 200  # how far from a match its clause's punctuation is looked for
# Clause ends, full-width and as NFKC folds them (，→ ,): the text is searched folded.
_CLAUSE = re.compile(r"[，,。；;：:！!？?\n（）()“”\"《》]")
_ENUMERATION = "、"


def _clause(text: str, start: int, end: int) -> str:
    """The clause around text[start:end]: from the punctuation before to the one after
    (looked for within CLAUSE_CHARS either side)."""
    window = text[max(0, start - CLAUSE_CHARS) : start]
    before = max((m.end() for m in _CLAUSE.finditer(window)), default=0)
    after = _CLAUSE.search(text, end, end + CLAUSE_CHARS)
    lo = max(0, start - CLAUSE_CHARS) + before
    return text[lo : after.start() if after else min(len(text), end + CLAUSE_CHARS)]


def listed_only(title: str, text: str, needles: tuple[str, ...]) -> bool:
    """Every occurrence of the needles (folded) in text is a list item, none in the title."""
    if any(n in title for n in needles) or any(n in fold(title) for n in needles):
        return False
    # The text as written first (most are simplified); folded when that finds nothing.
    for body in (text, None):
        body = fold(text) if body is None else body
        seen = False
        for needle in needles:
            for m in re.finditer(re.escape(needle), body):
                seen = True
                if _ENUMERATION not in _clause(body, m.start(), m.end()):
                    return False
        if seen:
            return True
    return False


def needles_of(concept: Concept) -> tuple[str, ...]:
    """The strings a concept's full forms are written as."""
    return tuple(dict.fromkeys(f.text for f in concept.full if f.text))


def apply(  # noqa: PLR0913
    searcher: Searcher,
    score: np.ndarray,
    allowed: np.ndarray,
    needles: tuple[str, ...],
    depth: int,
    few: np.ndarray,
) -> None:
    """Lower, in place, the scores of the top documents whose match is only list items.

    Only documents of `few` are read: those naming the word once or twice, never in the
    title (the word counts of search.engine.bm25f say which).
    """
    if not needles:
        return
    docs = np.flatnonzero(allowed)
    n = min(docs.size, max(CHECKED, 3 * depth))
    if not n:
        return
    top = docs[np.argpartition(-score[docs], n - 1)[:n]] if docs.size > n else docs
    for docnum in top[few[top]].tolist():
        doc = stored_document(searcher.reader(), docnum)
        if listed_only(doc.title or "", doc.text or "", needles):
            score[docnum] *= LIST_PRIOR
