"""The embedded engine: the Whoosh index root on this machine, as the engine interface."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from whoosh.searching import Searcher

from search.backends.interface import MAX_ID_CHARS
from search.build.rebuild import BuildOptions, publish_documents, rebuild
from search.build.report import BuildReport
from search.build.update import update
from search.document import Document
from search.engine.facets import FacetValue
from search.engine.query import SearchRequest, SearchResult, query_terms, search
from search.engine.reader import Generation, LiveIndex
from search.engine.stats import collection_facets, index_stats
from search.segments.generations import Store
from search.segments.serialize import document_from_record

T = TypeVar("T")


@dataclass
class EmbeddedView:
    """A pooled searcher on one generation."""

    searcher: Searcher
    live: Generation

    @property
    def generation(self) -> str:
        return self.live.name

    def search(self, request: SearchRequest) -> SearchResult:
        return search(self.searcher, request)

    def query_terms(self, text: str) -> frozenset[str]:
        return query_terms(self.searcher, text)

    def document(self, doc_id: str) -> Document | None:
        if not doc_id or len(doc_id) > MAX_ID_CHARS:
            return None
        stored = self.searcher.document(id=doc_id)
        if not stored or "record" not in stored:
            return None
        return document_from_record(stored["record"])

    def doc_count(self) -> int:
        return self.searcher.doc_count()

    def collection_facets(self) -> dict[str, list[FacetValue]]:
        return collection_facets(self.searcher)

    def memo(self, key: str, make: Callable[[], T]) -> T:
        return self.live.memo(key, make)


class EmbeddedEngine:
    """Generations in folders under an index root, followed as new ones are published."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._live: LiveIndex | None = None

    @property
    def location(self) -> str:
        return str(self.root)

    def rebuild(self, sources: Sequence[Path], options: BuildOptions | None = None) -> BuildReport:
        return rebuild(sources, self.root, options)

    def update(self, sources: Sequence[Path], options: BuildOptions | None = None) -> BuildReport:
        return update(sources, self.root, options)

    def publish_documents(self, docs: Iterable[Document]) -> str:
        return publish_documents(docs, self.root)[0]

    def has_index(self) -> bool:
        return Store(self.root).current() is not None

    @property
    def live(self) -> LiveIndex:
        """The live index this engine follows (shared by whoever reads it with searchers)."""
        return self._index()

    def _index(self) -> LiveIndex:
        if self._live is None:
            self._live = LiveIndex(self.root)
        return self._live

    def open_view(self) -> EmbeddedView:
        searcher, generation = self._index().open_searcher()
        return EmbeddedView(searcher, generation)

    def release(self, view: EmbeddedView) -> None:  # type: ignore[override]
        LiveIndex.release(view.searcher, view.live)

    @contextmanager
    def view(self) -> Iterator[EmbeddedView]:
        v = self.open_view()
        try:
            yield v
        finally:
            self.release(v)

    def stats(self) -> dict[str, object]:
        return index_stats(self.root)

    def close(self) -> None:
        if self._live is not None:
            self._live.close()
        self._live = None
