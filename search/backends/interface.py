"""The engine interface: build and publish generations, search, fetch a document, stats.

web/ and the CLI talk only to these two protocols. An Engine owns an index (the embedded
Whoosh index root, or an alias on an OpenSearch cluster); a View is its live generation,
pinned for one request, so every search of a request sees the same generation.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from search.document import Document
from search.engine.errors import EngineError, TooManyHits
from search.engine.facets import FacetValue
from search.engine.query import Hit, QueryError, SearchRequest, SearchResult
from search.segments.generations import NoIndex

if TYPE_CHECKING:  # the build job is imported only by the commands that build
    from search.build.rebuild import BuildOptions
    from search.build.report import BuildReport

T = TypeVar("T")
MAX_ID_CHARS = 200  # a longer document id is no id of ours: not looked up

__all__ = ["MAX_ID_CHARS", "Engine", "EngineError", "NoIndex", "TooManyHits", "View"]


class View(Protocol):
    """The live generation as one request sees it."""

    @property
    def generation(self) -> str:
        """The generation's name (a folder, an index)."""

    def search(self, request: SearchRequest) -> SearchResult:
        """A page of hits, facet counts and the total (QueryError for a bad request)."""

    def search_many(self, requests: Sequence[SearchRequest]) -> list[SearchResult | QueryError]:
        """Several searches at once (one round trip to a cluster), each answer in its place:
        a result, or the QueryError of a bad request."""

    def every_hit(self, request: SearchRequest, cap: int) -> tuple[int, Iterator[Hit]]:
        """How many hits a request has and all of them in its order, without snippets (its
        page and page size do not apply), read as they are taken; TooManyHits, before any
        is read, when there are more than cap."""

    def query_terms(self, text: str) -> frozenset[str]:
        """The indexed words a query looks for, for highlighting a document page."""

    def document(self, doc_id: str) -> Document | None:
        """The stored document with this id, or None."""

    def documents(self, doc_ids: Sequence[str]) -> dict[str, Document]:
        """The stored documents with these ids, by id (those not there are left out)."""

    def doc_count(self) -> int:
        """How many documents the generation holds."""

    def collection_facets(self) -> dict[str, list[FacetValue]]:
        """Facet counts over every document (what there is to browse)."""

    def frequent_words(
        self, limit: int, min_docs: int, exclude: Collection[str] = ()
    ) -> list[tuple[str, int]]:
        """The indexed title words of two or more characters, one of them Han, in at least
        min_docs documents, with their document counts: the `limit` most frequent (ties in
        character order), leaving out `exclude`."""

    def built_at(self) -> datetime:
        """When the generation was built (for feeds: their `updated`)."""

    def memo(self, key: str, make: Callable[[], T]) -> T:
        """make() once per generation and key (e.g. the home page's facets)."""


class Engine(Protocol):
    """One index and the jobs that write it."""

    @property
    def location(self) -> str:
        """Where the index is, for messages: a folder or an engine URL."""

    def rebuild(self, sources: Sequence[Path], options: BuildOptions | None = None) -> BuildReport:
        """A new generation from sources, published when complete."""

    def update(self, sources: Sequence[Path], options: BuildOptions | None = None) -> BuildReport:
        """The live generation plus what changed in its sources, as a new generation."""

    def publish_documents(self, docs: Iterable[Document]) -> str:
        """A generation of exactly these (pipeline-made) documents, made live; its name."""

    def has_index(self) -> bool:
        """Whether a generation has been published."""

    def open_view(self) -> View:
        """The live generation for one request (NoIndex when none); hand it to release()."""

    def release(self, view: View) -> None:
        """Done with a view from open_view()."""

    def view(self) -> AbstractContextManager[View]:
        """open_view() and release() around a block."""

    def stats(self) -> dict[str, object]:
        """A JSON-ready summary: documents, generations, size, facet values."""

    def close(self) -> None:
        """Let go of connections and open generations."""
