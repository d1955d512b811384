"""What the engines' query compilers share: the walk over the query tree, and resolving a
query's words against an index's own values (region: and zone: names, phrase slop, lifts).

Each engine's compiler (search.engine.matching for Whoosh, search.opensearch.translate for
OpenSearch) subclasses TreeCompiler and builds its own leaves and combinations.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from search.engine.querylang import And, Facet, Node, Not, Or, Parsed, Text, Years, positive_texts
from search.text.analysis import Word, segment
from search.text.normalise import fold

TEXT_FIELDS = ("title", "body")
PHRASE_LIFT = 2.0
PLACE_LIFT = 1.5
_REGION_SUFFIXES = ("省", "市", "自治区", "自治州", "地区", "盟", "县", "区", "旗")
QueryT = TypeVar("QueryT")


def is_cjk_char(word: str) -> bool:
    return len(word) == 1 and "\u4e00" <= word <= "\u9fff"


@dataclass
class TreeCompiler(Generic[QueryT]):
    """A query tree to one engine's query; collects the terms to highlight and notes."""

    terms: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)

    def node(self, node: Node, negated: bool = False) -> QueryT | None:
        if isinstance(node, Text):
            return self.text(node, negated)
        if isinstance(node, Facet):
            if node.field == "zone":
                return self.zone(node.value)
            return self.places(node.field, node.value)  # region: or mentions:
        if isinstance(node, Years):
            return self.years(node)
        if isinstance(node, Not):
            inner = self.node(node.node, not negated)
            return None if inner is None else self.negate(inner)
        if isinstance(node, Or):
            parts = [p for p in (self.node(n, negated) for n in node.nodes) if p is not None]
            return self.any_of(parts) if parts else None
        return self.conj(node, negated)

    def conj(self, node: And, negated: bool) -> QueryT | None:
        must: list[QueryT] = []
        must_not: list[QueryT] = []
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
        return self.combine(must, must_not)

    def text(self, node: Text, negated: bool) -> QueryT | None:
        fields = (node.field,) if node.field else TEXT_FIELDS
        words = segment(node.text, subwords=False)
        if not words:
            return None
        if node.phrase and len(words) > 1:
            if not negated:
                self.terms.update(w.text for w in words)
            texts = [w.text for w in words]
            return self.any_of([self.phrase(f, texts, phrase_slop(words)) for f in fields])
        return self.all_of([self.word(fields, w.text, negated) for w in words])

    def word(self, fields: tuple[str, ...], word: str, negated: bool) -> QueryT:
        terms = [word]
        if is_cjk_char(word):
            terms += self.expand(fields[-1], word)
        if not negated:
            self.terms.update(terms)
        return self.any_of([self.term(f, t) for f in fields for t in terms])

    def places(self, fieldname: str, value: str) -> QueryT:
        """region: (the places an article is about) or mentions: (every place it names)."""
        paths = region_paths(value, self.place_names(fieldname))
        if not paths:
            self.notes.append(f"索引中没有地区“{value}”")
            return self.nothing()
        return self.one_of(fieldname, paths)

    def zone(self, value: str) -> QueryT:
        names = zone_names(value, self.zone_names())
        if names:
            return self.one_of("zone", names)
        words = [w.text for w in segment(value, subwords=False)]
        if not words:
            return self.nothing()
        # A short form such as 镇江经开区: the zones' own mentions are in the place field.
        return self.all_of([self.term("place", w) for w in words])

    # --- one engine's index values, leaves and combinations --------------------------------

    def place_names(self, fieldname: str) -> Iterable[str]:
        """The region paths an index holds in a field (region or mentions)."""
        raise NotImplementedError

    def zone_names(self) -> Iterable[str]:
        raise NotImplementedError

    def expand(self, fieldname: str, char: str) -> list[str]:
        """Indexed words of a field containing a CJK character, the most frequent first."""
        raise NotImplementedError

    def term(self, fieldname: str, text: str) -> QueryT:
        raise NotImplementedError

    def phrase(self, fieldname: str, words: list[str], slop: int) -> QueryT:
        """words in order, at most slop - 1 positions between neighbours (1: adjacent)."""
        raise NotImplementedError

    def one_of(self, fieldname: str, values: list[str]) -> QueryT:
        """Documents with any of the keyword values."""
        raise NotImplementedError

    def nothing(self) -> QueryT:
        raise NotImplementedError

    def years(self, node: Years) -> QueryT:
        raise NotImplementedError

    def negate(self, inner: QueryT) -> QueryT:
        """Every document but inner's."""
        raise NotImplementedError

    def any_of(self, parts: list[QueryT]) -> QueryT:
        raise NotImplementedError

    def all_of(self, parts: list[QueryT]) -> QueryT:
        raise NotImplementedError

    def combine(self, must: list[QueryT], must_not: list[QueryT]) -> QueryT:
        """All of must (every document when empty) and none of must_not."""
        raise NotImplementedError


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
