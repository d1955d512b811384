"""search/output/feed.py: a valid Atom feed, stable ids, dates, hostile text escaped."""

from datetime import datetime, timezone

import feedparser

from search.engine.query import SearchRequest
from search.output.feed import FeedInfo, atom, entry_id, feed_id, xml_text

INFO = FeedInfo(
    title="开发区新闻检索：园区整合",
    feed_url="http://test/feed.atom?q=园区整合",
    page_url="http://test/?q=园区整合&sort=date",
    updated=datetime(2025, 3, 1, 8, 30, tzinfo=timezone.utc),
    key="q=园区整合",
)


def feed_of(view, **kw):
    result = view.search(SearchRequest(text="园区整合", sort="date", per_page=50, **kw))
    body = atom(INFO, result.hits, lambda i: f"http://test/doc/{i}")
    return body, result


def test_feed_parses_as_atom_with_stable_ids_and_dates(zone_view) -> None:
    body, result = feed_of(zone_view)
    assert body.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    parsed = feedparser.parse(body)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title == INFO.title and parsed.feed.id == feed_id(INFO.key)
    assert parsed.feed.updated == "2025-03-01T08:30:00+00:00"
    links = {link.rel: link.href for link in parsed.feed.links}
    assert links == {"self": INFO.feed_url, "alternate": INFO.page_url}
    assert len(parsed.entries) == len(result.hits)
    ids = [e.id for e in parsed.entries]
    assert ids == [entry_id(h.id) for h in result.hits] and len(set(ids)) == len(ids)
    assert all(i.startswith("urn:uuid:") for i in ids)
    first = parsed.entries[0]
    assert first.link == "http://test/doc/" + result.hits[0].id
    assert first.updated == "2025-03-01T08:30:00+00:00"
    assert first.published == result.hits[0].published + "T00:00:00+08:00"
    # newest first, as the request asks
    published = [e.published for e in parsed.entries if "published" in e]
    assert published == sorted(published, reverse=True)


def test_entry_ids_do_not_depend_on_the_search() -> None:
    assert entry_id("z001") == entry_id("z001") != entry_id("z002")
    assert feed_id("q=a") != feed_id("q=b")


def test_hostile_title_and_snippet_are_escaped(zone_view) -> None:
    body, _ = feed_of(zone_view)
    assert b"<script>" not in body and b"<img" not in body
    parsed = feedparser.parse(body)
    hostile = next(e for e in parsed.entries if e.id == entry_id("z021"))
    # the title is text: a reader shows the markup as characters
    assert hostile.title_detail.type == "text/plain"
    assert "<script>alert(1)</script>" in hostile.title
    # the summary is the snippet as HTML: marks kept, the page's own markup still text
    assert hostile.summary_detail.type == "text/html"
    assert "&lt;img src=x" in hostile.summary and "<img" not in hostile.summary
    # in the XML: the marks once escaped, the document's markup twice
    assert b"&lt;mark&gt;" in body and b"&amp;lt;img src=x" in body


def test_untitled_entry_takes_the_start_of_its_text(zone_view) -> None:
    parsed = feedparser.parse(feed_of(zone_view)[0])
    untitled = next(e for e in parsed.entries if e.id == entry_id("z022"))
    assert untitled.title.startswith("没有标题的今世缘产业园")


def test_the_generation_has_a_build_time(zone_view) -> None:
    built = zone_view.built_at()
    assert built.tzinfo is not None
    assert 0 <= (datetime.now(timezone.utc) - built).total_seconds() < 24 * 3600
    assert zone_view.built_at() == built  # the same for as long as the generation lives


def test_control_characters_cannot_break_the_xml() -> None:
    assert xml_text("a\x00b\x1fc\ufffed\n") == "abcd\n"
