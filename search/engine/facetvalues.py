"""One multi-valued facet of a reader (regions, zones) as arrays: its distinct values and
its (document, value) pairs, with what facet counting and filtering derive from them."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cached_property

import numpy as np


@dataclass
class Values:
    """One multi-valued facet: its distinct values and (doc, value) pairs as arrays."""

    names: list[str]
    pair_doc: np.ndarray
    pair_val: np.ndarray

    def index(self) -> dict[str, int]:
        return self.lookup

    @cached_property
    def lookup(self) -> dict[str, int]:
        """Value → its index."""
        return {v: i for i, v in enumerate(self.names)}

    @cached_property
    def rank(self) -> np.ndarray:
        """Each value's place in sorted order (for ordering ties by name)."""
        rank = np.empty(len(self.names), dtype=np.int64)
        rank[sorted(range(len(self.names)), key=self.names.__getitem__)] = np.arange(
            len(self.names)
        )
        return rank

    @cached_property
    def parents(self) -> list[str]:
        """The parent path of each (region) value; '' for a top-level one."""
        return [n.rsplit("/", 1)[0] if "/" in n else "" for n in self.names]

    def under(self, parent: str, size: int) -> tuple[np.ndarray, np.ndarray]:
        """The children of parent ('' = top level) and, per child, its documents as packed bits.

        A region facet counts a few dozen dense values (every document names its provinces):
        AND-ing bitsets and counting bits is several times cheaper than gathering pairs.
        """
        cache = self.__dict__.setdefault("_under", {})
        got = cache.get(parent)
        if got is None:
            idx = np.array([i for i, p in enumerate(self.parents) if p == parent], dtype=np.int64)
            row = np.full(len(self.names), -1, dtype=np.int64)
            row[idx] = np.arange(idx.size)
            rows = np.zeros((idx.size, size), dtype=bool)
            if idx.size and self.pair_val.size:
                keep = row[self.pair_val] >= 0
                rows[row[self.pair_val[keep]], self.pair_doc[keep]] = True
            got = (idx, np.packbits(rows, axis=1))
            if len(cache) > 64:
                cache.clear()
            cache[parent] = got
        return got


def facet_values(rows: list[tuple[str, ...]]) -> Values:
    """Each document's values (one tuple a docnum) as a facet's arrays."""
    # C-level passes (chain, dict.fromkeys, map): a million pairs at 100k documents.
    flat = list(itertools.chain.from_iterable(rows))
    names = list(dict.fromkeys(flat))
    index = {v: i for i, v in enumerate(names)}
    counts = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
    docs = np.repeat(np.arange(len(rows), dtype=np.int32), counts)
    vals = np.fromiter(map(index.__getitem__, flat), dtype=np.int32, count=len(flat))
    return Values(names, docs, vals)
