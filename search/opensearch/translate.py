"""A parsed query (search.engine.querylang) as an OpenSearch query, resolved like Whoosh's.

The query is understood and its words made concepts by the embedded engine's own code
(search.engine.understand, search.engine.forming): a year in the text is a preference, not a
word to match; a zone name brings its aliases; an unknown word is its exact sequence; a
compound also finds its parts, for less; a place or zone name also finds the documents about
it (their facets). A concept is a dis_max over its forms (one written form counts, not each
way of writing it), each form a term or match_phrase on title and body;
phrases are match_phrase with the slop their stop words leave; region: and zone: resolve to
the index's own values as terms queries, year: is a range; AND, OR and NOT are bool clauses.

Ranking approximates Whoosh's BM25F with what OpenSearch scores natively (per-field BM25): a
title occurrence is weighted by the concept's IDF as search.engine.bm25f weights it; the
boosts of search.engine.boosts are should clauses that add without narrowing: the years the
query names (constant, the most its words could give), the zones and places it names among
a document's facets (constant, the word's IDF), its words close together (a sloppy phrase).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from search.engine import bm25f
from search.engine.boosts import ABOUT_WEIGHT, PROXIMITY_WEIGHT, PROXIMITY_WINDOW, about_values
from search.engine.concepts import Concept, Form
from search.engine.forming import TEXT_FIELDS, ConceptCompiler
from search.engine.matching import YEAR_TEXT_WEIGHT
from search.engine.querylang import Parsed, Years
from search.engine.understand import understand
from search.opensearch.mapping import BOOSTS
from search.opensearch.tokens import clean

Query = dict[str, Any]
MATCH_NONE: Query = {"match_none": {}}
MATCH_ALL: Query = {"match_all": {}}


def _no_count() -> int:
    return 0


def _no_frequency(fieldname: str, value: str) -> int:
    return 0


@dataclass(frozen=True)
class Values:
    """What resolving a query needs of one generation: its facet values, its lexicon, and
    how many documents it holds and hold a value (for IDFs)."""

    regions: list[str]
    zones: list[str]
    mentions: list[str]
    expand: Callable[[str], list[str]]  # a CJK character → indexed words containing it
    doc_count: Callable[[], int] = _no_count
    doc_frequency: Callable[[str, str], int] = _no_frequency  # (field, term) → documents


@dataclass
class Compiled:
    """The query to run (None: browse by facets), the terms to highlight, notes for the user."""

    query: Query | None
    terms: frozenset[str] = frozenset()
    notes: list[str] = field(default_factory=list)
    years: tuple[int, ...] = ()  # years the query prefers (2019年 in its text)


def _any(parts: list[Query]) -> Query:
    return parts[0] if len(parts) == 1 else {"bool": {"should": parts, "minimum_should_match": 1}}


def _all(parts: list[Query]) -> Query:
    return parts[0] if len(parts) == 1 else {"bool": {"must": parts}}


def _term(fieldname: str, text: str, boost: float = 1.0) -> Query:
    return {"term": {fieldname: {"value": clean(text), "boost": boost}}}


def _phrase(
    fieldname: str, words: list[str] | tuple[str, ...], slop: int, boost: float = 1.0
) -> Query:
    query = " ".join(clean(w) for w in words)
    return {"match_phrase": {fieldname: {"query": query, "slop": slop, "boost": boost}}}


@dataclass
class _Compiler(ConceptCompiler[Query]):
    values: Values = field(kw_only=True)
    concepts: list[Concept] = field(default_factory=list)
    _dfs: dict[Concept, int] = field(default_factory=dict)

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
        return _term(fieldname, text, BOOSTS[fieldname])

    def phrase(self, fieldname: str, words: list[str], slop: int) -> Query:
        # Whoosh counts slop from 1 (adjacent), OpenSearch from 0.
        return _phrase(fieldname, words, slop - 1, BOOSTS[fieldname])

    def one_of(self, fieldname: str, values: list[str]) -> Query:
        return {"terms": {fieldname: values}}

    def nothing(self) -> Query:
        return MATCH_NONE

    def all_of(self, parts: list[Query]) -> Query:
        return _all(parts)

    def doc_count(self) -> int:
        return self.values.doc_count()

    def doc_frequency(self, fieldname: str, word: str) -> int:
        return self.values.doc_frequency(fieldname, word)

    def concept_df(self, c: Concept) -> int:
        """About how many documents hold the concept: its most frequent full form (a
        phrase's rarest word bounds it)."""
        if c not in self._dfs:
            dfs = [
                min(max(self.doc_frequency(f, w) for f in c.fields) for w in form.words)
                for form in (c.full or c.forms)
            ]
            self._dfs[c] = max(dfs, default=0)
        return self._dfs[c]

    def concept_idf(self, c: Concept) -> float:
        return bm25f.idf(self.concept_df(c), self.doc_count())

    def form(self, c: Concept, form: Form, title: float) -> Query:
        """One written form on the concept's fields, the title's weighted."""

        def boost(fieldname: str) -> float:
            return form.weight * (title if fieldname == "title" else BOOSTS[fieldname])

        if form.anywhere:  # every part somewhere in the document, each in any field
            words = dict.fromkeys(form.words)
            return _all([_any([_term(f, w, boost(f)) for f in c.fields]) for w in words])
        if form.is_phrase:
            return _any([_phrase(f, form.words, form.slop - 1, boost(f)) for f in c.fields])
        return _any([_term(f, form.words[0], boost(f)) for f in c.fields])

    def concept(
        self,
        fields: tuple[str, ...],
        forms: list[Form],
        negated: bool,
        label: str = "",
        facets: bool = False,
    ) -> Query:
        c = Concept(fields, tuple(dict.fromkeys(forms)), label, facets)
        if negated:  # a match, not a score: no frequencies to read
            title = BOOSTS["title"]
        else:
            self.terms.update(c.words())
            self.concepts.append(c)
            title = bm25f.title_weight(self.concept_idf(c), self.doc_count())
        parts = [self.form(c, f, title) for f in c.forms]
        held = self.about(c)
        if held is not None:  # documents about the place or zone match too; the lift scores
            parts.append({"constant_score": {"filter": held, "boost": 0.0}})
        return parts[0] if len(parts) == 1 else {"dis_max": {"queries": parts}}

    def about(self, c: Concept) -> Query | None:
        """Documents whose zones or about-regions hold what the concept's word names."""
        if not c.facets:
            return None
        zones, paths = about_values(c.label, self.values.zones, set(self.values.regions))
        held = [{"terms": {k: v}} for k, v in (("zone", zones), ("region", paths)) if v]
        return _any(held) if held else None

    # --- the boosts ------------------------------------------------------------------------

    def lifts(self, years: tuple[int, ...]) -> list[Query]:
        """Should clauses: the words close together, the zones and places they name among a
        document's facets, the years the query names (and their strings in a text)."""
        concepts = self.concepts
        clauses: list[Query] = []
        for a, b in zip(concepts, concepts[1:], strict=False):
            words = (a.forms[0].words + b.forms[0].words) if a.forms and b.forms else ()
            if len(words) < 2:
                continue
            weight = PROXIMITY_WEIGHT * min(self.concept_idf(a), self.concept_idf(b))
            near = [_phrase(f, words, PROXIMITY_WINDOW, weight) for f in TEXT_FIELDS]
            clauses.append({"dis_max": {"queries": near}})
        for c in concepts:
            held = self.about(c)
            if held is not None:
                weight = ABOUT_WEIGHT * self.concept_idf(c)
                clauses.append({"constant_score": {"filter": held, "boost": weight}})
        if years:
            n = self.doc_count()
            in_years = {"terms": {"year": list(years)}}
            year_df = sum(self.doc_frequency("year", str(y)) for y in years)
            # the most a document's words could score: every concept at its full title weight
            # in the title and in the body, and the year as one word more
            most = (bm25f.TITLE_WEIGHT + 1) * (
                sum(self.concept_idf(c) for c in concepts) + bm25f.idf(year_df, n)
            )
            clauses.append({"constant_score": {"filter": in_years, "boost": most}})
            texts = [_term(f, str(y), YEAR_TEXT_WEIGHT) for y in years for f in TEXT_FIELDS]
            clauses.append(_any(texts))
        return clauses


def compile_query(parsed: Parsed, values: Values) -> Compiled:
    """The OpenSearch query for a parsed query (None: no text, browse by facets)."""
    understood = understand(parsed)
    if understood.node is None:
        return Compiled(None, notes=list(parsed.notes))
    c = _Compiler(values=values)
    q = c.node(understood.node)
    if q is not None:
        extra = c.lifts(understood.years)
        if extra:
            q = {"bool": {"must": [q], "should": extra}}
    return Compiled(q, frozenset(c.terms), list(parsed.notes) + c.notes, understood.years)
