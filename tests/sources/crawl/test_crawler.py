"""search.sources.crawl.crawler: a test world of five servers on loopback, crawled for real.

"news" (127.0.0.1) has robots.txt naming a sitemap index (a plain and a gzip sitemap), a
feed linked from its home page, list pages, articles, a 410, a redirect chain, a duplicate,
a gzip-encoded page and links to traps; "slow" (127.0.0.2) answers after 0.3 s; "busy"
(127.0.0.3) answers 429 with Retry-After before it serves; "trap" (127.0.0.4) is an
endless chain of pages; "other" is another port of 127.0.0.1 that nothing may ask.
"""

from __future__ import annotations

import gzip
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from crawlsite import Host, Reply, article_html, list_html, rss, sitemap_index, urlset

from search.sources.crawl.crawler import crawl
from search.sources.crawl.frontier import Frontier
from search.sources.crawl.options import CrawlOptions
from search.sources.crawl.sites import Site
from search.sources.crawl.store import iter_store

DELAY = {"news": 0.1, "slow": 0.1, "busy": 0.1, "trap": 0.02}
NEWS_ARTICLES = [f"/news/a{i}.html" for i in range(1, 8)]


@dataclass
class World:
    news: Host
    slow: Host
    busy: Host
    trap: Host
    other: Host
    sites: tuple[Site, ...]

    def hosts(self) -> dict[str, Host]:
        return {"news": self.news, "slow": self.slow, "busy": self.busy, "trap": self.trap}


def _busy_page(host: Host, refusals: int):
    """/c1.html: 429 with Retry-After: 1 for the first `refusals` requests, then the page."""
    asked = []

    def page(handler) -> int:  # noqa: ANN001
        asked.append(1)
        if len(asked) <= refusals:
            return handler._reply(Reply(429, {"Retry-After": "1"}, b"slow down"))
        return handler._reply(Reply(200, {}, article_html("综保区忙碌站点文章")))

    return page


def _trap_page(n: int) -> Reply:
    return Reply(200, {}, list_html([f"/t/{n + 1}"]) + f"<!-- {n} -->".encode())


@pytest.fixture
def world() -> Iterator[World]:
    news, slow, busy, trap = (Host(f"127.0.0.{i}") for i in (1, 2, 3, 4))
    other = Host("127.0.0.1")
    n = news.url
    long_url = "/news/" + "x" * 1100 + ".html"
    home_links = [
        "/list/1.html",
        "/news/a1.html",
        "/private/secret.html",
        "/calendar/2024-05.html",
        "/events?date=2024-05-01",
        "/news/a6.html;jsessionid=0123456789ABCDEF0123",
        long_url,
        "/r1",
        "/gone.html",
        "/print/a1.html",
        "/photo.jpg",
        other.url("/"),
        "http://example.invalid/x.html",
        "mailto:office@example.invalid",
    ]
    feed = "<link rel='alternate' type='application/rss+xml' href='/rss.xml'>"
    news.pages = {
        "/robots.txt": Reply(
            200,
            {"Content-Type": "text/plain"},
            f"User-agent: *\nDisallow: /private/\nSitemap: {n('/sitemap_index.xml')}\n".encode(),
        ),
        "/sitemap_index.xml": Reply(
            200,
            {"Content-Type": "application/xml"},
            sitemap_index([n("/sitemap-news.xml"), n("/sitemap-old.xml.gz")]),
        ),
        "/sitemap-news.xml": Reply(
            200,
            {"Content-Type": "application/xml"},
            urlset([n("/news/a1.html"), n("/news/a2.html")]),
        ),
        "/sitemap-old.xml.gz": Reply(
            200, {"Content-Type": "application/x-gzip"}, gzip.compress(urlset([n("/news/a3.html")]))
        ),
        "/rss.xml": Reply(200, {"Content-Type": "application/rss+xml"}, rss([n("/news/a4.html")])),
        "/": Reply(200, {}, list_html(home_links, head=feed)),
        "/list/1.html": Reply(200, {}, list_html(["/news/a5.html", "/list/2.html"])),
        "/list/2.html": Reply(200, {}, list_html(["/news/a6.html", "/news/a7.html"])),
        "/r1": Reply(301, {"Location": "/r2"}),
        "/r2": Reply(302, {"Location": n("/news/a5.html")}),
        "/gone.html": Reply(410, body=b"gone"),
        "/private/secret.html": Reply(200, {}, article_html("内部")),
    }
    for i, path in enumerate(NEWS_ARTICLES, start=1):
        news.pages[path] = Reply(200, {}, article_html(f"开发区新闻{i}"), gzip=(i == 2))
    news.pages["/print/a1.html"] = news.pages["/news/a1.html"]
    slow.pages = {
        "/": Reply(200, {}, list_html(["/b1.html", "/b2.html"]), delay=0.3),
        "/b1.html": Reply(200, {}, article_html("慢站文章一"), delay=0.3),
        "/b2.html": Reply(200, {}, article_html("慢站文章二"), delay=0.3),
    }
    busy.pages = {"/": Reply(200, {}, list_html(["/c1.html"])), "/c1.html": _busy_page(busy, 1)}
    trap.pages = {"/": _trap_page(0), **{f"/t/{i}": _trap_page(i) for i in range(1, 200)}}
    common = {"recrawl": 0.0, "article_recrawl": 0.0}
    sites = (
        Site("news", (n("/"),), delay=DELAY["news"], **common),
        Site("slow", (slow.url("/"),), delay=DELAY["slow"], **common),
        Site("busy", (busy.url("/"),), delay=DELAY["busy"], **common),
        Site("trap", (trap.url("/"),), delay=DELAY["trap"], max_pages=12, max_depth=50, **common),
    )
    yield World(news, slow, busy, trap, other, sites)
    for host in (news, slow, busy, trap, other):
        host.close()


def _options(world: World, store: Path, **kw: object) -> CrawlOptions:
    settings = {"timeout": 5.0, "max_seconds": 60.0, "max_retry_after": 5.0, **kw}
    return CrawlOptions(store=store, sites=world.sites, **settings)  # type: ignore[arg-type]


def _news_only(world: World, store: Path, **kw: object) -> CrawlOptions:
    """The news site alone, no delay: for the tests about runs, not politeness."""
    news = replace(world.sites[0], delay=0.0)
    return replace(_options(world, store, **kw), sites=(news,))


def _stored(store: Path) -> dict[str, bytes]:
    return {raw.url: raw.data for raw in iter_store(store) if hasattr(raw, "data")}


def test_the_test_world_is_crawled_under_every_rule_then_304s(world: World, tmp_path: Path) -> None:
    store = tmp_path / "store"
    report = crawl(_options(world, store))
    news, n = world.news, world.news.url
    stored = _stored(store)

    # every article, whichever way it is reached: sitemap, gzip sitemap, feed, list pages
    articles = [n(p) for p in NEWS_ARTICLES] + [
        world.slow.url("/b1.html"),
        world.slow.url("/b2.html"),
        world.busy.url("/c1.html"),
    ]
    assert set(articles) <= set(stored)
    # the gzip-encoded page is stored as the page, not as gzip
    assert stored[n("/news/a2.html")] == article_html("开发区新闻2")
    # the redirect chain folds into its known target; the duplicate is not stored
    assert n("/r1") not in stored and n("/r2") not in stored and n("/print/a1.html") not in stored
    assert news.paths().count("/news/a5.html") == 1
    assert report.redirects == 2 and report.traps["duplicate content"] == 1
    with Frontier(store) as frontier:
        assert frontier.get(n("/r1")).target == n("/r2")  # type: ignore[union-attr]
        assert frontier.get(n("/r2")).state == "redirect"  # type: ignore[union-attr]
        assert frontier.get(n("/gone.html")).state == "missing"  # type: ignore[union-attr]
        assert frontier.get(n("/list/1.html")).role == "list"  # type: ignore[union-attr]
        assert frontier.get(n("/news/a7.html")).role == "article"  # type: ignore[union-attr]
    assert report.failed["HTTP 410"] == 1 and report.missing == 1 and report.gone == 0

    # refusals, each with its reason, and not one request for any of them
    assert report.skipped["robots"] == 1 and "/private/secret.html" not in news.paths()
    assert report.skipped["other port"] == 1 and world.other.hits() == []
    assert report.skipped["off-site"] == 1 and report.skipped["non-http"] == 1
    assert report.skipped["not a page"] == 1
    assert report.traps["calendar"] == 2 and report.traps["URL too long"] == 1
    assert report.traps["session id"] >= 1  # a6 reached without its jsessionid
    assert news.paths().count("/news/a6.html") == 1

    # the trap host: its page cap, then no more
    trap_pages = [p for p in world.trap.paths() if p.startswith("/t/") or p == "/"]
    assert len(trap_pages) == 12
    assert report.sites["trap"].capped and report.traps["site page cap"] == 1

    # one robots.txt per host; the 429 host waited for Retry-After, then served
    for host in world.hosts().values():
        assert host.paths().count("/robots.txt") == 1
    busy = [h for h in world.busy.hits() if h.path == "/c1.html"]
    assert [h.status for h in busy] == [429, 200] and busy[1].arrived - busy[0].arrived >= 1.0
    assert report.retries == 1

    # politeness, measured where the requests arrive: one connection per host, never two
    # requests closer than the host's delay; and hosts in parallel: the fast site is served
    # while the slow one waits
    for name, host in world.hosts().items():
        assert len({h.client for h in host.hits()}) == 1, name
        arrivals = [h.arrived for h in host.hits()]
        gaps = [b - a for a, b in zip(arrivals, arrivals[1:], strict=False)]
        assert min(gaps) >= DELAY[name], (name, gaps)
    slow_times = [h.arrived for h in world.slow.hits()]
    news_times = [h.arrived for h in news.hits()]
    assert sum(slow_times[0] < t < slow_times[-1] for t in news_times) >= 5

    assert report.stopped is None and report.queued == 1  # the trap's next page
    assert not report.failed.keys() - {"HTTP 410"}

    # the second run: everything is due again (intervals of 0), asked conditionally,
    # and nothing unchanged is fetched again
    before = {name: len(host.hits()) for name, host in world.hosts().items()}
    second = crawl(_options(world, store))
    assert second.fetched == 0
    assert second.unchanged == report.fetched + report.traps["duplicate content"]
    for name, host in world.hosts().items():
        again = host.hits()[before[name] :]
        pages = [h for h in again if h.status in (200, 304)]
        assert pages and all(h.status == 304 for h in pages), (name, [h.path for h in pages])
        assert all("If-None-Match" in h.headers for h in pages)
        assert "/robots.txt" not in [h.path for h in again]  # kept in the frontier for a day


def test_a_second_run_fetches_only_what_is_due(world: World, tmp_path: Path) -> None:
    store = tmp_path / "store"
    news, trap = world.sites[0], world.sites[3]
    intervals = {"recrawl": 3600.0, "article_recrawl": 86400.0, "delay": 0.02}
    sites = tuple(replace(s, **intervals) for s in (news, trap))  # type: ignore[arg-type]
    options = replace(_options(world, store), sites=sites)
    crawl(options)
    before = {name: host.paths() for name, host in world.hosts().items()}
    report = crawl(options)
    assert world.news.paths() == before["news"]  # nothing there is due yet
    # the trap site's queue, cut at its page cap, goes on where it stopped: new pages only
    again = world.trap.paths()[len(before["trap"]) :]
    assert len(again) == 12 and not set(again) & set(before["trap"])
    assert report.fetched == 12


def test_removed_and_folded_pages_leave_the_store(world: World, tmp_path: Path) -> None:
    store = tmp_path / "store"
    options = _news_only(world, store, gone_after=0.5)
    crawl(options)
    n = world.news.url
    assert {n("/news/a3.html"), n("/news/a4.html")} <= set(_stored(store))
    world.news.pages["/news/a3.html"] = Reply(404, body=b"no")
    world.news.pages["/news/a4.html"] = Reply(301, {"Location": "/news/a1.html"})
    report = crawl(options)
    stored = _stored(store)
    assert n("/news/a3.html") in stored  # one 404 is not enough
    assert n("/news/a4.html") not in stored  # folded into a1, which stays
    assert n("/news/a1.html") in stored and report.missing == 1
    time.sleep(0.5)
    report = crawl(options)
    assert report.gone >= 1 and n("/news/a3.html") not in _stored(store)  # (the 410 may be too)
    with Frontier(store) as frontier:
        assert frontier.get(n("/news/a3.html")).state == "gone"  # type: ignore[union-attr]
    world.news.log.clear()
    crawl(options)
    assert "/news/a3.html" not in world.news.paths()  # gone is never asked again


def test_time_and_byte_limits_stop_the_run_and_the_next_goes_on(
    world: World, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    report = crawl(_news_only(world, store, max_seconds=0.3))
    assert report.stopped == "time limit" and report.queued > 0 and report.elapsed < 2.0
    report = crawl(_news_only(world, store, max_total_bytes=2000))
    assert report.stopped == "byte limit"
    report = crawl(_news_only(world, store))
    assert report.stopped is None
    assert {world.news.url(p) for p in NEWS_ARTICLES} <= set(_stored(store))


def test_lists_come_round_sooner_and_a_sitemap_lastmod_brings_an_article_forward(
    world: World, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    news = replace(world.sites[0], delay=0.0, recrawl=0.0, article_recrawl=86400.0)
    options = replace(_options(world, store), sites=(news,))
    crawl(options)
    with Frontier(store) as frontier:
        listed, article = (
            frontier.get(world.news.url("/list/1.html")),
            frontier.get(world.news.url("/news/a5.html")),
        )
        assert listed and article and listed.next_at < article.next_at  # type: ignore[operator]
    world.news.log.clear()
    crawl(options)  # lists and sitemaps are due, articles are not
    asked = set(world.news.paths())
    assert {"/", "/list/1.html", "/list/2.html", "/sitemap-news.xml"} <= asked
    assert not {p for p in asked if p.startswith("/news/")}
    # the sitemap now says a1 changed after it was fetched: it is asked for at once
    later = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 60))
    body = urlset([world.news.url("/news/a1.html"), world.news.url("/news/a2.html")])
    world.news.pages["/sitemap-news.xml"] = Reply(
        200, {"Content-Type": "application/xml"}, body.replace(b"2024-05-01", later.encode(), 1)
    )
    world.news.pages["/news/a1.html"] = Reply(200, {}, article_html("开发区新闻1（更新）"))
    world.news.log.clear()
    report = crawl(options)
    assert [p for p in world.news.paths() if p.startswith("/news/")] == ["/news/a1.html"]
    assert report.fetched == 1
    assert _stored(store)[world.news.url("/news/a1.html")] == article_html("开发区新闻1（更新）")
