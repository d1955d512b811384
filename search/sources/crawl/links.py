"""What an HTML page gives the crawler: its links, its feeds, and whether it is a list page.

A list page (a section's index of headlines) is recrawled more often than an article. Without
a site's article pattern the page itself decides: an article has prose, at least
ARTICLE_PROSE characters in runs of PROSE_RUN or more (a run: the text directly inside one
element, links and scripts not counted); a list page is headlines, which are links, with
dates and nav around. On ../shared/corpus/news-html this calls 25 of the 27 articles
articles (two near-empty shells become lists: recrawled more often, the cheap side to err
on), the 163 list page a list and the tieba forum list, long post excerpts and all, an
article.
"""

from __future__ import annotations

import codecs
import html
import re
from dataclasses import dataclass

import lxml.etree
import lxml.html

from search.sources.crawl.urls import absolute

_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_HREF = re.compile(r"""<(?:a|area)\b[^>]*?\bhref\s*=\s*(["']?)([^"'\s>]+)\1""", re.I)
_SPACE = re.compile(r"\s+")
PROSE_RUN = 40  # characters (spaces not counted) directly inside one element
ARTICLE_PROSE = 200
_NOT_TEXT = {"script", "style", "noscript", "template", "select", "option", "textarea", "head"}
FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/rdf+xml"}


@dataclass(frozen=True)
class PageLinks:
    """Absolute normalised URLs of a page, in page order, without duplicates."""

    links: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()  # <link rel="alternate" type="application/rss+xml" ...>
    sessions: int = 0  # links that carried a session id, taken out
    prose: int = 0  # characters in runs of text of PROSE_RUN or more

    @property
    def is_list(self) -> bool:
        return self.prose < ARTICLE_PROSE


def charset_of(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header, if it names a known codec."""
    match = _CHARSET.search(content_type or "")
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1)).name
    except LookupError:
        return None


def _parse(body: bytes, content_type: str | None) -> tuple[str, lxml.html.HtmlElement | None]:
    # GB18030 reads GBK/GB2312 too, and mis-decoding only mangles non-ASCII parts of hrefs.
    charset = charset_of(content_type) or "utf-8"
    if charset in ("gbk", "gb2312"):
        charset = "gb18030"
    text = body.decode(charset, "replace")
    # huge_tree: pages nested thousands deep still give their links.
    parser = lxml.html.HTMLParser(huge_tree=True, encoding="utf-8")
    try:
        return text, lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return text, None


def _prose(root: lxml.html.HtmlElement) -> int:
    """Characters (spaces not counted) in runs of PROSE_RUN or more outside links."""
    total = 0
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag in _NOT_TEXT or element.tag == "a":
            continue
        pieces = [element.text or ""] + [c.tail or "" for c in element]
        run = len(_SPACE.sub("", "".join(pieces)))
        total += run if run >= PROSE_RUN else 0
    return total


def page_links(body: bytes, base_url: str, content_type: str | None = None) -> PageLinks:
    """Links of a[href] and area[href], feeds of link[rel=alternate], and the page's shape."""
    text, root = _parse(body, content_type)
    if root is None:
        return PageLinks()
    base = base_url
    for href in root.xpath("//base/@href"):
        base = absolute(base_url, str(href))[0] if str(href).strip() else base_url
        break
    hrefs = [str(h) for h in root.xpath("//a/@href | //area/@href")]
    if not hrefs:
        # libxml2 gives up on pages nested deeper than it allows: take hrefs by pattern.
        hrefs = [html.unescape(m.group(2)) for m in _HREF.finditer(text)]
    feeds = [
        str(link.get("href"))
        for link in root.xpath("//link[@href]")
        if "alternate" in (link.get("rel") or "").lower().split()
        and (link.get("type") or "").lower().strip() in FEED_TYPES
    ]
    links, sessions = _resolve(base, hrefs)
    feed_urls, _ = _resolve(base, feeds)
    return PageLinks(tuple(links), tuple(feed_urls), sessions, _prose(root))


def _resolve(base: str, hrefs: list[str]) -> tuple[list[str], int]:
    seen: dict[str, None] = {}
    sessions = 0
    for href in hrefs:
        href = href.strip()
        if not href or href.startswith("#"):
            continue
        try:
            url, session = absolute(base, href)
        except ValueError:  # e.g. an invalid IPv6 literal
            continue
        sessions += session
        seen.setdefault(url, None)
    return list(seen), sessions


def extract_links(body: bytes, base_url: str, content_type: str | None = None) -> list[str]:
    """The page's links only (page_links(...).links as a list)."""
    return list(page_links(body, base_url, content_type).links)
