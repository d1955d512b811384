"""`zonesearch crawl`: a real site on 127.0.0.1 into a store, then indexed offline."""

from __future__ import annotations

import functools
import io
import json
import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from crawlsite import Host, Reply, article_html, list_html

from search.cli.crawl import ProgressLine
from search.cli.main import main
from search.sources.crawl.frontier import Frontier
from search.sources.crawl.report import Progress
from search.sources.crawl.store import Store
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


def _crawl(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["crawl", *args])
    return result.exit_code, result.stdout, result.stderr


def test_crawl_stores_pages_and_obeys_robots(site: str, tmp_path: Path) -> None:
    store = tmp_path / "store"
    args = [f"{site}/index.html", "--store", str(store), "--delay", "0", "--json"]
    code, out, err = _crawl(*args)
    assert code == 0, out + err
    summary = json.loads(out)
    assert summary["fetched"] == 2 and summary["store"] == str(store)
    assert summary["skipped"] == {"robots": 1}
    assert summary["sites"][site.removeprefix("http://")]["fetched"] == 2
    urls = {raw.url for raw in iter_sources([store]) if hasattr(raw, "url")}
    assert f"{site}/a.html" in urls
    # not due yet: nothing is asked; due at once: asked again, unchanged
    assert json.loads(_crawl(*args)[1])["requests"] == 0
    again = json.loads(_crawl(*args, "--recrawl", "0", "--article-recrawl", "0s")[1])
    assert again["unchanged"] == 2 and again["fetched"] == 0


def test_crawl_from_a_site_list_prints_a_report(site: str, tmp_path: Path) -> None:
    sites = tmp_path / "sites.toml"
    sites.write_text(
        f'[defaults]\ndelay = 0\n[[site]]\nname = "zj"\nstart = ["{site}/index.html"]\n'
        'article = "/a\\\\.html$"\n',
        encoding="utf-8",
    )
    code, out, err = _crawl("--sites", str(sites), "--store", str(tmp_path / "s"))
    assert code == 0, out + err
    assert out.startswith("fetched 2, unchanged 0")
    assert "skipped 1: robots" in out and f"zonesearch update {tmp_path / 's'}" in out
    assert "hosts active" not in err  # no live line when stderr is not a terminal


def test_the_progress_line_on_a_terminal() -> None:
    stream = io.StringIO()
    line = ProgressLine(stream, enabled=True)
    line(Progress(3, 120, 7, 45, 2, 160, 8.0))
    line(Progress(1, 121, 7, 4, 2, 161, 9.0))
    line.close()
    text = stream.getvalue()
    assert text.count("\r") == 2 and text.endswith("\n")
    assert "3 hosts active  120 fetched  7 unchanged  45 queued  2 errors  20.0 req/s" in text
    silent = io.StringIO()
    ProgressLine(silent, enabled=False)(Progress(1, 1, 1, 1, 1, 1, 1.0))
    assert silent.getvalue() == ""


def test_errors_are_one_line(tmp_path: Path) -> None:
    code, out, err = _crawl("ftp://x/y", "--store", str(tmp_path / "s"))
    assert code == 1 and "only http(s)" in err
    assert _crawl("--store", str(tmp_path / "s"))[0] == 2  # neither URLs nor --sites
    assert CliRunner().invoke(main, ["crawl", "http://127.0.0.1:9/"]).exit_code == 2
    bad = tmp_path / "bad.toml"
    bad.write_text("[[site]]\nname = 'x'\nstart = 'http://a.cn/'\ncolour = 'red'\n")
    code, out, err = _crawl("--sites", str(bad), "--store", str(tmp_path / "s"))
    assert code == 1 and err.count("\n") == 1 and "unknown key 'colour'" in err
    twice = tmp_path / "twice.toml"
    twice.write_text("[[site]]\nname = 'a.cn'\nstart = 'http://a.cn/x'\n")
    code, _, err = _crawl("http://a.cn/", "--sites", str(twice), "--store", str(tmp_path / "s"))
    assert code == 1 and "a site named 'a.cn' is given twice" in err
    code, _, err = _crawl("http://a.cn/", "--store", str(tmp_path / "s"), "--recrawl", "soon")
    assert code == 2 and "not a duration" in err
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("x")
    code, _, err = _crawl("http://a.cn/", "--store", str(tmp_path / "mine"))
    assert code == 1 and "not a crawl store" in err


def test_a_store_in_use_is_refused(tmp_path: Path) -> None:
    Store(tmp_path / "s")
    with Frontier(tmp_path / "s"):
        code, _, err = _crawl("http://127.0.0.1:9/", "--store", str(tmp_path / "s"))
    assert code == 1 and "another crawl is running" in err


def test_the_nightly_job_crawl_then_update_deletes_what_is_gone(tmp_path: Path) -> None:
    host = Host("127.0.0.9")
    try:
        articles = {f"/a{i}.html": article_html(f"镇江综保区新闻{i}") for i in (1, 2, 3)}
        host.pages = {"/": Reply(200, {}, list_html(list(articles)))}
        host.pages.update({p: Reply(200, {}, body) for p, body in articles.items()})
        store, index = tmp_path / "store", tmp_path / "index"
        crawl_args = [
            host.url("/"), "--store", str(store), "--delay", "0", "--recrawl", "0",
            "--article-recrawl", "0", "--gone-after", "0.5s", "--json",
        ]  # fmt: skip

        def nightly() -> dict[str, object]:
            code, out, err = _crawl(*crawl_args)
            assert code == 0, out + err
            args = ["update", "--index", str(index), "--json", "--workers", "0"]
            result = CliRunner().invoke(main, args)
            assert result.exit_code == 0, result.output
            return json.loads(result.stdout.strip().splitlines()[-1])

        code, out, err = _crawl(*crawl_args)
        assert code == 0, err
        rebuild = ["rebuild", str(store), "--index", str(index), "--workers", "0"]
        rebuilt = CliRunner().invoke(main, rebuild)
        assert rebuilt.exit_code == 0, rebuilt.output
        assert _indexed(index) == {host.url(p) for p in articles}  # the list page: no article

        host.pages["/a2.html"] = Reply(410, body=b"gone")
        host.pages["/a3.html"] = Reply(301, {"Location": "/a1.html"})
        first = nightly()  # a3 folds into a1 at once; a2 has answered 410 once
        assert first["deleted"] == 1 and host.url("/a2.html") in _indexed(index)
        time.sleep(0.5)
        second = nightly()  # the second 410, half a second on: gone
        assert second["deleted"] == 1
        assert _indexed(index) == {host.url("/a1.html")}
    finally:
        host.close()


def _indexed(index: Path) -> set[str]:
    from search.build.manifest import read_manifest
    from search.segments.generations import Store as Generations

    live = Generations(index).current()
    assert live is not None
    return {uri for uri, entry in read_manifest(live).items() if entry.id}
