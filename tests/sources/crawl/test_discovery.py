"""search.sources.crawl.discovery: sitemaps, sitemap indexes, gzip, RSS, Atom, text lists."""

from __future__ import annotations

import gzip

import pytest

from search.sources.crawl.discovery import Listing, gunzip, parse_date, parse_listing

NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def test_urlset_with_lastmod() -> None:
    data = (
        f'<?xml version="1.0"?><urlset {NS}><url><loc> http://h/a </loc>'
        "<lastmod>2024-05-01</lastmod></url><url><loc>http://h/b</loc></url>"
        "<url><lastmod>2024-05-01</lastmod></url></urlset>"
    ).encode()
    assert parse_listing(data) == Listing(
        "urlset", (("http://h/a", parse_date("2024-05-01")), ("http://h/b", None))
    )


def test_sitemap_index_gzip_and_text() -> None:
    index = f"<sitemapindex {NS}><sitemap><loc>http://h/s1.xml.gz</loc></sitemap></sitemapindex>"
    listing = parse_listing(gunzip(gzip.compress(index.encode())))
    assert listing == Listing("sitemapindex", sitemaps=("http://h/s1.xml.gz",))
    text = parse_listing(b"\xef\xbb\xbfhttp://h/x\n\nnot a url\nhttps://h/y\n")
    assert text == Listing("text", (("http://h/x", None), ("https://h/y", None)))


def test_feeds() -> None:
    rss = (
        b'<rss version="2.0"><channel><item><link>http://h/r1</link>'
        b"<pubDate>Wed, 01 May 2024 08:00:00 +0800</pubDate></item>"
        b"<item><guid>http://h/r2</guid></item>"
        b'<item><guid isPermaLink="false">tag:1</guid></item></channel></rss>'
    )
    assert parse_listing(rss) == Listing(
        "rss", (("http://h/r1", parse_date("2024-05-01T00:00:00Z")), ("http://h/r2", None))
    )
    atom = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><link rel="self" href="http://h/self"/>'
        b'<link href="http://h/at"/><updated>2024-05-01T00:00:00Z</updated></entry></feed>'
    )
    assert parse_listing(atom) == Listing("atom", (("http://h/at", 1714521600.0),))
    rdf = (
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        b'xmlns="http://purl.org/rss/1.0/"><channel/><item><link>http://h/rdf</link></item></rdf:RDF>'
    )
    assert parse_listing(rdf) == Listing("rdf", (("http://h/rdf", None),))


def test_hostile_listings() -> None:
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b"<urlset><url><loc>&e;</loc></url></urlset>"
    )
    assert parse_listing(xxe) == Listing("urlset")  # the entity is never read
    for junk in (b"", b"\x00\xff\xfe", b"<html><body>no</body></html>", b"<<<"):
        assert parse_listing(junk) is None
    bomb = gzip.compress(b"<urlset>" + b" " * 5_000_000 + b"</urlset>")
    with pytest.raises(ValueError, match="more than 1000000 bytes"):
        gunzip(bomb, limit=1_000_000)
    with pytest.raises(ValueError, match="bad gzip"):
        gunzip(b"\x1f\x8b\x08\x00garbage")
    with pytest.raises(ValueError, match="truncated"):
        gunzip(gzip.compress(b"a" * 1000)[:-12])
    assert gunzip(b"plain") == b"plain"


def test_dates() -> None:
    assert parse_date("2024-05-01T08:00:00+08:00") == parse_date("2024-05-01T00:00:00Z")
    assert parse_date("Wed, 01 May 2024 00:00:00 GMT") == parse_date("2024-05-01")
    assert parse_date("yesterday") is None and parse_date(None) is None
