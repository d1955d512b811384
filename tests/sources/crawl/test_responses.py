"""search.sources.crawl.responses: Retry-After read either way; 503 backs off, then gives up."""

from __future__ import annotations

import time
from email.utils import formatdate
from pathlib import Path

import pytest
from crawlsite import Host, Reply, list_html

from search.sources.crawl import responses
from search.sources.crawl.crawler import crawl
from search.sources.crawl.frontier import Frontier
from search.sources.crawl.options import CrawlOptions
from search.sources.crawl.responses import retry_after
from search.sources.crawl.sites import Site


def test_retry_after_in_seconds_or_as_a_date() -> None:
    now = time.time()
    assert retry_after("120", now) == 120.0
    assert abs(retry_after(formatdate(now + 30, usegmt=True), now) - 30) < 1.5  # type: ignore[operator]
    assert retry_after(formatdate(now - 30, usegmt=True), now) == 0.0
    assert retry_after("soon", now) is None and retry_after(None, now) is None


def test_a_host_that_stays_unavailable_is_tried_a_few_times_then_left(tmp_path: Path) -> None:
    host = Host("127.0.0.10")
    try:
        host.pages = {
            "/": Reply(200, {}, list_html(["/down.html"])),
            "/down.html": Reply(503, body=b"busy"),
        }
        site = Site("down", (host.url("/"),), delay=0.0)
        report = crawl(
            CrawlOptions(store=tmp_path, sites=(site,), max_attempts=2, retry_later=600.0)
        )
        down = [h for h in host.hits() if h.path == "/down.html"]
        assert len(down) == 2 and down[1].arrived - down[0].arrived >= 1.0  # backoff
        assert report.retried == {"HTTP 503": 1} and report.failed == {"HTTP 503": 1}
        with Frontier(tmp_path) as frontier:
            entry = frontier.get(host.url("/down.html"))
            assert entry and entry.state == "failed" and entry.reason == "HTTP 503"
            assert entry.next_at and entry.next_at > time.time() + 500  # the next run, later
    finally:
        host.close()


def test_a_page_with_too_many_links_is_followed_only_so_far(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(responses, "MAX_LINKS", 5)
    host = Host("127.0.0.10")
    try:
        host.pages = {"/": Reply(200, {}, list_html([f"/a{i}.html" for i in range(8)]))}
        site = Site("farm", (host.url("/"),), delay=0.0, guess_sitemap=False)
        report = crawl(CrawlOptions(store=tmp_path, sites=(site,)))
        assert report.traps == {"more than 5 links on a page": 1}
        assert sorted(p for p in host.paths() if p.startswith("/a")) == [
            f"/a{i}.html" for i in range(5)
        ]
    finally:
        host.close()
