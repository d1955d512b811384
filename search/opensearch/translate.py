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
    is_cjk_char,
    lift_parts,
    phrase_slop,
    region_paths,
    zone_names,
)
from search.engine.querylang import Parsed, Text, Years
from search.opensearch.mapping import BOOSTS, TEXT_FIELDS
from search.opensearch.tokens import clean
from search.text.analysis import segment

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

    def word(self, fields: tuple[str, ...], word: str, negated: bool) -> Query:
        terms = [word]
        if is_cjk_char(word):
            terms += self.values.expand(word)
        if not negated:
            self.terms.update(terms)
        return _any([_term(f, t) for f in fields for t in terms])

    def text(self, node: Text, negated: bool) -> Query | None:
        fields = (node.field,) if node.field else TEXT_FIELDS
        words = segment(node.text, subwords=False)
        if not words:
            return None
        if node.phrase and len(words) > 1:
            if not negated:
                self.terms.update(w.text for w in words)
            texts = [w.text for w in words]
            # Whoosh counts slop from 1 (adjacent), OpenSearch from 0.
            return _any([_phrase(f, texts, phrase_slop(words) - 1) for f in fields])
        parts = [self.word(fields, w.text, negated) for w in words]
        return _all(parts)

    def places(self, fieldname: str, value: str) -> Query:
        names = self.values.mentions if fieldname == "mentions" else self.values.regions
        paths = region_paths(value, names)
        if not paths:
            self.notes.append(f"索引中没有地区“{value}”")
            return MATCH_NONE
        return {"terms": {fieldname: paths}}

    def zone(self, value: str) -> Query:
        names = zone_names(value, self.values.zones)
        if names:
            return {"terms": {"zone": names}}
        words = [w.text for w in segment(value, subwords=False)]
        if not words:
            return MATCH_NONE
        # A short form such as 镇江经开区: the zones' own mentions are in the place field.
        return _all([_term("place", w) for w in words])


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
