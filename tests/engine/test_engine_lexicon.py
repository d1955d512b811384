"""Each segment's lexicon kept in a file beside it: written by the job, copied by an update."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from search.document import Document
from search.engine import lexicon
from search.engine.readerdata import LEXICON_FIELDS, save_reader_data
from search.segments.checksums import LEXICON_SUFFIX, problems, write_checksums
from search.segments.writer import apply_delta, open_writer, write_generation

TEXTS = ["开发区园区建设", "园区招商项目", "高新区产业园", "经济开发区新闻"]


def _docs(start: int, n: int) -> list[Document]:
    return [
        Document(id=f"d{i}", uri=f"u{i}", title="园区公告", text=TEXTS[i % len(TEXTS)] * 3)
        for i in range(start, start + n)
    ]


def _files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir() if p.name.endswith(LEXICON_SUFFIX)}


def _segment_ids(folder: Path) -> set[str]:
    return {s.segment_id() for s in whoosh_index.open_dir(str(folder))._segments()}


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The segments whose terms are walked (lexicon.read_lexicon), on an empty memory cache."""
    seen: list[str] = []
    read = lexicon.read_lexicon

    def spy(leaf, fieldname: str):  # noqa: ANN001, ANN202
        seen.append(leaf.segment().segment_id())
        return read(leaf, fieldname)

    monkeypatch.setattr(lexicon, "read_lexicon", spy)
    lexicon._lexicons.clear()
    return seen


def test_a_job_keeps_each_segments_lexicons_and_an_update_reads_only_its_new_segment(
    tmp_path: Path, reads: list[str]
) -> None:
    first = tmp_path / "gen-1"
    first.mkdir()
    write_generation(first, _docs(0, 8))
    save_reader_data(first)
    (only,) = _segment_ids(first)
    assert _files(first) == {f"{only}.{name}{LEXICON_SUFFIX}" for name in LEXICON_FIELDS}
    assert sorted(reads) == sorted([only] * len(LEXICON_FIELDS))

    second = tmp_path / "gen-2"  # an update: a copy of the first, one segment added
    shutil.copytree(first, second)
    apply_delta(second, [], _docs(8, 4))
    reads.clear()
    lexicon._lexicons.clear()  # a new job process: nothing in memory
    save_reader_data(second)
    (new,) = _segment_ids(second) - {only}
    assert sorted(reads) == sorted([new] * len(LEXICON_FIELDS))
    lexicon._lexicons.clear()
    with whoosh_index.open_dir(str(second)).reader() as reader:
        merged = lexicon.merged_lexicon(reader, "body")
    assert reads == sorted([new] * len(LEXICON_FIELDS))  # from the files alone
    assert dict(merged)["园区"] == 6  # 4 of the first segment's documents, 2 of the new one's


def test_kept_lexicons_give_what_the_index_gives(tmp_path: Path) -> None:
    write_generation(tmp_path, _docs(0, 8))
    apply_delta(tmp_path, [], _docs(8, 4))
    save_reader_data(tmp_path)
    lexicon._lexicons.clear()
    with whoosh_index.open_dir(str(tmp_path)).reader() as reader:
        for name in LEXICON_FIELDS:
            assert lexicon.merged_lexicon(reader, name) == lexicon.read_lexicon(reader, name)


def test_a_damaged_or_stale_lexicon_file_is_read_from_the_index_instead(
    tmp_path: Path, reads: list[str]
) -> None:
    write_generation(tmp_path, _docs(0, 8))
    save_reader_data(tmp_path)
    (only,) = _segment_ids(tmp_path)
    body = tmp_path / f"{only}.body{LEXICON_SUFFIX}"
    title = tmp_path / f"{only}.title{LEXICON_SUFFIX}"
    body.write_bytes(body.read_bytes()[:40])  # cut short
    shutil.copyfile(body, title)
    title.write_bytes(b"not a lexicon")
    reads.clear()
    lexicon._lexicons.clear()
    with whoosh_index.open_dir(str(tmp_path)).reader() as reader:
        got = lexicon.merged_lexicon(reader, "body")
        assert got == lexicon.read_lexicon(reader, "body") and dict(got)["园区"] == 4
        assert lexicon.merged_lexicon(reader, "title")
    assert reads.count(only) >= 2


def test_lexicon_files_are_caches_no_checksum_vouches_for(tmp_path: Path) -> None:
    write_generation(tmp_path, _docs(0, 8))
    save_reader_data(tmp_path)
    write_checksums(tmp_path)
    assert _files(tmp_path) and problems(tmp_path) == []
    for name in _files(tmp_path):
        (tmp_path / name).unlink()  # gone: built again when needed, the generation is sound
    assert problems(tmp_path) == []


def test_a_merged_away_segments_lexicon_files_go_with_it(tmp_path: Path) -> None:
    write_generation(tmp_path, _docs(0, 8))
    apply_delta(tmp_path, [], _docs(8, 4))
    save_reader_data(tmp_path)
    before = _segment_ids(tmp_path)
    assert len(before) == 2 and len(_files(tmp_path)) == 2 * len(LEXICON_FIELDS)
    writer = open_writer(tmp_path, create=False)
    writer.commit(optimize=True)  # Whoosh merges both into one and removes their files
    (merged,) = _segment_ids(tmp_path)
    assert merged not in before
    assert _files(tmp_path) == set()
