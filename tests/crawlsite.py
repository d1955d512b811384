"""Test web servers on loopback addresses (127.0.0.N, ephemeral ports), for the crawler tests.

A Host serves a dict of paths. A page is a Reply (status, headers, body, a delay before
answering) or a function of the request handler that writes whatever it likes to the socket
(short bodies, bad gzip, endless or dripping responses). Every request is logged with the
time it arrived, so tests measure politeness where requests arrive. 200 pages get an ETag
and answer If-None-Match / If-Modified-Since with 304.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARTICLE_TEXT = (
    "镇江经济技术开发区今年新签约项目三十个，总投资一百亿元。园区聚焦新能源和高端装备制造，"
    "推动产业链上下游协同发展，优化营商环境，提升服务效能，加快建设国际化园区。"
)


def article_html(title: str, n: int = 3, extra: str = "") -> bytes:
    """An article page with enough prose to read as one, and its own title."""
    paragraphs = "".join(f"<p>{title}：{ARTICLE_TEXT}第{i}段。</p>" for i in range(n))
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
        f"<nav><a href='/'>首页</a></nav><article><h1>{title}</h1>"
        f"<p>发布时间：2024-05-01</p>{paragraphs}</article>{extra}</body></html>"
    ).encode()


def list_html(links: list[str], head: str = "") -> bytes:
    items = "".join(
        f"<li><a href='{u}'>新闻{i}</a> 2024-05-0{i % 9 + 1}</li>" for i, u in enumerate(links)
    )
    return f"<html><head>{head}</head><body><ul>{items}</ul></body></html>".encode()


def _sitemap(root: str, entries: str) -> bytes:
    ns = "http://www.sitemaps.org/schemas/sitemap/0.9"
    return f'<?xml version="1.0" encoding="UTF-8"?><{root} xmlns="{ns}">{entries}</{root}>'.encode()


def urlset(urls: list[str]) -> bytes:
    return _sitemap(
        "urlset", "".join(f"<url><loc>{u}</loc><lastmod>2024-05-01</lastmod></url>" for u in urls)
    )


def sitemap_index(urls: list[str]) -> bytes:
    return _sitemap("sitemapindex", "".join(f"<sitemap><loc>{u}</loc></sitemap>" for u in urls))


def rss(urls: list[str]) -> bytes:
    items = "".join(f"<item><title>t</title><link>{u}</link></item>" for u in urls)
    return f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'.encode()


@dataclass
class Reply:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    delay: float = 0.0  # seconds before the answer starts
    gzip: bool = False  # sent with Content-Encoding: gzip


@dataclass(frozen=True)
class Hit:
    path: str
    headers: dict[str, str]
    arrived: float  # time.monotonic() when the request arrived
    status: int
    client: int = 0  # the client's port: one per connection


Page = Reply | Callable[[BaseHTTPRequestHandler], int]


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hangs up (the crawler cutting a slow reply short) is expected


class Host:
    """One HTTP/1.1 server with keep-alive on ip:ephemeral port."""

    def __init__(self, ip: str = "127.0.0.1") -> None:
        self.pages: dict[str, Page] = {}
        self.log: list[Hit] = []
        self.lock = threading.Lock()
        self.server = _Server((ip, 0), _handler(self))
        self.base = f"http://{ip}:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return self.base + path

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def paths(self, status: int | None = None) -> list[str]:
        with self.lock:
            return [h.path for h in self.log if status is None or h.status == status]

    def hits(self) -> list[Hit]:
        with self.lock:
            return list(self.log)


def _handler(host: Host) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            arrived = time.monotonic()
            page = host.pages.get(self.path)
            if callable(page):
                status = page(self)
            else:
                status = self._reply(page or Reply(404, body=b"not found"))
            with host.lock:
                hit = Hit(self.path, dict(self.headers), arrived, status, self.client_address[1])
                host.log.append(hit)

        def _reply(self, reply: Reply) -> int:
            if reply.delay:
                time.sleep(reply.delay)
            headers = {"Content-Type": "text/html; charset=utf-8", **reply.headers}
            status, body = reply.status, reply.body
            if status == 200:
                etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                headers.setdefault("ETag", etag)
                modified = headers.get("Last-Modified")
                if self.headers.get("If-None-Match") == headers["ETag"] or (
                    modified and self.headers.get("If-Modified-Since") == modified
                ):
                    status, body = 304, b""
            if reply.gzip and status == 200:
                body = gzip.compress(body)
                headers["Content-Encoding"] = "gzip"
            self.send_response(status)
            for name, value in headers.items():
                if value:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return status

    return Handler
