"""A parsed query (search.engine.querylang) as an OpenSearch query, resolved like Whoosh's.

Words are term queries on the whitespace-analysed fields (the query side is segmented exactly
as search.engine.matching does it, without sub-words), phrases are match_phrase with the slop
their stop words leave, region: and zone: resolve to the index's own values as terms queries,
year: is a range; AND, OR and NOT are bool clauses. The lifts (the words as a phrase, and as
a place or zone name) are should clauses that add to the score without narrowing the result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from search.engine.compiling import (
    PHRASE_LIFT,
    PLACE_LIFT,
    TreeCompiler,
    lift_parts,
)
from search.engine.querylang import Parsed, Years
from search.opensearch.mapping import BOOSTS, TEXT_FIELDS
from search.opensearch.tokens import clean

Query = dict[str, Any]
MATCH_NONE: Query = {"match_none": {}}
MATCH_ALL: Query = {"match_all": {}}


@dataclass(frozen=True)
class Values:
    """What resolving a query needs of one generation: its facet values, its lexicon."""

    regions: list[str]
    zones: list[str]
    mentions: list[str]
    expand: Callable[[str], list[str]]  # a CJK character → indexed words containing it


@dataclass
class Compiled:
    """The query to run (None: browse by facets), the terms to highlight, notes for the user."""

    query: Query | None
    terms: frozenset[str] = frozenset()
    notes: list[str] = field(default_factory=list)


def _any(parts: list[Query]) -> Query:
    return parts[0] if len(parts) == 1 else {"bool": {"should": parts, "minimum_should_match": 1}}


def _all(parts: list[Query]) -> Query:
    return parts[0] if len(parts) == 1 else {"bool": {"must": parts}}


def _term(fieldname: str, text: str, boost: float = 1.0) -> Query:
    return {"term": {fieldname: {"value": clean(text), "boost": boost * BOOSTS[fieldname]}}}


def _phrase(fieldname: str, words: list[str], slop: int, boost: float = 1.0) -> Query:
    query = " ".join(clean(w) for w in words)
    return {
        "match_phrase": {
            fieldname: {"query": query, "slop": slop, "boost": boost * BOOSTS[fieldname]}
        }
    }


@dataclass
class _Compiler(TreeCompiler[Query]):
    values: Values = field(kw_only=True)

    def years(self, node: Years) -> Query:
        bounds = {k: v for k, v in (("gte", node.start), ("lte", node.end)) if v is not None}
        return {"range": {"year": bounds}}

    def negate(self, inner: Query) -> Query:
        return {"bool": {"must_not": [inner]}}

    def any_of(self, parts: list[Query]) -> Query:
        return _any(parts)

    def combine(self, must: list[Query], must_not: list[Query]) -> Query:
        if not must_not:
            return _all(must) if must else MATCH_ALL
        return {"bool": {"must": must or [MATCH_ALL], "must_not": must_not}}

    def place_names(self, fieldname: str) -> list[str]:
        return self.values.mentions if fieldname == "mentions" else self.values.regions

    def zone_names(self) -> list[str]:
        return self.values.zones

    def expand(self, fieldname: str, char: str) -> list[str]:
        return self.values.expand(char)

    def term(self, fieldname: str, text: str) -> Query:
        return _term(fieldname, text)

    def phrase(self, fieldname: str, words: list[str], slop: int) -> Query:
        # Whoosh counts slop from 1 (adjacent), OpenSearch from 0.
        return _phrase(fieldname, words, slop - 1)

    def one_of(self, fieldname: str, values: list[str]) -> Query:
        return {"terms": {fieldname: values}}

    def nothing(self) -> Query:
        return MATCH_NONE

    def all_of(self, parts: list[Query]) -> Query:
        return _all(parts)


def lifts(parsed: Parsed) -> list[Query]:
    """Should clauses: the query's words as phrases, and as a place or zone name."""
    parts = lift_parts(parsed)
    clauses = [
        _phrase(f, list(words), 0, PHRASE_LIFT) for words in parts.phrases for f in TEXT_FIELDS
    ]
    if parts.places:
        clauses.append(_any([_term("place", w, PLACE_LIFT) for w in parts.places]))
    return clauses


def compile_query(parsed: Parsed, values: Values) -> Compiled:
    """The OpenSearch query for a parsed query (None: no text, browse by facets)."""
    if parsed.node is None:
        return Compiled(None, notes=list(parsed.notes))
    c = _Compiler(values=values)
    q = c.node(parsed.node)
    if q is not None:
        extra = lifts(parsed)
        if extra:
            q = {"bool": {"must": [q], "should": extra}}
    return Compiled(q, frozenset(c.terms), list(parsed.notes) + c.notes)
