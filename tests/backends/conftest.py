"""Engines to run the behaviour tests on: the embedded Whoosh index and an OpenSearch cluster."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest

from search.backends.embedded import EmbeddedEngine
from search.backends.interface import Engine, View
from search.document import Document
from search.engine.query import SearchRequest, SearchResult
from search.opensearch.engine import OpenSearchEngine
from tests.opensearch_cluster import cluster_url, fresh_name, require_cluster

ENGINES = ["whoosh", "opensearch"]
MakeEngine = Callable[[], Engine]


def _factory(kind: str, tmp: Callable[[], Path]) -> MakeEngine:
    if kind == "whoosh":
        return lambda: EmbeddedEngine(tmp())
    require_cluster()
    return lambda: OpenSearchEngine(cluster_url(fresh_name()))


@pytest.fixture(params=ENGINES)
def new_engine(request: pytest.FixtureRequest, tmp_path_factory) -> Iterator[MakeEngine]:
    """A function making an empty engine of the parametrised kind (closed after the test)."""
    made: list[Engine] = []

    def make() -> Engine:
        engine = _factory(request.param, lambda: tmp_path_factory.mktemp("ix"))()
        made.append(engine)
        return engine

    yield make
    for engine in made:
        engine.close()


def engine_with(kind: str, docs: Iterable[Document], tmp: Callable[[], Path]) -> Engine:
    engine = _factory(kind, tmp)()
    engine.publish_documents(docs)
    return engine


def views_of(docs: list[Document]):  # noqa: ANN201 - a pytest fixture
    """A module fixture: a view of docs on each engine, built once per module and engine."""

    @pytest.fixture(scope="module", params=ENGINES)
    def view(request: pytest.FixtureRequest, tmp_path_factory) -> Iterator[View]:
        engine = engine_with(request.param, docs, lambda: tmp_path_factory.mktemp("ix"))
        with engine.view() as v:
            yield v
        engine.close()

    return view


def search(view: View, request: SearchRequest) -> SearchResult:
    return view.search(request)
