"""search.sources.crawl.sites: the TOML site list, its errors in one line, and scope."""

from __future__ import annotations

from pathlib import Path

import pytest

from search.sources.crawl.sites import (
    DAY,
    Site,
    SiteListError,
    load_sites,
    parse_duration,
    parse_sites,
    site_of,
    sites_for_urls,
)

ROOT = Path(__file__).resolve().parents[3]

LIST = """
[defaults]
delay = 2
recrawl = "12h"

[[site]]
name = "sip"
start = ["https://www.sipac.gov.cn/szgyyq/yqdt/"]
hosts = ["www.sipac.gov.cn", "*.sipac.gov.cn"]
allow = ['^https?://[^/]+/szgyyq/']
deny = ['/print/']
article = '/t\\d{8}_\\d+\\.s?html$'
sitemaps = ["https://www.sipac.gov.cn/sitemap.xml"]
max_pages = 50
article_recrawl = "2w"

[[site]]
name = "zj"
start = "http://zj.example.cn:8080/"
delay = 0.5
"""


def test_the_site_list_and_its_defaults() -> None:
    sip, zj = parse_sites(LIST, max_pages=9, max_depth=4)
    assert sip.delay == 2.0 and sip.recrawl == 12 * 3600 and sip.article_recrawl == 14 * DAY
    assert sip.max_pages == 50 and sip.max_depth == 4  # the caller's default stays unless set
    assert zj.start == ("http://zj.example.cn:8080/",) and zj.hosts == {"zj.example.cn:8080"}
    assert zj.delay == 0.5 and zj.max_pages == 9
    assert sip.is_article("https://www.sipac.gov.cn/szgyyq/t20240510_1.shtml") is True
    assert sip.is_article("https://www.sipac.gov.cn/szgyyq/yqdt/") is False
    assert zj.is_article("http://zj.example.cn:8080/a.html") is None


def test_scope() -> None:
    sip, zj = parse_sites(LIST)
    assert sip.refusal("https://www.sipac.gov.cn/szgyyq/a.html") is None
    assert sip.refusal("https://news.sipac.gov.cn/szgyyq/a.html") is None  # *.sipac.gov.cn
    assert sip.refusal("https://www.sipac.gov.cn/other/a.html") == "outside the site's patterns"
    assert (
        sip.refusal("https://www.sipac.gov.cn/szgyyq/print/a.html")
        == "denied by the site's patterns"
    )
    assert sip.refusal("https://evil.example/szgyyq/") == "off-site"
    assert zj.refusal("http://zj.example.cn:8080/x") is None
    assert zj.refusal("http://zj.example.cn:1/x") == "other port"
    assert zj.refusal("http://zj.example.cn/x") == "other port"
    sites = [sip, zj]
    assert site_of(sites, "http://zj.example.cn:8080/y")[0] is zj
    assert site_of(sites, "http://zj.example.cn:9/y") == (None, "other port")
    assert site_of(sites, "http://nowhere.cn/") == (None, "off-site")


def test_hosts_are_keyed_as_urls_are() -> None:
    site = Site("idn", ("http://xn--fiqs8s.cn/",), hosts=frozenset({"XN--FIQS8S.cn", "a.CN:81"}))
    assert site.refusal("http://中国.cn/x") is None and site.refusal("http://a.cn:81/") is None
    assert Site("idn", ("http://xn--fiqs8s.cn/a",)).refusal("http://xn--fiqs8s.cn/b") is None


def test_sites_from_start_urls() -> None:
    a, b = sites_for_urls(["http://a.cn/x", "http://a.cn/y", "http://b.cn:81/"], delay=0.0)
    assert (a.name, a.start, a.hosts, a.delay) == (
        "a.cn",
        ("http://a.cn/x", "http://a.cn/y"),
        {"a.cn"},
        0.0,
    )
    assert b.name == "b.cn:81"
    (one,) = sites_for_urls(["http://a.cn/"], allow_hosts=["c.cn"])
    assert one.hosts == {"c.cn"} and one.refusal("http://a.cn/") == "off-site"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[site]\nname=", "not TOML"),
        ("[site]\nname='x'", "no [[site]] table"),
        ("[[sites]]\nname='x'", "unknown table 'sites'"),
        ("[[site]]\nstart=['http://a.cn/']", "every site needs a name"),
        ("[[site]]\nname='x'", "start (one or more start URLs) is missing"),
        ("[[site]]\nname='x'\nstart=['ftp://a.cn/']", "only http(s) URLs: ftp://a.cn/"),
        ("[[site]]\nname='x'\nstart='http://a/'\ncolour='red'", "unknown key 'colour'"),
        ("[[site]]\nname='x'\nstart='http://a/'\narticle='('", "is not a regular expression"),
        ("[[site]]\nname='x'\nstart='http://a/'\nrecrawl='soon'", "recrawl: not a duration"),
        (
            "[[site]]\nname='x'\nstart='http://a/'\nmax_pages=0",
            "max_pages must be a whole number >= 1",
        ),
        ("[[site]]\nname='x'\nstart='http://a/'\ndelay=-1", "delay must be a number of seconds"),
        (
            "[[site]]\nname='x'\nstart='http://a/'\n[[site]]\nname='x'\nstart='http://b/'",
            "used twice",
        ),
        (
            "[defaults]\nstart=['http://a/']\n[[site]]\nname='x'\nstart='http://a/'",
            "belongs in a [[site]]",
        ),
    ],
)
def test_a_bad_site_list_is_one_line(text: str, message: str) -> None:
    with pytest.raises(SiteListError) as caught:
        parse_sites(text, "sites.toml")
    assert message in str(caught.value) and "\n" not in str(caught.value)
    assert str(caught.value).startswith("sites.toml")


def test_durations() -> None:
    assert [parse_duration(v) for v in (90, 1.5, "30s", "15m", "12h", "7d", "2w", " 3 d ")] == [
        90,
        1.5,
        30,
        900,
        43200,
        7 * DAY,
        14 * DAY,
        3 * DAY,
    ]
    for bad in ("", "3 days", "-1", -1, True, None):
        with pytest.raises(ValueError):
            parse_duration(bad)


def test_the_example_site_list_in_the_repository_loads(tmp_path: Path) -> None:
    sites = load_sites(ROOT / "sites.example.toml")
    assert sites and all(isinstance(s, Site) and s.start for s in sites)
    with pytest.raises(SiteListError, match="cannot read the site list"):
        load_sites(tmp_path / "missing.toml")
