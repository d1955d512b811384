"""Evaluating a compiled Whoosh query with numpy: one pass gives the match mask and scores.

Whoosh's own matchers walk postings one document at a time in Python, and search needs
every matching document anyway (facets, folding), so a query is evaluated here over
whole posting lists read block by block into arrays and cached per reader (see
readerdata.ReaderData.postings). Scores are Whoosh's BM25F (B=0.75, K1=1.2) on the same
stored weights (the title's field boost is already in them) and field lengths; And and Or
add their parts' scores, AndMaybe adds the optional part where it matches, a phrase scores
as the sum of its words times its boost. Phrases are checked on word positions, decoded
once per term; the optional phrase lifts are checked only on the best candidates.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from whoosh import query as Q
from whoosh.searching import Searcher

from search.readerdata import Postings, ReaderData

B, K1 = 0.75, 1.2
LIFT_CANDIDATES = 500  # documents an optional phrase is checked on, the best-scored first
EXACT_TOP = 200  # ranks that must come out as if every document had been checked
_POS_BITS = 24  # doc << _POS_BITS | position: a word position below 16M


@dataclass
class Scored:
    """Which documents match (bool per docnum) and their scores (0 where not matching)."""

    mask: np.ndarray
    score: np.ndarray


class Engine:
    """Evaluates whoosh query trees against one reader's cached posting arrays."""

    def __init__(self, searcher: Searcher, data: ReaderData) -> None:
        self.searcher = searcher
        self.data = data
        self.size = data.size

    def empty(self) -> Scored:
        return Scored(np.zeros(self.size, dtype=bool), np.zeros(self.size, dtype=np.float64))

    def run(self, q: Q.Query) -> Scored:
        """The mask of live matching documents and their scores."""
        out = self.eval(q, None)
        out.mask &= self.data.live
        return out

    def eval(self, q: Q.Query, within: np.ndarray | None) -> Scored:  # noqa: PLR0911
        """Evaluate q; `within` (a mask) allows an optional clause to be checked on fewer docs."""
        if isinstance(q, Q.Term):
            return self.term(q.fieldname, q.text, q.boost)
        if isinstance(q, Q.AndMaybe):
            return self.and_maybe(q, within)
        if isinstance(q, Q.And):
            return self.conj(q.subqueries, within)
        if isinstance(q, Q.Or):
            return self.disj(q.subqueries, q.boost, within)
        if isinstance(q, Q.Not):
            inner = self.eval(q.query, within)
            return Scored(self.data.live & ~inner.mask, np.zeros(self.size))
        if isinstance(q, Q.Every):
            return Scored(self.data.live.copy(), np.zeros(self.size))
        if isinstance(q, Q.Phrase):
            return self.phrase(q, within)
        if isinstance(q, Q.NumericRange) and q.fieldname == "year":
            return self.years(q)
        if q is Q.NullQuery or isinstance(q, type(Q.NullQuery)):
            return self.empty()
        return self.fallback(q)

    def fallback(self, q: Q.Query) -> Scored:
        """Any other query through Whoosh itself (mask only; constant score)."""
        out = self.empty()
        docs = np.fromiter(self.searcher.docs_for_query(q), dtype=np.int64)
        out.mask[docs] = True
        return out

    def years(self, q: Q.NumericRange) -> Scored:
        year = self.data.year
        mask = year > 0
        if q.start is not None:
            mask &= year > q.start if q.startexcl else year >= q.start
        if q.end is not None:
            mask &= year < q.end if q.endexcl else year <= q.end
        return Scored(mask, np.zeros(self.size))

    def _bm25(self, fieldname: str, text: str, p: Postings) -> np.ndarray:
        field = self.searcher.schema[fieldname] if fieldname in self.searcher.schema else None
        if field is None or not field.scorable:
            return p.weights.astype(np.float64)
        idf = self.searcher.idf(fieldname, text)
        lengths = self.data.field_lengths(self.searcher.reader(), fieldname)
        avg = self.searcher.avg_field_length(fieldname) or 1.0
        fl = lengths[p.docs]
        tf = p.weights.astype(np.float64)
        return idf * (tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avg))

    def term(self, fieldname: str, text: str, boost: float = 1.0) -> Scored:
        out = self.empty()
        reader = self.searcher.reader()

        def make() -> Postings:
            p = self.data.postings(reader, fieldname, text)
            return Postings(p.docs, self._bm25(fieldname, text, p))

        p = self.data.term_scores((fieldname, text), make)
        if p.docs.size:
            out.mask[p.docs] = True
            out.score[p.docs] = p.weights
            if boost != 1.0:
                out.score *= boost
        return out

    def conj(self, parts: list[Q.Query], within: np.ndarray | None) -> Scored:
        out: Scored | None = None
        for part in sorted(parts, key=_cost):  # cheap, selective parts first narrow `within`
            s = self.eval(
                part, within if out is None else (out.mask if within is None else out.mask & within)
            )
            if out is None:
                out = s
            else:
                out.mask &= s.mask
                out.score += s.score
        if out is None:
            return self.empty()
        out.score[~out.mask] = 0.0
        return out

    def disj(self, parts: list[Q.Query], boost: float, within: np.ndarray | None) -> Scored:
        out = self.empty()
        for part in parts:
            s = self.eval(part, within)
            out.mask |= s.mask
            out.score += s.score
        if boost != 1.0:
            out.score *= boost
        return out

    def and_maybe(self, q: Q.AndMaybe, within: np.ndarray | None) -> Scored:
        required = self.eval(q.a, within)
        scope = required.mask if within is None else required.mask & within
        docs = np.flatnonzero(scope)
        if docs.size <= LIFT_CANDIDATES:
            return self._lift(required, q.b, scope)
        # Phrases in the optional part are checked on the best candidates first; any other
        # document is checked only if its score plus all its phrases could add (each
        # phrase's word scores, as if it matched) reaches the top of the list.
        top = docs[np.argpartition(-required.score[docs], LIFT_CANDIDATES)[:LIFT_CANDIDATES]]
        pool = np.zeros(self.size, dtype=bool)
        pool[top] = True
        base = required.score.copy()
        out = self._lift(required, q.b, pool)
        potential = self._potential(q.b)
        if potential is not None:
            final = out.score[docs]
            bar = -np.partition(-final, EXACT_TOP - 1)[EXACT_TOP - 1]
            more = scope & ~pool & (out.score + potential >= bar)
            if more.any():
                extra = self.eval(q.b, more)
                lifted = base + np.where(extra.mask & out.mask, extra.score, 0.0)
                out.score = np.where(more, lifted, out.score)
        return out

    def _lift(self, required: Scored, optional: Q.Query, pool: np.ndarray) -> Scored:
        opt = self.eval(optional, pool)
        required.score += np.where(required.mask & opt.mask, opt.score, 0.0)
        return required

    def _potential(self, q: Q.Query) -> np.ndarray | None:
        """Per document, the most the phrases in q could add (None: q has no phrase)."""
        if isinstance(q, Q.Phrase):
            return self.phrase(q, None, check=False).score
        parts = [self._potential(p) for p in getattr(q, "subqueries", ())]
        parts = [p for p in parts if p is not None]
        if not parts:
            return None
        return sum(parts[1:], parts[0]) * float(getattr(q, "boost", 1.0))

    def phrase(self, q: Q.Phrase, within: np.ndarray | None, check: bool = True) -> Scored:
        """Documents with the words in order (within slop), scored as the words' sum × boost.

        The documents of a phrase checked over the whole index are cached per reader: a
        user paging or narrowing by a facet repeats the query. With check=False only the
        presence of every word is tested (an upper bound, for lifts).
        """
        words = list(q.words)
        if not words:
            return self.empty()
        parts = [self.term(q.fieldname, w) for w in words]
        cand = parts[0].mask.copy()
        for s in parts[1:]:
            cand &= s.mask
        if check and len(words) > 1:
            key = (q.fieldname, tuple(words), max(1, int(q.slop)))
            known = self.data.phrase_docs(key)
            if known is None and within is None:
                known = self._positions_match(q.fieldname, words, key[2], cand)
                self.data.remember_phrase(key, known)
            if known is not None:
                found = np.zeros(self.size, dtype=bool)
                found[known] = True
                cand &= found
            else:
                cand &= within
                found = np.zeros(self.size, dtype=bool)
                found[self._positions_match(q.fieldname, words, key[2], cand)] = True
                cand &= found
        elif within is not None:
            cand &= within
        score = np.zeros(self.size)
        for s in parts:
            score += s.score
        score[~cand] = 0.0
        return Scored(cand, score * q.boost)

    def _positions_match(
        self, fieldname: str, words: list[str], slop: int, cand: np.ndarray
    ) -> np.ndarray:
        """Docnums among cand where the words occur in order, each 1..slop after the last."""
        reader = self.searcher.reader()
        if not cand.any():
            return np.zeros(0, dtype=np.int64)
        ends: np.ndarray | None = None
        for w in words:
            keys = self.data.positions(reader, fieldname, w).keys(cand, _POS_BITS)
            ends = keys if ends is None else keys[_follows(keys, ends, slop)]
            if not ends.size:
                return np.zeros(0, dtype=np.int64)
        return np.unique(ends >> _POS_BITS)


def _cost(q: Q.Query) -> int:
    """Evaluation order within an And: terms and ranges before phrases and negations."""
    if isinstance(q, Q.Phrase):
        return 3
    if isinstance(q, Q.Not):
        return 2
    if isinstance(q, Q.Or):
        return 1
    return 0


def _follows(keys: np.ndarray, ends: np.ndarray, slop: int) -> np.ndarray:
    """Which keys come 1..slop positions after one of ends (both sorted: doc, then position)."""
    hit = np.zeros(keys.size, dtype=bool)
    if not ends.size:
        return hit
    for step in range(1, slop + 1):
        want = keys - step
        at = np.searchsorted(ends, want).clip(max=ends.size - 1)
        hit |= ends[at] == want
    return hit
