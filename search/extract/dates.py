"""The publication date of a parsed page: the meta data, then a date line beside the headline,
then htmldate, and only then the inline scripts; never a date of a related-items list."""

from __future__ import annotations

import logging
import re
from datetime import date, datetime, timedelta, timezone

from search.extract import meta
from search.extract.dom import Line, Page

logging.getLogger("htmldate").setLevel(logging.CRITICAL)

# Published-time keys of <meta name|property|itemprop>, best first.
META_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "publishdate",
    "publish_date",
    "publishtime",
    "pubdate",
    "pubtime",
    "apub:time",
    "og:time",
    "og:release_date",
    "firstpublishedtime",
    "dc.date.issued",
    "dc.date",
    "sailthru.date",
    "weibo: article:create_at",
    "datecreated",
    "dateupdate",
)
_AROUND_BEFORE, _AROUND_AFTER = 3, 8  # lines above and below the headline
_AFTER_BODY = 6  # lines below the body where a page may state its date
_SCRIPT_DATE = re.compile(
    r"""["']?(?:publish|pub|create|release|post|first)[_a-z]*(?:time|date|at)["']?\s*[:=]\s*"""
    r"""["']?\s*((?:19|20)\d\d[-/.年]\d{1,2}[-/.月]\d{1,2}|1[0-9]{9}(?:[0-9]{3})?)""",
    re.I,
)
# When the publishing system rendered the page (页面生成时间 2023-10-23 11:23:36, as TRS sites
# write it in a <meta>), not when the article came out: htmldate would take it for the date.
_GENERATED = re.compile(
    r"(?:生成时间|生成日期|generated(?:\s+(?:on|at))?)\s*[:：]?\s*(?:19|20)\d\d[-/.年]\d{1,2}[-/.月]\d{1,2}日?"
    r"(?:\s*[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?",
    re.I,
)
_UNTIL = date(2100, 1, 1)
_CHINA = timezone(timedelta(hours=8))  # Unix times in the pages' scripts, read as Beijing time


def from_meta(page: Page) -> date | None:
    for key in META_KEYS:
        value = page.metas.get(key)
        if value:
            found = meta.parse_date(value)
            if found:
                return found
    return None


def _line_date(line: Line) -> date | None:
    if line.is_link:
        return None
    return meta.labelled_date(line.text) or (
        meta.parse_date(line.text) if meta.is_date_line(line.text) else None
    )


def near_headline(page: Page, headline: int | None, body_start: int) -> date | None:
    """A date line among the few lines around the headline (and above the body)."""
    if headline is None:
        return None
    lines = page.lines
    stop = min(len(lines), max(body_start, headline + 1), headline + _AROUND_AFTER + 1)
    for line in lines[headline + 1 : stop]:
        found = _line_date(line)
        if found:
            return found
    joined = " ".join(line.text for line in lines[headline + 1 : stop] if not line.is_link)
    found = meta.parse_date(re.sub(r"(?<=\d)\s+(?=\d{1,2}[-/.]\d)", "-", joined))
    if found:  # a date split over elements: 2019 | 09/07 | 19:02
        return found
    for line in reversed(lines[max(0, headline - _AROUND_BEFORE) : headline]):
        found = _line_date(line)
        if found:
            return found
    return None


def related_dates(page: Page, body_end: int) -> set[date]:
    """Dates written below the article or beside links: a related-items list's."""
    found: set[date] = set()
    lines = page.lines
    for i, line in enumerate(lines):
        beside_link = line.is_link or any(
            other.is_link for other in lines[max(0, i - 1) : i + 2] if other is not line
        )
        if beside_link or (i >= body_end + _AFTER_BODY):
            value = meta.parse_date(line.text)
            if value:
                found.add(value)
    return found


def in_header(page: Page, body_start: int, related: set[date]) -> date | None:
    """A date line above the body that is no link and no related item's date."""
    for line in page.lines[:body_start]:
        found = _line_date(line)
        if found and found not in related:
            return found
    return None


def after_body(page: Page, body_end: int, related: set[date]) -> date | None:
    """A labelled date line (发布日期：…) just below the body, as government pages put it."""
    for line in page.lines[body_end : body_end + _AFTER_BODY]:
        found = None if line.is_link else meta.labelled_date(line.text)
        if found and found not in related:
            return found
    return None


def from_htmldate(html: str, url: str | None = None) -> date | None:
    """htmldate's reading of the page's markup (and its address, when known), without its
    extensive search of the text; a page-generation time is no publication date."""
    import htmldate

    try:
        found = htmldate.find_date(
            _GENERATED.sub("", html),
            url=url,
            extensive_search=False,
            original_date=True,
            max_date=date.today().isoformat(),
        )
    except Exception:  # htmldate raises lxml's and its own errors on broken markup
        return None
    return meta.parse_date(found or "")


def in_scripts(html: str) -> date | None:
    """A publish time in an inline script: "publish_time": "2019-09-07 ..." or a Unix time."""
    for m in _SCRIPT_DATE.finditer(html):
        value = m.group(1)
        if value.isdigit():
            seconds = int(value[:10])
            found = datetime.fromtimestamp(seconds, tz=_CHINA).date()
        else:
            found = meta.parse_date(value)
        if found and date(1995, 1, 1) <= found < _UNTIL:
            return found
    return None
