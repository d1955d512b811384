"""search.sources.crawl.fetch: hostile servers end with a reason, never a hang or a crash.

Each server below misbehaves in one way (a body shorter than its Content-Length, gzip that
does not decode, a body without end, headers or a body dripped a byte at a time, no answer,
a redirect loop); the fetch or the crawl must give up in its time and say why.
"""

from __future__ import annotations

import asyncio
import gzip
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from crawlsite import Host, Reply, article_html, list_html

from search.sources.crawl.crawler import crawl
from search.sources.crawl.fetch import Response, fetch, new_client
from search.sources.crawl.options import CrawlOptions
from search.sources.crawl.sites import Site
from search.sources.crawl.store import iter_store

HEAD = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"


def _raw(handler: BaseHTTPRequestHandler, data: bytes) -> None:
    handler.close_connection = True
    try:
        handler.wfile.write(data)
    except OSError:
        pass


def short_body(h: BaseHTTPRequestHandler) -> int:
    _raw(h, (HEAD + "Content-Length: 10000\r\n\r\n").encode() + b"x" * 600)
    return 200


def bad_gzip(h: BaseHTTPRequestHandler) -> int:
    body = b"\x1f\x8b\x08\x00not gzip at all, not at all"
    head = HEAD + f"Content-Encoding: gzip\r\nContent-Length: {len(body)}\r\n\r\n"
    _raw(h, head.encode() + body)
    return 200


def endless(h: BaseHTTPRequestHandler) -> int:
    h.close_connection = True
    chunk = b"%x\r\n%s\r\n" % (65536, b"y" * 65536)
    try:
        h.wfile.write((HEAD + "Transfer-Encoding: chunked\r\n\r\n").encode())
        for _ in range(2000):  # 128 MB at most: the test server stops by itself
            h.wfile.write(chunk)
    except OSError:
        pass
    return 200


def drip(data: bytes, pause: float, limit: float = 15.0):
    def page(h: BaseHTTPRequestHandler) -> int:
        h.close_connection = True
        until = time.monotonic() + limit
        try:
            for byte in data:
                if time.monotonic() > until:
                    break
                h.wfile.write(bytes([byte]))
                time.sleep(pause)
        except OSError:
            pass
        return 200

    return page


def no_answer(h: BaseHTTPRequestHandler) -> int:
    h.close_connection = True
    return 0


def garbage(h: BaseHTTPRequestHandler) -> int:
    _raw(h, b"HELLO THERE\r\n\r\n")
    return 0


HEADER_DRIP = drip((HEAD + "Content-Length: 5\r\n\r\nhello").encode() * 20, 0.05)
BODY_DRIP = drip((HEAD + "Content-Length: 400\r\n\r\n").encode() + b"z" * 400, 0.0)
SLOW_BODY = drip(b"z" * 400, 0.05)


def slow_body(h: BaseHTTPRequestHandler) -> int:
    _raw(h, (HEAD + "Content-Length: 400\r\n\r\n").encode())
    return SLOW_BODY(h)


def dripping_404(h: BaseHTTPRequestHandler) -> int:
    _raw(h, b"HTTP/1.1 404 Not Found\r\nContent-Length: 400\r\n\r\n")
    SLOW_BODY(h)
    return 404


@pytest.fixture
def hostile() -> Iterator[Host]:
    host = Host("127.0.0.5")
    host.pages = {
        "/short": short_body,
        "/badgzip": bad_gzip,
        "/endless": endless,
        "/drip-headers": HEADER_DRIP,
        "/drip-body": slow_body,
        "/no-answer": no_answer,
        "/garbage": garbage,
        "/gzip": Reply(200, {}, article_html("压缩页面"), gzip=True),
        "/big": Reply(200, {}, b"<p>" + b"a" * 5000 + b"</p>"),
        "/pdf": Reply(200, {"Content-Type": "application/pdf"}, b"%PDF-1.4"),
        "/dripping-404": dripping_404,
    }
    yield host
    host.close()


def _get(host: Host, path: str, **kw: object) -> tuple[Response, float]:
    async def go() -> Response:
        async with new_client("zonesearch-test", 2) as client:
            settings = {"deadline": 1.0, "max_bytes": 100_000, **kw}
            return await fetch(client, host.url(path), **settings)  # type: ignore[arg-type]

    started = time.monotonic()
    reply = asyncio.run(go())
    return reply, time.monotonic() - started


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/short", "short body: 600 of 10000 bytes"),
        ("/badgzip", "body does not decode"),
        ("/endless", "too large (over 100000 bytes)"),
        ("/drip-headers", "timed out waiting for headers"),
        ("/drip-body", "timed out reading the body"),
        ("/no-answer", "connection closed without a response"),
        ("/garbage", "bad HTTP response"),
    ],
)
def test_a_bad_response_ends_with_its_reason(hostile: Host, path: str, reason: str) -> None:
    reply, seconds = _get(hostile, path)
    assert reply.body is None and reply.error is not None
    assert reply.error.startswith(reason), reply.error
    assert seconds < 1.0 + 0.8  # the one-second deadline holds, dripping or not


def test_good_responses_and_limits(hostile: Host) -> None:
    reply, _ = _get(hostile, "/gzip")
    assert reply.body == article_html("压缩页面")  # decoded, as the page is
    assert "content-encoding" not in reply.stored_headers()
    assert reply.header("content-encoding") == "gzip"
    reply, _ = _get(hostile, "/big", max_bytes=1000)
    assert reply.error == "too large (5007 bytes)" and reply.body is None
    html_only = {"accept": lambda mime: mime == "text/html"}
    reply, _ = _get(hostile, "/pdf", **html_only)
    assert reply.error == "unsupported content type application/pdf"
    reply, _ = _get(hostile, "/missing")
    assert (reply.status, reply.body, reply.error) == (404, None, None)
    reply, seconds = _get(hostile, "/dripping-404", deadline=5.0)
    assert (reply.status, reply.error) == (404, None) and seconds < 2.5  # status kept
    closed = Host("127.0.0.6")
    port = closed.base
    closed.close()

    async def refused() -> Response:
        async with new_client("t", 1) as client:
            return await fetch(client, port + "/", deadline=1.0, max_bytes=10)

    reply = asyncio.run(refused())
    assert reply.error and reply.error.startswith("cannot connect") and reply.transient


def test_a_crawl_of_hostile_pages_ends_in_time_with_every_reason(
    hostile: Host, tmp_path: Path
) -> None:
    links = ["/short", "/badgzip", "/endless", "/drip-headers", "/drip-body", "/no-answer"]
    hostile.pages["/"] = Reply(200, {}, list_html([*links, "/loop-a", "/gzip"]))
    hostile.pages["/loop-a"] = Reply(302, {"Location": "/loop-b"})
    hostile.pages["/loop-b"] = Reply(301, {"Location": hostile.url("/loop-a")})
    site = Site("hostile", (hostile.url("/"),), delay=0.0, recrawl=0.0)
    options = CrawlOptions(
        store=tmp_path / "store",
        sites=(site,),
        timeout=1.0,
        max_bytes=200_000,
        max_attempts=1,
        max_seconds=30.0,
    )
    started = time.monotonic()
    report = crawl(options)
    assert time.monotonic() - started < 10
    reasons = {
        url.rsplit("/", 1)[1]: reason for reason, urls in report.examples.items() for url in urls
    }
    assert reasons["short"].startswith("short body")
    assert reasons["badgzip"].startswith("body does not decode")
    assert reasons["endless"].startswith("too large")
    assert reasons["drip-headers"].startswith("timed out waiting for headers")
    assert reasons["drip-body"].startswith("timed out reading the body")
    assert reasons["no-answer"] == "connection closed without a response"
    assert reasons["loop-a"] == reasons["loop-b"] == "redirect loop"
    stored = {raw.url: raw.data for raw in iter_store(tmp_path / "store")}
    assert set(stored) == {hostile.url("/"), hostile.url("/gzip")}
    assert stored[hostile.url("/gzip")] == article_html("压缩页面")


def test_the_crawl_deadline_cuts_a_dripping_server_short(hostile: Host, tmp_path: Path) -> None:
    # the finding: --timeout 5 --max-seconds 20 still running after 180 s against a drip
    site = Site("drip", (hostile.url("/drip-headers"),), delay=0.0)
    options = CrawlOptions(store=tmp_path / "s", sites=(site,), timeout=30.0, max_seconds=1.5)
    started = time.monotonic()
    report = crawl(options)
    assert time.monotonic() - started < 1.5 + 1.0
    assert report.stopped == "time limit"
    assert report.retried == {"timed out waiting for headers": 1}


def test_gzip_sitemaps_that_do_not_decompress_are_a_reason(tmp_path: Path) -> None:
    host = Host("127.0.0.5")
    try:
        host.pages = {
            "/robots.txt": Reply(200, {}, f"Sitemap: {host.url('/s.xml.gz')}\n".encode()),
            "/s.xml.gz": Reply(200, {"Content-Type": "application/gzip"}, gzip.compress(b"x")[:8]),
            "/": Reply(200, {}, list_html([])),
        }
        site = Site("s", (host.url("/"),), delay=0.0)
        report = crawl(CrawlOptions(store=tmp_path / "s", sites=(site,), timeout=2.0))
        assert report.failed == {"bad gzip: truncated": 1}
    finally:
        host.close()
