"""Writing generations: documents prepared in a worker, segments, deltas."""

from __future__ import annotations

import pickle
from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path

import pytest
from runs import batch_postings
from whoosh import index as whoosh_index
from whoosh.query import Phrase, Term

from search.document import Document, Zone
from search.segments.prepared import Prepared, invert
from search.segments.schema import with_group
from search.segments.serialize import document_from_record
from search.segments.writer import (
    StreamingGeneration,
    apply_delta,
    prepare,
    prepare_batch,
    write_generation,
)

DOCS = [
    Document(
        id=f"d{i}",
        uri=f"u{i}",
        title=title,
        text=text,
        published=date(2024, 1, i + 1),
        year=2024,
        regions=("江苏省", "江苏省/镇江市"),
        zones=(Zone("镇江经济技术开发区", "国家级", "经济技术开发区", ("镇江经开区",)),),
        content_hash=f"h{i}",
    )
    for i, (title, text) in enumerate(
        [
            ("镇江经开区签约新项目", "镇江经济技术开发区今年新签约项目三十个。"),
            ("苏州工业园区发布政策", "苏州工业园区对生物医药给予奖励。"),
        ]
    )
]


def _postings(path: Path) -> dict[tuple[str, bytes], list[tuple[int, bytes]]]:
    ix = whoosh_index.open_dir(str(path))
    with ix.reader() as r:
        return {
            (f, t): [(d, v) for d, v in r.postings(f, t).items_as("positions")]
            for f, t in r.all_terms()
            if f in ("title", "body")
        }


def test_prepared_fields_index_like_plain_documents(tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    (tmp_path / "pre").mkdir()
    assert write_generation(tmp_path / "plain", DOCS) == 2
    assert write_generation(tmp_path / "pre", [prepare(d) for d in DOCS]) == 2
    assert _postings(tmp_path / "plain") == _postings(tmp_path / "pre")
    ix = whoosh_index.open_dir(str(tmp_path / "pre"))
    with ix.searcher() as s:
        assert document_from_record(s.document(id="d0")["record"]).title == "镇江经开区签约新项目"
        assert len(s.search(Term("body", "开发区"))) == 1
        assert len(s.search(Phrase("body", ["镇江", "经济", "技术", "开发区"]))) <= 1


def test_prepared_documents_survive_pickling(tmp_path: Path) -> None:
    prepared = pickle.loads(pickle.dumps(prepare(DOCS[0])))
    assert isinstance(prepared, Prepared)
    assert {name for name, _ in prepared.postings} >= {"title", "body", "place", "id"}
    write_generation(tmp_path, [prepared])
    assert whoosh_index.open_dir(str(tmp_path)).doc_count() == 1


def test_a_large_write_is_split_into_segments(tmp_path: Path) -> None:
    docs = [replace(DOCS[i % 2], id=f"d{i}", uri=f"u{i}", content_hash=f"h{i}") for i in range(9)]
    per_doc = sum(len(items) for _, items in prepare(docs[0]).postings)
    assert write_generation(tmp_path, docs, flush=3 * per_doc) == 9
    ix = whoosh_index.open_dir(str(tmp_path))
    with ix.searcher() as s:
        assert len(s.reader().leaf_readers()) >= 3
        assert ix.doc_count() == 9
        assert sorted(h["id"] for h in s.search(Term("body", "奖励"), limit=None)) == [
            f"d{i}" for i in range(1, 9, 2)
        ]


def test_apply_delta_deletes_and_adds(tmp_path: Path) -> None:
    write_generation(tmp_path, DOCS)
    extra = replace(DOCS[1], id="d9", uri="u9", content_hash="h9")
    counts = apply_delta(tmp_path, ["d0", "missing"], [prepare(DOCS[0]), extra])
    assert (counts.deleted, counts.added) == (1, 2)
    ix = whoosh_index.open_dir(str(tmp_path))
    assert ix.doc_count() == 3
    with ix.searcher() as s:
        assert sorted(h["id"] for h in s.search(Term("body", "奖励"))) == ["d1", "d9"]
        assert [h["id"] for h in s.search(Term("title", "签约"))] == ["d0"]


def test_a_failing_document_fails_the_write(tmp_path: Path) -> None:
    bad = Prepared(postings=(), values=(("nonsense", None, 0, False, None),))
    with pytest.raises(KeyError):
        write_generation(tmp_path, [DOCS[0], bad])
    assert whoosh_index.open_dir(str(tmp_path)).doc_count() == 0  # nothing was committed


def test_matches_match_a_plain_whoosh_writer_lengths_are_words(tmp_path: Path) -> None:
    from whoosh.query import Or

    from search.segments.schema import build_schema, document_fields

    ours, plain = tmp_path / "ours", tmp_path / "plain"
    ours.mkdir()
    write_generation(ours, [prepare(d) for d in DOCS])
    batched = tmp_path / "batched"
    batched.mkdir()
    write_generation(batched, [prepare_batch(DOCS)])
    plain.mkdir()
    ix = whoosh_index.create_in(str(plain), build_schema())
    with ix.writer() as w:
        for d in DOCS:
            w.add_document(**document_fields(d))
    q = Or([Term("body", "开发区"), Term("body", "奖励"), Term("title", "政策")])

    def scores(path: Path) -> list[tuple[str, float]]:
        with whoosh_index.open_dir(str(path)).searcher() as s:
            return [(h["id"], round(h.score, 6)) for h in s.search(q)]

    assert scores(ours) == scores(batched) != []
    assert sorted(scores(ours)) != sorted(scores(plain))  # Whoosh counts sub-words as length
    assert {i for i, _ in scores(ours)} == {i for i, _ in scores(plain)}
    # a field's length is its words (stop words and sub-words not counted)
    from search.text.analysis import text_postings

    with whoosh_index.open_dir(str(ours)).searcher() as s:
        for n in range(s.doc_count()):
            d = DOCS[[x.id for x in DOCS].index(s.stored_fields(n)["id"])]
            want = text_postings(d.text, encode=None, boost=1.0).length
            assert s.reader().doc_field_length(n, "body") == byte_rounded(want)


def byte_rounded(length: int) -> int:
    from whoosh.util.numeric import byte_to_length, length_to_byte

    return byte_to_length(length_to_byte(length))


def test_a_generation_folder_holds_only_the_index(tmp_path: Path) -> None:
    write_generation(tmp_path, DOCS, parts=2)
    assert all(p.is_file() for p in tmp_path.iterdir())


def test_a_batch_is_its_documents_prepared_one_by_one() -> None:
    bare = Document(id="d7", uri="u7", title=None, text="鎮江經開區，開發區。", source="新華社")
    docs = [*DOCS, bare]
    batch = prepare_batch(docs)
    one_by_one = invert(prepare(d) for d in docs)
    assert batch_postings(batch) == batch_postings(one_by_one)
    assert batch.values == one_by_one.values and batch.postings == one_by_one.postings
    assert "开发区".encode() in batch_postings(batch)["body"]  # folded from the traditional text


def _stored(path: Path) -> list[dict]:
    ix = whoosh_index.open_dir(str(path))
    with ix.searcher() as s:
        return [dict(f) for f in s.all_stored_fields()]


def _facets(path: Path) -> list[bytes]:
    ix = whoosh_index.open_dir(str(path))
    with ix.reader() as r:
        return [line for leaf, _ in r.leaf_readers() for line in leaf.column_reader("facets")]


def test_a_streamed_generation_is_the_written_one_with_groups_filled_in_last(
    tmp_path: Path,
) -> None:
    docs = [replace(DOCS[i % 2], id=f"d{i}", uri=f"u{i}", content_hash=f"h{i}") for i in range(9)]
    # the odd ones near-duplicates of d1, the even ones each a group of its own
    groups = {f"d{i}": "d1" if i % 2 else f"d{i}" for i in range(9)}
    per_doc = sum(len(items) for _, items in prepare(docs[0]).postings)
    grouped = [replace(d, group=groups[d.id]) for d in docs]
    (tmp_path / "plain").mkdir()
    (tmp_path / "streamed").mkdir()
    assert write_generation(tmp_path / "plain", grouped, flush=3 * per_doc) == 9
    out = StreamingGeneration(tmp_path / "streamed", flush=3 * per_doc)
    for i in range(0, 9, 2):
        out.add(prepare_batch(docs[i : i + 2]))  # the groups are not known yet
    assert out.finish(partial(with_group, groups=groups)) == 9
    assert _stored(tmp_path / "streamed") == _stored(tmp_path / "plain")
    assert _facets(tmp_path / "streamed") == _facets(tmp_path / "plain")
    assert _postings(tmp_path / "streamed") == _postings(tmp_path / "plain")
    ix = whoosh_index.open_dir(str(tmp_path / "streamed"))
    with ix.searcher() as s:
        assert len(s.reader().leaf_readers()) >= 2
        record = document_from_record(s.stored_fields(3)["record"])
        assert record.group == "d1" and record.id == "d3"


def test_a_cancelled_stream_leaves_no_open_files(tmp_path: Path) -> None:
    out = StreamingGeneration(tmp_path, flush=1)
    out.add(prepare_batch(DOCS))
    out.add(prepare_batch(DOCS[:1]))
    out.cancel()
    assert not (tmp_path / "MAIN.tmp").exists() or not any((tmp_path / "MAIN.tmp").iterdir())


@pytest.mark.parametrize("drop", [[0], [1], [0, 2], [2], [0, 1, 2], []])
def test_a_batch_without_some_documents_is_the_batch_of_the_others(drop: list[int]) -> None:
    bare = Document(id="d7", uri="u7", title=None, text="鎮江經開區，開發區。", source="新華社")
    docs = [*DOCS, bare]
    kept = [d for i, d in enumerate(docs) if i not in drop]
    less = prepare_batch(docs).without(drop)
    expected = prepare_batch(kept) if kept else invert([])
    assert batch_postings(less) == batch_postings(expected)
    assert less.values == expected.values and less.postings == expected.postings


def _sizes(path: Path) -> list[int]:
    return sorted(s.doc_count_all() for s in whoosh_index.open_dir(str(path))._segments())


def _copies(n: int, start: int) -> list[Document]:
    return [
        replace(DOCS[i % 2], id=f"c{start + i}", uri=f"c{start + i}", content_hash=f"c{start + i}")
        for i in range(n)
    ]


def test_updates_fold_their_small_segments_once_more_than_two_pile_up(tmp_path: Path) -> None:
    from search.segments.writer import SMALL_SEGMENTS, SMALL_SHARE

    big = 10 * SMALL_SHARE
    write_generation(tmp_path, _copies(big, 0))
    for k in range(SMALL_SEGMENTS):
        apply_delta(tmp_path, [], _copies(1, 1000 + k))
    assert _sizes(tmp_path) == [1] * SMALL_SEGMENTS + [big]  # few enough: left as they are
    counts = apply_delta(tmp_path, ["c0"], _copies(1, 2000))  # one more small one: folded
    assert counts.added == 1
    assert _sizes(tmp_path) == [SMALL_SEGMENTS + 1, big]  # c0's deletion stays in the big one
    ix = whoosh_index.open_dir(str(tmp_path))
    assert ix.doc_count() == big + SMALL_SEGMENTS
    with ix.searcher() as s:
        ids = {d["id"] for d in s.documents()}
    assert {"c1000", "c1001", "c2000"} <= ids and "c0" not in ids
    # an update adding a big segment of its own leaves it be
    apply_delta(tmp_path, [], _copies(big, 3000))
    assert _sizes(tmp_path) == [SMALL_SEGMENTS + 1, big, big]


@pytest.mark.parametrize(
    ("sizes", "folded", "kept"),
    [
        ([8000, 1500, 1, 1], [], [1, 1, 1500, 8000]),  # two small ones (< 1000) stand
        ([8000, 1500, 1, 1, 1], [1, 1, 1], [1500, 8000]),  # a third: the small ones fold
        ([8000, 900, 1, 1], [1, 1, 900], [8000]),  # 900 is small beside 8000
        ([8000, 1100, 1500, 2000, 1], [1100, 1500, 2000], [1, 8000]),  # a full tier (729..)
        ([8000, 9000, 3000], [], [3000, 8000, 9000]),  # tiers 8, 8, 7: none full
        # small is below FOLD_DOCS however big the largest
        ([10**6, 5000, 5000, 1999, 5], [], [5, 1999, 5000, 5000, 10**6]),
        ([10**6, 5000, 5000, 1999, 5, 7], [5, 7, 1999], [5000, 5000, 10**6]),
        ([10**6, 5000, 5000, 5000, 5], [5000, 5000, 5000], [5, 10**6]),
    ],
)
def test_what_an_update_folds(
    sizes: list[int], folded: list[int], kept: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from search.segments import writer

    monkeypatch.setattr(writer, "SegmentReader", lambda _storage, _schema, seg: _Seg(seg.n))
    folding = _Folding()
    left = writer.fold_small(folding, [_Seg(n) for n in sizes])  # type: ignore[arg-type]
    assert sorted(folding.folded) == folded
    assert sorted(s.doc_count_all() for s in left) == kept


class _Seg:
    def __init__(self, n: int) -> None:
        self.n = n

    def doc_count_all(self) -> int:
        return self.n

    def close(self) -> None:
        pass


class _Folding:
    """A writer that records the sizes it is asked to fold instead of reading segments."""

    storage = schema = None

    def __init__(self) -> None:
        self.folded: list[int] = []

    def add_reader(self, reader: _Seg) -> None:
        self.folded.append(reader.n)
