"""Word positions stored as varint deltas, and decoded in bulk with numpy.

Whoosh's Positions format stores a posting's positions as a 4-byte count followed by a
pickled list of deltas: ~15 bytes for a word that occurs once, which is most postings.
VarintPositions stores the deltas alone as unsigned LEB128 varints (one byte for a delta
below 128), so the same posting takes one or two bytes, and a term's values decode in one
vectorised pass (decode_many) instead of one pickle each. It is a Whoosh Format like
Positions, so Whoosh's own phrase matching reads it too.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from whoosh.formats import Positions


def encode_positions(positions: Sequence[int]) -> bytes:
    """Ascending positions as varint deltas."""
    if len(positions) == 1:
        return _single(positions[0])
    out = bytearray()
    previous = 0
    for position in positions:
        _varint(out, position - previous)
        previous = position
    return bytes(out)


def _varint(out: bytearray, n: int) -> None:
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)


@lru_cache(maxsize=4096)
def _single(position: int) -> bytes:
    """Most words occur once in a document: their value, encoded once."""
    out = bytearray()
    _varint(out, position)
    return bytes(out)


def decode_positions(value: bytes) -> list[int]:
    """The positions of one value."""
    positions = []
    position = shift = delta = 0
    for byte in value:
        delta |= (byte & 0x7F) << shift
        if byte & 0x80:
            shift += 7
            continue
        position += delta
        positions.append(position)
        shift = delta = 0
    return positions


def decode_many(values: Sequence[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """The deltas of every value back to back, and how many deltas each value has."""
    data = np.frombuffer(b"".join(values), dtype=np.uint8)
    sizes = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
    ends = data < 0x80  # the last byte of each varint
    ended = np.concatenate(([0], np.cumsum(ends, dtype=np.int64)))
    bounds = np.concatenate(([0], np.cumsum(sizes)))
    counts = ended[bounds[1:]] - ended[bounds[:-1]]
    if data.size and not ends[-1]:
        raise ValueError("a positions value ends inside a varint")
    if ends.all():  # every delta below 128: the bytes are the deltas
        return data.astype(np.int64), counts
    which = ended[:-1]  # the varint each byte belongs to
    first = np.flatnonzero(np.concatenate(([True], ends[:-1])))
    shift = 7 * (np.arange(data.size) - first[which])
    parts = (data & 0x7F).astype(np.int64) << shift
    deltas = np.bincount(which, weights=parts, minlength=first.size)
    return deltas.astype(np.int64), counts


def encode_many(positions: np.ndarray, first: np.ndarray) -> tuple[bytes, np.ndarray]:
    """encode_positions of several values at once.

    positions: every value's positions back to back, ascending within a value; first:
    True where a value starts. The encoded values back to back, and each one's size.
    """
    positions = positions.astype(np.int64, copy=False)
    deltas = positions.copy()
    deltas[1:] -= positions[:-1]
    deltas[first] = positions[first]
    starts = np.flatnonzero(first)
    if not deltas.size or deltas.max() < 0x80:  # one byte a delta, the common case
        return deltas.astype(np.uint8).tobytes(), np.diff(np.append(starts, deltas.size))
    if deltas.min() < 0:
        raise ValueError("positions must ascend within a value")
    nbytes = np.ones(deltas.size, dtype=np.int64)
    for k in range(1, 10):
        nbytes += deltas >= 1 << (7 * k)
    ends = np.cumsum(nbytes)
    begins = ends - nbytes
    out = np.empty(int(ends[-1]), dtype=np.uint8)
    for k in range(int(nbytes.max())):
        has = nbytes > k
        more = np.where(nbytes[has] > k + 1, 0x80, 0)
        out[begins[has] + k] = ((deltas[has] >> (7 * k)) & 0x7F) | more
    return out.tobytes(), np.add.reduceat(nbytes, starts) if starts.size else starts


class VarintPositions(Positions):
    """Whoosh's Positions format with each value stored as varint position deltas."""

    def encode(self, poslist: Sequence[int]) -> bytes:
        return encode_positions(poslist)

    def decode_positions(self, valuestring: bytes) -> list[int]:
        return decode_positions(valuestring)

    def decode_frequency(self, valuestring: bytes) -> int:
        return sum(1 for byte in valuestring if byte < 0x80)

    def decode_weight(self, valuestring: bytes) -> float:
        return self.decode_frequency(valuestring) * self.field_boost

    def decode_position_boosts(self, valuestring: bytes) -> list[tuple[int, float]]:
        return [(pos, 1.0) for pos in self.decode_positions(valuestring)]
