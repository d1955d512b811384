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

import time
from functools import partial

import numpy as np
from whoosh import query as Q
from whoosh.searching import Searcher

from search.engine import bm25f
from search.engine.boosts import about_mask
from search.engine.concepts import Concept
from search.engine.lift import has_phrase, score_at
from search.engine.readerdata import ReaderData
from search.engine.scored import Scored
from search.segments.postings import Postings, read_postings

B, K1 = 0.75, 1.2
LIFT_CANDIDATES = 500  # documents an optional phrase is checked on, the best-scored first
EXACT_TOP = 200  # ranks that must come out as if every document had been checked
_POS_BITS = 24  # doc << _POS_BITS | position: a word position below 16M


class OverBudget(Exception):
    """The query ran past its deadline (Engine(deadline=...)); nothing was answered."""


class Engine:
    """Evaluates whoosh query trees against one reader's cached posting arrays.

    With a deadline (of time.thread_time()), every clause and term checks it first and the
    evaluation stops with OverBudget once it has passed: a query of thirty expanded
    characters must not hold a server thread (and the interpreter) for seconds.
    """

    def __init__(self, searcher: Searcher, data: ReaderData, deadline: float | None = None) -> None:
        self.searcher = searcher
        self.data = data
        self.deadline = deadline
        self.size = data.size
        self.memo: dict[tuple[object, ...], tuple[np.ndarray, tuple[np.ndarray, np.ndarray]]] = {}
        self._scratch: tuple[np.ndarray, np.ndarray] | None = None
        self._bm25: dict[tuple[str, str], Postings] = {}
        self._counts: dict[Concept, bm25f.Counts] = {}

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
                        reader, leaf.fieldname, w, partial(self._counted, leaf.fieldname)
                    )
        out = self.eval(q, None)
        out.mask &= self.data.live
        return out

    def check(self) -> None:
        """OverBudget once the deadline has passed."""
        if self.deadline is not None and time.thread_time() > self.deadline:
            raise OverBudget

    def eval(self, q: Q.Query, within: np.ndarray | None) -> Scored:  # noqa: PLR0911
        """Evaluate q; `within` (a mask) allows an optional clause to be checked on fewer docs."""
        self.check()
        if isinstance(q, Concept):
            return self.concept(q)
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

    def concept(self, c: Concept) -> Scored:
        """A concept's documents and BM25F scores."""
        scored, self._counts[c] = bm25f.score(self, c)
        if c.facets:
            about = about_mask(self.data, c.label)
            if about is not None:
                scored.mask |= about
        return scored

    def concept_df(self, c: Concept) -> int:
        """How many documents hold the concept's full forms (all of its forms if none)."""
        if c not in self._counts:
            self.concept(c)
        return self._counts[c].df

    def concept_counts(self, c: Concept) -> bm25f.Counts:
        """How often the concept is written in each document's title and body."""
        if c not in self._counts:
            self.concept(c)
        return self._counts[c]

    def concept_df_idf(self, c: Concept) -> float:
        """The concept's IDF (its most specific word is the one with the highest)."""
        return bm25f.idf(self.concept_df(c), self.live_count())

    def concept_keys(self, fieldname: str, c: Concept, among: np.ndarray) -> np.ndarray:
        """doc << 24 | position of every occurrence of the concept's forms in documents
        among (sorted docnums), sorted."""
        if fieldname not in c.fields or not among.size:
            return np.zeros(0, dtype=np.int64)
        reader = self.searcher.reader()
        cand = np.zeros(self.size, dtype=bool)
        cand[among] = True
        found = []
        for form in c.forms:
            if form.is_phrase:
                found.append(self._phrase_keys(fieldname, list(form.words), form.slop, cand, among))
            else:
                positions = self.data.positions(reader, fieldname, form.words[0])
                found.append(positions.keys(cand, _POS_BITS, among))
        return np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)

    def live_count(self) -> int:
        return int(np.count_nonzero(self.data.live))

    def length_norm(self) -> np.ndarray:
        """BM25F's one normalisation per document, of its title and body length together."""
        key = id(self.data)
        got = _NORMS.get(key)
        if got is None or got[0] is not self.data:
            reader = self.searcher.reader()
            norm = bm25f.length_norm(
                self.data.field_lengths(reader, "title"),
                self.data.field_lengths(reader, "body"),
                self.data.live,
            )
            if len(_NORMS) >= 4:
                _NORMS.clear()
            got = _NORMS[key] = (self.data, norm)
        return got[1]

    def _field_boost(self, fieldname: str) -> float:
        field = self.searcher.schema[fieldname] if fieldname in self.searcher.schema else None
        fmt = getattr(field, "format", None)
        return float(getattr(fmt, "field_boost", 1.0) or 1.0)

    def tf_postings(self, fieldname: str, text: str) -> Postings:
        """A term's documents and occurrence counts in a field (cached per reader)."""
        self.check()
        reader = self.searcher.reader()

        def make() -> Postings:
            return self._counted(fieldname, read_postings(reader, fieldname, text))

        return self.data.term_scores((fieldname, text), make)

    def _counted(self, fieldname: str, p: Postings) -> Postings:
        # int32 docs and float32 counts: 8 bytes a posting in the cache; the stored weights
        # carry the field's boost, which BM25F applies itself
        boost = self._field_boost(fieldname)
        counts = p.weights.astype(np.float32)
        if boost != 1.0:
            counts = np.round(counts / boost)
        return Postings(p.docs.astype(np.int32), counts.astype(np.float32))

    def term_scores(self, fieldname: str, text: str) -> Postings:
        """A term's documents and (per-field) BM25 scores, for plain terms and phrases."""
        key = (fieldname, text)
        got = self._bm25.get(key)
        if got is None:
            p = self.tf_postings(fieldname, text)
            got = self._bm25[key] = Postings(p.docs, self._bm25_of(fieldname, text, p))
        return got

    def _bm25_of(self, fieldname: str, text: str, p: Postings) -> np.ndarray:
        field = self.searcher.schema[fieldname] if fieldname in self.searcher.schema else None
        tf = p.weights.astype(np.float64) * self._field_boost(fieldname)
        if field is None or not field.scorable or not p.docs.size:
            return tf.astype(np.float32)
        idf = self.searcher.idf(fieldname, text)
        lengths = self.data.field_lengths(self.searcher.reader(), fieldname)
        avg = self.searcher.avg_field_length(fieldname) or 1.0
        fl = lengths[p.docs]
        return (idf * (tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avg))).astype(np.float32)

    def phrase_tf(self, fieldname: str, words: tuple[str, ...], slop: int) -> Postings:
        """The documents a phrase occurs in over the whole index, and how often (cached)."""
        key = ("tf", fieldname, words, max(1, slop))
        got = self.data.phrase_docs(key)
        if got is None:
            cand = np.ones(self.size, dtype=bool)
            for w in words:
                present = np.zeros(self.size, dtype=bool)
                present[self.tf_postings(fieldname, w).docs] = True
                cand &= present
            docs, counts = self._positions_match(fieldname, list(words), key[3], cand, counted=True)
            got = np.stack([docs.astype(np.int32), counts.astype(np.int32)])
            self.data.remember_phrase(key, got)
        return Postings(got[0], got[1].astype(np.float32))

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

    def _phrase_keys(  # noqa: PLR0913
        self,
        fieldname: str,
        words: list[str],
        slop: int,
        cand: np.ndarray,
        among: np.ndarray | None = None,
    ) -> np.ndarray:
        """doc << 24 | position of the phrase's last word wherever the words follow each
        other (each 1..slop after the last), in documents of cand; sorted."""
        reader = self.searcher.reader()
        none = np.zeros(0, dtype=np.int64)
        if not cand.any():
            return none
        ends: np.ndarray | None = None
        for w in words:
            keys = self.data.positions(reader, fieldname, w).keys(cand, _POS_BITS, among)
            ends = keys if ends is None else keys[_follows(keys, ends, slop)]
            if not ends.size:
                return none
        return none if ends is None else ends

    def _positions_match(  # noqa: PLR0913
        self,
        fieldname: str,
        words: list[str],
        slop: int,
        cand: np.ndarray,
        among: np.ndarray | None = None,
        counted: bool = False,
    ) -> np.ndarray:
        """Docnums among cand where the words occur in order, each 1..slop after the last
        (and with counted, how many times: a tuple of docnums and counts)."""
        ends = self._phrase_keys(fieldname, words, slop, cand, among)
        if counted:
            return np.unique(ends >> _POS_BITS, return_counts=True)
        return np.unique(ends >> _POS_BITS)


_NORMS: dict[int, tuple[ReaderData, np.ndarray]] = {}


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
