"""The manifest: written gzipped into a generation, read back (old plain ones too)."""

from __future__ import annotations

import gzip
import json
from dataclasses import asdict
from pathlib import Path

from search.build.manifest import MANIFEST, Entry, raw_hash, read_manifest, write_manifest
from search.document import Raw

ENTRIES = [
    Entry("a.txt", "/src", "h1", id="i1", content_hash="c1", fingerprint=7, group="i1"),
    Entry("b.bin", "/src", "h2", skipped="binary data"),
]


def test_round_trip_and_compressed(tmp_path: Path) -> None:
    write_manifest(tmp_path, ENTRIES)
    assert read_manifest(tmp_path) == {e.uri: e for e in ENTRIES}
    lines = gzip.decompress((tmp_path / MANIFEST).read_bytes()).decode().splitlines()
    assert [json.loads(line)["uri"] for line in lines] == ["a.txt", "b.bin"]


def test_a_plain_manifest_from_an_older_generation_is_read(tmp_path: Path) -> None:
    text = "".join(json.dumps(asdict(e)) + "\n" for e in ENTRIES)
    (tmp_path / "manifest.jsonl").write_text(text + "\n", encoding="utf-8")
    assert list(read_manifest(tmp_path)) == ["a.txt", "b.bin"]


def test_no_manifest_is_an_empty_one(tmp_path: Path) -> None:
    assert read_manifest(tmp_path) == {}


def test_raw_hash_covers_what_the_source_said() -> None:
    raw = Raw("u", b"data", kind="text")
    assert raw_hash(raw) != raw_hash(Raw("u", b"data", kind="html"))
    assert raw_hash(raw) == raw_hash(Raw("other-uri", b"data", kind="text"))
