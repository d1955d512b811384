"""search.sources.crawl.store: pages kept for offline rebuilds, removed when gone."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from search.document import Raw, Skip
from search.sources.crawl.store import MARKER, Store, is_store, iter_store
from search.sources.resolve import iter_sources


def test_save_read_remove(tmp_path: Path) -> None:
    store = Store(tmp_path / "s")
    assert is_store(tmp_path / "s") and (tmp_path / "s" / MARKER).is_file()
    store.save(
        "http://h/a", 200, {"content-type": "text/html; charset=gbk"}, "开发区".encode("gbk")
    )
    store.save("http://h/b", 200, {"content-type": "text/plain"}, "园区".encode())
    assert store.has("http://h/a") and store.body("http://h/a") == "开发区".encode("gbk")
    pages = list(iter_store(tmp_path / "s"))
    assert [(p.url, p.kind, p.content_type) for p in pages] == [  # type: ignore[union-attr]
        ("http://h/a", "html", "text/html; charset=gbk"),
        ("http://h/b", "text", "text/plain"),
    ]
    assert list(iter_sources([tmp_path / "s"])) == pages
    assert store.remove("http://h/a") and not store.remove("http://h/a")
    assert [p.uri for p in iter_store(tmp_path / "s")] == ["http://h/b"]


def test_store_refuses_a_folder_it_did_not_make(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("mine")
    with pytest.raises(ValueError, match="not a crawl store"):
        Store(tmp_path)
    assert not is_store(tmp_path)


def test_pages_stored_gzipped_by_an_earlier_crawler_are_read_decoded(tmp_path: Path) -> None:
    store = Store(tmp_path)
    html = "<html><body><p>综合保税区</p></body></html>".encode()
    headers = {"content-type": "text/html; charset=utf-8", "content-encoding": "gzip"}
    store.save("http://h/old", 200, headers, gzip.compress(html))
    store.save("http://h/broken", 200, headers, gzip.compress(html)[:15])
    store.save("http://h/empty", 200, {"content-type": "text/html"}, b"")
    store.save("http://h/bin", 200, {"content-type": "image/png"}, b"\x89PNG\x00\x00\x01")
    (tmp_path / "pages" / "zz").mkdir()
    (tmp_path / "pages" / "zz" / "bad.json").write_text("{not json")
    got = {r.uri: r for r in iter_store(tmp_path)}
    assert isinstance(got["http://h/old"], Raw) and got["http://h/old"].data == html
    assert got["http://h/broken"] == Skip(
        "http://h/broken", "stored page does not decompress: bad gzip: truncated"
    )
    assert got["http://h/empty"] == Skip("http://h/empty", "empty page")
    assert got["http://h/bin"] == Skip("http://h/bin", "binary content")
    assert got[str(tmp_path / "pages" / "zz" / "bad.json")].reason == "unreadable page metadata"
    meta = json.loads(next((tmp_path / "pages").glob("*/*.json")).read_text())
    assert set(meta) == {"url", "status", "headers", "fetched_at"}
