"""Facet counts over a whole result set, disjunctive: each facet ignores its own selection.

Documents are numpy boolean masks over docnums and the (document, value) pairs come from
the per-reader arrays, so counting a result set of any size is one bincount per facet.
Region is hierarchical: provinces always, then the children of each chosen path and of
its ancestors (cities of a chosen province, counties of a chosen city).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import NamedTuple

import numpy as np

from search.engine.readerdata import ReaderData

FACETS = ("region", "year", "zone")
MONTH_RE = re.compile(r"\d{4}-(0[1-9]|1[0-2])")  # a month filter's value: 2025-03


class FacetValue(NamedTuple):
    """One value of a facet with its count and whether the request selects it."""

    value: str
    count: int
    selected: bool = False


Mask = np.ndarray


def selection_mask(data: ReaderData, facet: str, values: Iterable[str]) -> Mask | None:
    """Docs carrying any of the values (OR within a facet); None when nothing is selected."""
    values = [v for v in values if v]
    if not values:
        return None
    if facet == "year":
        years = [int(v) for v in values if v.isdigit()]
        return np.isin(data.year, np.array(years, dtype=np.int32)) & data.live
    if facet == "month":
        months = [int(v.replace("-", "")) for v in values if MONTH_RE.fullmatch(v)]
        return np.isin(data.month, np.array(months, dtype=np.int32)) & data.live
    vals = data.values(facet)
    index = vals.index()
    wanted = np.array([index[v] for v in values if v in index], dtype=np.int32)
    mask = np.zeros(data.size, dtype=bool)
    if wanted.size:
        mask[vals.pair_doc[np.isin(vals.pair_val, wanted)]] = True
    return mask


def combine(base: Mask, selections: Mapping[str, Mask | None], skip: str | None = None) -> Mask:
    """base ∩ every selection but `skip`'s (AND across facets)."""
    docs = base
    for name, sel in selections.items():
        if name != skip and sel is not None:
            docs = docs & sel
    return docs


def ancestors(chosen: Iterable[str]) -> set[str]:
    """Every chosen path and its ancestors: their children are shown."""
    parents = {""}
    for path in chosen:
        parts = path.split("/")
        parents.update("/".join(parts[: i + 1]) for i in range(len(parts)))
    return parents


_BITS = np.array([bin(i).count("1") for i in range(256)], dtype=np.uint8)


def _popcount(a: np.ndarray) -> np.ndarray:
    return np.bitwise_count(a) if hasattr(np, "bitwise_count") else _BITS[a]


def _tally(
    data: ReaderData, facet: str, docs: Mask, selected: set[str], hierarchical: bool
) -> list[tuple[str, int]]:
    """(value, count) of the values present, in display order."""
    if facet == "year":
        years, counts = np.unique(data.year[docs & (data.year > 0)], return_counts=True)
        return [(str(int(y)), int(c)) for y, c in zip(years[::-1], counts[::-1], strict=True)]
    vals = data.values(facet)
    if not vals.names:
        return []
    if facet == "region" and hierarchical:
        # Provinces, plus the children of every chosen path and of its ancestors.
        counts = np.zeros(len(vals.names), dtype=np.int64)
        packed = np.packbits(docs)
        for parent in ancestors(selected):
            children, bits = vals.under(parent, data.size)
            if children.size:
                counts[children] = _popcount(bits & packed).sum(axis=1)
    else:
        counts = np.bincount(vals.pair_val[docs[vals.pair_doc]], minlength=len(vals.names))
    idx = np.flatnonzero(counts)
    if not idx.size:
        return []
    idx = idx[np.lexsort((vals.rank[idx], -counts[idx]))]
    names = vals.names
    return [(names[i], c) for i, c in zip(idx.tolist(), counts[idx].tolist(), strict=True)]


def facet_counts(
    data: ReaderData,
    base: Mask,
    selections: Mapping[str, Mask | None],
    chosen: Mapping[str, Iterable[str]],
    hierarchical: bool = True,
) -> dict[str, list[FacetValue]]:
    """Counts per facet over base ∩ the other facets' selections; years descend."""
    out: dict[str, list[FacetValue]] = {}
    for name in FACETS:
        selected = set(chosen.get(name, ()))
        tally = _tally(data, name, combine(base, selections, skip=name), selected, hierarchical)
        out[name] = with_selected(tally, selected)
    return out


def month_counts(data: ReaderData, docs: Mask, year: int) -> list[FacetValue]:
    """Documents per month of one year, January first, months without any left out."""
    months = data.month[docs & (data.year == year)]
    months = months[months // 100 == year]
    values, counts = np.unique(months, return_counts=True)
    return [
        FacetValue(f"{v // 100:04d}-{v % 100:02d}", int(c))
        for v, c in zip(values.tolist(), counts.tolist(), strict=True)
    ]


def with_selected(tally: Iterable[tuple[str, int]], selected: set[str]) -> list[FacetValue]:
    """(value, count) pairs as FacetValues, each selected value listed even when it counts 0."""
    tally = list(tally)
    values = [FacetValue(v, c, v in selected) for v, c in tally]
    if selected:
        present = {v for v, _ in tally}
        values += [FacetValue(v, 0, True) for v in sorted(selected - present)]
    return values
