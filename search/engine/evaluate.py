"""Evaluating a compiled Whoosh query with numpy: one pass gives the match mask and scores.

Whoosh's own matchers walk postings one document at a time in Python, and search needs
every matching document anyway (facets, folding), so a query is evaluated here over
whole posting lists read block by block into arrays and cached per reader (see
readerdata.ReaderData.postings). Scores are Whoosh's BM25F (B=0.75, K1=1.2) on the same
stored weights (the title's field boost is already in them) and field lengths; And and Or
add their parts' scores, AndMaybe adds the optional part where it matches, a phrase scores
as the sum of its words times its boost. Phrases are checked on word positions, decoded
once per term; the optional lifts are scored sparsely (search.engine.lift), their phrases
checked only where they can change the top of the list.
"""

from __future__ import annotations

from functools import partial

import numpy as np
from whoosh import query as Q
from whoosh.searching import Searcher

from search.engine.lift import has_phrase, score_at
from search.engine.readerdata import ReaderData
from search.engine.scored import Scored
from search.segments.postings import Postings, read_postings

B, K1 = 0.75, 1.2
LIFT_CANDIDATES = 500  # documents an optional phrase is checked on, the best-scored first
EXACT_TOP = 200  # ranks that must come out as if every document had been checked
_POS_BITS = 24  # doc << _POS_BITS | position: a word position below 16M


class Engine:
    """Evaluates whoosh query trees against one reader's cached posting arrays."""

    def __init__(self, searcher: Searcher, data: ReaderData) -> None:
        self.searcher = searcher
        self.data = data
        self.size = data.size
        self.memo: dict[tuple[object, ...], tuple[np.ndarray, tuple[np.ndarray, np.ndarray]]] = {}
        self._scratch: tuple[np.ndarray, np.ndarray] | None = None

    def scratch(self) -> tuple[np.ndarray, np.ndarray]:
        """Zeroed whole-index score and flag arrays; the user leaves them zeroed."""
        if self._scratch is None:
            self._scratch = (np.zeros(self.size), np.zeros(self.size, dtype=bool))
        return self._scratch

    def empty(self) -> Scored:
        return Scored(np.zeros(self.size, dtype=bool), np.zeros(self.size, dtype=np.float64))

    def run(self, q: Q.Query) -> Scored:
        """The mask of live matching documents and their scores."""
        reader = self.searcher.reader()
        for leaf in q.leaves():
            if isinstance(leaf, Q.Phrase) and len(leaf.words) > 1:
                for w in leaf.words:
                    self.data.prefetch_phrase_word(
                        reader, leaf.fieldname, w, partial(self._scored, leaf.fieldname, w)
                    )
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

    def term_scores(self, fieldname: str, text: str) -> Postings:
        """A term's documents and BM25F scores (cached per reader)."""
        reader = self.searcher.reader()

        def make() -> Postings:
            return self._scored(fieldname, text, read_postings(reader, fieldname, text))

        return self.data.term_scores((fieldname, text), make)

    def _scored(self, fieldname: str, text: str, p: Postings) -> Postings:
        # int32 docs and float32 scores: 8 bytes a posting in the cache
        return Postings(p.docs.astype(np.int32), self._bm25(fieldname, text, p).astype(np.float32))

    def term(self, fieldname: str, text: str, boost: float = 1.0) -> Scored:
        out = self.empty()
        p = self.term_scores(fieldname, text)
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
        out = self.eval(q.a, within)
        docs = np.flatnonzero(out.mask if within is None else out.mask & within)
        if not docs.size:
            return out
        if docs.size <= LIFT_CANDIDATES or not has_phrase(q.b):
            out.score[docs] += score_at(self, q.b, docs, "check")
            return out
        # Phrases are checked on the best candidates first; any other document only if its
        # score plus everything its phrases could add (as if they matched) reaches the top.
        base = out.score[docs]
        final = base + score_at(self, q.b, docs, "skip")
        top = np.argpartition(-base, LIFT_CANDIDATES)[:LIFT_CANDIDATES]
        final[top] = base[top] + score_at(self, q.b, docs[top], "check")
        bar = -np.partition(-final, EXACT_TOP - 1)[EXACT_TOP - 1]
        unchecked = np.ones(docs.size, dtype=bool)
        unchecked[top] = False
        more = np.flatnonzero(unchecked & (base + score_at(self, q.b, docs, "assume") >= bar))
        if more.size:
            final[more] = base[more] + score_at(self, q.b, docs[more], "check")
        out.score[docs] = final
        return out

    def phrase_docs(self, q: Q.Phrase, among: np.ndarray) -> np.ndarray:
        """Sorted docnums where the phrase occurs: all known ones, or those among `among`."""
        words = list(q.words)
        key = (q.fieldname, tuple(words), max(1, int(q.slop)))
        known = self.data.phrase_docs(key)
        if known is not None:
            return known
        cand = np.zeros(self.size, dtype=bool)
        cand[among] = True
        return self._positions_match(q.fieldname, words, key[2], cand, np.sort(among))

    def phrase(self, q: Q.Phrase, within: np.ndarray | None) -> Scored:
        """Documents with the words in order (within slop), scored as the words' sum × boost.

        The documents of a phrase checked over the whole index are cached per reader: a
        user paging or narrowing by a facet repeats the query.
        """
        words = list(q.words)
        if not words:
            return self.empty()
        parts = [self.term(q.fieldname, w) for w in words]
        cand = parts[0].mask.copy()
        for s in parts[1:]:
            cand &= s.mask
        if len(words) > 1:
            key = (q.fieldname, tuple(words), max(1, int(q.slop)))
            known = self.data.phrase_docs(key)
            if known is None and within is None:
                known = self._positions_match(q.fieldname, words, key[2], cand)
                self.data.remember_phrase(key, known.astype(np.int32))
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

    def _positions_match(  # noqa: PLR0913
        self,
        fieldname: str,
        words: list[str],
        slop: int,
        cand: np.ndarray,
        among: np.ndarray | None = None,
    ) -> np.ndarray:
        """Docnums among cand where the words occur in order, each 1..slop after the last."""
        reader = self.searcher.reader()
        if not cand.any():
            return np.zeros(0, dtype=np.int64)
        ends: np.ndarray | None = None
        for w in words:
            keys = self.data.positions(reader, fieldname, w).keys(cand, _POS_BITS, among)
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
