"""Optional clauses that add to a document's score without narrowing the result.

- Years: the query named a year (2019年): documents of that year gain the most the query's
  words could give, so they come before documents of other years that match no better
  (an item of 2022 recounting the 2019 launch is still found, after them).
- About: a query word names a zone, a kind of zone or a place, and the document's enriched
  zones or about-regions hold it: the facets know what an article is about, where the
  word counts only say how often it is written.
- Proximity: the query's words close together (a window of a few words, adjacent best)
  rather than scattered through a long text.

Each is a leaf of the query tree, scored at a set of documents (search.engine.lift); only
proximity reads word positions, and has an upper bound for documents it does not check.
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from functools import lru_cache
from typing import Literal, Protocol

import numpy as np
from whoosh import query as Q

from search.engine import bm25f
from search.engine.concepts import Concept
from search.engine.facets import selection_mask
from search.engine.readerdata import ReaderData
from search.gazetteer.aliases import aliases, ending_classes, zone_forms
from search.gazetteer.tables import regions

Mode = Literal["check", "assume", "skip"]

ABOUT_WEIGHT = 1.0  # × the word's IDF, for a document whose facets hold the word's zone/place
PROXIMITY_WEIGHT = 1.0  # × the rarer word's IDF, for two query words side by side
PROXIMITY_WINDOW = 8  # words apart beyond which closeness adds nothing
_POS_BITS = 24


class Evaluator(Protocol):
    """What the boosts need of the evaluator (search.engine.evaluate.Engine)."""

    data: ReaderData
    size: int

    def live_count(self) -> int: ...

    def concept_df(self, concept: Concept) -> int: ...

    def concept_keys(self, fieldname: str, concept: Concept, among: np.ndarray) -> np.ndarray: ...


class Boost(Q.Query):
    """A leaf whose score is computed at given documents (never a match of its own)."""

    def is_leaf(self) -> bool:
        return True

    def score_at(self, ev: Evaluator, at: np.ndarray, mode: Mode) -> np.ndarray:
        raise NotImplementedError


class PreferYears(Boost):
    """Documents of these years gain the highest score the query's words could give."""

    def __init__(self, years: tuple[int, ...], concepts: tuple[Concept, ...] = ()) -> None:
        self.years = years
        self.concepts = concepts
        self.boost = 1.0

    def __repr__(self) -> str:
        return f"PreferYears({self.years})"

    def score_at(self, ev: Evaluator, at: np.ndarray, mode: Mode) -> np.ndarray:
        mask = selection_mask(ev.data, "year", [str(y) for y in self.years])
        if mask is None or not mask.any():
            return np.zeros(at.size)
        n = ev.live_count()
        # each word saturates at IDF × (K1 + 1); the year counts as one more word too
        weight = (bm25f.K1 + 1) * (
            sum(bm25f.idf(ev.concept_df(c), n) for c in self.concepts)
            + bm25f.idf(int(np.count_nonzero(mask)), n)
        )
        return np.where(mask[at], weight, 0.0)


class About(Boost):
    """Documents whose zones or about-regions hold what a query word names."""

    def __init__(self, concept: Concept) -> None:
        self.concept = concept
        self.boost = 1.0

    def __repr__(self) -> str:
        return f"About({self.concept.label!r})"

    def score_at(self, ev: Evaluator, at: np.ndarray, mode: Mode) -> np.ndarray:
        mask = about_mask(ev.data, self.concept.label)
        if mask is None:
            return np.zeros(at.size)
        weight = ABOUT_WEIGHT * bm25f.idf(ev.concept_df(self.concept), ev.live_count())
        return np.where(mask[at], weight, 0.0)


def names_place_or_zone(word: str) -> bool:
    """The word names a place or a zone (About can say something). Not a kind of zone: the
    facets hold zones, and nearly every document naming 高新区 names one; nor a place name
    that is also an ordinary word (复兴, 新华)."""
    if word in regions().common or _longest_kind(word) == word:
        return False
    return bool(_places(word)) or bool(_zone_names(word))


def _longest_kind(word: str) -> str | None:
    """The zone-name ending (kind) word ends with, the longest, if any."""
    found = [e for e in ending_classes() if word.endswith(e)]
    return max(found, key=len) if found else None


@lru_cache(maxsize=4096)
def _zone_names(word: str) -> frozenset[str]:
    """The names of the zone a word names (苏州工业园 → 苏州工业园区, ...); empty for none."""
    if _longest_kind(word) is None:
        return frozenset()
    return frozenset(aliases(word))


@lru_cache(maxsize=4096)
def _places(word: str) -> tuple[str, ...]:
    """Region paths a word is a name of (江苏 → 江苏省)."""
    return tuple(f.place.path for f in regions().forms.get(word, ()))


def _zone_matches(word: str, name: str) -> bool:
    """The enriched zone `name` is the zone the query word names, under any of its names."""
    names = _zone_names(word)
    return bool(names) and (name in names or not names.isdisjoint(zone_forms(name)))


def about_values(
    word: str, zone_names: Iterable[str], region_paths: Container[str]
) -> tuple[list[str], list[str]]:
    """The zones (of zone_names) and region paths (of region_paths) that `word` names."""
    zones = [n for n in zone_names if _zone_matches(word, n)]
    paths = [p for p in _places(word) if p in region_paths]
    return zones, paths


_ABOUT: dict[tuple[int, str], tuple[ReaderData, np.ndarray | None]] = {}


def about_mask(data: ReaderData, word: str) -> np.ndarray | None:
    """Documents whose facets hold the zone or place `word` names (None: it names none)."""
    got = _ABOUT.get((id(data), word))
    if got is not None and got[0] is data:
        return got[1]
    zones, paths = about_values(word, data.zone.names, data.region.lookup)
    mask = None
    for facet, values in (("zone", zones), ("region", paths)):
        if values:
            got = selection_mask(data, facet, values)
            if got is not None:
                mask = got if mask is None else mask | got
    if len(_ABOUT) > 512:
        _ABOUT.clear()
    _ABOUT[(id(data), word)] = (data, mask)
    return mask


class Proximity(Boost):
    """Query words close together in the title or the body, adjacent best."""

    def __init__(self, concepts: tuple[Concept, ...]) -> None:
        self.concepts = concepts
        self.boost = 1.0

    def __repr__(self) -> str:
        return f"Proximity({[c.label for c in self.concepts]})"

    def pair_weights(self, ev: Evaluator) -> list[float]:
        n = ev.live_count()
        idfs = [bm25f.idf(ev.concept_df(c), n) for c in self.concepts]
        return [PROXIMITY_WEIGHT * min(a, b) for a, b in zip(idfs, idfs[1:], strict=False)]

    def score_at(self, ev: Evaluator, at: np.ndarray, mode: Mode) -> np.ndarray:
        if mode == "skip" or len(self.concepts) < 2 or not at.size:
            return np.zeros(at.size)
        weights = self.pair_weights(ev)
        if mode == "assume":
            return np.full(at.size, sum(weights))
        order = np.argsort(at, kind="stable")  # the evaluator's candidates come unsorted
        docs = at[order]
        total = np.zeros(at.size)
        for fieldname in bm25f.TEXT_FIELDS:
            keys = [ev.concept_keys(fieldname, c, docs) for c in self.concepts]
            best = np.zeros(at.size)
            for (a, b), w in zip(zip(keys, keys[1:], strict=False), weights, strict=False):
                best += w * closeness(a, b, docs)
            total = np.maximum(total, best)
        out = np.empty(at.size)
        out[order] = total
        return out


def closeness(a: np.ndarray, b: np.ndarray, at: np.ndarray) -> np.ndarray:
    """Per document of `at`: 1 when a word of a and one of b are adjacent, falling as 1/gap
    to 0 at PROXIMITY_WINDOW words apart; keys are doc << 24 | position, sorted."""
    out = np.zeros(at.size)
    if not a.size or not b.size:
        return out
    i = np.searchsorted(a, b)
    gap = np.full(b.size, np.iinfo(np.int64).max)
    for j in (i - 1, i):
        ok = (j >= 0) & (j < a.size)
        near = a[np.clip(j, 0, a.size - 1)]
        same = ok & ((near >> _POS_BITS) == (b >> _POS_BITS))
        gap = np.where(same, np.minimum(gap, np.abs(b - near)), gap)
    found = gap < PROXIMITY_WINDOW
    if not found.any():
        return out
    docs = b[found] >> _POS_BITS
    value = 1.0 / np.maximum(gap[found], 1)
    seen, first = np.unique(docs, return_index=True)  # docs are sorted: groups are runs
    out[np.searchsorted(at, seen)] = np.maximum.reduceat(value, first)
    return out
