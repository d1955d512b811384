"""The limits and settings of one crawl run."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from search.sources.crawl.report import Progress
from search.sources.crawl.sites import DAY, Site
from search.sources.crawl.traps import TrapLimits

PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


@dataclass(frozen=True)
class CrawlOptions:
    """Where the store is, which sites, and the limits of one run."""

    store: Path
    sites: tuple[Site, ...]
    max_seconds: float = 3600.0  # the whole run
    max_total_bytes: int = 2 * 1024**3  # decoded bytes received in the whole run
    timeout: float = 20.0  # one request, headers and body, wall clock
    max_bytes: int = 5 * 1024 * 1024  # one page
    concurrency: int = 8  # hosts fetched at once
    user_agent: str = "zonesearch/0.1"
    gone_after: float = 3 * DAY  # a second 404/410 at least this long after the first
    max_redirects: int = 5
    max_attempts: int = 3  # tries per URL and run for errors that may pass (429, 503, timeouts)
    max_retry_after: float = 300.0  # a longer Retry-After leaves the URL for the next run
    retry_later: float = 3600.0  # a URL out of tries is due again after this
    robots_ttl: float = DAY
    max_known: int = 100_000  # URLs one site may hold in the frontier
    max_index_depth: int = 3  # sitemap indexes within sitemap indexes
    traps: TrapLimits = TrapLimits()
    progress: Callable[[Progress], None] | None = None
    progress_every: float = 0.25


def due_after(started: float, interval: float) -> float:
    """When a URL dealt with in a run that started then is due again.

    Counted from the run's start, less a tenth of the interval (an hour at most), so that a
    nightly crawl started a little earlier than the night before still finds it due.
    """
    return started + interval - min(interval / 10, 3600.0)
