"""A saved search as an Atom feed (RFC 4287): its newest hits, one stable entry id a document."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from xml.etree import ElementTree as ET

from search.engine.query import Hit

ATOM = "http://www.w3.org/2005/Atom"
FEED_ENTRIES = 50
CHINA = timezone(timedelta(hours=8))  # a document's date is a day in China
# Characters XML 1.0 cannot carry at all: hostile or broken text loses them, not the feed.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NAMESPACE = uuid.UUID("6f1d9a52-0c55-4d5e-9a37-1d3c7b0e5a20")  # zonesearch's own

ET.register_namespace("", ATOM)


@dataclass(frozen=True)
class FeedInfo:
    """What the feed says about itself: title, where it and its page live, when it changed."""

    title: str
    feed_url: str  # rel=self
    page_url: str  # rel=alternate: the same search as a page
    updated: datetime  # when the index generation it comes from was built
    key: str  # what identifies the search (its normalised parameters), for the feed's id


def entry_id(doc_id: str) -> str:
    """The same id for a document in every feed and every generation."""
    return uuid.uuid5(_NAMESPACE, "doc:" + doc_id).urn


def feed_id(key: str) -> str:
    return uuid.uuid5(_NAMESPACE, "search:" + key).urn


def xml_text(text: str | None) -> str:
    """Text that XML can carry (ElementTree escapes <, & and quotes, not control characters)."""
    return _NOT_XML.sub("", text or "")


def _stamp(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.isoformat(timespec="seconds")


def _day(day: str) -> str:
    return _stamp(datetime.combine(date.fromisoformat(day), time(0), tzinfo=CHINA))


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        element.text = xml_text(text)
    return element


def atom(info: FeedInfo, hits: Iterable[Hit], doc_url: Callable[[str], str]) -> bytes:
    """The feed as UTF-8 XML; each entry's summary is its snippet as (escaped) HTML."""
    root = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "zh-CN"})
    _add(root, "id", feed_id(info.key))
    _add(root, "title", info.title)
    updated = _stamp(info.updated)
    _add(root, "updated", updated)
    _add(root, "link", rel="self", type="application/atom+xml", href=xml_text(info.feed_url))
    _add(root, "link", rel="alternate", type="text/html", href=xml_text(info.page_url))
    author = _add(root, "author")
    _add(author, "name", "开发区新闻检索")
    _add(root, "generator", "zonesearch")
    for hit in hits:
        entry = _add(root, "entry")
        _add(entry, "id", entry_id(hit.id))
        _add(entry, "title", hit.title or hit.lead or hit.id, type="text")
        _add(entry, "updated", updated)
        if hit.published:
            _add(entry, "published", _day(hit.published))
        _add(entry, "link", rel="alternate", type="text/html", href=xml_text(doc_url(hit.id)))
        if hit.source:
            _add(_add(entry, "author"), "name", hit.source)
        for zone in hit.zones:
            _add(entry, "category", term=xml_text(str(zone["name"])))
        # The snippet is already HTML (escaped text with <mark>); as type="html" it is
        # escaped once more, so a reader shows the marks and runs nothing.
        _add(entry, "summary", hit.snippet, type="html")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
