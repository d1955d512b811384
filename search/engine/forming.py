"""The query's words as concepts, the same for every engine: which forms a word is matched in.

A word of free text becomes one concept (search.engine.concepts) with its forms: the word and
its aliases; an unknown word's exact sequence of pieces; a compound's parts (side by side,
or anywhere when one part carries its meaning); a leveled kind of zone and the kind alone.
ConceptCompiler walks a text node into concepts; each engine's compiler (search.engine.matching
for Whoosh, search.opensearch.translate for OpenSearch) says how a concept becomes its query
and how often a word occurs (for the compound parts' salience).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TypeVar

from search.engine.bm25f import idf
from search.engine.boosts import names_place_or_zone
from search.engine.compiling import TreeCompiler, is_cjk_char, phrase_slop
from search.engine.concepts import Form
from search.engine.querylang import Text
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
QueryT = TypeVar("QueryT")


@dataclass
class ConceptCompiler(TreeCompiler[QueryT]):
    """A TreeCompiler whose free-text words are concepts (source: stays plain terms)."""

    def concept(
        self,
        fields: tuple[str, ...],
        forms: list[Form],
        negated: bool,
        label: str = "",
        facets: bool = False,
    ) -> QueryT:
        """One concept's query; facets: its word names a zone or place (see Concept)."""
        raise NotImplementedError

    def doc_count(self) -> int:
        raise NotImplementedError

    def doc_frequency(self, fieldname: str, word: str) -> int:
        raise NotImplementedError

    def unit(self, fields: tuple[str, ...], unit: QueryUnit, negated: bool) -> QueryT:
        """The concept of one query word (or of an unknown word's pieces)."""
        if unit.exact:
            return self.concept(fields, [phrase_form(list(unit.words))], negated)
        word = unit.words[0].text
        if is_cjk_char(word):
            found = [word, *self.expand(fields[-1], word)]
            return self.concept(fields, [Form((t,)) for t in found], negated)
        level = level_of(word)
        if level:
            return self.leveled(fields, level, word[len(level) :], negated)
        forms = alias_forms(word)
        facets = fields == TEXT_FIELDS and names_place_or_zone(word)
        return self.concept(
            fields, forms + self.parts(fields, word, forms), negated, word, facets=facets
        )

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
        n = self.doc_count()
        info = [idf(max(self.doc_frequency(f, p) for f in fields), n) for p in parts]
        if max(info) >= SALIENT_SHARE * sum(info):
            inside = tuple(f.text for f in full)
            out.append(Form(parts, weight=PART_WEIGHT, inside=inside, anywhere=True))
        return out

    def text(self, node: Text, negated: bool) -> QueryT | None:
        if node.field == "source":
            return super().text(node, negated)  # plain terms: no concepts in source:
        fields = (node.field,) if node.field else TEXT_FIELDS
        if node.phrase:
            words = segment(node.text, subwords=False)
            if not words:
                return None
            return self.concept(fields, [phrase_form(words)], negated)
        units = query_units(node.text)
        if not units:
            return None
        concepts: list[QueryT] = []
        i = 0
        while i < len(units):
            if i + 1 < len(units) and levels_kind(units[i], units[i + 1]):
                concepts.append(self.leveled(fields, units[i].text, units[i + 1].text, negated))
                i += 2
                continue
            concepts.append(self.unit(fields, units[i], negated))
            i += 1
        return self.all_of(concepts)

    def leveled(self, fields: tuple[str, ...], level: str, kind: str, negated: bool) -> QueryT:
        """A kind of zone at a level (国家级新区): the leveled kind under its names, and the
        kind alone (新区, the sub-word of 雄安新区) for less."""
        full = alias_forms(level + kind)
        inside = tuple(f.text for f in full)
        weaker = [replace(f, weight=LEVEL_WEIGHT, inside=inside) for f in alias_forms(kind)]
        return self.concept(fields, full + weaker, negated, level + kind)


def level_of(word: str) -> str:
    """The level a word that is a leveled kind of zone starts with (国家级经开区), else ""."""
    for level in LEVELS:
        if word.startswith(level) and word[len(level) :] in ending_classes():
            return level
    return ""


def levels_kind(first: QueryUnit, second: QueryUnit) -> bool:
    """first is a zone level (国家级) written right before second, a bare kind of zone (新区)."""
    return (
        not first.exact
        and not second.exact
        and first.text in LEVELS
        and first.words[-1].end == second.words[0].start
        and second.text in ending_classes()
    )


def phrase_form(words: list[Word]) -> Form:
    """A form of one word (a term) or of several (a phrase)."""
    if len(words) == 1:
        return Form((words[0].text,))
    return Form(tuple(w.text for w in words), slop=phrase_slop(words))


def alias_forms(word: str) -> list[Form]:
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

    return [phrase_form(cuts[n]) for n in names if cuts[n] and not covered(n)]
