"""The engine interface: build and publish generations, search, fetch a document, stats.

web/ and the CLI talk only to these two protocols. An Engine owns an index (the embedded
Whoosh index root, or an alias on an OpenSearch cluster); a View is its live generation,
pinned for one request, so every search of a request sees the same generation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol, TypeVar

from search.build.rebuild import BuildOptions
from search.build.report import BuildReport
from search.document import Document
from search.engine.errors import EngineError
from search.engine.facets import FacetValue
from search.engine.query import SearchRequest, SearchResult

T = TypeVar("T")
MAX_ID_CHARS = 200  # a longer document id is no id of ours: not looked up

__all__ = ["MAX_ID_CHARS", "Engine", "EngineError", "View"]


class View(Protocol):
    """The live generation as one request sees it."""

    @property
    def generation(self) -> str:
        """The generation's name (a folder, an index)."""

    def search(self, request: SearchRequest) -> SearchResult:
        """A page of hits, facet counts and the total (QueryError for a bad request)."""

    def query_terms(self, text: str) -> frozenset[str]:
        """The indexed words a query looks for, for highlighting a document page."""

    def document(self, doc_id: str) -> Document | None:
        """The stored document with this id, or None."""

    def doc_count(self) -> int:
        """How many documents the generation holds."""

    def collection_facets(self) -> dict[str, list[FacetValue]]:
        """Facet counts over every document (what there is to browse)."""

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
