"""nDCG@10, P@10 and reciprocal rank of one ranked list against graded judgments."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

CUTOFF = 10
RELEVANT = 1  # the lowest grade that counts as a hit for P@10 and MRR


def gain(grade: int) -> float:
    """Graded gain: 2^grade - 1 (0, 1, 3 for grades 0, 1, 2)."""
    return 2.0**grade - 1.0


def dcg(grades: Sequence[int], k: int = CUTOFF) -> float:
    """Discounted cumulative gain of the first k grades, rank r discounted by log2(r + 1)."""
    return sum(gain(g) / math.log2(rank + 1) for rank, g in enumerate(grades[:k], start=1))


def ndcg(ranked: Sequence[str], judged: Mapping[str, int], k: int = CUTOFF) -> float:
    """nDCG@k; the ideal is every judged document of the query, best grades first."""
    ideal = dcg(sorted(judged.values(), reverse=True), k)
    if ideal == 0:
        return 0.0
    return dcg([judged.get(doc, 0) for doc in ranked], k) / ideal


def precision(ranked: Sequence[str], judged: Mapping[str, int], k: int = CUTOFF) -> float:
    """Share of the first k places holding a document graded RELEVANT or better."""
    return sum(judged.get(doc, 0) >= RELEVANT for doc in ranked[:k]) / k


def reciprocal_rank(ranked: Sequence[str], judged: Mapping[str, int], k: int = CUTOFF) -> float:
    """1 / rank of the first document graded RELEVANT or better within k; 0 when none."""
    for rank, doc in enumerate(ranked[:k], start=1):
        if judged.get(doc, 0) >= RELEVANT:
            return 1.0 / rank
    return 0.0
