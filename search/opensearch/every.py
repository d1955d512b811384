"""Every hit of a request, for exports: the ranked ids by search_after, then the records.

Collapse cannot page past a window with search_after, so the order comes from the matching
documents themselves: their ids and groups, without sources, SCAN_PAGE at a time in the
request's order (search_after on its sort, whose last key is the unique id). The first
member of a group in that order stands for it, as collapse chooses; the others are its
near-duplicates. The first of those searches also counts the groups, so a request past the
cap is refused before anything is read. Then the records of the hits are fetched in batches
as the caller takes them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from search.document import Document
from search.engine.errors import TooManyHits
from search.engine.query import Hit, hit_of
from search.opensearch.bodies import Body, Prepared, scored, sort_of
from search.opensearch.facets import GROUPS_PRECISION

SCAN_PAGE = 5_000  # ids per search while ranking every hit
FETCH = 200  # records per multi-get while they are read

Search = Callable[[Body], Body]
Fetch = Callable[[Sequence[str]], dict[str, Document]]


def _scan(prepared: Prepared) -> Body:
    return {
        "query": scored(prepared),
        "size": SCAN_PAGE,
        "track_total_hits": False,
        "sort": sort_of(prepared.request.sort, prepared.compiled.query is not None),
        "_source": False,
        "docvalue_fields": ["group"],
        "aggs": {
            "groups": {"cardinality": {"field": "group", "precision_threshold": GROUPS_PRECISION}}
        },
    }


def every_hit(
    prepared: Prepared, search: Search, fetch: Fetch, cap: int
) -> tuple[int, Iterator[Hit]]:
    """How many hits (groups) the request has and all of them in its order, no snippets."""
    body = _scan(prepared)
    got = search(body)
    total = int(got["aggregations"]["groups"]["value"])
    if total > cap:
        raise TooManyHits(total, cap)
    del body["aggs"]
    order: list[tuple[str, float]] = []  # (id, score) of each group's first member
    members: dict[str, list[str]] = {}
    first_of: dict[str, str] = {}
    while True:
        page: list[dict[str, Any]] = got["hits"]["hits"]
        for h in page:
            group = h["fields"]["group"][0]
            if group not in first_of:
                first_of[group] = h["_id"]
                order.append((h["_id"], float(h["_score"]) if h.get("_score") else 0.0))
            members.setdefault(group, []).append(h["_id"])
        if len(page) < SCAN_PAGE:
            break
        body["search_after"] = page[-1]["sort"]
        got = search(body)
    if len(order) > cap:  # the count of the groups is exact this far, but only nearly
        raise TooManyHits(len(order), cap)
    similar = {
        first_of[g]: tuple(sorted(i for i in ids if i != first_of[g]))
        for g, ids in members.items()
        if len(ids) > 1
    }
    terms = prepared.compiled.terms

    def hits() -> Iterator[Hit]:
        for at in range(0, len(order), FETCH):
            batch = order[at : at + FETCH]
            docs = fetch([i for i, _ in batch])
            for doc_id, score in batch:
                doc = docs.get(doc_id)
                if doc is not None:
                    yield hit_of(doc, score, similar.get(doc_id, ()), terms, snippets=False)

    return len(order), hits()
