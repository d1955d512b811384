"""The crawl store: fetched pages kept on disk (raw bytes plus headers) for rebuilds offline.

Layout: STORE/.zonesearch-crawl-store (the marker, JSON), and for each page, keyed by the
SHA-1 of its final URL, STORE/pages/ab/abcdef….body (the body, Content-Encoding undone) and
….json (url, status, headers, fetched_at). The .json is written last, so a page without one
is incomplete. The crawl's frontier (frontier.sqlite) lives beside pages/. What the store
holds is what the index should hold: a page gone from the site, or folded into another URL,
is removed, and the next `zonesearch update` of the store deletes it from the index.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from search.document import Kind, Raw, Skip
from search.sources.crawl.discovery import GZIP_MAGIC, gunzip
from search.sources.files import MAX_FILE_BYTES
from search.sources.sniff import SNIFF_BYTES, looks_binary, sniff_kind

MARKER = ".zonesearch-crawl-store"
FORMAT = 1


def is_store(path: Path) -> bool:
    """True for a folder that a crawl made."""
    return (Path(path) / MARKER).is_file()


def _write_atomic(path: Path, data: bytes, made: set[Path] | None = None) -> None:
    if made is None or path.parent not in made:
        path.parent.mkdir(parents=True, exist_ok=True)
        if made is not None:
            made.add(path.parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Store:
    """A crawl store folder, created with its marker when missing."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.made: set[Path] = set()  # page folders known to exist
        marker = self.root / MARKER
        if not marker.is_file():
            if self.root.exists() and any(self.root.iterdir()):
                raise ValueError(f"{self.root} is not empty and not a crawl store")
            marker_data = {"format": FORMAT, "created": _now()}
            _write_atomic(marker, json.dumps(marker_data).encode())

    def _base(self, url: str) -> Path:
        key = hashlib.sha1(url.encode("utf-8")).hexdigest()
        return self.root / "pages" / key[:2] / key

    def meta(self, url: str) -> dict[str, Any] | None:
        """The stored metadata of a page, or None when it was never stored."""
        return _read_meta(self._base(url).with_suffix(".json"))

    def has(self, url: str) -> bool:
        """Whether a complete page is stored under url."""
        base = self._base(url)
        return base.with_suffix(".json").is_file() and base.with_suffix(".body").is_file()

    def body(self, url: str) -> bytes | None:
        try:
            return self._base(url).with_suffix(".body").read_bytes()
        except OSError:
            return None

    def save(self, url: str, status: int, headers: dict[str, str], body: bytes) -> None:
        base = self._base(url)
        meta = {"url": url, "status": status, "headers": headers, "fetched_at": _now()}
        _write_atomic(base.with_suffix(".body"), body, self.made)
        _write_atomic(base.with_suffix(".json"), json.dumps(meta, ensure_ascii=False).encode())

    def remove(self, url: str) -> bool:
        """Take a page out of the store (metadata first: a page without it is no page)."""
        base = self._base(url)
        meta = base.with_suffix(".json")
        held = meta.is_file()
        meta.unlink(missing_ok=True)
        base.with_suffix(".body").unlink(missing_ok=True)
        return held


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _read_meta(path: Path) -> dict[str, Any] | None:
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return meta if isinstance(meta, dict) and isinstance(meta.get("url"), str) else None


def kind_of(content_type: str | None, body: bytes) -> Kind | None:
    """'html' or 'text' from the Content-Type; sniffed when it says neither; None for binary."""
    mime = (content_type or "").split(";")[0].strip().lower()
    if mime in ("text/html", "application/xhtml+xml"):
        return "html"
    if mime == "text/plain":
        return "text"
    head = body[:SNIFF_BYTES]
    return None if looks_binary(head) else sniff_kind(head)


def iter_store(store: Path) -> Iterator[Raw | Skip]:
    """Every stored page as Raw (uri and url: the final URL), sorted by URL."""
    pages = Path(store) / "pages"
    metas: list[tuple[str, Path, dict[str, Any]]] = []
    for meta_path in sorted(pages.glob("*/*.json")):
        meta = _read_meta(meta_path)
        if meta is None:
            yield Skip(str(meta_path), "unreadable page metadata")
            continue
        metas.append((meta["url"], meta_path, meta))
    for url, meta_path, meta in sorted(metas, key=lambda m: m[0]):
        try:
            body = meta_path.with_suffix(".body").read_bytes()
        except OSError:
            yield Skip(url, "stored page has no body")
            continue
        if not body:
            yield Skip(url, "empty page")
            continue
        headers = meta.get("headers") or {}
        headers = headers if isinstance(headers, dict) else {}
        content_type = headers.get("content-type")
        if headers.get("content-encoding") and body.startswith(GZIP_MAGIC):
            # stores written before the crawler decoded Content-Encoding kept gzip as served
            try:
                body = gunzip(body, MAX_FILE_BYTES)
            except ValueError as e:
                yield Skip(url, f"stored page does not decompress: {e}")
                continue
        kind = kind_of(content_type, body)
        if kind is None:
            yield Skip(url, "binary content")
            continue
        yield Raw(uri=url, data=body, kind=kind, content_type=content_type, url=url)
