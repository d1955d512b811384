"""A request as search bodies, and their responses as a SearchResult.

One search body carries the page of hits, the facets, the totals, the months and the related
regions and zones (each an aggregation), so a page is one search. Near-duplicates fold with
field collapsing on the group: the best-ranked member stands for its group. The other members
a page's hits stand for are listed by one more search, made only when a hit's group has other
members at all (collapse's inner hits would cost one search per hit). The folded total is a
cardinality count of the groups. Hits are made from the stored record by our own highlighter,
as in Whoosh.
"""

from __future__ import annotations

import time
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from search.engine.query import SearchRequest, SearchResult, hit_of
from search.engine.ranking import Sort
from search.opensearch.facets import (
    aggregations,
    read_facets,
    read_months,
    read_related,
    read_totals,
)
from search.opensearch.translate import MATCH_ALL, Compiled
from search.segments.serialize import document_from_data

Body = dict[str, Any]
MAX_SIMILAR = 100  # near-duplicates listed under a hit, at most


def sort_of(sort: Sort, scored: bool) -> list[Any]:
    """Relevance with ties to the newer; or date either way, undated last; then the id."""
    if sort == "relevance" and scored:
        return [{"_score": "desc"}, {"published": {"order": "desc", "missing": "_last"}}, "id"]
    order = "asc" if sort == "date-asc" else "desc"
    return [{"published": {"order": order, "missing": "_last"}}, "id"]


@dataclass
class Prepared:
    """A validated request, its compiled query and the body that answers it."""

    request: SearchRequest
    compiled: Compiled
    body: Body = field(default_factory=dict)
    post_filter: Body | None = None
    started: float = field(default_factory=time.perf_counter)


def prepare(request: SearchRequest, compiled: Compiled, skip: int) -> Prepared:
    """The search body of a page: hits, facets, totals, months and related names at once."""
    aggs, post_filter = aggregations(request.selected(), related=request.related)
    body: Body = {
        "query": compiled.query or MATCH_ALL,
        "from": skip,
        "size": request.per_page,
        "track_total_hits": True,
        "sort": sort_of(request.sort, compiled.query is not None),
        "_source": ["record"],
        "docvalue_fields": ["group"],
        "collapse": {"field": "group"},
        "aggs": aggs,
    }
    if post_filter is not None:
        body["post_filter"] = post_filter
    return Prepared(request, compiled, body, post_filter)


def matching(prepared: Prepared) -> Body:
    """The query of every document the request matches, its filters too (no scoring)."""
    clauses = [prepared.compiled.query or MATCH_ALL]
    if prepared.post_filter is not None:
        clauses.append(prepared.post_filter)
    return {"bool": {"filter": clauses}}


def scored(prepared: Prepared) -> Body:
    """The query, narrowed by the request's selections without changing its scores."""
    if prepared.post_filter is None:
        return prepared.compiled.query or MATCH_ALL
    query = prepared.compiled.query or MATCH_ALL
    return {"bool": {"must": [query], "filter": [prepared.post_filter]}}


def page_groups(response: Body) -> list[str]:
    """The group of each hit of a response, in order."""
    return [h["fields"]["group"][0] for h in response["hits"]["hits"]]


def members_body(prepared: Prepared, groups: Collection[str]) -> Body:
    """The ids of the result set's members of these groups."""
    return {
        "query": {"bool": {"filter": [{"terms": {"group": list(groups)}}, matching(prepared)]}},
        "size": MAX_SIMILAR * len(groups),
        "_source": False,
        "docvalue_fields": ["group"],
        "sort": ["id"],
    }


def read_members(response: Body) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for h in response["hits"]["hits"]:
        out.setdefault(h["fields"]["group"][0], []).append(h["_id"])
    return out


def result_of(prepared: Prepared, response: Body, members: dict[str, list[str]]) -> SearchResult:
    """The search's response (and the members of its hits' groups) as our result."""
    request, compiled = prepared.request, prepared.compiled
    hits = []
    for h in response["hits"]["hits"]:
        doc = document_from_data(h["_source"]["record"])
        others = members.get(h["fields"]["group"][0], ())
        similar = tuple(i for i in others if i != h["_id"])
        score = float(h["_score"]) if h.get("_score") is not None else 0.0
        hits.append(hit_of(doc, score, similar, compiled.terms, request.snippets))
    total, documents = read_totals(response)
    return SearchResult(
        request,
        total,
        hits,
        read_facets(response, request.selected()),
        (time.perf_counter() - prepared.started) * 1000,
        compiled.terms,
        message="；".join(compiled.notes) or None,
        documents=documents,
        months=read_months(response, request.selected()),
        related=read_related(response),
    )
