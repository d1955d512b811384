"""Posting blocks encoded in forked helpers are the blocks the writer would write itself."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.index import TOC

from search.document import Document
from search.segments import blocks
from search.segments.blocks import _cuts, _shift
from search.segments.schema import build_schema
from search.segments.segment import SegmentBuilder
from search.segments.writer import prepare

WORDS = "镇江 经济 技术 开发区 项目 签约 园区 苏州 生物 医药 政策 奖励 建设 投资 招商".split()


def _docs(n: int) -> list[Document]:
    rng = random.Random(5)
    return [
        Document(id=f"d{i}", uri=f"u{i}", title=f"标题{i}", text="".join(rng.choices(WORDS, k=60)))
        for i in range(n)
    ]


def _segment_files(path: Path, parts: int) -> dict[str, bytes]:
    path.mkdir()
    ix = whoosh_index.create_in(str(path), build_schema())
    b = SegmentBuilder(ix.storage, ix.schema, ix.indexname)
    for d in _docs(300):
        b.add(prepare(d))
    segment = b.finish(parts)
    TOC(ix.schema, [segment], 1).write(ix.storage, ix.indexname)
    segid = segment.segment_id()
    files = {p.name.replace(segid, "SEG"): p.read_bytes() for p in path.iterdir() if p.is_file()}
    return {name: data for name, data in files.items() if "SEG" in name}


def test_forked_parts_write_the_same_bytes(tmp_path: Path) -> None:
    one = _segment_files(tmp_path / "one", 1)
    three = _segment_files(tmp_path / "three", 3)
    assert one.keys() == three.keys() and any(n.endswith(".pst") for n in one)
    for name in one:
        assert one[name] == three[name], name
    assert not list((tmp_path / "three").glob("postings-*"))  # the helpers' scratch is gone


def test_a_failing_helper_fails_the_segment_and_leaves_no_scratch(
    tmp_path: Path, monkeypatch
) -> None:
    def broken(terms: object, name: str) -> None:
        raise SystemExit(3)

    monkeypatch.setattr(blocks, "_encode_to_file", broken)
    ix = whoosh_index.create_in(str(tmp_path), build_schema())
    b = SegmentBuilder(ix.storage, ix.schema, ix.indexname)
    for d in _docs(50):
        b.add(prepare(d))
    with pytest.raises(RuntimeError, match="exit code 3"):
        b.finish(2)
    assert not list(tmp_path.glob("postings-*"))


def test_cuts_balance_work_and_cover_every_term() -> None:
    counts = [1] * 100 + [1000] + [1] * 100
    cuts = _cuts(counts, 2)
    assert cuts[0] == 0 and cuts[-1] == len(counts) and cuts == sorted(cuts)
    assert _cuts([], 4) == [0, 0] and _cuts([5, 5], 1) == [0, 2]
    assert len(_cuts([1] * 10, 20)) <= 11  # never more parts than terms


def test_shift_moves_only_the_offset() -> None:
    from whoosh.codec.whoosh3 import W3TermInfo

    info = W3TermInfo(weight=2.0, df=1, minlength=1, maxlength=3, maxweight=2.0, minid=4, maxid=4)
    info.set_extent(100, 50)
    moved = W3TermInfo.from_bytes(_shift(info.to_bytes(), 1000))
    assert moved.extent()[0] == 1100 and moved.doc_frequency() == 1 and moved.max_id() == 4
    assert _shift(info.to_bytes(), 1000)[-4:] == info.to_bytes()[-4:]  # the length stays


def test_block_data_pickles_small_and_reads_back() -> None:
    import pickle

    from search.segments.blocks import _pickle

    data = ((3, 1, 7), (1, 2, 1), (b"\x05", b"\x01\x82\x01", b"\x00"))
    pickled = _pickle(data)
    assert pickle.loads(pickled) == data
    assert b"_codecs" not in pickled and len(pickled) < len(pickle.dumps(data, 2)) / 2
    big = (tuple(range(200)), 2.0, tuple(bytes([i % 128]) for i in range(200)))
    assert pickle.loads(_pickle(big)) == big
