"""search.sources.crawl: a real HTTP server on 127.0.0.1, crawled under the rules, twice."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from search.document import Raw
from search.sources import crawl as crawl_module
from search.sources.crawl import CrawlOptions, crawl, iter_store
from search.sources.resolve import iter_sources
from search.sources.store import MARKER, Store, is_store

GBK_TEXT = "苏州工业园区综合保税区发布通知"
LAST_MODIFIED = "Tue, 02 Jan 2024 08:00:00 GMT"


def _html(body: str) -> bytes:
    return f"<html><head><title>t</title></head><body>{body}</body></html>".encode()


@dataclass
class Site:
    pages: dict[str, tuple[int, dict[str, str], bytes]] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str], float]] = field(default_factory=list)
    base: str = ""


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            site.requests.append((self.path, dict(self.headers), time.monotonic()))
            if self.path not in site.pages:
                self.send_error(404)
                return
            status, headers, body = site.pages[self.path]
            etag = '"' + hashlib.sha1(body).hexdigest()[:12] + '"'
            modified = headers.get("Last-Modified")
            unchanged = (self.headers.get("If-None-Match") == etag and "ETag" not in headers) or (
                modified and self.headers.get("If-Modified-Since") == modified
            )
            if status == 200 and unchanged:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(status)
            headers = {"Content-Type": "text/html; charset=utf-8", **headers}
            if status == 200 and not modified:
                headers.setdefault("ETag", etag)
            for name, value in headers.items():
                if value:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


@pytest.fixture
def site() -> Iterator[Site]:
    site = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    links = [
        "/a.html",
        "/private/secret.html",
        "http://offsite.invalid/x.html",
        "mailto:someone@example.com",
        "/old",
        "/elsewhere",
        "/big.html",
        "/gbk.html",
        "/photo.jpg",
        "/deep1.html#part",
        "/missing.html",
    ]
    site.pages = {
        "/robots.txt": (
            200,
            {"Content-Type": "text/plain"},
            b"User-agent: *\nDisallow: /private/\n",
        ),
        "/": (200, {}, _html("".join(f'<a href="{u}">x</a>' for u in links))),
        "/a.html": (200, {}, _html('<p>开发区</p><a href="/">home</a>')),
        "/private/secret.html": (200, {}, _html("secret")),
        "/old": (301, {"Location": "/moved.html", "Content-Type": ""}, b""),
        "/elsewhere": (302, {"Location": "http://offsite.invalid/", "Content-Type": ""}, b""),
        "/moved.html": (200, {"Last-Modified": LAST_MODIFIED}, _html("moved")),
        "/big.html": (200, {}, _html("大" * 700_000)),
        "/gbk.html": (
            200,
            {"Content-Type": "text/html; charset=GBK"},
            f"<html><body><p>{GBK_TEXT}</p><a href='/deep1.html'>d</a></body></html>".encode("gbk"),
        ),
        "/deep1.html": (200, {}, _html('<a href="deep2.html">2</a>')),
        "/deep2.html": (200, {}, _html('<a href="/deep3.html">3</a>')),
        "/deep3.html": (200, {}, _html("too deep")),
    }
    yield site
    server.shutdown()
    server.server_close()


def _options(site: Site, store: Path, **kwargs: object) -> CrawlOptions:
    settings = {"max_depth": 2, "max_bytes": 1_000_000, "delay": 0.0, "timeout": 5.0, **kwargs}
    return CrawlOptions(start_urls=(site.base + "/",), store=store, **settings)


def _paths(site: Site) -> list[str]:
    return [path for path, _, _ in site.requests]


def test_crawl_obeys_the_rules_and_stores_pages(site: Site, tmp_path: Path) -> None:
    store = tmp_path / "store"
    report = crawl(_options(site, store))
    base = site.base
    assert report.fetched == 6  # /, a, moved, gbk, deep1, deep2
    assert report.unchanged == 0 and report.stopped is None
    skipped = {s.uri: s.reason for s in report.skipped}
    assert skipped == {
        f"{base}/private/secret.html": "robots",
        "http://offsite.invalid/x.html": "off-host",
        "mailto:someone@example.com": "non-http",
        "http://offsite.invalid/": "off-host",
        f"{base}/big.html": "too large",
        f"{base}/photo.jpg": "not a page",
        f"{base}/missing.html": "HTTP 404",
        f"{base}/deep3.html": "depth limit",
    }
    paths = _paths(site)
    assert paths[0] == "/robots.txt" and paths.count("/robots.txt") == 1
    assert "/private/secret.html" not in paths and "/deep3.html" not in paths
    assert paths.count("/deep1.html") == 1 and paths.count("/") == 1
    assert all(h.get("User-Agent", "").startswith("zonesearch") for _, h, _ in site.requests)

    assert is_store(store) and (store / MARKER).is_file()
    pages = {raw.url: raw for raw in iter_store(store)}
    assert sorted(pages) == sorted(
        f"{base}{p}"
        for p in ("/", "/a.html", "/moved.html", "/gbk.html", "/deep1.html", "/deep2.html")
    )
    gbk = pages[f"{base}/gbk.html"]
    assert isinstance(gbk, Raw) and gbk.kind == "html"
    assert gbk.content_type == "text/html; charset=GBK"  # the charset only the header gives
    assert GBK_TEXT.encode("gbk") in gbk.data and gbk.uri == gbk.url
    # The redirect is stored under its final URL.
    assert pages[f"{base}/moved.html"].data == site.pages["/moved.html"][2]
    assert list(iter_sources([store])) == list(iter_store(store))


def test_second_run_asks_conditionally_and_fetches_nothing_unchanged(
    site: Site, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    crawl(_options(site, store))
    site.requests.clear()
    site.pages["/deep2.html"] = (200, {}, _html("changed, and no more links"))
    report = crawl(_options(site, store))
    assert report.unchanged == 5 and report.fetched == 1  # deep2 changed
    conditional = {p: h for p, h, _ in site.requests if p not in ("/robots.txt", "/old")}
    assert conditional["/a.html"]["If-None-Match"].startswith('"')
    assert conditional["/moved.html"]["If-Modified-Since"] == LAST_MODIFIED
    pages = {raw.url: raw.data for raw in iter_store(store)}
    assert b"changed" in pages[f"{site.base}/deep2.html"]
    assert len(pages) == 6


def test_page_limit_and_host_delay(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = crawl(_options(site, tmp_path / "s1", max_pages=2))
    assert (report.fetched, report.stopped) == (2, "page limit")
    site.requests.clear()
    # When the crawler sends each request, taken on its side: the server's arrival times
    # also carry its thread scheduling, which a loaded machine stretches or squeezes.
    sent: list[float] = []
    real_fetch = crawl_module.fetch

    def timed_fetch(*args: object, **kwargs: object) -> object:
        sent.append(time.monotonic())
        return real_fetch(*args, **kwargs)

    monkeypatch.setattr(crawl_module, "fetch", timed_fetch)
    report = crawl(_options(site, tmp_path / "s2", max_pages=3, delay=0.2))
    assert len(site.requests) == 5  # robots.txt, /, /a.html, /old (a redirect), /moved.html
    assert len(sent) == 5
    # 1 ms for the few statements between the crawler's own stamp and the call
    assert all(b - a >= 0.199 for a, b in zip(sent, sent[1:], strict=False))


def test_time_limit_and_allow_list(site: Site, tmp_path: Path) -> None:
    report = crawl(_options(site, tmp_path / "s1", max_seconds=0.0))
    assert (report.fetched, report.stopped) == (0, "time limit")
    report = crawl(_options(site, tmp_path / "s2", allow_hosts=("example.org",)))
    assert report.fetched == 0
    assert report.reasons() == {"off-host": 1}


def test_robots_forbidding_everything(site: Site, tmp_path: Path) -> None:
    site.pages["/robots.txt"] = (
        200,
        {"Content-Type": "text/plain"},
        b"User-agent: zonesearch\nDisallow: /\n",
    )
    report = crawl(_options(site, tmp_path / "s"))
    assert report.fetched == 0 and report.reasons() == {"robots": 1}
    assert _paths(site) == ["/robots.txt"]


def test_store_refuses_a_folder_it_did_not_make(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("mine")
    with pytest.raises(ValueError, match="not a crawl store"):
        Store(tmp_path)
    assert not is_store(tmp_path)


def test_links_from_odd_pages() -> None:
    from search.sources.links import extract_links

    deep = b"<html><body>" + b"<div>" * 20000 + b'<a href="/x?a=1&amp;b=2">x</a>'
    assert extract_links(deep + b"</div>" * 20000, "http://h/") == ["http://h/x?a=1&b=2"]
    gbk = '<a href="/开.html">x</a><a href="#top">t</a>'.encode("gbk")
    assert extract_links(gbk, "http://h/", "text/html; charset=gbk") == ["http://h/%E5%BC%80.html"]
    xml = b'<?xml version="1.0" encoding="utf-8"?><html><body><a href="a.html">a</a></body></html>'
    assert extract_links(xml, "http://h/d/") == ["http://h/d/a.html"]
    assert extract_links(b"", "http://h/") == [] and extract_links(b"\x00\xff", "http://h/") == []
