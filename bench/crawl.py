"""Crawl throughput: pages per second against a local site of many hosts with a per-host delay.

    python -m bench.crawl [--pages 2000] [--hosts 10] [--delay 0.2] [--baseline-seconds 15]

Serves --hosts sites on 127.0.0.11, 127.0.0.12 ... (ephemeral ports, from a child process so
the servers do not share the crawler's interpreter), each with robots.txt naming a
sitemap, the sitemap listing its share of --pages articles, and a home page linking to a
few of them. Crawls them with zonesearch's crawler (--concurrency hosts at once, --delay
between two requests to one host) into a fresh store and prints pages stored, requests,
seconds, pages per second and the ratio to the ideal (hosts / delay: each host answering
as fast as its delay allows), plus the smallest gap between two requests to one host as
the servers saw them (never below the delay if politeness held). The baseline, measured in
the same run for --baseline-seconds, is the crawler's own ceiling here: the same hosts with
no delay at all, so what it costs to fetch, parse and store a page shows beside the ideal.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import tempfile
import time
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Thread

from search.sources.crawl.crawler import crawl
from search.sources.crawl.options import CrawlOptions
from search.sources.crawl.sites import Site
from search.sources.crawl.store import iter_store

TEXT = (
    "镇江经济技术开发区今年新签约项目三十个，总投资一百亿元。园区聚焦新能源和高端装备制造，"
    "推动产业链上下游协同发展，优化营商环境，提升服务效能，加快建设国际化园区。"
)


def _article(host: int, n: int) -> bytes:
    body = "".join(f"<p>第{host}站第{n}篇：{TEXT}</p>" for _ in range(4))
    return f"<html><head><title>{host}-{n}</title></head><body>{body}</body></html>".encode()


def _serve(ip: str, pages: int, index: int, ports) -> None:  # noqa: ANN001
    """One host: robots.txt, sitemap.xml, / and /a/N.html; records request arrival times."""
    seen: list[float] = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            seen.append(time.monotonic())
            base = f"http://{self.headers['Host']}"
            if self.path == "/robots.txt":
                body, kind = f"User-agent: *\nSitemap: {base}/sitemap.xml\n".encode(), "text/plain"
            elif self.path == "/sitemap.xml":
                locs = "".join(f"<url><loc>{base}/a/{n}.html</loc></url>" for n in range(pages))
                body, kind = f"<urlset>{locs}</urlset>".encode(), "application/xml"
            elif self.path == "/":
                links = "".join(f"<a href='/a/{n}.html'>{n}</a>" for n in range(min(20, pages)))
                body, kind = f"<html><body>{links}</body></html>".encode(), "text/html"
            elif self.path.startswith("/a/") and self.path[3:-5].isdigit():
                body, kind = _article(index, int(self.path[3:-5])), "text/html; charset=utf-8"
            elif self.path == "/__arrivals":
                body, kind = json.dumps(seen).encode(), "application/json"
            else:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    class Server(ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request: object, client_address: object) -> None:
            pass  # the crawler closing its keep-alive connections at the end

    server = Server((ip, 0), Handler)
    ports[index] = server.server_address[1]
    server.serve_forever(poll_interval=0.1)


def _servers(hosts: int, per_host: int, ports) -> None:  # noqa: ANN001
    threads = [
        Thread(target=_serve, args=(f"127.0.0.{11 + i}", per_host, i, ports), daemon=True)
        for i in range(hosts)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def _arrivals(base: str) -> list[float]:
    import urllib.request

    with urllib.request.urlopen(base + "/__arrivals", timeout=10) as reply:
        return json.loads(reply.read())


def _run(sites: tuple[Site, ...], concurrency: int, seconds: float) -> tuple[dict, float]:
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        options = CrawlOptions(
            store=store, sites=sites, concurrency=concurrency, max_seconds=seconds, timeout=10
        )
        started = time.monotonic()
        report = crawl(options)
        elapsed = time.monotonic() - started
        stored = sum(1 for _ in iter_store(store))
    return {**report.as_dict(), "stored": stored}, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--hosts", type=int, default=10)
    parser.add_argument("--delay", type=float, default=0.2)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--baseline-seconds", type=float, default=15.0)
    args = parser.parse_args()
    per_host = args.pages // args.hosts
    ports = multiprocessing.Manager().dict()
    child = multiprocessing.Process(
        target=_servers, args=(args.hosts, per_host, ports), daemon=True
    )
    child.start()
    try:
        while len(ports) < args.hosts:
            time.sleep(0.05)
        bases = [f"http://127.0.0.{11 + i}:{ports[i]}" for i in range(args.hosts)]
        sites = tuple(
            Site(f"h{i}", (base + "/",), delay=args.delay, max_pages=per_host + 10)
            for i, base in enumerate(bases)
        )
        report, elapsed = _run(sites, args.concurrency, 3600)
        gaps = []
        for base in bases:
            times = sorted(_arrivals(base))
            gaps += [b - a for a, b in zip(times, times[1:], strict=False)]
        pages = report["stored"]
        ideal = args.hosts / args.delay
        rate = pages / elapsed
        print(
            f"crawl: {pages} pages stored from {args.hosts} hosts ({report['requests']} requests)"
            f" in {elapsed:.1f}s with a {args.delay:g}s per-host delay"
        )
        print(f"  pages/s {rate:.1f}   requests/s {report['requests'] / elapsed:.1f}")
        print(f"  ideal   {ideal:.1f} pages/s (hosts / delay): {rate / ideal:.0%} of it")
        print(f"  smallest gap between two requests to one host: {min(gaps):.3f}s")
        if args.baseline_seconds > 0:
            undelayed = tuple(replace(s, delay=0.0) for s in sites)
            base_report, base_elapsed = _run(undelayed, args.concurrency, args.baseline_seconds)
            ceiling = base_report["stored"] / base_elapsed
            print(
                f"  baseline, the same hosts with no delay: {ceiling:.1f} pages/s over "
                f"{base_elapsed:.0f}s (the crawler's own ceiling on this machine)"
            )
        failed = report["failed"]
        if failed or pages < args.pages:
            print(f"  short: {args.pages - pages} pages not stored; failed: {failed}")
    finally:
        child.terminate()
        child.join(5)


if __name__ == "__main__":
    main()
