"""The embedded engine's per-search budget of CPU time (issue 14, finding 9)."""

from __future__ import annotations

import pytest
from whoosh import index as whoosh_index

from search.backends.embedded import EmbeddedEngine
from search.document import Document
from search.engine import query
from search.engine.query import QueryError, QueryTooSlow, SearchRequest, search
from search.segments.writer import write_generation

TEXTS = ["开发区建设项目招商", "园区产业发展", "高新区创新服务平台", "经开区投资开放"]


def _docs() -> list[Document]:
    return [
        Document(id=f"d{n}", uri=f"mem:d{n}", title=t, text=t * 3) for n, t in enumerate(TEXTS * 5)
    ]


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    path = tmp_path_factory.mktemp("ix")
    write_generation(path, _docs())
    with whoosh_index.open_dir(str(path)).searcher() as s:
        yield s


def test_a_query_past_its_budget_stops_with_a_message(searcher, monkeypatch) -> None:
    assert search(searcher, SearchRequest(text="园 OR 区 OR 开"), budget=30).total
    with pytest.raises(QueryTooSlow, match="秒的计算上限") as slow:
        search(searcher, SearchRequest(text="园 OR 区 OR 开"), budget=1e-9)
    assert isinstance(slow.value, QueryError)  # shown to the user like any query error
    # the budget covers the snippets too: a CPU clock that jumps once the first one is made
    real_hit = query._hit

    def late_hit(*args):  # the first snippet took 3 s
        monkeypatch.setattr(query.time, "thread_time", lambda: 3.0)
        return real_hit(*args)

    monkeypatch.setattr(query, "_hit", late_hit)
    monkeypatch.setattr(query.time, "thread_time", lambda: 0.0)
    with pytest.raises(QueryTooSlow):
        search(searcher, SearchRequest(text="开发区"), budget=2.0)


def test_the_embedded_engine_gives_each_search_its_budget(tmp_path) -> None:
    unbounded = EmbeddedEngine(tmp_path)
    unbounded.publish_documents(_docs())
    with unbounded.view() as view:
        assert view.search(SearchRequest(text="园 OR 区 OR 开")).total
    bounded = EmbeddedEngine(tmp_path, query_seconds=1e-9)
    with bounded.view() as view, pytest.raises(QueryTooSlow):
        view.search(SearchRequest(text="园 OR 区 OR 开"))
    unbounded.close()
    bounded.close()


def test_the_searches_of_one_search_many_share_one_budget(tmp_path, monkeypatch) -> None:
    from search.backends import embedded

    clock = [0.0]
    passed = []

    def costly(searcher, request, budget=None):  # each search costs 0.4 CPU seconds
        passed.append(budget)
        clock[0] += 0.4
        return request.text

    monkeypatch.setattr(embedded, "search", costly)
    monkeypatch.setattr(embedded.time, "thread_time", lambda: clock[0])
    engine = EmbeddedEngine(tmp_path, query_seconds=1.0)
    engine.publish_documents(_docs())
    with engine.view() as view:
        got = view.search_many([SearchRequest(text=t) for t in "一二三四五"])
    assert got[:3] == ["一", "二", "三"] and passed == pytest.approx([1.0, 0.6, 0.2])
    assert all(isinstance(g, QueryTooSlow) for g in got[3:])  # the budget was spent
    engine.close()
