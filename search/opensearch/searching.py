"""Searching one generation index: the request as one OpenSearch search, the response as ours.

Near-duplicates fold with field collapsing on the group: the best-ranked member stands for
its group. The other members a page's hits stand for are found by one more search, made only
when a hit's group has other members at all (collapse's inner hits would cost one search per
hit). The folded total is a cardinality count of the groups. Hits are made from the stored
record by our own highlighter, as in Whoosh.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from opensearchpy import OpenSearch

from search.document import Document
from search.engine.facets import FacetValue
from search.engine.query import (
    SearchRequest,
    SearchResult,
    hit_of,
    require_query,
    validate,
    with_mentions,
)
from search.engine.querylang import QueryError, parse
from search.engine.ranking import Sort
from search.opensearch.client import answering
from search.opensearch.facets import aggregations, read_facets, read_months, read_totals
from search.opensearch.mapping import MAX_RESULT_WINDOW
from search.opensearch.translate import MATCH_ALL, Values, compile_query
from search.opensearch.url import ClusterURL
from search.segments.serialize import document_from_data

T = TypeVar("T")
EXPANSIONS = 48  # words a single character expands to, the most frequent first (as Whoosh)
MAX_SIMILAR = 100  # near-duplicates listed under a hit, at most
MAX_ID_CHARS = 200


def _sort(sort: Sort, scored: bool) -> list[Any]:
    """Relevance with ties to the newer; or date either way, undated last."""
    if sort == "relevance" and scored:
        return [{"_score": "desc"}, {"published": {"order": "desc", "missing": "_last"}}, "id"]
    order = "asc" if sort == "date-asc" else "desc"
    return [{"published": {"order": order, "missing": "_last"}}, "id"]


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

    def _search(self, body: dict[str, Any], doing: str) -> dict[str, Any]:
        with answering(self.url, doing):
            return self.client.search(
                index=self.live.index, body=body, allow_partial_search_results=False
            )

    def _all_values(self, fieldname: str) -> list[str]:
        body = {"size": 0, "aggs": {"v": {"terms": {"field": fieldname, "size": 65_000}}}}
        got = self._search(body, f"read the {fieldname} values")
        return [str(b["key"]) for b in got["aggregations"]["v"]["buckets"]]

    def _expand(self, char: str) -> list[str]:
        def read() -> list[str]:
            terms = {"field": "words", "include": f".*{char}.*", "size": EXPANSIONS * 4}
            got = self._search({"size": 0, "aggs": {"v": {"terms": terms}}}, "expand a character")
            found = [(b["key"], b["doc_count"]) for b in got["aggregations"]["v"]["buckets"]]
            found.sort(key=lambda td: (-td[1], len(td[0]), td[0]))
            return [t for t, _ in found[:EXPANSIONS]]

        return self.live.memo(f"expand:{char}", read)

    def values(self) -> Values:
        """The generation's region, zone and mentioned-place values and its expansions."""

        def read() -> Values:
            return Values(
                self._all_values("region"),
                self._all_values("zone"),
                self._all_values("mentions"),
                self._expand,
            )

        return self.live.memo("values", read)

    def search(self, request: SearchRequest) -> SearchResult:
        started = time.perf_counter()
        validate(request)
        compiled = compile_query(
            with_mentions(parse(request.text), request.mentions), self.values()
        )
        require_query(request, compiled.query is not None)
        skip = (request.page - 1) * request.per_page
        if skip + request.per_page > MAX_RESULT_WINDOW:
            raise QueryError(f"页码过大：最多只能翻到第 {MAX_RESULT_WINDOW // request.per_page} 页")
        aggs, post_filter = aggregations(request.selected())
        body: dict[str, Any] = {
            "query": compiled.query or MATCH_ALL,
            "from": skip,
            "size": request.per_page,
            "track_total_hits": True,
            "sort": _sort(request.sort, compiled.query is not None),
            "_source": ["record"],
            "docvalue_fields": ["group"],
            "collapse": {"field": "group"},
            "aggs": aggs,
        }
        if post_filter is not None:
            body["post_filter"] = post_filter
        got = self._search(body, "search")
        page = got["hits"]["hits"]
        members = self._members(
            compiled.query, post_filter, [h["fields"]["group"][0] for h in page]
        )
        hits = []
        for h in page:
            doc = document_from_data(h["_source"]["record"])
            others = members.get(h["fields"]["group"][0], ())
            similar = tuple(i for i in others if i != h["_id"])
            score = float(h["_score"]) if h.get("_score") is not None else 0.0
            hits.append(hit_of(doc, score, similar, compiled.terms, request.snippets))
        total, documents = read_totals(got)
        return SearchResult(
            request,
            total,
            hits,
            read_facets(got, request.selected()),
            (time.perf_counter() - started) * 1000,
            compiled.terms,
            message="；".join(compiled.notes) or None,
            documents=documents,
            months=read_months(got, request.selected()),
        )

    def _shared_groups(self) -> frozenset[str]:
        """The groups of this generation with more than one member (read once)."""

        def read() -> frozenset[str]:
            terms = {"field": "group", "min_doc_count": 2, "size": 65_000}
            got = self._search({"size": 0, "aggs": {"g": {"terms": terms}}}, "read the groups")
            return frozenset(str(b["key"]) for b in got["aggregations"]["g"]["buckets"])

        return self.live.memo("shared-groups", read)

    def _members(
        self, query: dict[str, Any] | None, post_filter: dict[str, Any] | None, groups: list[str]
    ) -> dict[str, list[str]]:
        """The ids of the result set's members of each of these groups that has several."""
        wanted = [g for g in dict.fromkeys(groups) if g in self._shared_groups()]
        if not wanted:
            return {}
        clauses = [{"terms": {"group": wanted}}, query or MATCH_ALL]
        if post_filter is not None:
            clauses.append(post_filter)
        body = {
            "query": {"bool": {"filter": clauses}},
            "size": MAX_SIMILAR * len(wanted),
            "_source": False,
            "docvalue_fields": ["group"],
            "sort": ["id"],
        }
        out: dict[str, list[str]] = {}
        for h in self._search(body, "list near-duplicates")["hits"]["hits"]:
            out.setdefault(h["fields"]["group"][0], []).append(h["_id"])
        return out

    def query_terms(self, text: str) -> frozenset[str]:
        return compile_query(parse(text), self.values()).terms

    def document(self, doc_id: str) -> Document | None:
        if not doc_id or len(doc_id) > MAX_ID_CHARS:
            return None
        with answering(self.url, "fetch a document"):
            got = self.client.get(index=self.live.index, id=doc_id, _source=["record"], ignore=404)
        if not got.get("found"):
            return None
        return document_from_data(got["_source"]["record"])

    def doc_count(self) -> int:
        with answering(self.url, "count documents"):
            return int(self.client.count(index=self.live.index)["count"])

    def collection_facets(self) -> dict[str, list[FacetValue]]:
        aggs, _ = aggregations({}, hierarchical=False)
        got = self._search({"size": 0, "aggs": aggs}, "count facet values")
        return read_facets(got, {})

    def memo(self, key: str, make: Callable[[], T]) -> T:
        return self.live.memo(key, make)
