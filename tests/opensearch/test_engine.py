"""search/opensearch/engine.py: the alias's index is asked for at most once a LIVE_SECONDS."""

from __future__ import annotations

from search.document import Document
from search.engine.query import SearchRequest
from search.opensearch import engine as engine_module
from search.opensearch.engine import OpenSearchEngine
from tests.opensearch_cluster import cluster_url, fresh_name


def docs(n: int) -> list[Document]:
    return [Document(id=f"d{i}", uri=f"mem:{i}", text="开发区建设") for i in range(n)]


def count(engine: OpenSearchEngine) -> int:
    with engine.view() as view:
        return view.search(SearchRequest(text="开发区")).documents


def test_another_writers_generation_is_served_within_live_seconds(cluster, monkeypatch) -> None:
    url = cluster_url(fresh_name("live"))
    reader, writer = OpenSearchEngine(url), OpenSearchEngine(url)
    asked: list[str | None] = []
    resolve = reader.target.live

    def live() -> str | None:
        asked.append(resolve())
        return asked[-1]

    monkeypatch.setattr(reader.target, "live", live)
    now = [1000.0]
    monkeypatch.setattr(engine_module.time, "monotonic", lambda: now[0])
    try:
        writer.publish_documents(docs(2))
        assert count(reader) == 2 and count(reader) == 2 and len(asked) == 1
        writer.publish_documents(docs(3))
        now[0] += engine_module.LIVE_SECONDS / 2
        assert count(reader) == 2 and len(asked) == 1  # the one before: still searchable
        now[0] += engine_module.LIVE_SECONDS
        assert count(reader) == 3 and len(asked) == 2
        mine = reader.publish_documents(docs(4))  # its own publish: served at once
        before = len(asked)
        assert count(reader) == 4 and len(asked) == before + 1 and asked[-1] == mine
    finally:
        reader.close()
        writer.close()
