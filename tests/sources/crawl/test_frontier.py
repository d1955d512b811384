"""search.sources.crawl.frontier: states, due times, runs taken up after a kill, the lock."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from crawlsite import Host, Reply, article_html, list_html

from search.sources.crawl.crawler import crawl
from search.sources.crawl.frontier import CrawlLocked, Entry, Frontier
from search.sources.crawl.options import CrawlOptions
from search.sources.crawl.sites import load_sites
from search.sources.crawl.store import iter_store

ROOT = Path(__file__).resolve().parents[3]


def _entry(url: str, **kw: object) -> Entry:
    return Entry(url, "s", "h", **{"next_at": 0.0, **kw})  # type: ignore[arg-type]


def test_states_and_what_is_due(tmp_path: Path) -> None:
    with Frontier(tmp_path) as f:
        run = f.begin_run(100.0)
        assert not run.resumed
        assert f.add(_entry("http://h/a", role="article", depth=2))
        assert f.add(_entry("http://h/list", role="list", depth=1))
        assert f.add(_entry("http://h/s.xml", kind="index"))
        assert f.add(_entry("http://h/later", next_at=500.0))
        assert not f.add(_entry("http://h/a"))  # known: left as it is
        order = [e.url for e in f.due(["s"], run, 200.0)]
        assert order == ["http://h/s.xml", "http://h/list", "http://h/a"]  # indexes, lists, pages
        assert [e.url for e in f.due(["other"], run, 200.0)] == []
        f.update("http://h/a", state="fetched", last_at=150.0, next_at=150.0, content_hash="x")
        assert "http://h/a" not in [e.url for e in f.due(["s"], run, 200.0)]  # dealt with
        assert f.owner_of("x", "http://h/b", "s") == "http://h/a"
        assert f.owner_of("x", "http://h/a", "s") is None  # not its own duplicate
        assert f.owner_of("x", "http://h/b", "other site") is None
        f.finish_run(run, 300.0, None)
        nxt = f.begin_run(400.0)
        assert "http://h/a" in [e.url for e in f.due(["s"], nxt, 400.0)]  # a new run: due again
        assert f.counts() == {"queued": 4 - 1, "fetched": 1}
        with pytest.raises(ValueError, match="no such frontier field"):
            f.update("http://h/a", colour="red")


def test_a_shorter_recrawl_interval_takes_effect_at_once(tmp_path: Path) -> None:
    day = 86400.0
    with Frontier(tmp_path) as f:
        for url, role in (("http://h/a", "article"), ("http://h/l", "list")):
            f.add(_entry(url, role=role, state="fetched", last_at=0.0, next_at=30 * day))
        f.shorten("s", recrawl=day, article_recrawl=7 * day)
        assert f.get("http://h/l").next_at == day - 3600  # type: ignore[union-attr]
        assert f.get("http://h/a").next_at == 7 * day - 3600  # type: ignore[union-attr]
        f.shorten("s", recrawl=60 * day, article_recrawl=60 * day)  # longer: left as it is
        assert f.get("http://h/a").next_at == 7 * day - 3600  # type: ignore[union-attr]
        f.shorten("s", recrawl=0.0, article_recrawl=0.0)
        assert f.get("http://h/a").next_at == 0.0  # type: ignore[union-attr]


def test_gone_takes_two_answers_gone_after_apart(tmp_path: Path) -> None:
    with Frontier(tmp_path) as f:
        f.add(_entry("http://h/x"))
        assert not f.missing("http://h/x", 1000.0, gone_after=60.0, status=404)
        entry = f.get("http://h/x")
        assert entry and entry.state == "missing" and entry.next_at == 1060.0
        assert not f.missing("http://h/x", 1030.0, gone_after=60.0, status=404)  # too soon
        assert f.missing("http://h/x", 1061.0, gone_after=60.0, status=410)
        entry = f.get("http://h/x")
        assert (
            entry and entry.state == "gone" and entry.next_at is None and entry.reason == "HTTP 410"
        )


def test_a_second_crawl_of_the_same_store_is_refused(tmp_path: Path) -> None:
    with Frontier(tmp_path):
        with pytest.raises(CrawlLocked, match="another crawl is running"):
            Frontier(tmp_path)
    Frontier(tmp_path).close()  # free again once the first is closed


def test_an_unreadable_frontier_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "frontier.sqlite").write_bytes(b"this is not a database" * 100)
    with pytest.raises(ValueError, match="frontier .* is unreadable"):
        Frontier(tmp_path)


# -- SIGKILL, then the next crawl takes the run up --------------------------------------------

CHILD = """
import sys
from pathlib import Path
from search.sources.crawl.crawler import crawl
from search.sources.crawl.options import CrawlOptions
from search.sources.crawl.sites import load_sites
crawl(CrawlOptions(store=Path(sys.argv[2]), sites=tuple(load_sites(Path(sys.argv[1])))))
"""


@pytest.fixture
def two_hosts() -> Iterator[list[Host]]:
    hosts = [Host("127.0.0.7"), Host("127.0.0.8")]
    for host in hosts:
        articles = [f"/a{i}.html" for i in range(12)]
        host.pages = {"/": Reply(200, {}, list_html(articles, head=f"<title>{host.base}</title>"))}
        host.pages.update({p: Reply(200, {}, article_html(f"文章{p}")) for p in articles})
    yield hosts
    for host in hosts:
        host.close()


def test_a_killed_crawl_resumes_without_fetching_again(
    two_hosts: list[Host], tmp_path: Path
) -> None:
    sites = tmp_path / "sites.toml"
    sites.write_text(
        "[defaults]\ndelay = 0.1\nrecrawl = 0\narticle_recrawl = 0\n"
        + "".join(
            f'[[site]]\nname = "h{i}"\nstart = ["{h.url("/")}"]\n' for i, h in enumerate(two_hosts)
        ),
        encoding="utf-8",
    )
    store = tmp_path / "store"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(sites), str(store)], cwd=ROOT, env=env
    )
    try:
        deadline = time.monotonic() + 60
        while sum(len(h.paths(200)) for h in two_hosts) < 10 and time.monotonic() < deadline:
            time.sleep(0.02)
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    first = [h.paths() for h in two_hosts]
    assert 10 <= sum(map(len, first)) < 30  # killed midway

    report = crawl(CrawlOptions(store=store, sites=tuple(load_sites(sites))))
    assert report.resumed
    for host, before in zip(two_hosts, first, strict=True):
        after = host.paths()[len(before) :]
        assert "/robots.txt" not in after  # kept in the frontier
        # nothing the killed crawl had from the host is asked again, but for the one
        # request that may have been in flight when it died
        assert set(after) & set(before) <= {before[-1]}, (before, after)
        assert len(after) + len(set(before)) >= 13 + 1  # every page, robots.txt, once
    stored = {raw.url for raw in iter_store(store)}
    assert stored == {h.url(p) for h in two_hosts for p in h.pages}
    assert not crawl(CrawlOptions(store=store, sites=tuple(load_sites(sites)))).resumed
