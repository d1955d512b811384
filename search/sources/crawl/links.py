"""Links out of an HTML page, made absolute and normalised for the crawl frontier."""

from __future__ import annotations

import codecs
import html
import re
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

import lxml.etree
import lxml.html

_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_HREF = re.compile(r"""<(?:a|area)\b[^>]*?\bhref\s*=\s*(["']?)([^"'\s>]+)\1""", re.I)
_SAFE = "/:?#[]@!$&'()*+,;=%~"


def charset_of(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header, if it names a known codec."""
    match = _CHARSET.search(content_type or "")
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1)).name
    except LookupError:
        return None


def normalise_url(url: str) -> str:
    """Fragment dropped, scheme and host lower-cased, non-ASCII percent-encoded, "/" for ""."""
    url = url.strip()
    parts = urlsplit(url)
    path = parts.path or "/"
    netloc = parts.netloc.lower()
    return quote(urlunsplit((parts.scheme.lower(), netloc, path, parts.query, "")), safe=_SAFE)


def extract_links(body: bytes, base_url: str, content_type: str | None = None) -> list[str]:
    """Absolute URLs of a[href] and area[href], in page order, without duplicates."""
    # GB18030 reads GBK/GB2312 too, and mis-decoding only mangles non-ASCII parts of hrefs.
    charset = charset_of(content_type) or "utf-8"
    if charset in ("gbk", "gb2312"):
        charset = "gb18030"
    text = body.decode(charset, "replace")
    # huge_tree: pages nested thousands deep still give their links.
    parser = lxml.html.HTMLParser(huge_tree=True, encoding="utf-8")
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return []
    base = base_url
    for href in root.xpath("//base/@href"):
        base = urljoin(base_url, str(href).strip())
        break
    hrefs = [str(h) for h in root.xpath("//a/@href | //area/@href")]
    if not hrefs:
        # libxml2 gives up on pages nested deeper than it allows: take hrefs by pattern.
        hrefs = [html.unescape(m.group(2)) for m in _HREF.finditer(text)]
    seen: dict[str, None] = {}
    for href in hrefs:
        href = href.strip()
        if not href or href.startswith("#"):
            continue
        try:
            seen.setdefault(normalise_url(urljoin(base, href)), None)
        except ValueError:  # e.g. an invalid IPv6 literal
            continue
    return list(seen)
