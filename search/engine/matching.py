"""A parsed query to a query tree, resolved against one index's own terms and values.

Free text is segmented exactly as the index side was (minus the sub-words), so a word of
the query is a term of the index, and each word becomes a Concept (search.engine.concepts)
with the forms it is matched in (search.engine.forming, shared with OpenSearch):

- a zone name or a kind of zone brings its aliases (经开区: 经济技术开发区, 经济开发区;
  苏州工业园 and 苏州工业园区), from the gazetteer's zone-name endings and catalogue;
- a word the dictionary does not know (雄安新区, cut into 雄 / 安新 / 区) is matched as its
  exact sequence of pieces, never as its single characters each expanded;
- a compound the dictionary knows (飞地经济) also finds its parts side by side, or, when one
  part carries its meaning, all in one document (研发飞地 in an item on regional economies),
  counting for less than the word;
- a one-character query word expands to the indexed words containing it (园 → 园区, ...).

Quoted text is an exact phrase, with none of these. region:, mentions: and zone: resolve a
short name to the paths and canonical names present; the years the query names
(search.engine.understand), the words close together, and the zones and places they name in
a document's facets are optional clauses (AndMaybe, search.engine.boosts) that add to the
score without narrowing the result.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from whoosh import query as Q
from whoosh.searching import Searcher

from search.engine.boosts import About, PreferYears, Proximity, names_place_or_zone
from search.engine.concepts import Concept, Form
from search.engine.forming import TEXT_FIELDS, ConceptCompiler
from search.engine.querylang import Parsed, Years
from search.engine.readerdata import ReaderData
from search.engine.understand import understand

YEAR_TEXT_WEIGHT = 0.5  # a year's string in a text, against its concept's full score


@dataclass
class Compiled:
    """The query to run, the terms to highlight, and notes for the user."""

    query: Q.Query | None
    terms: frozenset[str] = frozenset()
    notes: list[str] = field(default_factory=list)
    years: tuple[int, ...] = ()  # years the query prefers (2019年 in its text)
    concepts: tuple[Concept, ...] = ()  # the positive free-text concepts, in query order


@dataclass
class _Compiler(ConceptCompiler[Q.Query]):
    searcher: Searcher = field(kw_only=True)
    data: ReaderData = field(kw_only=True)
    concepts: list[Concept] = field(default_factory=list)

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

    def concept(
        self,
        fields: tuple[str, ...],
        forms: list[Form],
        negated: bool,
        label: str = "",
        facets: bool = False,
    ) -> Concept:
        c = Concept(fields, tuple(dict.fromkeys(forms)), label, facets)
        if not negated:
            self.terms.update(c.words())
            self.concepts.append(c)
        return c

    def doc_count(self) -> int:
        return self.searcher.doc_count()

    def doc_frequency(self, fieldname: str, word: str) -> int:
        return self.searcher.doc_frequency(fieldname, word)


def lifts(concepts: tuple[Concept, ...], years: tuple[int, ...]) -> Q.Query | None:
    """Optional clauses: the query's words close together, the zones and places it names
    in a document's facets, the years it names."""
    clauses: list[Q.Query] = []
    if len(concepts) > 1:
        clauses.append(Proximity(concepts))
    clauses += [About(c) for c in concepts if names_place_or_zone(c.label)]
    if years:
        clauses.append(PreferYears(years, concepts))
        # the year's string in a text (a retrospective on it) adds a little
        text = Concept(TEXT_FIELDS, tuple(Form((str(y),)) for y in years))
        text.boost = YEAR_TEXT_WEIGHT
        clauses.append(text)
    return Q.Or(clauses) if clauses else None


def compile_query(parsed: Parsed, searcher: Searcher, data: ReaderData) -> Compiled:
    """The Whoosh query for a parsed query (None: no text, browse by facets)."""
    understood = understand(parsed)
    if understood.node is None:
        return Compiled(None, notes=list(parsed.notes))
    c = _Compiler(searcher=searcher, data=data)
    q = c.node(understood.node)
    if q is not None:
        lift = lifts(tuple(c.concepts), understood.years)
        if lift is not None:
            q = Q.AndMaybe(q, lift)
    return Compiled(
        q,
        frozenset(c.terms),
        list(parsed.notes) + c.notes,
        understood.years,
        tuple(c.concepts),
    )
