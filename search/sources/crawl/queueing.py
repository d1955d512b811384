"""A run's queue: new URLs weighed against scope, depth and trap rules, into the frontier
and into their host's queue, best first.

The order within a host: redirect targets (the rest of a chain), then sitemaps and feeds,
then list pages, then pages never fetched, then recrawls; within each, shallower first.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from urllib.parse import urlsplit

from search.sources.crawl.frontier import Entry, Frontier, Run
from search.sources.crawl.hosts import Hosts, Item
from search.sources.crawl.options import CrawlOptions
from search.sources.crawl.report import CrawlReport
from search.sources.crawl.sites import Site, site_of
from search.sources.crawl.traps import trap_of
from search.sources.crawl.urls import host_of

# Links to these are not pages: not worth a request.
NOT_PAGES = frozenset(
    ".jpg .jpeg .png .gif .webp .svg .ico .bmp .tif .tiff .pdf .doc .docx .xls .xlsx .ppt"
    " .pptx .zip .rar .7z .gz .tgz .bz2 .xz .exe .apk .dmg .iso .mp3 .mp4 .avi .mov .wmv"
    " .flv .wav .css .js .json .woff .woff2 .ttf".split()
)
# Links to these may be sitemaps or feeds: read as such.
INDEX_SUFFIXES = (".xml", ".rss", ".atom", ".rdf", ".xml.gz")


def _suffix(url: str) -> str:
    path = urlsplit(url).path.lower()
    dot = path.rfind(".")
    return path[dot:] if dot > path.rfind("/") else ""


class Queue:
    """The frontier as one run sees it."""

    def __init__(
        self,
        frontier: Frontier,
        hosts: Hosts,
        report: CrawlReport,
        sites: Sequence[Site],
        options: CrawlOptions,
    ) -> None:
        self.frontier = frontier
        self.hosts = hosts
        self.report = report
        self.order = list(sites)
        self.sites = {s.name: s for s in sites}
        self.options = options
        self.queued: set[str] = set()  # put into a host queue this run
        self.seen: set[str] = set()  # links already weighed this run
        self.sizes = frontier.site_sizes()
        self.seq = 0
        self.run = Run(0, 0.0, False)

    def begin(self, now: float) -> Run:
        """Take up the unfinished run or begin one; queue start URLs and all that is due."""
        self.run = run = self.frontier.begin_run(now)
        self.report.resumed = run.resumed
        for name, n in self.frontier.dealt_with(run).items():
            self.report.site(name).requested = n
        with self.frontier.transaction():
            for site in self.order:
                self.frontier.shorten(site.name, site.recrawl, site.article_recrawl)
                for url in site.start:
                    self.add(Entry(url, site.name, host_of(url), "page", "list", 0, next_at=now))
                    known = self.frontier.get(url)
                    if known is not None and known.state == "gone":
                        self.report.skip(url, "start URL is gone")
                    elif known is not None and known.role != "list":
                        self.frontier.update(url, role="list")
                for url in site.sitemaps + site.feeds:
                    self.add(Entry(url, site.name, host_of(url), "index", None, 0, next_at=now))
        for entry in self.frontier.due(self.sites, run, now):
            self.enqueue(entry)
        return run

    def left(self) -> int:
        """URLs still due in this run."""
        return sum(1 for _ in self.frontier.due(self.sites, self.run, time.time()))

    def dealt_with(self, entry: Entry) -> bool:
        """Whether this run has already had its outcome for the URL."""
        return entry.last_at is not None and entry.last_at >= self.run.started

    def add(self, entry: Entry) -> bool:
        """A URL into the frontier when it is new (and into its host's queue)."""
        if self.sizes.get(entry.site, 0) >= self.options.max_known:
            self.report.trap(entry.url, "site frontier full")
            return False
        if not self.frontier.add(entry):
            return False
        self.sizes[entry.site] = self.sizes.get(entry.site, 0) + 1
        self.enqueue(entry)
        return True

    def enqueue(self, entry: Entry, chain: tuple[str, ...] = (), not_before: float = 0.0) -> None:
        """Into the host's queue (once per run, unless it continues a redirect chain)."""
        if entry.url in self.queued and not chain:
            return
        self.queued.add(entry.url)
        self.seq += 1
        if chain:
            rank = 0
        elif entry.kind != "page":
            rank = 1
        elif entry.role == "list":
            rank = 2
        else:
            rank = 3 if entry.state == "queued" else 4
        item = Item((rank, entry.depth, self.seq), entry.url, chain)
        self.hosts.add(entry.host, item, not_before)

    def refusal(self, url: str) -> tuple[Site | None, str, bool]:
        """The URL's site, or why it is refused and whether that is a trap."""
        if urlsplit(url).scheme not in ("http", "https"):
            return None, "non-http", False
        trap = trap_of(url, self.options.traps)
        if trap:
            return None, trap, True
        site, why = site_of(self.order, url)
        return site, why, False

    def discover(
        self,
        url: str,
        depth: int,
        kind: str = "page",
        role: str | None = None,
        lastmod: float | None = None,
    ) -> None:
        """A URL found on a page, in a sitemap or feed, or in robots.txt."""
        if url in self.seen and lastmod is None:
            return
        self.seen.add(url)
        site, why, trap = self.refusal(url)
        if site is None:
            (self.report.trap if trap else self.report.skip)(url, why)
            return
        suffix = _suffix(url)
        if kind == "page" and (suffix in INDEX_SUFFIXES or url.lower().endswith(".xml.gz")):
            kind = "index"
        elif kind == "page" and suffix in NOT_PAGES:
            self.report.skip(url, "not a page")
            return
        if kind == "page" and depth > site.max_depth:
            self.seen.discard(url)  # reached again at a smaller depth, it may be followed
            self.report.skip(url, "depth limit")
            return
        if kind == "index" and depth > self.options.max_index_depth:
            self.report.trap(url, "sitemap nesting")
            return
        if role is None and kind == "page":
            article = site.is_article(url)
            role = None if article is None else ("article" if article else "list")
        now = time.time()
        entry = Entry(url, site.name, host_of(url), kind, role, depth, next_at=now, found_at=now)
        if self.add(entry) or lastmod is None:
            return
        known = self.frontier.get(url)
        # a sitemap or feed says the page changed since it was last fetched: due now
        if (
            known is not None
            and known.state in ("fetched", "failed", "refused")
            and known.last_at is not None
            and lastmod > known.last_at
            and not self.dealt_with(known)
        ):
            self.frontier.update(url, next_at=now)
            self.enqueue(known)
