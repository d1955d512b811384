"""search.sources.crawl.urls: one key per page, session ids out, host and scope keys."""

from __future__ import annotations

import pytest

from search.sources.crawl.urls import absolute, canonical, host_of, netloc_key, origin_of


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("HTTP://Example.COM:80/a//b?x=1#frag", "http://example.com/a/b?x=1"),
        ("https://h:443", "https://h/"),
        (
            "http://h/开发区.html?q=园区",
            "http://h/%E5%BC%80%E5%8F%91%E5%8C%BA.html?q=%E5%9B%AD%E5%8C%BA",
        ),
        ("http://h/a%20b.html", "http://h/a%20b.html"),  # escapes kept as they are
        ("http://h/list.jsp?2", "http://h/list.jsp?2"),  # a value-less parameter is kept
        ("http://h/l?a=&b=1", "http://h/l?a=&b=1"),
        ("http://h/x?gallery=1&source=rss", "http://h/x?gallery=1&source=rss"),
        ("http://h/x?b=2&utm_source=wx&a=1&fbclid=z", "http://h/x?b=2&a=1"),  # order kept
        ("http://h:8080/", "http://h:8080/"),
    ],
)
def test_canonical_keys(url: str, key: str) -> None:
    assert canonical(url) == (key, False)


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("http://h/a.jsp;jsessionid=0A1B2C3D?id=5", "http://h/a.jsp?id=5"),
        ("http://h/a?PHPSESSID=abc&id=5", "http://h/a?id=5"),
        ("http://h/a?sid=0123456789abcdef0123&p=2", "http://h/a?p=2"),
        ("http://h/(S(abcdefghijklmnopqrstuvwx))/news.aspx", "http://h/news.aspx"),
    ],
)
def test_session_ids_are_taken_out(url: str, key: str) -> None:
    assert canonical(url) == (key, True)


def test_a_short_sid_is_a_site_id_not_a_session() -> None:
    assert canonical("http://h/a?sid=12") == ("http://h/a?sid=12", False)


def test_what_is_not_a_web_url() -> None:
    assert canonical("mailto:a@b.cn") == ("mailto:a@b.cn", False)
    assert canonical("javascript:void(0)")[0] == "javascript:void(0)"
    with pytest.raises(ValueError):
        canonical("http://h:99x/")
    with pytest.raises(ValueError):
        absolute("http://h/", "http://[::1/")


def test_hosts_scopes_and_origins() -> None:
    assert absolute("http://h/a/b.html", "../c.html#x") == ("http://h/c.html", False)
    assert host_of("http://WWW.H.cn:8080/x") == "www.h.cn"
    assert netloc_key("http://h:80/") == "h" and netloc_key("https://h:8443/") == "h:8443"
    assert origin_of("HTTP://H:1/x") == "http://h:1"
