"""The zone page, the result timeline, suggestions and the feed link in headless Chromium, on
each engine."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, unquote

import feedparser
import pytest
from browsing import CHROMIUM, SCREENSHOTS, new_page, serve

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason=f"{CHROMIUM} not found: install Debian's chromium (make browser) to run these",
    ),
]


@pytest.fixture(scope="module")
def server(zone_config: dict[str, str]) -> Iterator[str]:
    """The zone corpus served on each engine."""
    config = dict(zone_config)
    with serve(Path(config.pop("INDEX_DIR")), per_page=5, SUGGEST_WAIT=True, **config) as url:
        yield url


def total(page: object) -> int:
    return int(page.locator(".summary .count strong").inner_text())


def test_zone_page_chart_and_bar_click_filters(page: object, server: str) -> None:
    page.goto(server + "/zone/" + quote("苏州工业园区"))
    assert page.locator("h1.zone-name").inner_text() == "苏州工业园区"
    assert "国务院" in page.locator(".zone-facts").inner_text()
    bars = page.locator("#zone-timeline svg.timeline-chart a.bar")
    assert bars.count() == 4
    assert page.locator("#zone-timeline svg rect").first.bounding_box()["height"] > 0
    page.locator('#zone-timeline a.bar[data-value="2023"]').click()
    page.wait_for_url(re.compile(r"year=2023"))
    assert "zone=" in page.url and total(page) == 4
    assert page.locator(".chips .chip", has_text="2023").count() == 1
    # one year chosen: the timeline above the results is by month now
    months = page.locator("#results-timeline a.bar")
    assert [months.nth(i).get_attribute("data-value") for i in range(months.count())] == [
        "2023-03",
        "2023-06",
        "2023-11",
    ]
    page.locator('#results-timeline a.bar[data-value="2023-03"]').click()
    page.wait_for_url(re.compile(r"month=2023-03"))
    assert total(page) == 2
    assert page.errors == []


def test_zone_page_month_view_and_related_zone(page: object, server: str) -> None:
    page.goto(server + "/zone/" + quote("苏州工业园区") + "?year=2023")
    assert page.locator("#zone-timeline a.bar").count() == 3
    assert "无" in page.locator(".zone-related").inner_text()  # 2023's articles name no other
    page.locator(".drill a", has_text="全部年份").click()
    page.wait_for_url(lambda url: "year=" not in url)
    page.locator(".zone-related a.zone-link", has_text="镇江经济技术开发区").click()
    page.wait_for_url(re.compile(r"/zone/"))
    assert page.locator("h1.zone-name").inner_text() == "镇江经济技术开发区"


def test_result_timeline_bar_click_filters(page: object, server: str) -> None:
    page.goto(server + "/?q=" + quote("园区整合"))
    before = total(page)
    chart = page.locator("#results-timeline svg.timeline-chart")
    assert chart.is_visible()
    labels = page.locator("#results-timeline a.bar")
    years = [labels.nth(i).get_attribute("data-value") for i in range(labels.count())]
    assert years == ["2020", "2021", "2022", "2023", "2024"]
    page.locator('#results-timeline a.bar[data-value="2022"]').click()
    page.wait_for_url(re.compile(r"year=2022"))
    assert 0 < total(page) < before
    assert all(t.startswith("2022") for t in page.locator(".hit time").all_inner_texts())
    page.locator("#results-timeline .timeline-up").click()
    page.wait_for_url(lambda url: "year=" not in url)
    assert total(page) == before
    # a zone tag on a hit opens the zone's page
    page.locator(".hit .tag.zone", has_text="苏州工业园区").first.click()
    page.wait_for_url(re.compile(r"/zone/"))
    assert unquote(page.url).endswith("/zone/苏州工业园区")


def test_suggestions_keyboard_navigation(page: object, server: str) -> None:
    page.goto(server + "/")
    box = page.locator("#q")
    box.press_sequentially("szgyyq", delay=20)
    options = page.locator("#q-suggestions [role=option]")
    options.first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    assert options.first.locator(".s-text").inner_text() == "苏州工业园区"
    box.press("ArrowDown")
    first_id = options.first.get_attribute("id")
    assert box.get_attribute("aria-activedescendant") == first_id
    assert options.first.get_attribute("aria-selected") == "true"
    if options.count() > 1:
        box.press("ArrowDown")
        assert box.get_attribute("aria-activedescendant") == options.nth(1).get_attribute("id")
        box.press("ArrowUp")
    assert box.get_attribute("aria-activedescendant") == first_id
    box.press("Enter")  # a zone: its page
    page.wait_for_url(re.compile(r"/zone/"))
    assert page.locator("h1.zone-name").inner_text() == "苏州工业园区"

    # a word: searched; Escape closes the list
    page.goto(server + "/")
    box.press_sequentially("蘇州", delay=20)
    options.first.wait_for()
    assert "苏州市" in page.locator("#q-suggestions").inner_text()
    box.press("Escape")
    assert page.locator("#q-suggestions").is_hidden()
    box.fill("")
    box.press_sequentially("zhaoshang", delay=20)
    page.locator("#q-suggestions [role=option]", has_text="招商").first.wait_for()
    while page.locator("#q-suggestions .active .s-text").count() == 0 or (
        page.locator("#q-suggestions .active .s-text").inner_text() != "招商"
    ):
        box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_url(re.compile(r"q=%E6%8B%9B%E5%95%86"))
    assert total(page) >= 2
    assert page.errors == []


def test_search_box_works_without_javascript(browser: object, server: str) -> None:
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    pg = context.new_page()
    pg.goto(server + "/")
    pg.fill("#q", "szgyyq")
    assert pg.locator("#q-suggestions").count() == 0
    pg.fill("#q", "园区整合")
    pg.press("#q", "Enter")
    pg.wait_for_url(re.compile(r"q="))
    assert int(pg.locator(".summary .count strong").inner_text()) == 13
    context.close()


def test_feed_link_is_the_searchs_feed(page: object, server: str) -> None:
    page.goto(server + "/?q=" + quote("园区整合") + "&zone=" + quote("苏州工业园区"))
    link = page.locator('head link[rel=alternate][type="application/atom+xml"]')
    href = link.get_attribute("href")
    assert unquote(href).startswith("/feed.atom?q=园区整合&zone=苏州工业园区")
    assert page.locator("a.feed").get_attribute("href") == href
    response = page.request.get(server + href)
    assert response.ok and response.headers["content-type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.body())
    assert not parsed.bozo and len(parsed.entries) == 9


@pytest.mark.parametrize("name, width, height", [("desktop", 1280, 900), ("phone", 390, 844)])
def test_screenshots(
    zone_config: dict[str, str],
    browser: object,
    server: str,
    name: str,
    width: int,
    height: int,
) -> None:
    if "ENGINE" in zone_config:
        name = f"{name}-opensearch"  # the same pages on the other engine, to compare by eye
    pg = new_page(browser, width, height)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pg.goto(server + "/zone/" + quote("苏州工业园区"))
    pg.screenshot(path=str(SCREENSHOTS / f"zone-{name}.png"), full_page=True)
    assert pg.evaluate("document.documentElement.scrollWidth") <= width
    assert pg.locator("#zone-timeline a.bar").first.is_visible()
    pg.goto(server + "/zone/" + quote("苏州工业园区") + "?year=2023")
    pg.screenshot(path=str(SCREENSHOTS / f"zone-year-{name}.png"), full_page=True)
    assert pg.evaluate("document.documentElement.scrollWidth") <= width
    pg.goto(server + "/?q=" + quote("园区整合"))
    pg.screenshot(path=str(SCREENSHOTS / f"timeline-{name}.png"), full_page=True)
    assert pg.evaluate("document.documentElement.scrollWidth") <= width
    box = pg.locator("#results-timeline svg").bounding_box()
    assert box["width"] <= width and box["height"] < 200  # compact, above the results
    pg.locator("#q").fill("")
    pg.locator("#q").press_sequentially("suzhou", delay=20)
    pg.locator("#q-suggestions [role=option]").first.wait_for()
    pg.locator("#q").press("ArrowDown")
    pg.screenshot(path=str(SCREENSHOTS / f"suggest-{name}.png"))
    assert pg.evaluate("document.documentElement.scrollWidth") <= width
    pg.context.close()
