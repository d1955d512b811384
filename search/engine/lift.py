"""The optional part of a query (AndMaybe's lifts) scored at a given set of documents.

A lift only changes the scores of documents the required part matched, so it is
evaluated sparsely at those documents: a term's score is looked up in its cached
(docs, scores) arrays by binary search, instead of building whole-index arrays. Phrases
have three modes: "check" (find the words in order: the real score), "assume" (score as
if they matched: an upper bound), "skip" (zero).
"""

from __future__ import annotations

from typing import Literal, Protocol

import numpy as np
from whoosh import query as Q

from search.engine.boosts import Boost, Proximity
from search.engine.scored import Scored
from search.segments.postings import Postings

Mode = Literal["check", "assume", "skip"]


class Engine(Protocol):
    """What a lift needs of the evaluator (search.engine.evaluate.Engine) that calls it."""

    memo: dict[tuple[object, ...], tuple[np.ndarray, tuple[np.ndarray, np.ndarray]]]

    def term_scores(self, fieldname: str, text: str) -> Postings: ...

    def scratch(self) -> tuple[np.ndarray, np.ndarray]: ...

    def eval(self, q: Q.Query, within: np.ndarray | None) -> Scored: ...

    def phrase_docs(self, q: Q.Phrase, among: np.ndarray) -> np.ndarray: ...


def _term_at(
    engine: Engine, fieldname: str, text: str, at: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """A term's scores at `at`, and where it occurs; memoised per (term, `at` array)."""
    key = (fieldname, text, id(at))
    entry = engine.memo.get(key)
    if entry is not None and entry[0] is at:  # the memo holds `at`, so its id is not reused
        return entry[1]
    p = engine.term_scores(fieldname, text)
    if not p.docs.size:
        got = (np.zeros(at.size), np.zeros(at.size, dtype=bool))
    elif at.size * 8 < p.docs.size:
        i = np.searchsorted(p.docs, at).clip(max=p.docs.size - 1)
        hit = p.docs[i] == at
        got = (np.where(hit, p.weights[i], 0.0), hit)
    else:
        # Scatter into a whole-index scratch array and gather: linear, no binary search.
        scratch, flags = engine.scratch()
        scratch[p.docs] = p.weights
        flags[p.docs] = True
        got = (scratch[at], flags[at])
        scratch[p.docs] = 0.0
        flags[p.docs] = False
    engine.memo[key] = (at, got)
    return got


def has_phrase(q: Q.Query) -> bool:
    """q reads word positions (a phrase, proximity): worth checking on fewer documents."""
    if isinstance(q, Q.Phrase | Proximity):
        return True
    return any(has_phrase(s) for s in getattr(q, "subqueries", ()))


def score_at(engine: Engine, q: Q.Query, at: np.ndarray, mode: Mode) -> np.ndarray:
    """The optional query's score at each docnum of `at` (sorted), 0 where it does not match."""
    if isinstance(q, Q.Term):
        return _term_at(engine, q.fieldname, q.text, at)[0] * q.boost
    if isinstance(q, Q.Phrase):
        return _phrase(engine, q, at, mode)
    if isinstance(q, Boost):
        return q.score_at(engine, at, mode) * q.boost  # type: ignore[arg-type]
    if isinstance(q, Q.Or):
        total = np.zeros(at.size)
        for s in q.subqueries:
            total += score_at(engine, s, at, mode)
        return total * q.boost
    # Anything else: evaluate it whole and pick the documents.
    full = engine.eval(q, None)
    return np.where(full.mask[at], full.score[at], 0.0)


def _phrase(engine: Engine, q: Q.Phrase, at: np.ndarray, mode: Mode) -> np.ndarray:
    if mode == "skip" or not q.words:
        return np.zeros(at.size)
    total = np.zeros(at.size)
    present = np.ones(at.size, dtype=bool)
    for w in q.words:
        s, hit = _term_at(engine, q.fieldname, w, at)
        total += s
        present &= hit
    if mode == "check" and len(q.words) > 1 and present.any():
        found = engine.phrase_docs(q, at[present])
        present &= np.isin(at, found)
    return np.where(present, total, 0.0) * q.boost
