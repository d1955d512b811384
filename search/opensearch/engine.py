"""The OpenSearch engine: the engine interface (search.backends.interface) over a cluster."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from search.build.rebuild import BuildOptions, publish_documents, rebuild
from search.build.report import BuildReport
from search.build.update import update
from search.document import Document
from search.engine.facets import FacetValue
from search.opensearch.client import answering, connect
from search.opensearch.searching import ClusterView, Generation
from search.opensearch.target import MANIFEST, ClusterTarget
from search.opensearch.url import ClusterURL, parse_url
from search.segments.generations import GRACE_SECONDS, NoIndex

CACHED_GENERATIONS = 2  # the live index and the one before it (requests in flight)
# How long the alias's index is taken as live without asking again. A generation another
# process publishes is served at most this much later; the one it replaced stays searchable
# for GRACE_SECONDS, far longer. Publishing through this engine asks again at once.
LIVE_SECONDS = 1.0


class OpenSearchEngine:
    """Generations as indices behind the URL's alias; one client, shared by threads."""

    def __init__(self, url: ClusterURL | str, grace: float = GRACE_SECONDS) -> None:
        self.url = parse_url(url) if isinstance(url, str) else url
        self.client = connect(self.url)
        self.target = ClusterTarget(self.client, self.url, grace)
        self._generations: OrderedDict[str, Generation] = OrderedDict()
        self._lock = threading.Lock()
        self._live: tuple[str, float] | None = None  # the live index, and when it was asked

    @property
    def location(self) -> str:
        return str(self.url)

    def rebuild(self, sources: Sequence[Path], options: BuildOptions | None = None) -> BuildReport:
        try:
            return rebuild(sources, self.target, options)
        finally:
            self._live = None

    def update(self, sources: Sequence[Path], options: BuildOptions | None = None) -> BuildReport:
        try:
            return update(sources, self.target, options)
        finally:
            self._live = None

    def publish_documents(self, docs: Iterable[Document]) -> str:
        try:
            return publish_documents(docs, self.target)[0]
        finally:
            self._live = None

    def has_index(self) -> bool:
        return self.target.live() is not None

    def _generation(self, index: str) -> Generation:
        with self._lock:
            got = self._generations.get(index)
            if got is None:
                got = self._generations[index] = Generation(index)
                while len(self._generations) > CACHED_GENERATIONS:
                    self._generations.popitem(last=False)
            return got

    def _live_index(self) -> str | None:
        known = self._live
        if known is not None and time.monotonic() - known[1] < LIVE_SECONDS:
            return known[0]
        live = self.target.live()
        self._live = (live, time.monotonic()) if live is not None else None
        return live

    def open_view(self) -> ClusterView:
        live = self._live_index()
        if live is None:
            raise NoIndex(
                f"no index at {self.url}: run `zonesearch rebuild --engine {self.url}` first"
            )
        return ClusterView(self.client, self.url, self._generation(live))

    def release(self, view: ClusterView) -> None:  # type: ignore[override]
        """Nothing to give back: the client's connections are shared."""

    @contextmanager
    def view(self) -> Iterator[ClusterView]:
        yield self.open_view()

    def stats(self) -> dict[str, object]:
        """The same summary as the embedded index's, sizes as the cluster stores them."""
        with self.view() as view:
            facets: dict[str, list[FacetValue]] = view.collection_facets()
            documents = view.doc_count()
        names = list(self.target.generations())
        with answering(self.url, "read index sizes"):
            got = self.client.indices.stats(
                index=f"{self.url.name}-gen-*", metric="store", expand_wildcards="open"
            )
        # one copy of the live generation (primaries), as the embedded index counts its folder;
        # every copy of every generation in total
        indices = got["indices"].items()
        sizes = {k: int(v["primaries"]["store"]["size_in_bytes"]) for k, v in indices}
        copies = {k: int(v["total"]["store"]["size_in_bytes"]) for k, v in indices}
        live = view.generation
        return {
            "root": str(self.url),
            "generation": live,
            "generations": names,
            "documents": documents,
            "size_bytes": sizes.get(live, 0) + sizes.get(live + MANIFEST, 0),
            "total_bytes": sum(copies.values()),
            "facets": {
                name: [{"value": v.value, "count": v.count} for v in values]
                for name, values in facets.items()
            },
        }

    def close(self) -> None:
        self.client.close()
