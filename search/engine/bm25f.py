"""BM25F for concepts: one saturation over title and body, one length normalisation.

A concept's occurrences are counted across its forms and fields first, the title's
weighted, and divided by one normalisation of the document's whole length (title and body
words together); only then saturated (K1) and multiplied by the concept's IDF. A sum of
per-field BM25 scores would pay a word twice for being in the title and the body, and
normalise a title by its own few words.

The title weight follows the concept's IDF: a specific word in the headline says what the
article is about; a generic one (发展, 开放, 科技) says little, wherever it stands.
"""

from __future__ import annotations

import math
from typing import Protocol

import numpy as np

from search.engine.concepts import Concept, Form
from search.engine.scored import Scored
from search.segments.postings import Postings

K1 = 1.2
B = 0.75
TITLE_WEIGHT = 3.0  # the headline's words count this many times a body word's, at most
TEXT_FIELDS = ("title", "body")


class Evaluator(Protocol):
    """What scoring a concept needs of the evaluator (search.engine.evaluate.Engine)."""

    size: int

    def tf_postings(self, fieldname: str, text: str) -> Postings: ...

    def phrase_tf(self, fieldname: str, words: tuple[str, ...], slop: int) -> Postings: ...

    def length_norm(self) -> np.ndarray: ...

    def live_count(self) -> int: ...


def idf(df: int, n: int) -> float:
    """BM25's IDF (never negative)."""
    return math.log(1.0 + (n - df + 0.5) / (df + 0.5))


def title_weight(concept_idf: float, n: int) -> float:
    """How many body words a title occurrence counts for."""
    return TITLE_WEIGHT


def _form_tf(ev: Evaluator, fieldname: str, form: Form) -> Postings:
    if form.is_phrase:
        return ev.phrase_tf(fieldname, form.words, form.slop)
    return ev.tf_postings(fieldname, form.words[0])


def concept_tf(ev: Evaluator, concept: Concept) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Per field weighted occurrence counts: (title tf, body tf, mask, df of the full forms)."""
    size = ev.size
    mask = np.zeros(size, dtype=bool)
    full_mask = np.zeros(size, dtype=bool)
    per_field = []
    for fieldname in TEXT_FIELDS:
        total = np.zeros(size)
        if fieldname in concept.fields:
            full: dict[str, Postings] = {}
            for form in concept.forms:
                p = _form_tf(ev, fieldname, form)
                if not p.docs.size:
                    continue
                mask[p.docs] = True
                if form.weight >= 1.0:
                    full[form.text] = p
                    full_mask[p.docs] = True
                    total[p.docs] += p.weights * form.weight
                    continue
                tf = np.zeros(size)
                tf[p.docs] = p.weights
                for outer in form.inside:
                    q = full.get(outer)
                    if q is not None:
                        tf[q.docs] -= q.weights
                total += np.maximum(tf, 0.0) * form.weight
        per_field.append(total)
    df = int(np.count_nonzero(full_mask)) or int(np.count_nonzero(mask))
    return per_field[0], per_field[1], mask, df


def score(  # noqa: PLR0913
    ev: Evaluator,
    concept: Concept,
    title_tf: np.ndarray,
    body_tf: np.ndarray,
    mask: np.ndarray,
    df: int,
) -> Scored:
    """The concept's BM25F score in every document (0 where none of its forms occurs)."""
    if not mask.any():
        return Scored(mask, np.zeros(ev.size))
    n = ev.live_count()
    w = idf(df, n)
    tf = (title_weight(w, n) * title_tf + body_tf) / ev.length_norm()
    out = np.zeros(ev.size)
    out[mask] = w * tf[mask] * (K1 + 1) / (tf[mask] + K1)
    return Scored(mask, out * concept.boost)


def length_norm(title_len: np.ndarray, body_len: np.ndarray, live: np.ndarray) -> np.ndarray:
    """(1 - B) + B · length / average length, the length being title and body words."""
    length = title_len + body_len
    avg = float(length[live].mean()) if live.any() else 1.0
    return (1 - B) + B * length / (avg or 1.0)
