"""LiveIndex: follows new generations per request; a request keeps the one it started with."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from search.document import Document
from search.engine.reader import LiveIndex, NoIndex, open_live
from search.segments.generations import Store
from search.segments.writer import write_generation


def publish(root: Path, n: int) -> str:
    store = Store(root)
    building = store.new_generation()
    docs = [Document(id=f"d{i}", uri=f"u{i}", title="标题", text="开发区建设") for i in range(n)]
    write_generation(building, docs)
    return store.publish(building).name


def test_no_index_is_reported(tmp_path: Path) -> None:
    with pytest.raises(NoIndex, match="rebuild"):
        LiveIndex(tmp_path).generation()
    with pytest.raises(NoIndex):
        open_live(tmp_path)


def test_a_new_generation_is_picked_up_by_the_next_request(tmp_path: Path) -> None:
    first = publish(tmp_path, 1)
    live = LiveIndex(tmp_path)
    assert live.generation().name == first
    with live.searcher() as s:
        assert s.doc_count() == 1
    second = publish(tmp_path, 2)
    assert live.generation().name == second
    with live.searcher() as s:
        assert s.doc_count() == 2


def test_an_in_flight_searcher_stays_on_its_generation(tmp_path: Path) -> None:
    publish(tmp_path, 1)
    live = LiveIndex(tmp_path)
    with live.searcher() as s:
        publish(tmp_path, 3)
        publish(tmp_path, 5)  # the first generation's folder is now deleted
        assert s.doc_count() == 1
        assert len(list(s.all_stored_fields())) == 1
    with live.searcher() as s:
        assert s.doc_count() == 5


def test_the_same_generation_object_is_reused_while_the_pointer_is_unchanged(
    tmp_path: Path,
) -> None:
    publish(tmp_path, 1)
    live = LiveIndex(tmp_path)
    assert live.generation() is live.generation()
    calls = []
    g = live.generation()
    assert g.memo("k", lambda: calls.append(1) or 42) == 42
    assert g.memo("k", lambda: calls.append(1) or 43) == 42
    assert calls == [1]


def test_threads_share_one_live_index(tmp_path: Path) -> None:
    publish(tmp_path, 1)
    live = LiveIndex(tmp_path)
    errors: list[BaseException] = []

    def read() -> None:
        try:
            for _ in range(20):
                with live.searcher() as s:
                    assert s.doc_count() >= 1
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=read) for _ in range(4)]
    for t in threads:
        t.start()
    for _ in range(3):
        publish(tmp_path, 2)
    for t in threads:
        t.join()
    assert errors == []


def test_searchers_are_reused_and_retired_with_their_generation(tmp_path: Path) -> None:
    publish(tmp_path, 1)
    live = LiveIndex(tmp_path)
    with live.searcher() as first:
        pass
    with live.searcher() as again:
        assert again is first  # pooled, not reopened
    s, gen = live.open_searcher()
    publish(tmp_path, 2)
    with live.searcher() as fresh:
        assert fresh is not s and fresh.doc_count() == 2
    assert gen.retired
    assert s.doc_count() == 1  # the in-flight request still finishes on its generation
    live.release(s, gen)  # closed, not pooled: its generation is retired
    assert gen._idle == []


def _wait_for(condition, seconds: float = 20) -> bool:  # noqa: ANN001
    import time

    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_in_the_background_requests_keep_the_old_generation_until_the_new_is_warm(
    tmp_path: Path,
) -> None:
    from search.engine.warm import warm

    publish(tmp_path, 1)
    entered, release = threading.Event(), threading.Event()

    def slow_warm(generation, previous):  # noqa: ANN001, ANN202
        if previous is not None:
            entered.set()
            assert release.wait(20)
        warm(generation, previous)

    live = LiveIndex(tmp_path, background=True, warm=slow_warm)
    first = live.generation()
    second = publish(tmp_path, 2)
    assert live.generation() is first  # noticed, and being warmed meanwhile
    assert entered.wait(20)
    for _ in range(3):
        with live.searcher() as s:  # requests neither wait nor switch
            assert s.doc_count() == 1
    release.set()
    assert _wait_for(lambda: live.generation().name == second)
    assert first.retired


def test_warming_builds_reader_data_and_replays_the_hottest_terms(tmp_path: Path) -> None:
    from search.engine.query import SearchRequest, search
    from search.engine.readerdata import cached_reader_data

    publish(tmp_path, 3)
    live = LiveIndex(tmp_path, background=True)
    with live.searcher() as s:
        before = search(s, SearchRequest(text="开发区")).as_json()
    publish(tmp_path, 4)
    live.generation()
    assert _wait_for(lambda: live.generation().index.doc_count() == 4)
    with live.searcher() as s:
        data = cached_reader_data(s)  # built before the switch, not by this request
        assert data is not None
        assert ("body", "开发区") in data._scores and data.lexicon(s.reader(), "body")
        after = search(s, SearchRequest(text="开发区")).as_json()
    assert (before["total"], after["total"]) == (3, 4)


def test_a_damaged_generation_is_refused_in_the_background_too(tmp_path: Path, caplog) -> None:
    from search.segments.checksums import CHECKSUMS

    first_name = publish(tmp_path, 1)
    live = LiveIndex(tmp_path, background=True)
    first = live.generation()
    damaged = publish(tmp_path, 2)
    (tmp_path / damaged / CHECKSUMS).write_text("garbled\n")
    live.generation()
    assert _wait_for(lambda: any("damaged" in r.getMessage() for r in caplog.records))
    assert live.generation() is first and first.name == first_name
    assert not first.retired
