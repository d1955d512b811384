"""Searching one generation index: the engine interface's View over a cluster.

Searches go as one multi-search (a page, or every search a page needs, in one round trip;
the near-duplicates of their hits in at most one more), with the shard request cache on: a
published generation never changes (its writes are blocked), so what the cache keeps stays
right for as long as the index lives. What a generation is read for once (its facet values,
the words a character expands to, its groups with several members) is kept per generation.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import Any, TypeVar

from opensearchpy import OpenSearch

from search.document import Document
from search.engine.facets import FacetValue
from search.engine.query import (
    Hit,
    SearchRequest,
    SearchResult,
    require_query,
    validate,
    with_mentions,
)
from search.engine.querylang import QueryError, parse
from search.opensearch import every
from search.opensearch.bodies import (
    Body,
    Prepared,
    members_body,
    page_groups,
    prepare,
    read_members,
    result_of,
)
from search.opensearch.client import answering, refused
from search.opensearch.facets import aggregations, read_facets
from search.opensearch.mapping import MAX_RESULT_WINDOW
from search.opensearch.translate import Values, compile_query
from search.opensearch.url import ClusterURL
from search.segments.serialize import document_from_data

T = TypeVar("T")
EXPANSIONS = 48  # words a single character expands to, the most frequent first (as Whoosh)
MAX_ID_CHARS = 200
MAX_BUCKETS = 65_000  # terms one aggregation may return (the cluster's search.max_buckets)


@dataclass
class Generation:
    """What is read once per generation index: facet values, expansions, memos."""

    index: str
    _memo: dict[str, Any] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def memo(self, key: str, make: Callable[[], T]) -> T:
        with self._lock:
            if key in self._memo:
                return self._memo[key]
        value = make()
        with self._lock:
            return self._memo.setdefault(key, value)


@dataclass
class ClusterView:
    """The live generation index as one request sees it."""

    client: OpenSearch
    url: ClusterURL
    live: Generation

    @property
    def generation(self) -> str:
        return self.live.index

    # --- talking to the cluster ------------------------------------------------------------

    def _search(self, body: Body, doing: str) -> Body:
        return self._msearch([body], doing)[0]

    def _msearch(self, bodies: Sequence[Body], doing: str) -> list[Body]:
        """Each body's response, in one request; EngineError when any is refused."""
        if not bodies:
            return []
        header = {
            "index": self.live.index,
            "allow_partial_search_results": False,
            "request_cache": True,
        }
        lines: list[Body] = []
        for body in bodies:
            lines += [header, body]
        with answering(self.url, doing):
            got = self.client.msearch(body=lines)
        responses: list[Body] = got["responses"]
        for item in responses:
            if "error" in item:
                raise refused(self.url, doing, item)
        return responses

    def _terms(self, fieldname: str, **options: Any) -> list[tuple[str, int]]:
        return self._terms_of([(fieldname, options)])[0]

    def _terms_of(self, asked: list[tuple[str, dict[str, Any]]]) -> list[list[tuple[str, int]]]:
        """The values of fields, with their document counts (one multi-search)."""
        bodies = [
            {"size": 0, "aggs": {"v": {"terms": {"field": f, "size": MAX_BUCKETS, **options}}}}
            for f, options in asked
        ]
        got = self._msearch(bodies, "read " + ", ".join(f for f, _ in asked))
        return [
            [(str(b["key"]), int(b["doc_count"])) for b in r["aggregations"]["v"]["buckets"]]
            for r in got
        ]

    # --- what a query is resolved against --------------------------------------------------

    def _expand(self, char: str) -> list[str]:
        def read() -> list[str]:
            found = self._terms("words", include=f".*{char}.*", size=EXPANSIONS * 4)
            found.sort(key=lambda td: (-td[1], len(td[0]), td[0]))
            return [t for t, _ in found[:EXPANSIONS]]

        return self.live.memo(f"expand:{char}", read)

    def _size(self) -> int:
        return self.live.memo("doc-count", self.doc_count)

    def _df(self, fieldname: str, value: str) -> int:
        """How many documents hold a term in a field (for a query word's IDF)."""

        def read() -> int:
            body = {"size": 0, "track_total_hits": True, "query": {"term": {fieldname: value}}}
            got = self._search(body, f"count the documents holding {value}")
            return int(got["hits"]["total"]["value"])

        return self.live.memo(f"df:{fieldname}:{value}", read)

    def _read_values(self) -> tuple[Values, frozenset[str]]:
        """The generation's values and its groups with more than one member, read at once."""

        def read() -> tuple[Values, frozenset[str]]:
            fields = [
                ("region", {}),
                ("zone", {}),
                ("mentions", {}),
                ("group", {"min_doc_count": 2}),
            ]
            *names, groups = [[v for v, _ in got] for got in self._terms_of(fields)]
            return Values(*names, self._expand, self._size, self._df), frozenset(groups)

        return self.live.memo("values", read)

    def values(self) -> Values:
        """The generation's region, zone and mentioned-place values and its expansions."""
        return self._read_values()[0]

    def _shared_groups(self) -> frozenset[str]:
        """The groups of this generation with more than one member (read once)."""
        return self._read_values()[1]

    def _prepare(self, request: SearchRequest) -> Prepared:
        validate(request)
        compiled = compile_query(
            with_mentions(parse(request.text), request.mentions), self.values()
        )
        require_query(request, compiled.query is not None)
        skip = (request.page - 1) * request.per_page
        if skip + request.per_page > MAX_RESULT_WINDOW:
            raise QueryError(f"页码过大：最多只能翻到第 {MAX_RESULT_WINDOW // request.per_page} 页")
        return prepare(request, compiled, skip)

    # --- the View --------------------------------------------------------------------------

    def search(self, request: SearchRequest) -> SearchResult:
        got = self.search_many([request])[0]
        if isinstance(got, QueryError):
            raise got
        return got

    def search_many(self, requests: Sequence[SearchRequest]) -> list[SearchResult | QueryError]:
        prepared: list[Prepared | QueryError] = []
        for request in requests:
            try:
                prepared.append(self._prepare(request))
            except QueryError as e:
                prepared.append(e)
        asked = [p for p in prepared if isinstance(p, Prepared)]
        answers = self._msearch([p.body for p in asked], "search")
        responses = dict(zip(map(id, asked), answers, strict=True))
        shared = self._shared_groups() if asked else frozenset()
        wanted: list[tuple[Prepared, list[str]]] = []
        for p in asked:
            groups = [g for g in dict.fromkeys(page_groups(responses[id(p)])) if g in shared]
            if groups:
                wanted.append((p, groups))
        found = self._msearch([members_body(p, g) for p, g in wanted], "list near-duplicates")
        members = {id(p): read_members(r) for (p, _), r in zip(wanted, found, strict=True)}
        return [
            p
            if isinstance(p, QueryError)
            else result_of(p, responses[id(p)], members.get(id(p), {}))
            for p in prepared
        ]

    def every_hit(self, request: SearchRequest, cap: int) -> tuple[int, Iterator[Hit]]:
        prepared = self._prepare(replace(request, page=1, per_page=1))
        return every.every_hit(
            prepared, lambda body: self._search(body, "list every hit"), self.documents, cap
        )

    def query_terms(self, text: str) -> frozenset[str]:
        return compile_query(parse(text), self.values()).terms

    def document(self, doc_id: str) -> Document | None:
        return self.documents([doc_id]).get(doc_id)

    def documents(self, doc_ids: Sequence[str]) -> dict[str, Document]:
        wanted = [i for i in dict.fromkeys(doc_ids) if i and len(i) <= MAX_ID_CHARS]
        if not wanted:
            return {}
        with answering(self.url, "fetch documents"):
            got = self.client.mget(body={"ids": wanted}, index=self.live.index, _source=["record"])
        docs = (document_from_data(d["_source"]["record"]) for d in got["docs"] if d.get("found"))
        return {d.id: d for d in docs}

    def doc_count(self) -> int:
        with answering(self.url, "count documents"):
            return int(self.client.count(index=self.live.index)["count"])

    def collection_facets(self) -> dict[str, list[FacetValue]]:
        aggs, _ = aggregations({}, hierarchical=False)
        got = self._search({"size": 0, "aggs": aggs}, "count facet values")
        return read_facets(got, {})

    def frequent_words(
        self, limit: int, min_docs: int, exclude: Collection[str] = ()
    ) -> list[tuple[str, int]]:
        # Asked for the most frequent first, with room for what is left out; again with more
        # room while the left-out words crowd the others past the end.
        size = limit * 2
        while True:
            order = [{"_count": "desc"}, {"_key": "asc"}]
            found = self._terms("title_words", size=size, min_doc_count=min_docs, order=order)
            kept = [(w, c) for w, c in found if w not in exclude]
            if len(kept) >= limit or len(found) < size or size >= MAX_BUCKETS:
                return kept[:limit]
            size = min(MAX_BUCKETS, size * 4)

    def built_at(self) -> datetime:
        def read() -> float:
            index = self.live.index
            with answering(self.url, "read when the generation was built"):
                got = self.client.indices.get(index=index)[index]
            published = ((got.get("mappings") or {}).get("_meta") or {}).get("published")
            if published is None:  # not published by us: when the index was made
                return int(got["settings"]["index"]["creation_date"]) / 1000
            return float(published)

        return datetime.fromtimestamp(self.live.memo("built-at", read), tz=timezone.utc)

    def memo(self, key: str, make: Callable[[], T]) -> T:
        return self.live.memo(key, make)
