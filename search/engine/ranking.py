"""Ordering a result set and folding near-duplicates: which documents make up one page.

Relevance is the BM25F score array of search.engine.evaluate (title boosted in the schema); only
the top of the result set is sorted, and equal scores go to the newer document.
Date order comes straight from the per-reader arrays. A near-duplicate group
(Document.group) shows as its best-ranked member, carrying the ids of the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from search.engine.readerdata import ReaderData

Sort = Literal["relevance", "date", "date-asc"]
SCORE_DIGITS = 6  # scores equal to this many decimals are a tie


@dataclass(frozen=True)
class Ranked:
    """One hit of the page: its docnum, score and the ids of the near-duplicates it stands for."""

    docnum: int
    score: float
    similar: tuple[str, ...] = ()


def group_count(data: ReaderData, allowed: np.ndarray) -> int:
    """How many hits a result set shows once near-duplicates are folded."""
    if not data.size:
        return 0
    return int(np.count_nonzero(np.bincount(data.group[allowed], minlength=1)))


def _by_date(data: ReaderData, allowed: np.ndarray, ascending: bool) -> np.ndarray:
    docs = np.flatnonzero(allowed)
    day = data.day[docs].astype(np.int64)
    if ascending:
        key = np.where(day == 0, np.iinfo(np.int64).max, day)  # undated last either way
    else:
        key = -day
    return docs[np.lexsort((docs, key))]


def _by_score(
    score: np.ndarray, data: ReaderData, allowed: np.ndarray, n: int
) -> tuple[list[tuple[int, float]], bool]:
    """The top n by score, ties to the newer; and whether the result set was exhausted."""
    docs = np.flatnonzero(allowed)
    exhausted = docs.size <= n
    rounded = np.round(score[docs], SCORE_DIGITS)
    if not exhausted:
        # Everything scoring at least the n-th best, so ties at the cut are ordered fairly.
        nth = -np.partition(-rounded, n - 1)[n - 1]
        keep = rounded >= nth
        docs, rounded = docs[keep], rounded[keep]
    order = np.lexsort((docs, -data.day[docs].astype(np.int64), -rounded))[:n]
    return [(int(docs[i]), float(score[docs[i]])) for i in order], exhausted


def _fold(
    ordered: list[tuple[int, float]], data: ReaderData, skip: int, take: int
) -> tuple[list[tuple[int, float]], int]:
    """Group representatives of ordered[...] from position skip, and how many groups seen."""
    seen: set[int] = set()
    page: list[tuple[int, float]] = []
    for docnum, score in ordered:
        g = int(data.group[docnum])
        if g in seen:
            continue
        seen.add(g)
        if len(seen) > skip:
            page.append((docnum, score))
            if len(page) == take:
                break
    return page, len(seen)


def page_of(  # noqa: PLR0913 - the page is a function of all of these
    score: np.ndarray | None,
    data: ReaderData,
    allowed: np.ndarray,
    sort: Sort,
    page: int,
    per_page: int,
) -> list[Ranked]:
    """The hits of one page, near-duplicates folded into their best-ranked member."""
    skip, take = (page - 1) * per_page, per_page
    if score is None or sort != "relevance":
        docs = _by_date(data, allowed, ascending=sort == "date-asc")
        _, first = np.unique(data.group[docs], return_index=True)
        reps = docs[np.sort(first)][skip : skip + take]
        chosen = [(int(d), 0.0) for d in reps]
    else:
        n = max(2 * (skip + take) + 10, 20)
        while True:
            ordered, exhausted = _by_score(score, data, allowed, n)
            chosen, groups = _fold(ordered, data, skip, take)
            if len(chosen) == take or exhausted or groups > skip + take:
                break
            n *= 4
    return [Ranked(d, s, _similar(data, allowed, d)) for d, s in chosen]


def _similar(data: ReaderData, allowed: np.ndarray, docnum: int) -> tuple[str, ...]:
    members = data.members(int(data.group[docnum]))
    members = members[allowed[members]]
    return tuple(data.ids[m] for m in members if m != docnum)
