"""The crawl: the sites' start pages, sitemaps and feeds into the frontier, then fetching.

One run takes every URL that is due (frontier.py says when) and fetches several hosts at
once, one request at a time per host, each host's delay (the site's, or robots.txt's when it
asks more) counted from the end of one response to the start of the next. queueing.py says
what is followed and in which order, responses.py what each response does.

Limits: a deadline per response (headers and body) and per run, a size per response and a
byte budget per run, a page cap per site and run, trap rules (traps.py) on every URL.
A killed crawl is taken up by the next one; so is one stopped by Ctrl-C.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time

import httpx

from search.sources.crawl.discovery import MAX_INDEX_BYTES
from search.sources.crawl.fetch import Response, fetch, new_client
from search.sources.crawl.frontier import Entry, Frontier
from search.sources.crawl.hosts import Hosts, Item
from search.sources.crawl.options import PAGE_TYPES, CrawlOptions, due_after
from search.sources.crawl.queueing import Queue
from search.sources.crawl.report import CrawlReport, Progress
from search.sources.crawl.responses import REDIRECTS, Responses
from search.sources.crawl.robots import MAX_ROBOTS_BYTES, Rules, rules_from
from search.sources.crawl.sites import Site
from search.sources.crawl.store import Store
from search.sources.crawl.urls import absolute, origin_of

__all__ = ["CrawlOptions", "CrawlReport", "crawl"]


def crawl(options: CrawlOptions) -> CrawlReport:
    """One crawl run into options.store; the report says what happened."""
    job = Crawl(options)
    try:
        asyncio.run(job.run())
    except KeyboardInterrupt:
        job.report.stopped = "interrupted"  # the run stays open: the next crawl takes it up
        job.report.elapsed = time.monotonic() - job.started
    finally:
        job.close()
    return job.report


def _page_type(mime: str) -> bool:
    return not mime or mime in PAGE_TYPES


class Crawl:
    """One run: its workers, its requests and robots.txt."""

    def __init__(self, options: CrawlOptions) -> None:
        self.options = options
        self.store = Store(options.store)
        self.frontier = Frontier(options.store)
        self.hosts = Hosts()
        self.report = CrawlReport()
        self.queue = Queue(self.frontier, self.hosts, self.report, options.sites, options)
        self.responses = Responses(self.store, self.queue, options)
        self.rules: dict[str, Rules] = {}
        self.started = time.monotonic()
        self.stop_at = self.started + options.max_seconds
        self.client: httpx.AsyncClient | None = None

    def close(self) -> None:
        self.frontier.close()

    def stop(self, reason: str) -> None:
        if self.report.stopped is None:
            self.report.stopped = reason
        self.hosts.close()

    def remaining(self) -> float:
        return self.stop_at - time.monotonic()

    async def run(self) -> None:
        concurrency = max(1, self.options.concurrency)
        # the client first: its TLS context takes a tenth of a second or two to set up
        async with new_client(self.options.user_agent, concurrency * 2) as client:
            self.client = client
            self.started = time.monotonic()
            self.stop_at = self.started + self.options.max_seconds
            run = self.queue.begin(time.time())
            ticker = asyncio.create_task(self.tick())
            try:
                await asyncio.gather(*(self.worker() for _ in range(concurrency)))
            finally:
                ticker.cancel()
        self.report.queued = self.queue.left()
        if self.report.stopped is None and self.hosts.queued():
            self.report.stopped = "time limit"  # work was waiting that could not start in time
        self.report.elapsed = time.monotonic() - self.started
        self.frontier.finish_run(run, time.time(), self.report.stopped)
        self.progress()

    async def worker(self) -> None:
        while True:
            claim = await self.hosts.claim(self.stop_at)
            if claim is None:
                return
            host, item = claim
            free_at = 0.0
            try:
                free_at = await self.visit(item)
            except (sqlite3.Error, OSError) as e:
                self.stop(f"store error: {type(e).__name__}: {e}")
            except Exception as e:  # noqa: BLE001 - one odd page must not end the crawl
                self.report.fail(item.url, f"crawler error: {type(e).__name__}: {e}")
                self.frontier.update(item.url, last_at=time.time(), reason="crawler error")
            finally:
                self.hosts.release(host, free_at)

    async def tick(self) -> None:
        while True:
            await asyncio.sleep(self.options.progress_every)
            self.progress()

    def progress(self) -> None:
        if self.options.progress is None:
            return
        r = self.report
        self.options.progress(
            Progress(
                hosts_active=self.hosts.working(),
                fetched=r.fetched,
                unchanged=r.unchanged,
                queued=self.hosts.queued(),
                errors=r.errors,
                requests=r.requests,
                elapsed=time.monotonic() - self.started,
            )
        )

    # -- one URL ---------------------------------------------------------------------------

    async def visit(self, item: Item) -> float:
        """Fetch one URL and apply the response; when its host may be asked again."""
        entry = self.frontier.get(item.url)
        if entry is None or self.queue.dealt_with(entry):
            return 0.0
        site = self.queue.sites.get(entry.site)
        if site is None:
            return 0.0
        counts = self.report.site(site.name)
        if entry.kind == "page" and counts.requested >= site.max_pages:
            counts.capped = True
            self.report.trap(entry.url, "site page cap")
            return 0.0
        rules, asked = await self.rules_for(entry.url, site)
        delay = max(site.delay, rules.delay(self.options.user_agent))
        if rules.reason:
            self.report.fail(entry.url, rules.reason)
            return time.monotonic() + delay if asked else 0.0
        if not rules.allowed(entry.url, self.options.user_agent):
            self.report.skip(entry.url, "robots")
            self.frontier.update(
                entry.url,
                state="refused" if entry.state == "queued" else entry.state,
                reason="robots",
                last_at=time.time(),
                next_at=due_after(self.queue.run.started, site.recrawl),
            )
            return time.monotonic() + delay if asked else 0.0
        if asked:
            await asyncio.sleep(max(0.0, min(delay, self.remaining())))
            if self.remaining() <= 0:
                return 0.0
        if entry.kind == "page":
            counts.requested += 1
        reply = await self.get(
            entry.url,
            MAX_INDEX_BYTES if entry.kind == "index" else self.options.max_bytes,
            self.conditions(entry),
            accept=_page_type if entry.kind == "page" else (lambda mime: True),
        )
        return await self.responses.handle(entry, item, site, reply, time.monotonic(), delay)

    def conditions(self, entry: Entry) -> dict[str, str]:
        """If-None-Match / If-Modified-Since from the last fetch (for a page still stored)."""
        etag, modified = entry.etag, entry.last_modified
        if entry.kind == "page" and entry.state != "duplicate":  # a duplicate is never stored
            if not self.store.has(entry.url):
                return {}
            if etag is None and modified is None:
                # a store filled before the frontier existed keeps the validators in its meta
                headers = (self.store.meta(entry.url) or {}).get("headers") or {}
                etag, modified = headers.get("etag"), headers.get("last-modified")
        found = {"If-None-Match": etag, "If-Modified-Since": modified}
        return {k: v for k, v in found.items() if isinstance(v, str) and v}

    async def get(
        self, url: str, max_bytes: int, headers: dict[str, str] | None = None, **kw: object
    ) -> Response:
        """One request within the per-response and the run's deadline, counted."""
        assert self.client is not None
        deadline = min(self.options.timeout, self.remaining())
        reply = await fetch(
            self.client,
            url,
            deadline=deadline,
            max_bytes=max_bytes,
            headers=headers,
            **kw,  # type: ignore[arg-type]
        )
        self.report.requests += 1
        self.report.bytes += len(reply.body or b"")
        if self.report.bytes >= self.options.max_total_bytes:
            self.stop("byte limit")
        return reply

    # -- robots.txt ------------------------------------------------------------------------

    async def rules_for(self, url: str, site: Site) -> tuple[Rules, bool]:
        """robots.txt of url's origin (from the frontier when fresh), and whether it was asked."""
        origin = origin_of(url)
        if origin in self.rules:
            return self.rules[origin], False
        cached = self.frontier.robots(origin)
        asked = False
        if cached is not None and time.time() - cached[0] < self.options.robots_ttl:
            rules = rules_from(cached[1], cached[2])
        else:
            reply = await self.get_robots(origin + "/robots.txt", site.delay)
            asked = True
            rules = rules_from(reply.status, reply.body, reply.error)
            if rules.reason is None:
                self.frontier.save_robots(origin, time.time(), reply.status, reply.body)
        self.rules[origin] = rules
        with self.frontier.transaction():
            for sitemap in rules.sitemaps:
                self._discover(origin, sitemap)
            if not rules.sitemaps and not site.sitemaps and site.guess_sitemap:
                self.queue.discover(origin + "/sitemap.xml", 0, kind="index", role="guess")
        return rules, asked

    def _discover(self, origin: str, href: str) -> None:
        try:
            self.queue.discover(absolute(origin + "/", href)[0], 0, kind="index")
        except ValueError:
            self.report.skip(href, "not a URL")

    async def get_robots(self, url: str, delay: float) -> Response:
        """robots.txt, redirects followed (RFC 9309 asks for five hops)."""
        for hop in range(6):
            if hop:
                await asyncio.sleep(max(0.0, min(delay, self.remaining())))
            reply = await self.get(url, MAX_ROBOTS_BYTES)
            location = reply.header("location")
            if reply.status not in REDIRECTS or not location:
                return reply
            try:
                url = absolute(url, location)[0]
            except ValueError:
                break
        return Response(url, error="too many redirects")
