"""Every hit of a search as CSV (UTF-8 with BOM, for Excel) or JSON Lines, bounded by a cap."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Literal, Protocol

from whoosh.searching import Searcher

from search.engine.query import Hit, SearchRequest, SearchResult, search
from search.output.links import safe_url

Format = Literal["csv", "jsonl"]
FORMATS: tuple[Format, ...] = ("csv", "jsonl")
MAX_EXPORT = 10_000
PAGE = 100  # hits fetched per search while exporting
COLUMNS = (
    "id",
    "title",
    "date",
    "source",
    "url",
    "region",
    "regions",
    "zones",
    "year",
    "similar_ids",
)
BOM = "\ufeff"
# A spreadsheet reads a cell starting with one of these as a formula (OWASP's list).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class TooManyHits(ValueError):
    """A search with more hits than an export may hold; the message is for the user."""

    def __init__(self, total: int, cap: int) -> None:
        super().__init__(
            f"这次检索有 {total} 条结果，超过导出上限 {cap} 条："
            "请加上地区、年份或开发区筛选后再导出"
        )
        self.total = total
        self.cap = cap


class Searches(Protocol):
    """An engine's view of its live generation (search.backends.interface.View)."""

    def search(self, request: SearchRequest) -> SearchResult: ...


def _search(searcher: Searcher | Searches, request: SearchRequest) -> SearchResult:
    if isinstance(searcher, Searcher):
        return search(searcher, request)
    return searcher.search(request)


def all_hits(
    searcher: Searcher | Searches, request: SearchRequest, cap: int = MAX_EXPORT
) -> tuple[int, Iterator[Hit]]:
    """How many hits the request has and all of them in its order, fetched page by page.

    The first page is searched at once, so TooManyHits (more than cap) comes before any
    output does.
    """
    page = replace(request, page=1, per_page=PAGE, snippets=False)
    first = _search(searcher, page)
    if first.total > cap:
        raise TooManyHits(first.total, cap)

    def every() -> Iterator[Hit]:
        yield from first.hits
        for n in range(2, first.pages + 1):
            yield from _search(searcher, replace(page, page=n)).hits

    return first.total, every()


def row(hit: Hit) -> dict[str, object]:
    """One exported hit: the fields of COLUMNS, lists as lists."""
    return {
        "id": hit.id,
        "title": hit.title,
        "date": hit.published,
        "source": hit.source,
        "url": safe_url(hit.url),
        "region": hit.region,
        "regions": list(hit.regions),
        "zones": [str(z["name"]) for z in hit.zones],
        "year": hit.year,
        "similar_ids": list(hit.similar_ids),
    }


def neutralise(cell: str) -> str:
    """A cell a spreadsheet would run as a formula, made plain text with a leading quote."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = ";".join(map(str, value))
    return neutralise(str(value))


def csv_lines(hits: Iterable[Hit]) -> Iterator[str]:
    """The header (after a BOM) and one line per hit, CRLF-terminated as Excel expects."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(cells: Iterable[object]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([_cell(c) for c in cells])
        return buffer.getvalue()

    yield BOM + line(COLUMNS)
    for hit in hits:
        r = row(hit)
        yield line(r[c] for c in COLUMNS)


def jsonl_lines(hits: Iterable[Hit]) -> Iterator[str]:
    """One JSON object per hit and line (UTF-8, no BOM)."""
    for hit in hits:
        yield json.dumps(row(hit), ensure_ascii=False) + "\n"


def lines(fmt: Format, hits: Iterable[Hit]) -> Iterator[str]:
    """The export in a format, line by line."""
    return csv_lines(hits) if fmt == "csv" else jsonl_lines(hits)
