"""The embedded engine: the Whoosh index root on this machine, as the engine interface."""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from whoosh.searching import Searcher

from search.backends.interface import MAX_ID_CHARS
from search.document import Document
from search.engine.facets import FacetValue
from search.engine.query import (
    Hit,
    QueryError,
    QueryTooSlow,
    SearchRequest,
    SearchResult,
    every_hit,
    query_terms,
    search,
)
from search.engine.reader import Generation, LiveIndex
from search.engine.readerdata import save_reader_data
from search.engine.stats import collection_facets, index_stats, title_words
from search.segments.generations import Store, built_at
from search.segments.serialize import document_from_record

if TYPE_CHECKING:
    from search.build.embedded import EmbeddedTarget
    from search.build.rebuild import BuildOptions
    from search.build.report import BuildReport

T = TypeVar("T")


@dataclass
class EmbeddedView:
    """A pooled searcher on one generation; each search within budget CPU seconds (if set)."""

    searcher: Searcher
    live: Generation
    budget: float | None = None

    @property
    def generation(self) -> str:
        return self.live.name

    def search(self, request: SearchRequest) -> SearchResult:
        return search(self.searcher, request, self.budget)

    def search_many(self, requests: Sequence[SearchRequest]) -> list[SearchResult | QueryError]:
        """Each request's result or error; with a budget, all of them share one: once it is
        spent, the rest are QueryTooSlow (a dozen suggestions must not cost a dozen)."""
        stop = None if self.budget is None else time.thread_time() + self.budget
        out: list[SearchResult | QueryError] = []
        for request in requests:
            left = None if stop is None else stop - time.thread_time()
            try:
                if left is not None and left <= 0:
                    raise QueryTooSlow(self.budget or 0.0)
                out.append(search(self.searcher, request, left))
            except QueryError as e:
                out.append(e)
        return out

    def every_hit(self, request: SearchRequest, cap: int) -> tuple[int, Iterator[Hit]]:
        return every_hit(self.searcher, request, cap)

    def query_terms(self, text: str) -> frozenset[str]:
        return query_terms(self.searcher, text)

    def document(self, doc_id: str) -> Document | None:
        if not doc_id or len(doc_id) > MAX_ID_CHARS:
            return None
        stored = self.searcher.document(id=doc_id)
        if not stored or "record" not in stored:
            return None
        return document_from_record(stored["record"])

    def documents(self, doc_ids: Sequence[str]) -> dict[str, Document]:
        found = {i: self.document(i) for i in dict.fromkeys(doc_ids)}
        return {i: d for i, d in found.items() if d is not None}

    def doc_count(self) -> int:
        return self.searcher.doc_count()

    def collection_facets(self) -> dict[str, list[FacetValue]]:
        return collection_facets(self.searcher)

    def frequent_words(
        self, limit: int, min_docs: int, exclude: Collection[str] = ()
    ) -> list[tuple[str, int]]:
        return title_words(self.searcher, limit, min_docs, exclude)

    def built_at(self) -> datetime:
        return datetime.fromtimestamp(built_at(self.live.path), tz=timezone.utc)

    def memo(self, key: str, make: Callable[[], T]) -> T:
        return self.live.memo(key, make)


class EmbeddedEngine:
    """Generations in folders under an index root, followed as new ones are published.

    query_seconds: each search's budget of CPU time (QueryTooSlow past it); None: unbounded.
    """

    def __init__(
        self, root: Path, *, background: bool = False, query_seconds: float | None = None
    ) -> None:
        self.root = Path(root)
        self.background = background
        self.query_seconds = query_seconds
        self._live: LiveIndex | None = None

    @property
    def location(self) -> str:
        return str(self.root)

    # The build job is imported when a build runs: searching never pays for it.
    @property
    def target(self) -> EmbeddedTarget:
        """Where builds write: each generation carries its reader data, so none waits for it."""
        from search.build.embedded import EmbeddedTarget

        return EmbeddedTarget(self.root, before_publish=save_reader_data)

    def rebuild(self, sources: Sequence[Path], options: BuildOptions | None = None) -> BuildReport:
        from search.build.rebuild import rebuild

        return rebuild(sources, self.target, options)

    def update(self, sources: Sequence[Path], options: BuildOptions | None = None) -> BuildReport:
        from search.build.update import update

        return update(sources, self.target, options)

    def publish_documents(self, docs: Iterable[Document]) -> str:
        from search.build.rebuild import publish_documents

        return publish_documents(docs, self.target)[0]

    def has_index(self) -> bool:
        return Store(self.root).current() is not None

    @property
    def live(self) -> LiveIndex:
        """The live index this engine follows (shared by whoever reads it with searchers)."""
        return self._index()

    def _index(self) -> LiveIndex:
        if self._live is None:
            self._live = LiveIndex(self.root, background=self.background)
        return self._live

    def open_view(self) -> EmbeddedView:
        searcher, generation = self._index().open_searcher()
        return EmbeddedView(searcher, generation, self.query_seconds)

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
