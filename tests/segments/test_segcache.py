"""A segment's postings are read once and serve every generation that holds the segment."""

import shutil

import numpy as np
import pytest
from whoosh import index as whoosh_index

from search.document import Document
from search.segments import postings
from search.segments.schema import document_fields
from search.segments.segcache import SEGMENTS, SegmentCache, segment_key
from search.segments.writer import write_generation


def doc(n: int, text: str) -> Document:
    return Document(id=f"d{n}", uri=f"mem:d{n}", title="园区", text=text)


def generations(tmp_path, delete: bool):
    """A generation, and a copy of it with one more segment (as update makes them)."""
    first = tmp_path / "gen-1"
    first.mkdir()
    write_generation(first, [doc(n, "开发区建设，产业发展。" * (1 + n % 3)) for n in range(200)])
    second = tmp_path / "gen-2"
    shutil.copytree(first, second)
    with whoosh_index.open_dir(str(second)).writer() as w:
        if delete:
            w.delete_by_term("id", "d1")
        w.add_document(**document_fields(doc(999, "开发区招商。开发区建设。")))
    return first, second


@pytest.fixture(autouse=True)
def empty_cache():
    SEGMENTS.clear()
    yield
    SEGMENTS.clear()


def counted(monkeypatch) -> list[str]:
    made: list[str] = []
    read = postings._leaf_raw

    def leaf_raw(leaf, fieldname, text, values):
        made.append(segment_key(leaf)[0])
        return read(leaf, fieldname, text, values)

    monkeypatch.setattr(postings, "_leaf_raw", leaf_raw)
    return made


def fresh(path, fieldname, text):
    """What the segments hold, read with nothing kept."""
    SEGMENTS.clear()
    with whoosh_index.open_dir(str(path)).searcher() as s:
        found = postings.read_postings_and_positions(s.reader(), fieldname, text)
    SEGMENTS.clear()
    return found


def read_both(path, made):
    """Postings and positions of 开发区 in the generation at path; the segments read for them."""
    made.clear()
    with whoosh_index.open_dir(str(path)).searcher() as s:
        got = postings.read_postings(s.reader(), "body", "开发区")
        got_positions = postings.read_positions(s.reader(), "body", "开发区")
        keys = [segment_key(leaf)[0] for leaf, _ in postings.leaves(s.reader())]
    return got, got_positions, keys, list(made)


def same(got, got_positions, want):
    want_postings, want_positions = want
    np.testing.assert_array_equal(got.docs, want_postings.docs)
    np.testing.assert_array_equal(got.weights, want_postings.weights)
    for name in ("docs", "pos", "posting_docs", "posting_start"):
        np.testing.assert_array_equal(getattr(got_positions, name), getattr(want_positions, name))


def test_the_next_generation_reads_only_its_new_segment(tmp_path, monkeypatch):
    first, second = generations(tmp_path, delete=False)
    want = fresh(second, "body", "开发区")
    made = counted(monkeypatch)
    _, _, old, read = read_both(first, made)
    assert read == old * 2  # postings, then positions, of the one old segment
    got, got_positions, new, read = read_both(second, made)
    assert set(old) < set(new) and len(new) == 2
    assert read == [k for k in new if k not in old] * 2  # only the new segment is read
    same(got, got_positions, want)


def whoosh_docs(path, text):
    """The documents whoosh's own matcher gives for the term (deleted ones left out)."""
    with whoosh_index.open_dir(str(path)).searcher() as s:
        m = s.reader().postings("body", text)
        return list(m.all_ids())


def test_a_segment_with_more_deletions_serves_from_what_was_read(tmp_path, monkeypatch):
    # The copy deletes d1 in the old segment: its kept postings serve, d1 left out.
    first, second = generations(tmp_path, delete=True)
    want = fresh(second, "body", "开发区")
    made = counted(monkeypatch)
    before, _, old, _ = read_both(first, made)
    got, got_positions, new, read = read_both(second, made)
    assert read == [k for k in new if k not in old] * 2
    assert 1 in before.docs and 1 not in got.docs and got.docs.size == before.docs.size
    assert got.docs.tolist() == whoosh_docs(second, "开发区")
    assert sorted(set(got_positions.docs.tolist())) == got.docs.tolist()
    same(got, got_positions, want)


def test_what_is_kept_of_deletions_stays_off_the_segment(tmp_path):
    # Segment objects are pickled into the next table of contents a writer commits.
    _, second = generations(tmp_path, delete=True)
    with whoosh_index.open_dir(str(second)).searcher() as s:
        postings.read_postings(s.reader(), "body", "开发区")
        for leaf, _ in postings.leaves(s.reader()):
            assert not any(name.startswith("_zonesearch") for name in vars(leaf.segment()))


def test_an_absent_term_is_kept_as_absent(tmp_path, monkeypatch):
    first, _ = generations(tmp_path, delete=False)
    made = counted(monkeypatch)
    with whoosh_index.open_dir(str(first)).searcher() as s:
        for _ in range(3):
            assert postings.read_postings(s.reader(), "body", "不存在的词").docs.size == 0
    assert len(made) == 1


def test_least_recently_used_go_first_within_the_bound():
    cache = SegmentCache(max_bytes=800)
    leaf = type("Leaf", (), {"segment": lambda self: Seg()})()
    for key in "abcdefghi":  # nine of 100 bytes: a goes
        cache.get_or_make(leaf, key, lambda key=key: key, lambda _: 100)
    assert cache.used == 800
    assert cache.get_or_make(leaf, "a", lambda: "again", lambda _: 100) == "again"  # b goes
    assert cache.get_or_make(leaf, "c", lambda: "never", lambda _: 100) == "c"
    assert cache.get_or_make(leaf, "b", lambda: "made", lambda _: 100) == "made"
    # a value past an eighth of the bound is handed back, not kept
    assert cache.get_or_make(leaf, "big", lambda: "big", lambda _: 101) == "big"
    assert cache.get_or_make(leaf, "big", lambda: "made again", lambda _: 101) == "made again"


def test_a_reader_without_a_segment_is_never_kept():
    cache = SegmentCache()
    leaf = object()
    assert segment_key(leaf) is None
    assert cache.get_or_make(leaf, "k", lambda: 1, lambda _: 8) == 1
    assert cache.get_or_make(leaf, "k", lambda: 2, lambda _: 8) == 2 and cache.used == 0


class Seg:
    def segment_id(self):
        return "S"

    def doc_count_all(self):
        return 1

    def deleted_count(self):
        return 0

    def deleted_docs(self):
        return iter(())
