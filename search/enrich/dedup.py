"""Near-duplicate detection: 64-bit SimHash fingerprints and grouping by Hamming distance.

The fingerprint is taken over character 3-shingles of the folded text, whitespace and
punctuation removed, and only over the article-like passages (runs of at least
MIN_PASSAGE characters between line breaks and sentence ends) when the text has enough of
them: bylines, "来源：…", "责任编辑：…" and menu lines that differ between reposts are short,
and leaving them out keeps a repost within a few bits of its original.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable

import numpy as np

from search.text.normalise import fold

SHINGLE = 3
MIN_PASSAGE = 16
BITS = 64
MASK = (1 << BITS) - 1

_BREAKS = re.compile(r"[\n\r。！？!?；;]+")
_NOT_WORD = re.compile(r"[\W_]+")  # whitespace, punctuation, symbols


def _passages(text: str) -> list[str]:
    folded = fold(text)
    passages = [_NOT_WORD.sub("", part) for part in _BREAKS.split(folded)]
    passages = [p for p in passages if p]
    long = [p for p in passages if len(p) >= MIN_PASSAGE]
    # Short texts, or texts that are all short lines, are fingerprinted whole.
    if sum(map(len, long)) >= 0.5 * sum(map(len, passages)):
        return long
    return ["".join(passages)]


class _CharHashes(dict):
    """Character → fixed random 64-bit value (from BLAKE2b, so stable across processes),
    rotated by `rotation` bits; memoised, as a text has a few thousand distinct characters."""

    def __init__(self, rotation: int) -> None:
        super().__init__()
        self.rotation = rotation

    def __missing__(self, char: str) -> int:
        value = int.from_bytes(hashlib.blake2b(char.encode("utf-8"), digest_size=8).digest())
        r = self.rotation
        value = ((value << r) | (value >> (BITS - r))) & MASK if r else value
        self[char] = value
        return value


# Tabulation hashing: a shingle abc hashes to T0[a] ^ T1[b] ^ T2[c].
_TABLES = [_CharHashes(21 * i) for i in range(SHINGLE)]
# The same tables as arrays over the BMP (where nearly every text has all its characters),
# filled as characters are first seen: a text's values are then one gather per table.
_BMP = 0x10000
_DENSE = np.zeros((SHINGLE, _BMP), dtype=np.uint64)
_KNOWN = np.zeros(_BMP, dtype=bool)


def _table_values(codes: np.ndarray) -> list[np.ndarray]:
    """T0, T1 and T2 of each code point."""
    if not codes.size or codes.max() < _BMP:
        new = np.unique(codes[~_KNOWN[codes]]).tolist()
        for i, table in enumerate(_TABLES):
            _DENSE[i, new] = [table[chr(c)] for c in new]
        _KNOWN[new] = True
        return [_DENSE[i][codes] for i in range(SHINGLE)]
    distinct, where = np.unique(codes, return_inverse=True)
    chars = [chr(c) for c in distinct.tolist()]
    return [
        np.fromiter(map(table.__getitem__, chars), dtype=np.uint64, count=len(chars))[where]
        for table in _TABLES
    ]


def _shingle_hashes(passages: list[str]) -> np.ndarray:
    """The tabulation hash of every 3-shingle inside each passage (a short one padded)."""
    passages = [p.ljust(SHINGLE, "\0") for p in passages]
    codes = np.frombuffer("".join(passages).encode("utf-32-le", "surrogatepass"), dtype="<u4")
    lengths = np.fromiter(map(len, passages), dtype=np.int64, count=len(passages))
    counts = lengths - SHINGLE + 1  # shingles of each passage
    firsts = np.cumsum(lengths) - lengths
    # the start of every shingle: each passage's first `count` positions in the joined text
    starts = np.repeat(firsts - (np.cumsum(counts) - counts), counts) + np.arange(counts.sum())
    hashes = np.zeros(starts.size, dtype=np.uint64)
    for i, values in enumerate(_table_values(codes)):
        hashes ^= values[starts + i]
    return hashes


def simhash(text: str) -> int:
    """64-bit SimHash of the text; 0 for a text with no letters or digits."""
    passages = _passages(text)
    if not passages:
        return 0
    hashes = _shingle_hashes(passages).astype("<u8")  # the same fingerprint on every machine
    # bits[k, j * 8 + b] is bit b of byte j of hash k: bit j * 8 + b of its value
    bits = np.unpackbits(hashes.view(np.uint8).reshape(-1, 8), axis=1, bitorder="little")
    fingerprint = 0
    for bit in np.flatnonzero(2 * bits.sum(axis=0) > hashes.size).tolist():
        fingerprint |= 1 << bit
    return fingerprint


def hamming(a: int, b: int) -> int:
    """How many of the 64 bits differ."""
    return (a ^ b).bit_count()


def _bands(max_distance: int) -> list[tuple[int, int]]:
    """(shift, mask) of max_distance + 1 bands: fingerprints within that distance share one."""
    count = min(max_distance + 1, BITS)
    bounds = [round(i * BITS / count) for i in range(count + 1)]
    return [(lo, (1 << (hi - lo)) - 1) for lo, hi in zip(bounds, bounds[1:], strict=False)]


def assign_groups(items: Iterable[tuple[str, int]], max_distance: int = 3) -> dict[str, str]:
    """Map each doc id to its group: the id of the group's first member, in input order.

    Fingerprints within max_distance bits are grouped, and so, transitively, are their
    neighbours. A fingerprint of 0 (no text) is never grouped with anything.
    """
    ids: list[str] = []
    members: dict[int, list[int]] = defaultdict(list)  # fingerprint → indices of its docs
    for doc_id, fingerprint in items:
        members[fingerprint].append(len(ids))
        ids.append(doc_id)
    parent = list(range(len(ids)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        a, b = find(i), find(j)
        if a != b:
            parent[max(a, b)] = min(a, b)  # the root is always the earliest member

    for fingerprint, indices in members.items():
        if fingerprint != 0:
            for other in indices[1:]:
                union(indices[0], other)
    unique = [f for f in members if f != 0]
    for shift, mask in _bands(max_distance):
        buckets: dict[int, list[int]] = defaultdict(list)
        for fingerprint in unique:
            buckets[(fingerprint >> shift) & mask].append(fingerprint)
        for bucket in buckets.values():
            for n, a in enumerate(bucket):
                for b in bucket[n + 1 :]:
                    if hamming(a, b) <= max_distance:
                        union(members[a][0], members[b][0])
    return {doc_id: ids[find(i)] for i, doc_id in enumerate(ids)}
