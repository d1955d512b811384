"""Every hit of a search as CSV (UTF-8 with BOM, for Excel) or JSON Lines, bounded by a cap."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Literal

from search.engine.errors import TooManyHits as TooManyHits  # raised by all_hits
from search.engine.query import Hit, SearchRequest
from search.output.links import safe_url
from search.output.reader import Reader

Format = Literal["csv", "jsonl"]
FORMATS: tuple[Format, ...] = ("csv", "jsonl")
MAX_EXPORT = 10_000
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


def all_hits(
    reader: Reader, request: SearchRequest, cap: int = MAX_EXPORT
) -> tuple[int, Iterator[Hit]]:
    """How many hits the request has and all of them in its order, read as they are taken.

    TooManyHits (more than cap) comes before any output does.
    """
    return reader.every_hit(request, cap)


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
