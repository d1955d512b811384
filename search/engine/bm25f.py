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
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from search.engine.concepts import Concept, Form
from search.engine.scored import Scored
from search.segments.postings import Postings

K1 = 1.2
# Length normalisation, less than the usual 0.75: news items are short, and a short notice
# naming a zone once is no more about it than a long item about it.
B = 0.5
TITLE_WEIGHT = 3.0  # the headline's words count this many times a body word's, at most
TITLE_IDF = math.log(100)  # the IDF from which a word in the headline gets the full weight
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
    """How many body words a title occurrence counts for: TITLE_WEIGHT for a word as rare
    as in 1 document of 100 or rarer, less for a generic one, never below a body word."""
    if not TITLE_IDF:
        return TITLE_WEIGHT
    return max(1.0, TITLE_WEIGHT * min(1.0, concept_idf / TITLE_IDF))


def _form_tf(ev: Evaluator, fieldname: str, form: Form) -> Postings:
    if form.is_phrase:
        return ev.phrase_tf(fieldname, form.words, form.slop)
    return ev.tf_postings(fieldname, form.words[0])


@dataclass
class Counts:
    """A concept's weighted occurrences per document, per field, and its document frequency."""

    title: np.ndarray
    body: np.ndarray
    mask: np.ndarray
    df: int


def counts(ev: Evaluator, concept: Concept, forms: tuple[Form, ...]) -> Counts:
    """The forms' occurrences added up per field (a part's inside the full forms taken out)."""
    size = ev.size
    mask = np.zeros(size, dtype=bool)
    per_field = []
    for fieldname in TEXT_FIELDS:
        total = np.zeros(size)
        if fieldname in concept.fields:
            for form in forms:
                p = _form_tf(ev, fieldname, form)
                if not p.docs.size:
                    continue
                if not form.inside:
                    total[p.docs] += p.weights * form.weight
                    mask[p.docs] = True
                    continue
                tf = np.zeros(size)
                tf[p.docs] = p.weights
                for outer in concept.forms:
                    if outer.text in form.inside:
                        q = _form_tf(ev, fieldname, outer)
                        tf[q.docs] -= q.weights
                tf = np.maximum(tf, 0.0)
                mask |= tf > 0
                total += tf * form.weight
        per_field.append(total)
    return Counts(per_field[0], per_field[1], mask, int(np.count_nonzero(mask)))


def saturated(ev: Evaluator, c: Counts) -> np.ndarray:
    """BM25F over the counts: IDF × tf / (tf + K1) × (K1 + 1), tf length-normalised once."""
    out = np.zeros(ev.size)
    if not c.df:
        return out
    n = ev.live_count()
    w = idf(c.df, n)
    m = c.mask
    tf = (title_weight(w, n) * c.title[m] + c.body[m]) / ev.length_norm()[m]
    out[m] = w * tf * (K1 + 1) / (tf + K1)
    return out


def _anywhere(ev: Evaluator, concept: Concept, form: Form) -> tuple[np.ndarray, np.ndarray]:
    """Documents holding every one of the form's words, and the words' BM25F scores added
    (each word counted outside the full forms it is part of, with its own IDF)."""
    mask = np.ones(ev.size, dtype=bool)
    total = np.zeros(ev.size)
    for word in dict.fromkeys(form.words):
        inside = tuple(f.text for f in concept.full if word in f.text)
        part = counts(ev, concept, (Form((word,), inside=inside),))
        mask &= part.mask
        total += saturated(ev, part)
    return mask, np.where(mask, total, 0.0)


def score(ev: Evaluator, concept: Concept) -> tuple[Scored, Counts]:
    """The concept's BM25F score in every document (0 where none of its forms occurs), and
    the counts of its forms written together (their df: that of the full forms).

    The word, its aliases and its parts side by side are counted together; a compound's
    parts found apart are scored as the words they are (their own IDFs), at their weight,
    where that beats the rest.
    """
    main = counts(ev, concept, tuple(f for f in concept.forms if not f.anywhere))
    out = saturated(ev, main)
    mask = main.mask.copy()
    for form in concept.forms:
        if form.anywhere:
            found, part = _anywhere(ev, concept, form)
            np.maximum(out, form.weight * part, out=out)
            mask |= found
    if not concept.full:
        main = Counts(main.title, main.body, main.mask, int(np.count_nonzero(mask)))
    return Scored(mask, out * concept.boost), main


def length_norm(title_len: np.ndarray, body_len: np.ndarray, live: np.ndarray) -> np.ndarray:
    """(1 - B) + B · length / average length, the length being title and body words."""
    length = title_len + body_len
    avg = float(length[live].mean()) if live.any() else 1.0
    return (1 - B) + B * length / (avg or 1.0)
