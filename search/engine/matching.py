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

from search.engine.querylang import And, Facet, Node, Not, Or, Parsed, Text, Years, positive_texts
from search.engine.readerdata import ReaderData
from search.text.analysis import Word, segment
from search.text.normalise import fold

TEXT_FIELDS = ("title", "body")
PHRASE_LIFT = 2.0
PLACE_LIFT = 1.5
_REGION_SUFFIXES = ("省", "市", "自治区", "自治州", "地区", "盟", "县", "区", "旗")


@dataclass
class Compiled:
    """The query to run, the terms to highlight, and notes for the user."""

    query: Q.Query | None
    terms: frozenset[str] = frozenset()
    notes: list[str] = field(default_factory=list)


def _is_cjk_char(word: str) -> bool:
    return len(word) == 1 and "\u4e00" <= word <= "\u9fff"


@dataclass
class _Compiler:
    searcher: Searcher
    data: ReaderData
    terms: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)

    def node(self, node: Node, negated: bool = False) -> Q.Query | None:
        if isinstance(node, Text):
            return self.text(node, negated)
        if isinstance(node, Facet):
            if node.field == "region":
                return self.places("region", node.value, self.data.region.names)
            if node.field == "mentions":
                names = self.searcher.reader().field_terms("mentions")
                return self.places("mentions", node.value, names)
            return self.zone(node.value)
        if isinstance(node, Years):
            return Q.NumericRange("year", node.start, node.end)
        if isinstance(node, Not):
            inner = self.node(node.node, not negated)
            return None if inner is None else Q.And([Q.Every(), Q.Not(inner)])
        if isinstance(node, Or):
            parts = [p for p in (self.node(n, negated) for n in node.nodes) if p is not None]
            return None if not parts else parts[0] if len(parts) == 1 else Q.Or(parts)
        return self.conj(node, negated)

    def conj(self, node: And, negated: bool) -> Q.Query | None:
        must: list[Q.Query] = []
        must_not: list[Q.Query] = []
        for n in node.nodes:
            if isinstance(n, Not):
                part = self.node(n.node, not negated)
                if part is not None:
                    must_not.append(part)
            else:
                part = self.node(n, negated)
                if part is not None:
                    must.append(part)
        if not must and not must_not:
            return None
        q: Q.Query = Q.Every() if not must else must[0] if len(must) == 1 else Q.And(must)
        if must_not:
            # Not AndNot: whoosh's AndNotMatcher misses exclusions when the excluded
            # term's first document comes before the required one's.
            q = Q.And([q, Q.Not(must_not[0] if len(must_not) == 1 else Q.Or(must_not))])
        return q

    def word(self, fields: tuple[str, ...], word: str, negated: bool) -> Q.Query:
        terms = [word]
        if _is_cjk_char(word):
            reader = self.searcher.reader()
            terms += self.data.expand(reader, fields[-1], word)
        if not negated:
            self.terms.update(terms)
        return Q.Or([Q.Term(f, t) for f in fields for t in terms])

    def text(self, node: Text, negated: bool) -> Q.Query | None:
        fields = (node.field,) if node.field else TEXT_FIELDS
        words = segment(node.text, subwords=False)
        if not words:
            return None
        if node.phrase and len(words) > 1:
            if not negated:
                self.terms.update(w.text for w in words)
            slop = phrase_slop(words)
            texts = [w.text for w in words]
            return Q.Or([Q.Phrase(f, texts, slop=slop) for f in fields])
        parts = [self.word(fields, w.text, negated) for w in words]
        return parts[0] if len(parts) == 1 else Q.And(parts)

    def places(self, fieldname: str, value: str, names: Iterable[str]) -> Q.Query:
        """The region paths present in the index that a path or place name stands for."""
        paths = region_paths(value, names)
        if not paths:
            self.notes.append(f"索引中没有地区“{value}”")
            return Q.NullQuery
        return Q.Or([Q.Term(fieldname, p) for p in paths])

    def zone(self, value: str) -> Q.Query:
        names = zone_names(value, self.data.zone.names)
        if names:
            return Q.Or([Q.Term("zone", n) for n in names])
        words = [w.text for w in segment(value, subwords=False)]
        if not words:
            return Q.NullQuery
        # A short form such as 镇江经开区: the zones' own mentions are in the place field.
        return Q.And([Q.Term("place", w) for w in words])


def region_paths(value: str, names: Iterable[str]) -> list[str]:
    """The region paths of an index that region:value means (a path, a name, a short name)."""
    want = fold(value).strip("/ ")
    bare = want
    for suffix in _REGION_SUFFIXES:
        if len(bare) > len(suffix) + 1 and bare.endswith(suffix):
            bare = bare[: -len(suffix)]
            break
    paths = []
    for path in names:
        if fold(path) == want:
            paths.append(path)
            continue
        last = fold(path.rsplit("/", 1)[-1])
        if last == want or (len(bare) >= 2 and last.startswith(bare)):
            paths.append(path)
    return paths


def zone_names(value: str, names: Iterable[str]) -> list[str]:
    """The canonical zone names of an index that contain zone:value."""
    want = fold(value)
    return [n for n in names if want and want in fold(n)]


def phrase_slop(words: list[Word]) -> int:
    """How far apart a phrase's words may be: the stop words between them keep their places."""
    return 1 + max(b.pos - a.pos - 1 for a, b in zip(words, words[1:], strict=False))


@dataclass(frozen=True)
class Lifts:
    """What lifts a document without narrowing the result: phrases, and place words."""

    phrases: tuple[tuple[str, ...], ...]
    places: tuple[str, ...]


def lift_parts(parsed: Parsed) -> Lifts:
    """The query's words as phrases (each unquoted part, and all parts together) and places."""
    phrases: list[tuple[str, ...]] = []
    words: list[str] = []
    for t in positive_texts(parsed.node):
        if t.field == "source":
            continue
        texts = [w.text for w in segment(t.text, subwords=False)]
        words += texts
        if len(texts) > 1 and not t.phrase:
            phrases.append(tuple(texts))
    if len(positive_texts(parsed.node)) > 1 and len(words) > 1:
        phrases.append(tuple(words))
    return Lifts(tuple(phrases), tuple(dict.fromkeys(words)))


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
    c = _Compiler(searcher, data)
    q = c.node(parsed.node)
    if q is not None:
        lift = lifts(parsed)
        if lift is not None:
            q = Q.AndMaybe(q, lift)
    return Compiled(q, frozenset(c.terms), list(parsed.notes) + c.notes)
