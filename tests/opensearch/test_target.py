"""Generations on the cluster: alias swap, grace period, debris, the lock, refusals, outages."""

from __future__ import annotations

import pytest

from search.build.lock import LockHeld
from search.document import Document
from search.engine.errors import EngineError
from search.engine.query import SearchRequest
from search.engine.querylang import QueryError
from search.opensearch.engine import OpenSearchEngine
from tests.opensearch_cluster import cluster_url, fresh_name


def docs(n: int) -> list[Document]:
    return [Document(id=f"d{i}", uri=f"mem:{i}", text="开发区建设") for i in range(n)]


@pytest.fixture
def engine(cluster):
    e = OpenSearchEngine(cluster_url(fresh_name("target")), grace=0)
    yield e
    e.close()


def test_publish_moves_the_alias_and_keeps_one_previous_generation(engine, cluster) -> None:
    first = engine.publish_documents(docs(1))
    second = engine.publish_documents(docs(2))
    assert list(cluster.indices.get_alias(name=engine.url.name)) == [second]
    third = engine.publish_documents(docs(3))
    # the one before the live one stays for requests in flight; older ones go after the grace
    assert set(engine.target.generations()) == {second, third}
    assert not cluster.indices.exists(index=first + "-manifest")
    assert (
        cluster.indices.get_settings(index=third)[third]["settings"]["index"]["blocks"]["write"]
        == "true"
    )


def test_an_interrupted_build_is_cleaned_up_by_the_next(engine) -> None:
    engine.publish_documents(docs(1))
    debris = engine.target.create()
    live = engine.publish_documents(docs(2))
    assert debris not in engine.target.generations()
    with engine.view() as view:
        assert view.generation == live


def test_one_writer_at_a_time(engine, cluster) -> None:
    holder = {"pid": 1, "host": "another-machine", "command": "rebuild", "since": "then"}
    with engine.target.lock("rebuild"):
        with pytest.raises(LockHeld, match="another writer"):
            with engine.target.lock("update"):
                pass
    cluster.index(index=f"{engine.url.name}-lock", id="writer", body=holder, refresh="true")
    with pytest.raises(LockHeld, match="another-machine"):
        engine.publish_documents(docs(1))


def test_refused_documents_are_one_clear_error(engine, cluster) -> None:
    building = engine.target.create()
    cluster.indices.put_settings(index=building, body={"index.blocks.write": True})
    batch = engine.target.prepare(docs(3))
    with pytest.raises(EngineError, match=r"refused 3 of the documents .* HTTP 403"):
        engine.target.write(building, [batch], parts=1)


def test_a_cluster_that_does_not_answer(cluster) -> None:
    down = OpenSearchEngine("opensearch://127.0.0.1:9399/zonesearch")
    with pytest.raises(EngineError, match=r"127.0.0.1:9399 does not answer .*make opensearch"):
        down.open_view()
    with pytest.raises(EngineError, match="does not answer"):
        down.publish_documents(docs(1))


def test_an_index_named_like_the_alias_is_reported(engine, cluster) -> None:
    cluster.indices.create(index=engine.url.name)
    with pytest.raises(EngineError, match="is an index, not an alias"):
        engine.open_view()
    cluster.indices.delete(index=engine.url.name)


def test_deep_pages_past_the_window_are_a_message(engine) -> None:
    engine.publish_documents(docs(2))
    with engine.view() as view, pytest.raises(QueryError, match="页码过大"):
        view.search(SearchRequest(text="开发区", page=30_000, per_page=10))


def test_a_published_generation_is_one_segment(engine, cluster) -> None:
    live = engine.publish_documents(docs(30))
    segments = cluster.indices.segments(index=live)["indices"][live]["shards"]["0"]
    primary = next(copy for copy in segments if copy["routing"]["primary"])
    assert primary["num_search_segments"] == 1
