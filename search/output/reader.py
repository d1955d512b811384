"""What outputs read of an engine: the part of its view of the live generation they use.

An engine's View (search.backends.interface, which output does not import) is one: outputs
run alike on the embedded index and on a cluster.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Protocol

from search.engine.facets import FacetValue
from search.engine.query import Hit, QueryError, SearchRequest, SearchResult


class Reader(Protocol):
    """Searches of the live generation, every hit of one, its facet values, its build time."""

    def search(self, request: SearchRequest) -> SearchResult: ...

    def search_many(self, requests: Sequence[SearchRequest]) -> list[SearchResult | QueryError]: ...

    def every_hit(self, request: SearchRequest, cap: int) -> tuple[int, Iterator[Hit]]: ...

    def collection_facets(self) -> dict[str, list[FacetValue]]: ...

    def built_at(self) -> datetime: ...
