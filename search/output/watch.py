"""Documents newer than a moment, for `zonesearch watch` run from cron and scripts."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime

from search.engine.query import Hit, SearchRequest
from search.output.reader import Reader

PAGE = 100
MAX_WATCHED = 10_000


def parse_since(text: str) -> date:
    """An ISO date or date-time (2025-03-01, 2025-03-01T08:00:00+08:00) as the day it names.

    Documents carry a publication day, not a time, so a time of day narrows nothing.
    """
    text = text.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        raise ValueError(
            f"cannot read {text[:40]!r} as a time: use an ISO date or date-time, "
            "e.g. 2025-03-01 or 2025-03-01T08:00:00+08:00"
        ) from None


def newer(
    reader: Reader, request: SearchRequest, since: date, limit: int = MAX_WATCHED
) -> Iterator[Hit]:
    """The request's hits published on or after since, newest first (undated ones never)."""
    page = replace(request, sort="date", page=1, per_page=PAGE, snippets=False)
    first = since.isoformat()
    shown = 0
    while True:
        result = reader.search(page)
        for hit in result.hits:
            if not hit.published or hit.published < first or shown >= limit:
                return
            shown += 1
            yield hit
        if page.page >= result.pages:
            return
        page = replace(page, page=page.page + 1)
