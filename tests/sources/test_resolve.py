"""search.sources.resolve: each path goes to its reader; a missing path is a Skip."""

from __future__ import annotations

import gzip
from pathlib import Path

from search.document import Raw, Skip
from search.sources.crawl.store import Store
from search.sources.records import RecordOptions
from search.sources.resolve import iter_sources


def test_paths_routed_to_their_readers(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text("开发区", encoding="utf-8")
    (tmp_path / "docs" / "sub").mkdir()
    (tmp_path / "docs" / "sub" / "rows.csv").write_text("words\n工业园区\n", encoding="utf-8")
    dump = tmp_path / "dump.jsonl"
    dump.write_text('{"body": "不读", "words": "高新区"}\n', encoding="utf-8")
    csv_dump = tmp_path / "dump.csv"
    csv_dump.write_text("words\n综保区\n", encoding="utf-8")
    store = Store(tmp_path / "store")
    store.save("http://x.cn/", 200, {"content-type": "text/html; charset=gbk"}, b"<p>x</p>")
    results = list(
        iter_sources(
            [tmp_path / "docs", dump, csv_dump, tmp_path / "store", tmp_path / "nope"],
            RecordOptions(text_column="words"),
        )
    )
    assert [type(r) for r in results] == [Raw, Raw, Raw, Raw, Raw, Skip]
    doc, folder_row, jsonl, csv_row, page, missing = results
    assert doc.uri.endswith("/docs/a.txt")
    # a dump inside a folder is read as records after the folder's files
    assert (folder_row.uri, folder_row.text) == (f"{tmp_path}/docs/sub/rows.csv#2", "工业园区")
    assert (jsonl.uri, jsonl.text) == (f"{dump}#1", "高新区")
    assert (csv_row.uri, csv_row.text) == (f"{csv_dump}#2", "综保区")
    assert (page.url, page.content_type) == ("http://x.cn/", "text/html; charset=gbk")
    assert missing == Skip(str(tmp_path / "nope"), "no such file or folder")


def test_broken_symlink_given_as_source(tmp_path: Path) -> None:
    (tmp_path / "link").symlink_to(tmp_path / "gone")
    assert list(iter_sources([tmp_path / "link"])) == [
        Skip(str(tmp_path / "link"), "broken symlink")
    ]


def test_gzip_dumps_given_or_found_in_a_folder(tmp_path: Path) -> None:
    (tmp_path / "crawl").mkdir()
    found = tmp_path / "crawl" / "day1.jsonl.gz"
    found.write_bytes(gzip.compress('{"id": "a", "text": "经开区"}\n'.encode()))
    given = tmp_path / "rows.csv.gz"
    given.write_bytes(gzip.compress("text\n自贸区\n".encode()))
    results = list(iter_sources([tmp_path / "crawl", given]))
    assert [(r.uri, r.text) for r in results] == [
        (f"{found}#a", "经开区"),
        (f"{given}#2", "自贸区"),
    ]
