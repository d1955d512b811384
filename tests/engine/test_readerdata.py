"""ReaderData: a lexicon being read holds up only the one-character queries that need it."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from search.document import Document
from search.engine import lexicon
from search.engine.evaluate import Engine
from search.engine.readerdata import reader_data
from search.segments.writer import apply_delta, write_generation

TEXTS = ["开发区园区建设", "园区招商项目", "高新区产业园", "经济开发区新闻"]


def _docs(start: int, n: int) -> list[Document]:
    return [
        Document(id=f"d{i}", uri=f"u{i}", title="园区", text=TEXTS[i % len(TEXTS)] * 3)
        for i in range(start, start + n)
    ]


@pytest.fixture
def index(tmp_path: Path) -> whoosh_index.Index:
    write_generation(tmp_path, _docs(0, 8))
    apply_delta(tmp_path, [], _docs(8, 4))  # two segments
    return whoosh_index.open_dir(str(tmp_path))


def test_a_lexicon_being_read_does_not_hold_up_other_lookups(
    index: whoosh_index.Index, monkeypatch: pytest.MonkeyPatch
) -> None:
    entered, release = threading.Event(), threading.Event()
    real = lexicon.read_lexicon

    def slow(reader, fieldname):  # noqa: ANN001, ANN202
        entered.set()
        release.wait(20)
        return real(reader, fieldname)

    monkeypatch.setattr(lexicon, "read_lexicon", slow)
    with index.searcher() as s1, index.searcher() as s2:
        data = reader_data(s1)
        expanding = threading.Thread(target=data.expand, args=(s1.reader(), "body", "园"))
        expanding.start()
        assert entered.wait(20)
        done: list[int] = []
        other = threading.Thread(
            target=lambda: done.append(Engine(s2, data).term_scores("body", "招商").docs.size)
        )
        other.start()
        other.join(10)  # the lexicon is still being read
        stuck = other.is_alive()
        release.set()
        expanding.join(20)
        other.join(20)
    assert not stuck, "a term lookup waited for another request's lexicon"
    assert done == [3]


def test_the_lexicon_is_read_per_segment_and_sums_their_frequencies(
    index: whoosh_index.Index,
) -> None:
    with index.searcher() as s:
        data = reader_data(s)
        whole = lexicon.read_lexicon(s.reader(), "body")  # through whoosh's merged view
        got = data.lexicon(s.reader(), "body")
    assert got == whole
    assert dict(got)["园区"] == 6  # 4 of the first segment's documents, 2 of the second's
