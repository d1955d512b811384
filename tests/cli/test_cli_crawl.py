"""`zonesearch crawl`: a real site on 127.0.0.1 into a store, then indexed offline."""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from search.cli.main import main
from search.sources.resolve import iter_sources

ARTICLE = (
    "<html><head><meta charset='utf-8'><title>镇江综保区获批试点</title></head><body>"
    "<nav><a href='/index.html'>首页</a></nav><article><h1>镇江综保区获批试点</h1>"
    "<p>发布时间：2024-06-01</p>"
    "<p>镇江综合保税区获批全国海关特殊监管区域企业增值税一般纳税人试点资格，"
    "增强综保区统筹两种资源、连接两个市场的能力。</p>"
    "<p>下一步，镇江综保区将加快转型升级，推动外贸高质量发展。</p></article></body></html>"
)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    root = tmp_path / "site"
    root.mkdir()
    (root / "index.html").write_text(
        "<html><body><a href='/a.html'>综保区</a> <a href='/private/b.html'>内部</a></body></html>",
        encoding="utf-8",
    )
    (root / "a.html").write_text(ARTICLE, encoding="utf-8")
    (root / "private").mkdir()
    (root / "private" / "b.html").write_text(ARTICLE, encoding="utf-8")
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n", encoding="utf-8")
    handler = functools.partial(_Quiet, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_crawl_stores_pages_and_obeys_robots(site: str, tmp_path: Path) -> None:
    store = tmp_path / "store"
    args = ["crawl", f"{site}/index.html", "--store", str(store), "--delay", "0", "--json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["fetched"] == 2
    assert summary["skipped"].get("robots") == 1
    urls = {raw.url for raw in iter_sources([store]) if hasattr(raw, "url")}
    assert f"{site}/a.html" in urls
    again = CliRunner().invoke(main, args)
    assert json.loads(again.stdout)["unchanged"] == 2


def test_non_http_url_is_refused_with_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["crawl", "ftp://x/y", "--store", str(tmp_path / "s")])
    assert result.exit_code == 1
    assert "only http(s)" in result.output


def test_store_must_be_given() -> None:
    assert CliRunner().invoke(main, ["crawl", "http://127.0.0.1:9/"]).exit_code == 2
