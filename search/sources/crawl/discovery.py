"""Sitemaps and feeds: the URLs they list, read with lxml (no entities, no network).

Formats: a sitemap urlset (loc and lastmod), a sitemap index (nested sitemaps), RSS 2.0,
RSS 1.0 (RDF), Atom, and a plain-text sitemap (one URL a line); any of them gzip-compressed
(a .xml.gz served as a file, not as a Content-Encoding), decompressed up to a limit.

trafilatura's sitemaps and feeds helpers are not used: they fetch through their own
downloader (no per-host politeness, no frontier), tell a nested sitemap from a page by its
file name rather than by the sitemapindex element, drop lastmod, and filter links by
registered domain where the crawler's scope is host and port.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import datetime, timezone

import lxml.etree

GZIP_MAGIC = b"\x1f\x8b"
MAX_INDEX_BYTES = 50 * 1024 * 1024  # the sitemap protocol's limit, uncompressed
MAX_ENTRIES = 50_000
_PARSER = lxml.etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, recover=True, huge_tree=False
)
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")


@dataclass(frozen=True)
class Listing:
    """What a sitemap or feed lists: pages (URL, last modified or None) and nested sitemaps."""

    format: str  # "urlset", "sitemapindex", "rss", "rdf", "atom" or "text"
    pages: tuple[tuple[str, float | None], ...] = ()
    sitemaps: tuple[str, ...] = ()


def gunzip(data: bytes, limit: int = MAX_INDEX_BYTES) -> bytes:
    """data decompressed when it is gzip; ValueError when it is corrupt or too large."""
    if not data.startswith(GZIP_MAGIC):
        return data
    inflater = zlib.decompressobj(wbits=31)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as e:
        raise ValueError(f"bad gzip: {e}") from None
    if len(out) > limit:
        raise ValueError(f"more than {limit} bytes once decompressed")
    if not inflater.eof:
        raise ValueError("bad gzip: truncated")
    return out


def parse_date(text: str | None) -> float | None:
    """A W3C datetime or RFC 822 date as a POSIX timestamp (UTC when no zone is given)."""
    if not text:
        return None
    text = text.strip()
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.timestamp()


def _local(tag: object) -> str:
    return lxml.etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def _children(element: lxml.etree._Element, name: str) -> list[lxml.etree._Element]:
    return [c for c in element if _local(c.tag) == name]


def _text(element: lxml.etree._Element, name: str) -> str | None:
    for child in _children(element, name):
        if child.text and child.text.strip():
            return child.text.strip()
    return None


def _atom_link(entry: lxml.etree._Element) -> str | None:
    for link in _children(entry, "link"):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link.get("href", "").strip()
    return None


def parse_listing(data: bytes) -> Listing | None:
    """The URLs a sitemap or feed lists (gzip already undone), or None when it is neither."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head and head != b"<":
        lines = data.decode("utf-8-sig", "replace").splitlines()
        urls = [
            ln.strip() for ln in lines if ln.strip().lower().startswith(("http://", "https://"))
        ]
        return Listing("text", tuple((u, None) for u in urls[:MAX_ENTRIES])) if urls else None
    try:
        root = lxml.etree.fromstring(data, _PARSER)
    except (lxml.etree.XMLSyntaxError, ValueError):
        return None
    if root is None:
        return None
    kind = _local(root.tag)
    pages: list[tuple[str, float | None]] = []
    if kind == "urlset":
        for url in _children(root, "url")[:MAX_ENTRIES]:
            if loc := _text(url, "loc"):
                pages.append((loc, parse_date(_text(url, "lastmod"))))
        return Listing("urlset", tuple(pages))
    if kind == "sitemapindex":
        locs = [_text(s, "loc") for s in _children(root, "sitemap")[:MAX_ENTRIES]]
        return Listing("sitemapindex", sitemaps=tuple(loc for loc in locs if loc))
    if kind in ("rss", "rdf"):
        channel = _children(root, "channel")
        items = _children(channel[0], "item") if kind == "rss" and channel else []
        items += _children(root, "item")  # RSS 1.0 keeps its items beside the channel
        for item in items[:MAX_ENTRIES]:
            link = _text(item, "link")
            guid = _children(item, "guid")
            if not link and guid and guid[0].get("isPermaLink", "true") == "true":
                link = _text(item, "guid")
            if link:
                date = _text(item, "pubdate") or _text(item, "date")
                pages.append((link, parse_date(date)))
        return Listing(kind, tuple(pages))
    if kind == "feed":
        for entry in _children(root, "entry")[:MAX_ENTRIES]:
            if link := _atom_link(entry):
                date = _text(entry, "updated") or _text(entry, "published")
                pages.append((link, parse_date(date)))
        return Listing("atom", tuple(pages))
    return None
