"""search(searcher, request) -> SearchResult: parse, filter, rank, fold, facet, highlight."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Literal

from whoosh import query as Q
from whoosh.searching import Searcher

from search.facets import FacetValue, count, facet_table, selection_docs
from search.querylang import QueryError, parse
from search.serialize import document_from_record, zone_dict
from search.snippets import highlight, snippet

Sort = Literal["relevance", "date", "date-asc"]
SORTS: tuple[Sort, ...] = ("relevance", "date", "date-asc")
MAX_PER_PAGE = 100

__all__ = ["Hit", "QueryError", "SearchRequest", "SearchResult", "search"]


@dataclass(frozen=True)
class SearchRequest:
    """What a user asked: text, facet selections, sort and page."""

    text: str = ""
    region: tuple[str, ...] = ()
    year: tuple[str, ...] = ()
    zone: tuple[str, ...] = ()
    sort: Sort = "relevance"
    page: int = 1
    per_page: int = 10

    def selected(self) -> dict[str, tuple[str, ...]]:
        return {"region": self.region, "year": self.year, "zone": self.zone}


@dataclass(frozen=True)
class Hit:
    """One result as shown: stored fields plus highlighted title and snippet (safe HTML)."""

    id: str
    title: str | None
    title_html: str
    published: str | None
    source: str | None
    region: str | None
    zones: list[dict[str, object]]
    snippet: str
    score: float
    url: str | None = None
    similar: int = 0  # near-duplicates folded under this hit


@dataclass(frozen=True)
class SearchResult:
    """A page of hits, the total, facet counts for the whole result set, and timing."""

    request: SearchRequest
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    took_ms: float = 0.0
    terms: frozenset[str] = frozenset()

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.request.per_page))

    def as_json(self) -> dict[str, object]:
        """The object `query --json` prints and /api/search returns."""
        return {
            "total": self.total,
            "page": self.request.page,
            "pages": self.pages,
            "hits": [
                {
                    "id": h.id,
                    "title": h.title,
                    "published": h.published,
                    "source": h.source,
                    "region": h.region,
                    "zones": h.zones,
                    "snippet": h.snippet,
                    "score": round(h.score, 4),
                    "url": h.url,
                    "similar": h.similar,
                }
                for h in self.hits
            ],
            "facets": {
                name: [{"value": v.value, "count": v.count, "selected": v.selected} for v in values]
                for name, values in self.facets.items()
            },
            "took_ms": round(self.took_ms, 1),
        }


def validate(request: SearchRequest) -> None:
    """Reject requests no page could answer, with a message for the user."""
    if request.sort not in SORTS:
        raise QueryError(f"未知的排序方式 {request.sort!r}：可选 relevance、date、date-asc")
    if request.page < 1:
        raise QueryError("页码必须是正整数")
    if not 1 <= request.per_page <= MAX_PER_PAGE:
        raise QueryError(f"每页条数必须在 1 到 {MAX_PER_PAGE} 之间")
    for y in request.year:
        if not (y.isdigit() and len(y) == 4):
            raise QueryError(f"年份必须是四位数字：{y!r}")


def _terms(q: Q.Query | None) -> frozenset[str]:
    if q is None:
        return frozenset()
    return frozenset(
        text.decode() if isinstance(text, bytes) else str(text)
        for fieldname, text in q.iter_all_terms()
        if fieldname in ("title", "body")
    )


def search(searcher: Searcher, request: SearchRequest) -> SearchResult:
    """Run a request against an open searcher."""
    started = time.perf_counter()
    validate(request)
    q = parse(request.text)
    if q is None and not any(request.selected().values()):
        raise QueryError("请输入检索词，或选择地区、年份、开发区来浏览")
    base = set(searcher.docs_for_query(q if q is not None else Q.Every()))
    selections = {
        name: selection_docs(searcher, name, values) for name, values in request.selected().items()
    }
    allowed = set(base)
    for sel in selections.values():
        if sel is not None:
            allowed &= sel
    facets = count(facet_table(searcher), base, selections, request.selected())
    terms = _terms(q)
    limit = request.page * request.per_page
    sortedby, reverse = None, False
    if request.sort != "relevance" or q is None:
        sortedby, reverse = "published", request.sort != "date-asc"
    results = searcher.search(
        q if q is not None else Q.Every(),
        filter=allowed,
        limit=limit,
        sortedby=sortedby,
        reverse=reverse,
    )
    start = (request.page - 1) * request.per_page
    hits = [
        _hit(results[i], results.score(i) or 0.0, terms)
        for i in range(start, min(limit, len(results)))
    ]
    took = (time.perf_counter() - started) * 1000
    return SearchResult(request, len(allowed), hits, facets, took, terms)


def _hit(stored: object, score: float, terms: frozenset[str]) -> Hit:
    doc = document_from_record(stored["record"])  # type: ignore[index]
    return Hit(
        id=doc.id,
        title=doc.title,
        title_html=highlight(doc.title or "", terms),
        published=doc.published.isoformat() if doc.published else None,
        source=doc.source,
        region=doc.region,
        zones=[zone_dict(z) for z in doc.zones],
        snippet=snippet(doc.text, terms),
        score=float(score),
        url=doc.url,
    )
