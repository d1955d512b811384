"""What a crawl did, as it goes (Progress) and at the end (CrawlReport, as_dict for --json)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from search.document import Skip

EXAMPLES = 3  # URLs kept per reason or trap


@dataclass(frozen=True)
class Progress:
    """A snapshot for the live progress line."""

    hosts_active: int  # hosts with a request in flight or work waiting for its turn
    fetched: int
    unchanged: int
    queued: int
    errors: int
    requests: int
    elapsed: float


@dataclass
class SiteCounts:
    """One site's share of a run."""

    requested: int = 0  # pages requested (the page cap counts these)
    fetched: int = 0
    unchanged: int = 0
    errors: int = 0
    capped: bool = False


@dataclass
class CrawlReport:
    """Counts of one run, with the reasons behind every URL not fetched."""

    fetched: int = 0  # pages stored, new or changed
    unchanged: int = 0  # 304, or the same bytes again
    indexes: int = 0  # sitemaps and feeds read (or found unchanged)
    requests: int = 0
    bytes: int = 0  # decoded bytes received
    missing: int = 0  # a first 404/410
    gone: int = 0  # a second one: removed from the store
    redirects: int = 0
    retried: Counter[str] = field(default_factory=Counter)  # tries that will be tried again
    failed: Counter[str] = field(default_factory=Counter)  # requests that gave no page, by reason
    skipped: Counter[str] = field(default_factory=Counter)  # URLs refused before any request
    traps: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)
    sites: dict[str, SiteCounts] = field(default_factory=dict)
    elapsed: float = 0.0
    stopped: str | None = None  # "time limit", "byte limit", "interrupted"
    resumed: bool = False
    queued: int = 0  # URLs still due when the run ended

    def site(self, name: str) -> SiteCounts:
        return self.sites.setdefault(name, SiteCounts())

    def _example(self, reason: str, url: str) -> None:
        kept = self.examples.setdefault(reason, [])
        if len(kept) < EXAMPLES and url not in kept:
            kept.append(url)

    def fail(self, url: str, reason: str) -> None:
        self.failed[reason] += 1
        self._example(reason, url)

    def retry(self, url: str, reason: str) -> None:
        self.retried[reason] += 1
        self._example(reason, url)

    @property
    def retries(self) -> int:
        return sum(self.retried.values())

    def skip(self, url: str, reason: str) -> None:
        self.skipped[reason] += 1
        self._example(reason, url)

    def trap(self, url: str, kind: str) -> None:
        self.traps[kind] += 1
        self._example(kind, url)

    @property
    def errors(self) -> int:
        return sum(self.failed.values())

    def reasons(self) -> dict[str, int]:
        """Every reason a URL was not fetched or gave no page, with how often."""
        return dict(self.skipped + self.failed + self.traps)

    def problems(self) -> list[Skip]:
        """Example URLs for each reason, as Skips."""
        return [Skip(url, reason) for reason, urls in self.examples.items() for url in urls]

    def as_dict(self) -> dict[str, Any]:
        return {
            "fetched": self.fetched,
            "unchanged": self.unchanged,
            "indexes": self.indexes,
            "requests": self.requests,
            "bytes": self.bytes,
            "missing": self.missing,
            "gone": self.gone,
            "redirects": self.redirects,
            "retried": dict(self.retried),
            "failed": dict(self.failed),
            "skipped": dict(self.skipped),
            "traps": dict(self.traps),
            "examples": self.examples,
            "sites": {name: vars(c) for name, c in self.sites.items()},
            "seconds": round(self.elapsed, 2),
            "stopped": self.stopped,
            "resumed": self.resumed,
            "queued": self.queued,
        }
