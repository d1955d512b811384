"""A parsed query to a query tree, resolved against one index's own terms and values.

Free text is segmented exactly as the index side was (minus the sub-words), so a word of
the query is a term of the index, and each word becomes a Concept (search.engine.concepts)
with the forms it is matched in:

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
from dataclasses import dataclass, field, replace

from whoosh import query as Q
from whoosh.searching import Searcher

from search.engine.bm25f import idf
from search.engine.boosts import About, PreferYears, Proximity, names_place_or_zone
from search.engine.compiling import TreeCompiler, is_cjk_char, phrase_slop
from search.engine.concepts import Concept, Form
from search.engine.querylang import Parsed, Text, Years
from search.engine.readerdata import ReaderData
from search.engine.understand import understand
from search.gazetteer.aliases import aliases, ending_classes, is_name
from search.text.analysis import (
    QueryUnit,
    Word,
    compound_parts,
    is_dictionary_word,
    query_units,
    segment,
)

TEXT_FIELDS = ("title", "body")
YEAR_TEXT_WEIGHT = 0.5  # a year's string in a text, against its concept's full score
PART_WEIGHT = 0.5  # a compound's part counts half as much as the compound itself
# A compound's parts apart find documents for it when one part carries its meaning, the rest
# being generic: at least this share of the parts' IDF (飞地 of 飞地经济, whose 经济 is
# everywhere; not 管理体制 or 招商引资, whose parts mean other things apart).
SALIENT_SHARE = 0.8
# A zone's level before its kind (国家级新区, 省级开发区) is a preference, not a requirement:
# news names a state-level zone by its own name (雄安新区) without saying its level, so the
# kind alone finds it too, for this share of the leveled kind's weight.
LEVELS = ("国家级", "省级")
LEVEL_WEIGHT = 0.5


@dataclass
class Compiled:
    """The query to run, the terms to highlight, and notes for the user."""

    query: Q.Query | None
    terms: frozenset[str] = frozenset()
    notes: list[str] = field(default_factory=list)
    years: tuple[int, ...] = ()  # years the query prefers (2019年 in its text)
    concepts: tuple[Concept, ...] = ()  # the positive free-text concepts, in query order


@dataclass
class _Compiler(TreeCompiler[Q.Query]):
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
        self, fields: tuple[str, ...], forms: list[Form], negated: bool, label: str = ""
    ) -> Concept:
        c = Concept(fields, tuple(dict.fromkeys(forms)), label)
        if not negated:
            self.terms.update(c.words())
            self.concepts.append(c)
        return c

    def unit(self, fields: tuple[str, ...], unit: QueryUnit, negated: bool) -> Concept:
        """The concept of one query word (or of an unknown word's pieces)."""
        if unit.exact:
            return self.concept(fields, [_phrase_form(list(unit.words))], negated)
        word = unit.words[0].text
        if is_cjk_char(word):
            found = [word, *self.data.expand(self.searcher.reader(), fields[-1], word)]
            return self.concept(fields, [Form((t,)) for t in found], negated)
        level = _level_of(word)
        if level:
            return self.leveled(fields, level, word[len(level) :], negated)
        forms = _alias_forms(word)
        c = self.concept(fields, forms + self.parts(fields, word, forms), negated, word)
        c.facets = fields == TEXT_FIELDS and names_place_or_zone(word)
        return c

    def parts(self, fields: tuple[str, ...], word: str, full: list[Form]) -> list[Form]:
        """A compound's weaker forms: its parts side by side and, when one part carries the
        compound's meaning, its parts anywhere in a document (研发飞地 in an item on regional
        economies, for 飞地经济)."""
        if is_name(word):
            return []
        parts = compound_parts(word)
        if not parts:
            return []
        out = [Form(parts, weight=PART_WEIGHT)]
        n = self.searcher.doc_count()
        info = [idf(max(self.searcher.doc_frequency(f, p) for f in fields), n) for p in parts]
        if max(info) >= SALIENT_SHARE * sum(info):
            inside = tuple(f.text for f in full)
            out.append(Form(parts, weight=PART_WEIGHT, inside=inside, anywhere=True))
        return out

    def text(self, node: Text, negated: bool) -> Q.Query | None:
        if node.field == "source":
            return super().text(node, negated)  # plain terms: no concepts in source:
        fields = (node.field,) if node.field else TEXT_FIELDS
        if node.phrase:
            words = segment(node.text, subwords=False)
            if not words:
                return None
            return self.concept(fields, [_phrase_form(words)], negated)
        units = query_units(node.text)
        if not units:
            return None
        concepts: list[Concept] = []
        i = 0
        while i < len(units):
            if i + 1 < len(units) and _levels_kind(units[i], units[i + 1]):
                concepts.append(self.leveled(fields, units[i].text, units[i + 1].text, negated))
                i += 2
                continue
            concepts.append(self.unit(fields, units[i], negated))
            i += 1
        return concepts[0] if len(concepts) == 1 else Q.And(concepts)

    def leveled(self, fields: tuple[str, ...], level: str, kind: str, negated: bool) -> Concept:
        """A kind of zone at a level (国家级新区): the leveled kind under its names, and the
        kind alone (新区, the sub-word of 雄安新区) for less."""
        full = _alias_forms(level + kind)
        inside = tuple(f.text for f in full)
        weaker = [replace(f, weight=LEVEL_WEIGHT, inside=inside) for f in _alias_forms(kind)]
        return self.concept(fields, full + weaker, negated, level + kind)


def _level_of(word: str) -> str:
    """The level a word that is a leveled kind of zone starts with (国家级经开区), else ""."""
    for level in LEVELS:
        if word.startswith(level) and word[len(level) :] in ending_classes():
            return level
    return ""


def _levels_kind(first: QueryUnit, second: QueryUnit) -> bool:
    """first is a zone level (国家级) written right before second, a bare kind of zone (新区)."""
    return (
        not first.exact
        and not second.exact
        and first.text in LEVELS
        and first.words[-1].end == second.words[0].start
        and second.text in ending_classes()
    )


def _phrase_form(words: list[Word]) -> Form:
    """A form of one word (a term) or of several (a phrase)."""
    if len(words) == 1:
        return Form((words[0].text,))
    return Form(tuple(w.text for w in words), slop=phrase_slop(words))


def _alias_forms(word: str) -> list[Form]:
    """The word and its aliases as forms. An alias that holds another inside one of its
    words is left out: the index has the other (a dictionary word) as that word's sub-word,
    so it is found anyway (苏州工业园 finds 苏州工业园区), and would be counted twice."""
    names = aliases(word)
    cuts = {n: segment(n, subwords=False) for n in names}

    def covered(name: str) -> bool:
        return any(
            other != name and is_dictionary_word(other) and any(other in w.text for w in cuts[name])
            for other in names
        )

    return [_phrase_form(cuts[n]) for n in names if cuts[n] and not covered(n)]


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
