"""What one response does to the store, the frontier and the queue.

- 200: a page is stored (unless its bytes are another URL's: a duplicate) and its links and
  feeds are queued; a sitemap or feed queues what it lists. Same bytes as before: unchanged.
- 304 (to a conditional GET): unchanged, the stored copy stays.
- 3xx: the URL is folded into its target: anything stored under it is removed and the target
  is fetched unless this run has it already; a chain that comes back on itself is a loop.
- 404/410: missing the first time, gone the second (gone_after later): removed from the store.
- 429/503 and errors that may pass: tried again after Retry-After or a backoff, a few times.
- anything else: failed, with the reason, due again after retry_later.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from email.utils import parsedate_to_datetime

from search.sources.crawl.discovery import gunzip, parse_listing
from search.sources.crawl.fetch import Response
from search.sources.crawl.frontier import Entry
from search.sources.crawl.hosts import Item
from search.sources.crawl.links import PageLinks, page_links
from search.sources.crawl.options import CrawlOptions, due_after
from search.sources.crawl.queueing import Queue
from search.sources.crawl.sites import Site
from search.sources.crawl.store import Store, kind_of
from search.sources.crawl.urls import absolute, host_of

REDIRECTS = (301, 302, 303, 307, 308)
TRY_AGAIN = (429, 500, 502, 503, 504)
MAX_LINKS = 5000  # followed from one page; a page with more is a link farm or a trap


def retry_after(value: str | None, now: float) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - now)
    except (TypeError, ValueError, IndexError):
        return None


class Responses:
    """Applies responses for one run."""

    def __init__(self, store: Store, queue: Queue, options: CrawlOptions) -> None:
        self.store = store
        self.queue = queue
        self.frontier = queue.frontier
        self.report = queue.report
        self.options = options

    async def handle(
        self, entry: Entry, item: Item, site: Site, reply: Response, done: float, delay: float
    ) -> float:
        """Apply reply; when the host may be asked again (monotonic)."""
        counts = self.report.site(site.name)
        if reply.error is None and reply.status == 200 and reply.body is not None:
            if entry.kind == "index":
                self.index(entry, site, reply)
            else:
                await self.page(entry, site, reply)
        elif reply.error is None and reply.status == 304:
            self.unchanged(entry, site, reply)
        elif reply.error is None and reply.status in REDIRECTS:
            self.redirect(entry, item, site, reply)
        elif reply.error is None and reply.status in (404, 410):
            self.missing(entry, reply.status)
            counts.errors += entry.role != "guess"
        elif reply.transient or reply.status in TRY_AGAIN:
            counts.errors += 1
            return self.again(entry, item, site, reply, done, delay)
        else:
            counts.errors += 1
            reason = reply.error or f"HTTP {reply.status}"
            self.failed(entry, reason, reply.status, time.time() + self.options.retry_later)
        return done + delay

    # -- outcomes --------------------------------------------------------------------------

    def failed(self, entry: Entry, reason: str, status: int, next_at: float) -> None:
        """A final failure for this run; a page fetched before keeps its state and copy."""
        self.report.fail(entry.url, reason)
        state = "failed" if entry.state in ("queued", "failed") else entry.state
        self.frontier.update(
            entry.url,
            state=state,
            reason=reason,
            status=status or None,
            last_at=time.time(),
            next_at=next_at,
            attempts=entry.attempts + 1,
        )

    def again(
        self, entry: Entry, item: Item, site: Site, reply: Response, done: float, delay: float
    ) -> float:
        """Try again after Retry-After or a backoff; past max_attempts, in the next run."""
        reason = reply.error or f"HTTP {reply.status}"
        now = time.time()
        wait = retry_after(reply.header("retry-after"), now)
        backoff = max(delay, 1.0) * 2**item.attempts
        wait = backoff if wait is None else wait
        # a 429 or 503 is about the host: it waits too; other errors are the URL's
        host_wait = min(wait, self.options.max_retry_after) if reply.status in (429, 503) else 0
        if item.attempts + 1 < self.options.max_attempts and wait <= self.options.max_retry_after:
            self.report.retry(entry.url, reason)
            self.frontier.update(entry.url, reason=reason, status=reply.status or None)
            again = Item(item.key, item.url, item.chain, item.attempts + 1)
            self.queue.hosts.add(entry.host, again, done + wait)
        else:
            self.failed(entry, reason, reply.status, now + max(wait, self.options.retry_later))
        return done + max(delay, host_wait)

    def fetched(self, entry: Entry, site: Site, reply: Response, **fields: object) -> None:
        """Record a successful fetch: validators, next due time, no failures."""
        interval = site.article_recrawl if fields.get("role") == "article" else site.recrawl
        self.frontier.update(
            entry.url,
            state=fields.pop("state", "fetched"),
            etag=reply.header("etag") or entry.etag,
            last_modified=reply.header("last-modified") or entry.last_modified,
            status=reply.status,
            reason=None,
            last_at=time.time(),
            next_at=due_after(self.queue.run.started, interval),
            attempts=0,
            missing_since=None,
            **fields,
        )

    def unchanged(self, entry: Entry, site: Site, reply: Response) -> None:
        if entry.kind == "index":
            self.report.indexes += 1
        else:
            self.report.unchanged += 1
            self.report.site(site.name).unchanged += 1
        role = entry.role or ("article" if entry.kind == "page" else None)
        state = entry.state if entry.state in ("fetched", "duplicate") else "fetched"
        self.fetched(entry, site, reply, role=role, state=state)

    async def page(self, entry: Entry, site: Site, reply: Response) -> None:
        body = reply.body or b""
        content_type = reply.header("content-type")
        kind = kind_of(content_type, body) if body else None
        if kind is None:
            reason = "empty page" if not body else "binary content"
            self.failed(entry, reason, 200, due_after(self.queue.run.started, site.article_recrawl))
            return
        digest = hashlib.sha1(body).hexdigest()
        if digest == entry.content_hash and self.store.has(entry.url):
            self.unchanged(entry, site, reply)
            return
        owner = self.frontier.owner_of(digest, entry.url, entry.site)
        links = page_links(body, entry.url, content_type) if kind == "html" else None
        if owner is None:
            # in a thread: file system calls would hold up every other host's requests;
            # stored before the frontier says so, so a kill in between only asks again
            await asyncio.to_thread(
                self.store.save, entry.url, reply.status, reply.stored_headers(), body
            )
        # the outcome and the links it gives are committed together: a crawl killed between
        # the two would have the page done and its links never queued
        with self.frontier.transaction():
            if owner is not None:
                self.store.remove(entry.url)
                self.report.trap(entry.url, "duplicate content")
                self.fetched(
                    entry, site, reply, state="duplicate", target=owner, content_hash=digest
                )
            else:
                self.report.fetched += 1
                self.report.site(site.name).fetched += 1
                role = self._role(entry, site, links)
                self.fetched(entry, site, reply, role=role, content_hash=digest)
            if links is not None:
                self._follow(entry, links)

    @staticmethod
    def _role(entry: Entry, site: Site, links: PageLinks | None) -> str:
        """ "list" or "article": a start page is a list; else the site's pattern or the page."""
        if entry.role == "list" and entry.depth == 0:
            return "list"
        article = site.is_article(entry.url)
        if article is not None:
            return "article" if article else "list"
        return "list" if links is not None and links.is_list else "article"

    def _follow(self, entry: Entry, links: PageLinks) -> None:
        for _ in range(links.sessions):
            self.report.trap(entry.url, "session id")
        if len(links.links) > MAX_LINKS:
            self.report.trap(entry.url, f"more than {MAX_LINKS} links on a page")
        for url in links.links[:MAX_LINKS]:
            self.queue.discover(url, entry.depth + 1)
        for url in links.feeds:
            self.queue.discover(url, 0, kind="index")

    def index(self, entry: Entry, site: Site, reply: Response) -> None:
        """A sitemap or a feed: what it lists into the queue."""
        try:
            listing = parse_listing(gunzip(reply.body or b""))
        except ValueError as e:
            listing, reason = None, str(e)
        else:
            reason = "not a sitemap or feed"
        if listing is None:
            self.failed(entry, reason, 200, due_after(self.queue.run.started, site.recrawl))
            return
        self.report.indexes += 1
        with self.frontier.transaction():
            for url in listing.sitemaps:
                self._listed(entry, url, entry.depth + 1, "index", None)
            for url, lastmod in listing.pages:
                self._listed(entry, url, 1, "page", lastmod)
            digest = hashlib.sha1(reply.body or b"").hexdigest()
            self.fetched(entry, site, reply, content_hash=digest)

    def _listed(
        self, entry: Entry, href: str, depth: int, kind: str, lastmod: float | None
    ) -> None:
        try:
            url = absolute(entry.url, href)[0]
        except ValueError:
            self.report.skip(href, "not a URL")
            return
        self.queue.discover(url, depth, kind=kind, lastmod=lastmod)

    def missing(self, entry: Entry, status: int) -> None:
        if entry.role == "guess":  # /sitemap.xml tried on the off chance: no need to ask twice
            self.frontier.update(entry.url, state="gone", status=status, next_at=None)
            return
        self.report.fail(entry.url, f"HTTP {status}")
        if self.frontier.missing(entry.url, time.time(), self.options.gone_after, status):
            self.store.remove(entry.url)
            self.report.gone += 1
        else:
            self.report.missing += 1

    def redirect(self, entry: Entry, item: Item, site: Site, reply: Response) -> None:
        """Fold the URL into its target and go on to the target if this run lacks it."""
        location = reply.header("location")
        next_at = time.time() + self.options.retry_later
        if not location:
            self.failed(entry, "redirect without a Location", reply.status, next_at)
            return
        try:
            target = absolute(entry.url, location)[0]
        except ValueError:
            self.failed(entry, "redirect to something that is no URL", reply.status, next_at)
            return
        chain = (*item.chain, entry.url)
        if target in chain or self._leads_back(target, chain):
            for url in chain:
                known = self.frontier.get(url)
                if known is not None:
                    self.failed(known, "redirect loop", reply.status, next_at)
            return
        if len(chain) > self.options.max_redirects:
            self.failed(entry, "too many redirects", reply.status, next_at)
            return
        self.store.remove(entry.url)
        self.report.redirects += 1
        # a permanent redirect is asked again as rarely as an article; a temporary one sooner
        interval = site.article_recrawl if reply.status in (301, 308) else site.recrawl
        self.frontier.update(
            entry.url,
            state="redirect",
            target=target,
            status=reply.status,
            reason=None,
            last_at=time.time(),
            next_at=due_after(self.queue.run.started, interval),
            attempts=0,
        )
        target_site, why, trap = self.queue.refusal(target)
        if target_site is None:
            (self.report.trap if trap else self.report.skip)(target, f"redirect target: {why}")
            return
        known = self.frontier.get(target)
        if known is None:
            new = Entry(
                target,
                target_site.name,
                host_of(target),
                entry.kind,
                entry.role,
                entry.depth,
                next_at=time.time(),
                found_at=time.time(),
            )
            if self.frontier.add(new):
                self.queue.enqueue(new, chain)
        elif (
            known.state not in ("gone", "redirect")
            and not self.queue.dealt_with(known)
            and known.next_at is not None
            and known.next_at <= time.time()
        ):
            self.queue.enqueue(known, chain)  # due anyway: fetched now, at the chain's end

    def _leads_back(self, target: str, chain: tuple[str, ...]) -> bool:
        """Whether the redirects already known from target come back into the chain."""
        url = target
        for _ in range(self.options.max_redirects + 1):
            known = self.frontier.get(url)
            if known is None or known.state != "redirect" or not known.target:
                return False
            url = known.target
            if url in chain:
                return True
        return False
