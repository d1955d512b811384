"""A polite breadth-first HTTP crawler that keeps what it fetches in a crawl store.

Same-host links by default (an allow-list of hosts otherwise), robots.txt obeyed, a delay
between requests to one host, limits on depth, pages, response size and time; redirects are
followed hop by hop under the same rules; a page fetched before is asked for again with
If-None-Match / If-Modified-Since, and a 304 leaves the stored copy as it is. The raw bytes
and the headers (so the charset of the Content-Type) are stored; iter_store reads them back.
"""

from __future__ import annotations

import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from search.document import Skip
from search.sources.fetch import Response, fetch
from search.sources.links import extract_links, normalise_url
from search.sources.robots import MAX_ROBOTS_BYTES, Robots
from search.sources.store import Store, iter_store, kind_of

__all__ = ["CrawlOptions", "CrawlReport", "crawl", "iter_store"]

PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
REDIRECTS = (301, 302, 303, 307, 308)
# Links to these are not pages: not worth a request.
NOT_PAGES = frozenset(
    ".jpg .jpeg .png .gif .webp .svg .ico .bmp .tif .tiff .pdf .doc .docx .xls .xlsx .ppt"
    " .pptx .zip .rar .7z .gz .tgz .bz2 .xz .exe .apk .dmg .iso .mp3 .mp4 .avi .mov .wmv"
    " .flv .wav .css .js .json .xml .rss .woff .woff2 .ttf".split()
)


@dataclass(frozen=True)
class CrawlOptions:
    """What to crawl, where to keep it, and the limits."""

    start_urls: tuple[str, ...]
    store: Path
    allow_hosts: tuple[str, ...] = ()  # empty: the hosts of the start URLs
    max_depth: int = 2  # links followed from the start pages, then from those, ...
    max_pages: int = 200  # pages fetched or found unchanged
    max_bytes: int = 5 * 1024 * 1024  # per response
    max_seconds: float = 600.0  # the whole crawl
    timeout: float = 20.0  # one request, body included
    delay: float = 1.0  # seconds between two requests to one host (or robots' Crawl-delay)
    max_redirects: int = 5
    user_agent: str = "zonesearch/0.1"
    progress: Callable[[str, str], None] | None = None  # called with (url, outcome)


@dataclass
class CrawlReport:
    """What a crawl did: pages fetched, pages unchanged (304), URLs skipped and why."""

    fetched: int = 0
    unchanged: int = 0
    skipped: list[Skip] = field(default_factory=list)
    elapsed: float = 0.0
    stopped: str | None = None  # "page limit" or "time limit" when the crawl was cut short

    def reasons(self) -> dict[str, int]:
        """How many URLs were skipped for each reason."""
        return dict(Counter(skip.reason for skip in self.skipped))


def crawl(options: CrawlOptions) -> CrawlReport:
    """Crawl from the start URLs into options.store; the report says what happened."""
    return _Crawler(options).run()


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _is_page_path(url: str) -> bool:
    path = urlsplit(url).path.lower()
    dot = path.rfind(".")
    return dot <= path.rfind("/") or path[dot:] not in NOT_PAGES


class _Crawler:
    def __init__(self, options: CrawlOptions) -> None:
        self.options = options
        self.store = Store(options.store)
        self.report = CrawlReport()
        self.started = time.monotonic()
        self.last_request: dict[str, float] = {}
        self.robots = Robots(options.user_agent, self._get_robots)
        starts = [normalise_url(u) for u in options.start_urls]
        self.start_urls = starts
        self.hosts = {h.lower() for h in options.allow_hosts} or {_host(u) for u in starts}
        self.seen: set[str] = set(starts)
        self.done: set[str] = set()

    # -- requests ------------------------------------------------------------------------

    def _remaining(self) -> float:
        return self.options.max_seconds - (time.monotonic() - self.started)

    def _wait_for_host(self, url: str, delay: float) -> None:
        host = urlsplit(url).netloc
        last = self.last_request.get(host)
        if last is not None:
            pause = last + delay - time.monotonic()
            if pause > 0:
                time.sleep(min(pause, max(self._remaining(), 0)))
        self.last_request[host] = time.monotonic()

    def _get(self, url: str, delay: float, **kwargs: object) -> Response:
        self._wait_for_host(url, delay)
        timeout = max(0.1, min(self.options.timeout, self._remaining()))
        return fetch(url, user_agent=self.options.user_agent, timeout=timeout, **kwargs)

    def _get_robots(self, url: str) -> Response:
        for _ in range(self.options.max_redirects + 1):
            reply = self._get(url, self.options.delay, max_bytes=MAX_ROBOTS_BYTES)
            location = reply.header("location")
            if reply.status not in REDIRECTS or not location:
                return reply
            url = urljoin(url, location)
        return Response(url, 0, {}, None, "too many redirects")

    # -- rules ---------------------------------------------------------------------------

    def _refusal(self, url: str) -> str | None:
        """Why url may not be fetched (robots.txt not asked yet), or None."""
        if urlsplit(url).scheme not in ("http", "https"):
            return "non-http"
        if _host(url) not in self.hosts:
            return "off-host"
        if not _is_page_path(url):
            return "not a page"
        return None

    def _skip(self, url: str, reason: str) -> None:
        self.report.skipped.append(Skip(url, reason))
        if self.options.progress:
            self.options.progress(url, reason)

    # -- the crawl -----------------------------------------------------------------------

    def run(self) -> CrawlReport:
        queue: deque[tuple[str, int]] = deque()
        for url in dict.fromkeys(self.start_urls):
            reason = self._refusal(url)
            if reason:
                self._skip(url, reason)
            else:
                queue.append((url, 0))
        while queue:
            if self._remaining() <= 0:
                self.report.stopped = "time limit"
                break
            if self.report.fetched + self.report.unchanged >= self.options.max_pages:
                self.report.stopped = "page limit"
                break
            url, depth = queue.popleft()
            if url in self.done:
                continue
            page = self._visit(url)
            if page is None:
                continue
            final_url, body, content_type = page
            if kind_of(content_type, body) != "html":
                continue
            for link in extract_links(body, final_url, content_type):
                if link in self.seen:
                    continue
                self.seen.add(link)
                reason = self._refusal(link)
                if reason is None and depth + 1 > self.options.max_depth:
                    reason = "depth limit"
                if reason:
                    self._skip(link, reason)
                else:
                    queue.append((link, depth + 1))
        self.report.elapsed = time.monotonic() - self.started
        return self.report

    def _visit(self, url: str) -> tuple[str, bytes, str | None] | None:
        """Fetch url, following redirects; the page (final URL, bytes, Content-Type) or None."""
        for _ in range(self.options.max_redirects + 1):
            reason = self._refusal(url)
            if reason is None and not self.robots.allowed(url):
                reason = "robots"
            if reason:
                self._skip(url, reason)
                return None
            self.done.add(url)
            reply, stored = self._conditional_get(url)
            location = reply.header("location")
            if reply.status in REDIRECTS and location:
                url = normalise_url(urljoin(url, location))
                self.seen.add(url)
                if url in self.done:
                    return None
                continue
            return self._accept(url, reply, stored)
        self._skip(url, "too many redirects")
        return None

    def _conditional_get(self, url: str) -> tuple[Response, dict[str, object] | None]:
        stored = self.store.meta(url)
        conditions: dict[str, str] = {}
        headers = stored.get("headers") if stored else None
        if isinstance(headers, dict) and self.store.body(url) is not None:
            if headers.get("etag"):
                conditions["If-None-Match"] = headers["etag"]
            if headers.get("last-modified"):
                conditions["If-Modified-Since"] = headers["last-modified"]
        delay = max(self.options.delay, self.robots.crawl_delay(url) or 0.0)
        reply = self._get(
            url,
            delay,
            max_bytes=self.options.max_bytes,
            extra_headers=conditions,
            content_types=PAGE_TYPES,
        )
        return reply, stored

    def _accept(
        self, url: str, reply: Response, stored: dict[str, object] | None
    ) -> tuple[str, bytes, str | None] | None:
        if reply.status == 304 and stored is not None:
            body = self.store.body(url)
            headers = stored.get("headers")
            if body is not None and isinstance(headers, dict):
                self.report.unchanged += 1
                if self.options.progress:
                    self.options.progress(url, "unchanged")
                return url, body, headers.get("content-type")
        if reply.error:
            self._skip(url, reply.error)
            return None
        if reply.status != 200 or reply.body is None:
            self._skip(url, f"HTTP {reply.status}")
            return None
        if not reply.body:
            self._skip(url, "empty page")
            return None
        self.store.save(url, reply.status, reply.headers, reply.body)
        self.report.fetched += 1
        if self.options.progress:
            self.options.progress(url, "fetched")
        return url, reply.body, reply.header("content-type")
