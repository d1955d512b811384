"""text_run: a chunk's text field inverted in bulk, the same as one document at a time."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from runs import postings_of

from search.segments import textrun
from search.segments.positions import encode_positions
from search.segments.prepared import Prepared, invert
from search.segments.textrun import text_run
from search.text.analysis import text_postings

TEXTS = [
    "镇江经济技术开发区今年新签约项目三十个，开发区的经济稳步增长。",
    "",
    "鎮江經開區與蘇州工業園區：ＧＤＰ增長5.2%",
    "，。！？ ……",  # no word at all
    "的 了 和",  # stop words only: positions, no terms
    "开发区开发区开发区 and AI 开发区",
    "国家级经济技术开发区综合发展水平考核评价",
]


def _one_at_a_time(texts: list[str], boost: float, positions: bool):
    """What the writer got before: text_postings per document, then invert."""
    encode = encode_positions if positions else None
    docs = [text_postings(t, encode=encode, boost=boost) for t in texts]
    batch = invert(
        Prepared(((("f", tuple((t, w, v) for t, _, w, v in items)),)), ()) for items in docs
    )
    lengths = [items.length for items in docs]
    return postings_of(dict(batch.fields).get("f")), lengths


@pytest.mark.parametrize(("boost", "positions"), [(3.0, True), (1.0, True), (1.0, False)])
def test_a_chunk_inverts_like_its_documents_one_by_one(boost: float, positions: bool) -> None:
    run, lengths = text_run(TEXTS, boost=boost, positions=positions)
    assert (postings_of(run), lengths.tolist()) == _one_at_a_time(TEXTS, boost, positions)
    # "开发区开发区开发区 and AI 开发区": 开发区 at 0, 1, 2 and 5 (and, ai take 3 and 4)
    assert postings_of(run)["开发区".encode()][1] == (
        5,
        4 * boost,
        b"\x00\x01\x01\x03" if positions else b"\x00\x00\x00\x04",
    )


def test_far_positions_take_several_varint_bytes() -> None:
    texts = ["镇江" + "，建设" * 20_000 + "，镇江", "镇江"]
    run, _ = text_run(texts, boost=1.0, positions=True)
    assert postings_of(run) == _one_at_a_time(texts, 1.0, True)[0]
    assert postings_of(run)["镇江".encode()][0][2] == encode_positions([0, 20_001])
    assert len(encode_positions([0, 20_001])) == 4  # a three-byte delta


def test_no_terms_no_run() -> None:
    run, lengths = text_run(["", "，。", "的"], boost=1.0, positions=True)
    assert run is None and lengths.tolist() == [0, 0, 0]
    run, lengths = text_run([], boost=1.0, positions=False)
    assert run is None and lengths.size == 0


def test_a_full_token_table_starts_over(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = text_run(TEXTS, boost=1.0, positions=True)
    monkeypatch.setattr(textrun, "TABLE_LIMIT", 3)
    before = textrun._current_table()
    again = text_run(TEXTS, boost=1.0, positions=True)
    assert textrun._current_table() is not before
    assert postings_of(again[0]) == postings_of(expected[0])
    assert np.array_equal(again[1], expected[1])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="开发区经济镇江園區的和，。 aA1", max_size=40), max_size=6))
def test_any_chunk_inverts_like_one_at_a_time(texts: list[str]) -> None:
    run, lengths = text_run(texts, boost=2.0, positions=True)
    assert (postings_of(run), lengths.tolist()) == _one_at_a_time(texts, 2.0, True)
