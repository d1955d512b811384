"""Varint positions: encoding, decoding one value and many, and as a Whoosh format."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from search.segments.positions import (
    VarintPositions,
    decode_many,
    decode_positions,
    encode_many,
    encode_positions,
)


def test_small_deltas_take_a_byte_each() -> None:
    assert encode_positions([5]) == b"\x05"
    assert encode_positions([3, 10]) == b"\x03\x07"
    assert encode_positions([300]) == b"\xac\x02"
    assert decode_positions(b"\xac\x02\x01") == [300, 301]


@given(st.lists(st.integers(0, 2**31), min_size=1, max_size=40, unique=True))
def test_round_trip(positions: list[int]) -> None:
    positions.sort()
    assert decode_positions(encode_positions(positions)) == positions


def test_decode_many_agrees_with_one_at_a_time() -> None:
    rng = random.Random(2)
    values = []
    for _ in range(500):
        at = sorted(rng.sample(range(rng.choice([100, 5000, 10**6])), rng.randint(1, 6)))
        values.append(encode_positions(at))
    deltas, counts = decode_many(values)
    assert counts.tolist() == [len(decode_positions(v)) for v in values]
    expected = []
    for v in values:
        at = decode_positions(v)
        expected += [b - a for a, b in zip([0, *at], at, strict=False)]
    assert deltas.tolist() == expected
    small = [encode_positions([i]) for i in range(50)]
    assert decode_many(small)[0].tolist() == list(range(50))
    empty_deltas, empty_counts = decode_many([])
    assert empty_deltas.size == 0 and empty_counts.size == 0 and empty_deltas.dtype == np.int64


def test_a_truncated_value_is_refused() -> None:
    with pytest.raises(ValueError, match="inside a varint"):
        decode_many([b"\x05", b"\xac"])


def test_the_whoosh_format_reads_frequency_weight_and_positions() -> None:
    fmt = VarintPositions(field_boost=3.0)
    value = fmt.encode([2, 7, 400])
    assert fmt.decode_positions(value) == [2, 7, 400]
    assert fmt.decode_frequency(value) == 3 and fmt.decode_weight(value) == 9.0
    assert fmt.decode_as("positions", value) == [2, 7, 400]
    assert fmt == VarintPositions(field_boost=3.0)


@given(
    st.lists(
        st.lists(st.integers(0, 2**31), min_size=1, max_size=12).map(sorted),
        max_size=20,
    )
)
def test_encode_many_is_encode_positions_of_each(values: list[list[int]]) -> None:
    flat = np.array([p for v in values for p in v], dtype=np.int64)
    first = np.zeros(flat.size, dtype=bool)
    if values:
        first[np.cumsum([0] + [len(v) for v in values[:-1]])] = True
    data, sizes = encode_many(flat, first)
    expected = [encode_positions(v) for v in values]
    assert data == b"".join(expected)
    assert sizes.tolist() == [len(e) for e in expected]


def test_encode_many_refuses_descending_positions() -> None:
    with pytest.raises(ValueError, match="ascend"):
        encode_many(np.array([300, 5]), np.array([True, False]))
