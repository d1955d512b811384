"""Stored documents decoded once per segment and kept across generations."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.reading import SegmentReader

from search.document import Document
from search.segments import stored
from search.segments.segcache import SegmentCache
from search.segments.serialize import document_from_record
from search.segments.writer import apply_delta, write_generation


def _docs(start: int, n: int) -> list[Document]:
    return [
        Document(id=f"d{i}", uri=f"u{i}", title=f"园区{i}", text=f"第{i}篇:开发区建设")
        for i in range(start, start + n)
    ]


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Each stored record read from a segment's files, on an empty cache."""
    seen: list[int] = []
    read = SegmentReader.stored_fields

    def spy(self: SegmentReader, docnum: int) -> dict:
        seen.append(docnum)
        return read(self, docnum)

    monkeypatch.setattr(SegmentReader, "stored_fields", spy)
    monkeypatch.setattr(stored, "STORED", SegmentCache(1 << 20))
    return seen


def test_every_docnum_of_every_segment_gives_its_stored_document(
    tmp_path: Path, reads: list[int]
) -> None:
    write_generation(tmp_path, _docs(0, 5))
    apply_delta(tmp_path, ["d1"], _docs(5, 3))  # two segments, one deletion
    with whoosh_index.open_dir(str(tmp_path)).reader() as reader:
        assert len(reader.leaf_readers()) == 2
        for docnum in reader.all_doc_ids():
            expected = document_from_record(reader.stored_fields(docnum)["record"])
            assert stored.stored_document(reader, docnum) == expected
        ids = [stored.stored_document(reader, n).id for n in reader.all_doc_ids()]
    assert sorted(ids) == sorted(f"d{i}" for i in range(8) if i != 1)


def test_a_document_is_decoded_once_for_every_generation_holding_its_segment(
    tmp_path: Path, reads: list[int]
) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    first.mkdir()
    write_generation(first, _docs(0, 4))
    shutil.copytree(first, second)
    apply_delta(second, [], _docs(4, 1))  # the next generation: the same segment and one more
    with whoosh_index.open_dir(str(first)).reader() as reader:
        a = stored.stored_document(reader, 2)
        assert stored.stored_document(reader, 2) is a
    assert reads == [2]
    with whoosh_index.open_dir(str(second)).reader() as reader:
        (old, _), (new, offset) = reader.leaf_readers()
        assert stored.stored_document(reader, 2) is a  # not read again
        assert stored.stored_document(reader, offset).id == "d4"
    assert reads == [2, 0]
