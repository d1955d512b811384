"""search.sources.crawl.links: links, feeds and list-or-article from real and odd pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from search.sources.crawl.links import extract_links, page_links

NEWS_HTML = Path(__file__).resolve().parents[4] / "shared" / "corpus" / "news-html"


def test_links_from_odd_pages() -> None:
    deep = b"<html><body>" + b"<div>" * 20000 + b'<a href="/x?a=1&amp;b=2">x</a>'
    assert extract_links(deep + b"</div>" * 20000, "http://h/") == ["http://h/x?a=1&b=2"]
    gbk = '<a href="/开.html">x</a><a href="#top">t</a>'.encode("gbk")
    assert extract_links(gbk, "http://h/", "text/html; charset=gbk") == ["http://h/%E5%BC%80.html"]
    xml = b'<?xml version="1.0" encoding="utf-8"?><html><body><a href="a.html">a</a></body></html>'
    assert extract_links(xml, "http://h/d/") == ["http://h/d/a.html"]
    assert extract_links(b"", "http://h/") == [] and extract_links(b"\x00\xff", "http://h/") == []
    bad = b'<a href="http://[::1/">v6</a><a href="http://h:99x/">port</a><a href=" /ok ">ok</a>'
    assert extract_links(bad, "http://h/") == ["http://h/ok"]


def test_base_feeds_and_sessions() -> None:
    page = (
        b'<html><head><base href="http://other.cn/sub/">'
        b'<link rel="alternate" type="application/rss+xml" href="/rss.xml">'
        b'<link rel="stylesheet" href="/s.css"></head><body>'
        b'<a href="a.html">a</a><a href="b.jsp;jsessionid=0123456789ABCDEF">b</a>'
        b'<a href="a.html#p2">again</a></body></html>'
    )
    links = page_links(page, "http://h/")
    assert links.links == ("http://other.cn/sub/a.html", "http://other.cn/sub/b.jsp")
    assert links.feeds == ("http://other.cn/rss.xml",) and links.sessions == 1


def test_list_pages_and_articles() -> None:
    headlines = "".join(
        f"<li><a href='/a{i}.html'>开发区新闻标题{i}</a> 05-01</li>" for i in range(30)
    )
    assert page_links(f"<ul>{headlines}</ul>".encode(), "http://h/").is_list
    prose = "<p>" + "苏州工业园区发布生物医药产业扶持政策，对创新药研发给予资金奖励。" * 8 + "</p>"
    assert not page_links(f"<nav>{headlines}</nav>{prose}".encode(), "http://h/").is_list


def test_the_rule_on_real_pages() -> None:
    if not NEWS_HTML.is_dir():
        pytest.skip(f"shared pages not found at {NEWS_HTML}")
    articles = sorted((NEWS_HTML / "tests").rglob("*.htm*"))
    as_articles = [p for p in articles if not page_links(p.read_bytes(), "http://h/").is_list]
    assert len(articles) == 27 and len(as_articles) == 25  # the two others: near-empty shells
    assert page_links((NEWS_HTML / "test_list_page/163/1.html").read_bytes(), "http://h/").is_list
