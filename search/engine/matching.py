"""A parsed query to a Whoosh query, resolved against one index's own terms and values.

Free text is segmented exactly as the index side was (minus the sub-words), so a word of
the query is a term of the index. Three things need the index itself: a one-character
word expands to the indexed words containing it (园 → 园区, 开发园区, ...), region:,
mentions: and zone: resolve a short name to the paths and canonical names present, and the lifts —
the query's words as a phrase, and as a place or zone name — are optional clauses
(AndMaybe) that add to the BM25F score without narrowing the result.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from whoosh import query as Q
from whoosh.searching import Searcher

from search.engine.compiling import (
    PHRASE_LIFT,
    PLACE_LIFT,
    TreeCompiler,
    lift_parts,
)
from search.engine.querylang import Parsed, Years
from search.engine.readerdata import ReaderData

TEXT_FIELDS = ("title", "body")


@dataclass
class Compiled:
    """The query to run, the terms to highlight, and notes for the user."""

    query: Q.Query | None
    terms: frozenset[str] = frozenset()
    notes: list[str] = field(default_factory=list)


@dataclass
class _Compiler(TreeCompiler[Q.Query]):
    searcher: Searcher = field(kw_only=True)
    data: ReaderData = field(kw_only=True)

    def years(self, node: Years) -> Q.Query:
        return Q.NumericRange("year", node.start, node.end)

    def negate(self, inner: Q.Query) -> Q.Query:
        return Q.And([Q.Every(), Q.Not(inner)])

    def any_of(self, parts: list[Q.Query]) -> Q.Query:
        return parts[0] if len(parts) == 1 else Q.Or(parts)

    def combine(self, must: list[Q.Query], must_not: list[Q.Query]) -> Q.Query:
        q: Q.Query = Q.Every() if not must else must[0] if len(must) == 1 else Q.And(must)
        if must_not:
            # Not AndNot: whoosh's AndNotMatcher misses exclusions when the excluded
            # term's first document comes before the required one's.
            q = Q.And([q, Q.Not(must_not[0] if len(must_not) == 1 else Q.Or(must_not))])
        return q

    def place_names(self, fieldname: str) -> Iterable[str]:
        if fieldname == "mentions":
            return self.searcher.reader().field_terms("mentions")
        return self.data.region.names

    def zone_names(self) -> list[str]:
        return self.data.zone.names

    def expand(self, fieldname: str, char: str) -> list[str]:
        return self.data.expand(self.searcher.reader(), fieldname, char)

    def term(self, fieldname: str, text: str) -> Q.Query:
        return Q.Term(fieldname, text)

    def phrase(self, fieldname: str, words: list[str], slop: int) -> Q.Query:
        return Q.Phrase(fieldname, words, slop=slop)

    def one_of(self, fieldname: str, values: list[str]) -> Q.Query:
        return Q.Or([Q.Term(fieldname, v) for v in values])

    def nothing(self) -> Q.Query:
        return Q.NullQuery

    def all_of(self, parts: list[Q.Query]) -> Q.Query:
        return parts[0] if len(parts) == 1 else Q.And(parts)


def lifts(parsed: Parsed) -> Q.Query | None:
    """Optional clauses: the query's words as a phrase, and as a place or zone name."""
    parts = lift_parts(parsed)
    clauses: list[Q.Query] = [
        Q.Phrase(f, list(words), boost=PHRASE_LIFT) for words in parts.phrases for f in TEXT_FIELDS
    ]
    if parts.places:
        clauses.append(Q.Or([Q.Term("place", w) for w in parts.places], boost=PLACE_LIFT))
    return Q.Or(clauses) if clauses else None


def compile_query(parsed: Parsed, searcher: Searcher, data: ReaderData) -> Compiled:
    """The Whoosh query for a parsed query (None: no text, browse by facets)."""
    if parsed.node is None:
        return Compiled(None, notes=list(parsed.notes))
    c = _Compiler(searcher=searcher, data=data)
    q = c.node(parsed.node)
    if q is not None:
        lift = lifts(parsed)
        if lift is not None:
            q = Q.AndMaybe(q, lift)
    return Compiled(q, frozenset(c.terms), list(parsed.notes) + c.notes)
