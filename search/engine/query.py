"""search(searcher, request) -> SearchResult: parse, filter, rank, fold, facet, highlight."""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
from whoosh.searching import Searcher

from search.document import Document
from search.engine import prior
from search.engine.errors import TooManyHits
from search.engine.evaluate import Engine, OverBudget
from search.engine.facets import (
    MONTH_RE,
    FacetValue,
    Mask,
    combine,
    facet_counts,
    month_counts,
    selection_mask,
)
from search.engine.matching import Compiled, compile_query
from search.engine.querylang import And, Facet, Parsed, QueryError, parse
from search.engine.ranking import Ranked, Sort, group_count, page_of
from search.engine.readerdata import ReaderData, reader_data
from search.engine.related import count_related
from search.engine.snippets import highlight, lead, snippet
from search.segments.serialize import zone_dict
from search.segments.stored import stored_document

SORTS: tuple[Sort, ...] = ("relevance", "date", "date-asc")
MAX_PER_PAGE = 100

__all__ = [
    "Hit",
    "QueryError",
    "QueryTooSlow",
    "SearchRequest",
    "SearchResult",
    "TooManyHits",
    "every_hit",
    "matching_documents",
    "query_terms",
    "search",
]


class QueryTooSlow(QueryError):
    """A query that needed more than its budget of CPU time; the message is for the user."""

    def __init__(self, budget: float) -> None:
        super().__init__(
            f"这个查询太复杂，超过了每次检索 {budget:g} 秒的计算上限，已停止：请减少检索词"
            "（单字会扩展成许多词）或加上地区、年份、开发区筛选后再试"
        )


@dataclass(frozen=True)
class SearchRequest:
    """What a user asked: text, facet selections, sort and page."""

    text: str = ""
    region: tuple[str, ...] = ()
    year: tuple[str, ...] = ()
    zone: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()  # places named anywhere in the article, not a facet
    sort: Sort = "relevance"
    page: int = 1
    per_page: int = 10
    month: tuple[str, ...] = ()  # YYYY-MM, for a timeline's month bars
    snippets: bool = True  # False: hits without snippets (exports, which never show them)
    related: int = 0  # > 0: also count the regions and zones the result set names (that many)

    def selected(self) -> dict[str, tuple[str, ...]]:
        return {"region": self.region, "year": self.year, "zone": self.zone, "month": self.month}


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
    similar_ids: tuple[str, ...] = ()  # their ids, so they are shown, not lost
    lead: str = ""  # the start of the text, shown in place of a missing title
    year: int | None = None
    regions: tuple[str, ...] = ()  # every region path of the document (exports)


@dataclass(frozen=True)
class SearchResult:
    """A page of hits, the total, facet counts for the whole result set, and timing."""

    request: SearchRequest
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    took_ms: float = 0.0
    terms: frozenset[str] = frozenset()
    message: str | None = None  # what the query parser ignored or could not resolve, in Chinese
    documents: int = 0  # matching documents before near-duplicates are folded
    months: list[FacetValue] = field(default_factory=list)  # per month when one year is chosen
    # the regions and zones most named within the result set, when the request asks for them
    related: dict[str, list[FacetValue]] = field(default_factory=dict)

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
                    "similar_ids": list(h.similar_ids),
                    "title_html": h.title_html,
                }
                for h in self.hits
            ],
            "facets": {
                name: [{"value": v.value, "count": v.count, "selected": v.selected} for v in values]
                for name, values in self.facets.items()
            },
            "took_ms": round(self.took_ms, 1),
            "message": self.message,
            "documents": self.documents,
        }


def validate(request: SearchRequest) -> None:
    """Reject requests no page could answer, with a message for the user."""
    if request.sort not in SORTS:
        raise QueryError(f"未知的排序方式 {request.sort!r}：可选 relevance、date、date-asc")
    if request.page < 1:
        raise QueryError("页码必须是正整数")
    if not 1 <= request.per_page <= MAX_PER_PAGE:
        raise QueryError(f"每页条数必须在 1 到 {MAX_PER_PAGE} 之间")
    if not 0 <= request.related <= MAX_PER_PAGE:
        raise QueryError(f"相关地区和开发区最多列出 {MAX_PER_PAGE} 个")
    for y in request.year:
        if not (y.isdigit() and len(y) == 4):
            raise QueryError(f"年份必须是四位数字：{y!r}")
    for m in request.month:
        if not MONTH_RE.fullmatch(m):
            raise QueryError(f"月份必须写成 2025-03 这样：{m!r}")


def with_mentions(parsed: Parsed, mentions: tuple[str, ...]) -> Parsed:
    """The query, narrowed to articles naming each of these places (mentions:)."""
    places = tuple(Facet("mentions", m) for m in mentions if m.strip())
    if not places:
        return parsed
    nodes = (parsed.node, *places) if parsed.node is not None else places
    return Parsed(nodes[0] if len(nodes) == 1 else And(nodes), parsed.notes)


def require_query(request: SearchRequest, has_query: bool) -> None:
    """A request needs something to search for, or a facet to browse by."""
    if has_query or any(request.selected().values()):
        return
    if request.text.strip():
        raise QueryError("查询里没有可检索的词（标点、表情和“的、了”这类虚词不参与检索）")
    raise QueryError("请输入检索词，或选择地区、年份、开发区来浏览")


def query_terms(searcher: Searcher, text: str) -> frozenset[str]:
    """The indexed words a query looks for, for highlighting (no matching, no ranking)."""
    return compile_query(parse(text), searcher, reader_data(searcher)).terms


@dataclass(frozen=True)
class _Selection:
    """A request evaluated: the reader's arrays, the query, its scores and the masks."""

    data: ReaderData
    compiled: Compiled
    base: Mask
    score: np.ndarray | None
    selections: dict[str, Mask | None]
    allowed: Mask


def _select(
    searcher: Searcher, request: SearchRequest, deadline: float | None = None
) -> _Selection:
    validate(request)
    data = reader_data(searcher)
    compiled = compile_query(with_mentions(parse(request.text), request.mentions), searcher, data)
    require_query(request, compiled.query is not None)
    if compiled.query is None:
        base, score = data.live.copy(), None
    else:
        engine = Engine(searcher, data, deadline)
        scored = engine.run(compiled.query)
        base, score = scored.mask, scored.score
    selections = {
        name: selection_mask(data, name, values) for name, values in request.selected().items()
    }
    allowed = combine(base, selections)
    if score is not None and request.sort == "relevance" and compiled.concepts:
        main = max(compiled.concepts, key=engine.concept_df_idf)
        depth = request.page * request.per_page
        counts = engine.concept_counts(main)
        few = (counts.title == 0) & (counts.body <= prior.FEW)
        prior.apply(searcher, score, allowed, prior.needles_of(main), depth, few)
    return _Selection(data, compiled, base, score, selections, allowed)


def matching_documents(searcher: Searcher, request: SearchRequest) -> tuple[ReaderData, Mask]:
    """The reader's arrays and the mask of every document the request matches (filters too)."""
    chosen = _select(searcher, request)
    return chosen.data, chosen.allowed


def search(searcher: Searcher, request: SearchRequest, budget: float | None = None) -> SearchResult:
    """Run a request against an open searcher; QueryTooSlow past budget seconds (if given).

    The budget is of this thread's CPU time (time.thread_time), not of the clock: it bounds
    what a query costs, which a busy machine (other requests, a build) does not change; a
    wall-clock budget would cut ordinary queries whenever the server is under load.
    """
    started = time.perf_counter()
    deadline = None if budget is None else time.thread_time() + budget
    try:
        return _search(searcher, request, started, deadline)
    except OverBudget:
        raise QueryTooSlow(budget or 0.0) from None


def _search(
    searcher: Searcher, request: SearchRequest, started: float, deadline: float | None
) -> SearchResult:
    chosen = _select(searcher, request, deadline)
    data, allowed = chosen.data, chosen.allowed
    facets = facet_counts(data, chosen.base, chosen.selections, request.selected())
    months: list[FacetValue] = []
    if len(request.year) == 1:
        in_year = combine(chosen.base, chosen.selections, skip="month")
        picked = set(request.month)
        months = [
            FacetValue(v.value, v.count, v.value in picked)
            for v in month_counts(data, in_year, int(request.year[0]))
        ]
    ranked = page_of(
        chosen.score,
        data,
        allowed,
        sort=request.sort,
        page=request.page,
        per_page=request.per_page,
    )
    hits = []
    for r in ranked:  # the snippets count against the budget too
        if deadline is not None and time.thread_time() > deadline:
            raise OverBudget
        hits.append(_hit(searcher, r, chosen.compiled.terms, request.snippets))
    related = count_related(data, allowed, request.zone, request.related) if request.related else {}
    took = (time.perf_counter() - started) * 1000
    return SearchResult(
        request,
        group_count(data, allowed),
        hits,
        facets,
        took,
        chosen.compiled.terms,
        message="；".join(chosen.compiled.notes) or None,
        documents=int(allowed.sum()),
        months=months,
        related=related,
    )


def every_hit(searcher: Searcher, request: SearchRequest, cap: int) -> tuple[int, Iterator[Hit]]:
    """How many hits a request has (near-duplicates folded) and all of them in its order,
    without snippets; its page and page size do not apply. TooManyHits, before any hit is
    read, when there are more than cap."""
    chosen = _select(searcher, request)
    data, allowed = chosen.data, chosen.allowed
    total = group_count(data, allowed)
    if total > cap:
        raise TooManyHits(total, cap)
    ranked = page_of(chosen.score, data, allowed, request.sort, page=1, per_page=max(total, 1))
    terms = chosen.compiled.terms
    return total, (_hit(searcher, r, terms, snippets=False) for r in ranked)


def _hit(searcher: Searcher, ranked: Ranked, terms: frozenset[str], snippets: bool) -> Hit:
    doc = stored_document(searcher.reader(), ranked.docnum)
    return hit_of(doc, ranked.score, ranked.similar, terms, snippets)


def hit_of(
    doc: Document,
    score: float,
    similar: tuple[str, ...],
    terms: frozenset[str],
    snippets: bool = True,
) -> Hit:
    """A stored document as a hit: highlighted title and snippet from our own highlighter."""
    return Hit(
        id=doc.id,
        title=doc.title,
        title_html=highlight(doc.title or "", terms),
        published=doc.published.isoformat() if doc.published else None,
        source=doc.source,
        region=doc.region,
        zones=[zone_dict(z) for z in doc.zones],
        snippet=snippet(doc.text, terms) if snippets else "",
        score=score,
        url=doc.url,
        similar=len(similar),
        similar_ids=similar,
        lead="" if doc.title else lead(doc.text),
        year=doc.year,
        regions=doc.regions,
    )
