"""HTML page → the article: one fast parse (selectolax/Lexbor) for the lines, the headline, the
date and the block with the most sentences; trafilatura only where that finds no article."""

from __future__ import annotations

import copy
import logging
import re
from datetime import date

from search.document import Skip
from search.extract import article, dates, dom, meta, title
from search.extract.model import Extracted
from search.extract.text import extract_text

MAX_CHARS = 8_000_000  # beyond this a page is read only this far
_CONTROLS_AFTER_SOURCE = ("举报", "分享", "收藏", "评论", "打印", "关注")
_HEADLINE_LOOKAHEAD = 3  # the headline may sit just inside the block chosen as the article
_HEADED_WITHIN = 12  # lines between a headline and its article's first line
# A start tag this long holds no text, only attributes (inline data: images, or a hostile
# page's 200,000 of them, on which libxml2 and htmldate take quadratic time: hours); it
# is kept as its bare name.
MAX_TAG_CHARS = 8192
_LONG_TAG = re.compile(rf"<([A-Za-z][\w:-]{{0,40}})[^<>]{{{MAX_TAG_CHARS},}}>")

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)


def _enough(body: str) -> bool:
    return article.marks(body) >= 2 or len(body) >= 100


def _trafilatura(html: str, url: str | None) -> str:
    """trafilatura's main text, for pages where no block of sentences was found."""
    import lxml.html
    import trafilatura
    from lxml import etree

    try:
        tree = lxml.html.fromstring(html)
        text = trafilatura.extract(
            copy.deepcopy(tree), url=url, include_comments=False, include_tables=True, fast=True
        )
    except (RecursionError, ValueError, TypeError, etree.LxmlError):
        return ""
    return text or ""


def _repeats_headline(text: str, headline: str) -> bool:
    return len(text) >= 4 and text.replace(" ", "") in headline.replace(" ", "")


def _headed(
    page: dom.Page, found: article.Article | None, at: int | None, headline: str | None
) -> bool:
    """The headline stands just above the text found (a list page has no such headline)."""
    if found is None or not headline:
        return False
    if at is not None:
        return -_HEADLINE_LOOKAHEAD <= found.start - at <= _HEADED_WITHIN
    above = page.lines[max(0, found.start - _HEADED_WITHIN) : found.start]
    return any(line.heading and line.text == headline for line in above)


def _is_list_page(page: dom.Page, punct: int, headed: bool) -> str | None:
    """Many headline-length links and little prose; a headline just above the text or an
    article date in the meta data lets a short article with many links pass."""
    headlines = article.headline_links(page)
    if headlines < 30:
        return None
    if punct < 5 or (punct * 5 < headlines and not headed and dates.from_meta(page) is None):
        return f"not an article: list page ({headlines} headline links, {punct} sentence marks)"
    return None


def _source(page: dom.Page, until: int) -> str | None:
    """来源: in the lines above the body (and just into it)."""
    lines = page.lines[: min(len(page.lines), until + 3)]
    for i, line in enumerate(lines):
        value = meta.source_in(line.text)
        if value:
            for word in _CONTROLS_AFTER_SOURCE:  # 证券市场红周刊举报: a button glued on
                if value.endswith(word) and len(value) > len(word) + 1:
                    value = value[: -len(word)]
            return value
        if value == "" and i + 1 < len(lines):  # 来源： | 山西日报, in two elements
            following = lines[i + 1].text
            if 0 < len(following) <= 20 and not meta.is_meta_line(following):
                return following
    return None


def _published(
    page: dom.Page, html: str, url: str | None, at: int | None, start: int, end: int
) -> date | None:
    """Meta, a date line by the headline, htmldate (unless it read a related item's date),
    the lines above the body, the inline scripts."""
    found = dates.from_meta(page) or dates.near_headline(page, at, start)
    if found:
        return found
    related = dates.related_dates(page, end)
    marked = dates.from_htmldate(html, url)
    if marked and marked not in related:
        return marked
    return (
        dates.in_header(page, start, related)
        or dates.after_body(page, end, related)
        or dates.in_scripts(html)
    )


def bare_long_tags(html: str) -> str:
    """The page with every start tag over MAX_TAG_CHARS cut to its bare name."""
    return _LONG_TAG.sub(r"<\1>", html)


def extract_html(html: str, url: str | None = None) -> Extracted | Skip:
    """The main article of a page with its title, date and source; Skip pages without one."""
    if not html.strip():
        return Skip(url or "", "empty page")
    html = bare_long_tags(html[:MAX_CHARS])
    page = dom.parse(html)
    if not page.lines:
        return Skip(url or "", "no article text found")
    found = article.find(page)
    start = found.start if found else len(page.lines)
    headline, at = title.choose(page, min(len(page.lines), start + _HEADLINE_LOOKAHEAD))
    lines = found.lines(page) if found else []
    if at is not None and found and at >= found.start:
        lines = [line for line in lines if line.index > at]
    while lines and headline and _repeats_headline(lines[0].text, headline):
        lines = lines[1:]  # the headline again, whole or over several lines
    kept = [line.text for line in lines if not line.is_link]
    removed = [line.text for line in lines if line.is_link]
    cleaned = extract_text("\n".join(kept), titled=at is not None)
    headed = _headed(page, found, at, headline)
    listing = _is_list_page(page, article.marks(cleaned.body), headed)
    if listing:
        return Skip(url or "", listing)
    if not _enough(cleaned.body):
        cleaned = extract_text(_trafilatura(html, url))
    if not _enough(cleaned.body):
        cleaned = extract_text("\n".join(line.text for line in page.lines))
    if article.marks(cleaned.body) < 2 and len(cleaned.body) < 100:
        return Skip(url or "", "no article text found")
    body = cleaned.body
    headline = headline or cleaned.title
    if headline and body.startswith(headline):
        body = body[len(headline) :].lstrip("\n")
    return Extracted(
        title=headline,
        published=_published(page, html, url, at, start, found.end if found else start)
        or cleaned.published,
        source=_source(page, start) or cleaned.source,
        body=body,
        removed=(*page.hidden, *removed, *cleaned.removed),
    )
