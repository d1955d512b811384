"""search.sources.crawl.robots: what each robots.txt reply means (RFC 9309), read by protego."""

from __future__ import annotations

from search.sources.crawl.robots import MAX_CRAWL_DELAY, rules_from

UA = "zonesearch/0.1"


def test_rules_delays_and_sitemaps() -> None:
    body = (
        b"User-agent: *\nDisallow: /private/\nAllow: /private/open$\nCrawl-delay: 2\n\n"
        b"User-agent: zonesearch\nDisallow: /*.pdf$\nRequest-rate: 1/5\n\n"
        b"Sitemap: http://h/sitemap_index.xml\n"
    )
    rules = rules_from(200, body)
    assert rules.allowed("http://h/private/x", "other") is False
    assert rules.allowed("http://h/private/open", "other") is True
    assert rules.allowed("http://h/private/x", UA) is True  # its own group replaces *
    assert rules.allowed("http://h/a.pdf", UA) is False
    assert rules.delay(UA) == 5.0 and rules.delay("other") == 2.0
    assert rules.sitemaps == ("http://h/sitemap_index.xml",) and rules.reason is None
    assert rules_from(200, b"User-agent: *\nCrawl-delay: 99999\n").delay(UA) == MAX_CRAWL_DELAY


def test_what_each_status_means() -> None:
    assert rules_from(404, None).allowed("http://h/x", UA)  # no robots.txt: all allowed
    assert rules_from(403, None).allowed("http://h/x", UA)  # RFC 9309: 4xx is "unavailable"
    for unreachable in (
        rules_from(503, None),
        rules_from(0, None, "timed out waiting for headers"),
    ):
        assert not unreachable.allowed("http://h/x", UA)
        assert unreachable.reason and unreachable.reason.startswith("robots.txt unavailable")
    assert rules_from(200, b"\xff\xfe garbage \x00").allowed("http://h/x", UA)
