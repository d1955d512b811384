"""A word of the query as the engine matches it: a concept with the forms it is written in.

The word itself and its aliases (经开区, 经济技术开发区, 经济开发区) are its full forms; an unknown
word's pieces (大 / 数据) are one form, a phrase that must be adjacent; a compound's parts
(飞地 经济 side by side, or both somewhere in the text: 研发飞地 in an item on regional
economies) are weaker forms that find documents the word itself misses and count for less.
A concept is scored as one BM25F term over the fields it is searched in (search.engine.bm25f):
its forms' occurrences add up before saturation, so a document is not paid twice for writing
one thing two ways.
"""

from __future__ import annotations

from dataclasses import dataclass

from whoosh import query as Q


@dataclass(frozen=True)
class Form:
    """One way the concept is written: a term, words that must follow each other, or (a
    compound's parts) words that must all be in the document."""

    words: tuple[str, ...]
    slop: int = 1  # how far apart phrase words may be (the stop words between keep places)
    weight: float = 1.0  # 1 for the word and its aliases; less for a compound's parts
    # Full forms this part is inside of: the index holds a word's sub-words at the word's
    # position, so 飞地 is found inside 飞地经济 too; those occurrences are not the part's.
    inside: tuple[str, ...] = ()
    anywhere: bool = False  # the words all in the document, not side by side (a compound's parts)

    @property
    def text(self) -> str:
        return "".join(self.words)

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1


class Concept(Q.Query):
    """A query leaf: a concept over text fields (title, body), matched by any of its forms."""

    def __init__(
        self,
        fields: tuple[str, ...],
        forms: tuple[Form, ...],
        label: str = "",
        facets: bool = False,
    ) -> None:
        self.fields = fields
        self.forms = forms
        self.label = label or (forms[0].text if forms else "")
        # The word names a zone or a place: documents whose zones or about-regions hold it
        # match too (宁波高新区 is a 浙江 高新区 without the string 浙江).
        self.facets = facets
        self.boost = 1.0

    def __repr__(self) -> str:
        return f"Concept({self.label!r}, {self.fields}, {self.forms})"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Concept) and self.fields == other.fields and self.forms == other.forms
        )

    def __hash__(self) -> int:
        return hash((self.fields, self.forms))

    def is_leaf(self) -> bool:
        return True

    @property
    def full(self) -> tuple[Form, ...]:
        """The forms that are the word itself or an alias (weight 1)."""
        return tuple(f for f in self.forms if f.weight >= 1.0)

    def words(self) -> set[str]:
        """Every indexed word the concept looks for (for highlighting)."""
        return {w for f in self.forms for w in f.words}
