"""The page in headless Chromium (Debian's, driven by Playwright), served by waitress."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from browsing import CHROMIUM, SCREENSHOTS, new_page, serve
from web_corpus import build_index, doc, engine_config

from search.document import Document

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason=f"{CHROMIUM} not found: install Debian's chromium (make browser) to run these",
    ),
]


@pytest.fixture(scope="module", params=["whoosh", "opensearch"])
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The web corpus served on each engine."""
    config = engine_config(request.param, tmp_path_factory.mktemp("browser-index"))
    with serve(Path(config.pop("INDEX_DIR")), per_page=5, **config) as url:
        yield url


def hit_ids(page: object) -> list[str]:
    return [
        a.get_attribute("href").split("?")[0]
        for a in page.locator(".hit-title a").element_handles()
    ]


def test_search_facet_chip_paging_document(page: object, server: str) -> None:
    page.goto(server + "/")
    assert "23" in page.locator(".intro").inner_text()
    page.fill("#q", "园区")
    page.press("#q", "Enter")
    page.wait_for_url(re.compile(r"q=%E5%9B%AD%E5%8C%BA"))
    assert page.input_value("#q") == "园区"
    total = int(page.locator(".summary .count strong").inner_text())
    assert total > 5 and page.locator(".hit").count() == 5
    assert re.search("园区|園區", page.locator(".hit .snippet mark").first.inner_text())
    assert "毫秒" in page.locator(".took").inner_text()

    # click a province in the region tree
    page.locator("#facets .tree.depth-0 a", has_text="江苏省").first.click()
    page.wait_for_url(re.compile(r"region="))
    chip = page.locator(".chips .chip", has_text="江苏省")
    assert chip.count() == 1
    narrowed = int(page.locator(".summary .count strong").inner_text())
    assert 0 < narrowed < total
    for tag in page.locator(".hit .tag.region").all_inner_texts():
        assert tag.startswith("江苏省")

    # remove the chip: back to the unfiltered result
    chip.click()
    page.wait_for_url(lambda url: "region=" not in url)
    assert page.locator(".chips").count() == 0
    assert int(page.locator(".summary .count strong").inner_text()) == total

    # page forward
    first = hit_ids(page)
    page.locator(".pager a[rel=next]").click()
    page.wait_for_url(re.compile(r"page=2"))
    second = hit_ids(page)
    assert second and set(first).isdisjoint(second)
    assert page.locator(".pager strong[aria-current=page]").inner_text() == "2"

    # the back button restores the first page
    page.go_back()
    page.wait_for_url(lambda url: "page=2" not in url)
    assert hit_ids(page) == first

    # open a document (one with a region, whose page shows it)
    title = page.locator(".hit:has(.tag.region) .hit-title a").first
    title_text = title.inner_text()
    title.click()
    page.wait_for_url(re.compile(r"/doc/"))
    assert page.locator("h1.doc-title").inner_text() == title_text
    assert re.search("园区|園區", page.locator(".doc-text mark").first.inner_text())
    assert page.locator(".doc-meta .tag.region").count() >= 1
    page.locator(".back a").click()
    page.wait_for_url(re.compile(r"q=%E5%9B%AD%E5%8C%BA"))
    assert page.errors == []


def test_hostile_document_executes_nothing(page: object, server: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for path in ("/?q=粗体", "/?q=园区&region=江苏省/镇江市", "/doc/doc020?q=园区"):
        page.goto(server + path)
        page.wait_for_load_state("load")
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.locator("img").count() == 0
        assert page.locator("svg:not(.timeline-chart)").count() == 0  # only the timeline
        assert page.locator("script").count() == 2  # only /static/app.js and suggest.js
        assert page.locator("b").count() == 0
    assert "<script>window.__pwned=1</script>" in page.locator("h1.doc-title").inner_text()
    assert page.locator("a[href^=javascript]").count() == 0
    assert "原文" not in page.locator(".doc-meta").inner_text()
    assert dialogs == []
    assert not [e for e in page.errors if "Content Security Policy" not in e]


def test_injected_hostile_document_runs_nothing(browser: object, tmp_path: Path) -> None:
    """A crawled page with a script title and an <img onerror> body: shown as text, never run."""
    title = "<script>window.pwned=1</script>"
    body = '园区通报 <img src=x onerror="window.pwned=1"> 结束'
    hostile = doc(1, title=title, text=body, source="<b>来源</b>", url="javascript:alert(1)")
    with serve(build_index(tmp_path, [hostile])) as url:
        pg = new_page(browser)
        dialogs: list[str] = []
        pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        pg.goto(url + "/?q=园区通报")
        pg.wait_for_load_state("load")
        assert pg.locator(".hit-title a").inner_text() == title
        assert "<img src=x" in pg.locator(".hit .snippet").inner_text()
        assert "<b>来源</b>" in pg.locator(".hit .source").inner_text()
        assert pg.evaluate("typeof window.pwned") == "undefined"
        pg.locator(".hit-title a").click()
        pg.wait_for_url(re.compile(r"/doc/"))
        pg.wait_for_load_state("load")
        assert pg.locator("h1.doc-title").inner_text() == title
        assert body in pg.locator(".doc-text").inner_text()
        assert pg.locator("img").count() == 0 and pg.locator("a[href^=javascript]").count() == 0
        pg.wait_for_timeout(300)  # an onerror would fire as soon as the image failed
        assert pg.evaluate("typeof window.pwned") == "undefined"
        assert dialogs == []
        pg.context.close()  # before the server stops: open keep-alive connections delay it


def test_zone_filter_box(browser: object, tmp_path: Path) -> None:
    """A long zone list gets a filter box (shown by app.js) that hides non-matching names."""
    from search.document import Zone

    docs = [doc(i, zones=(Zone(f"测试{i:02d}号开发区", None, None, ("x",)),)) for i in range(12)]
    with serve(build_index(tmp_path, docs)) as url:
        pg = new_page(browser)
        pg.goto(url + "/?q=园区")
        box = pg.locator("#zone-filter")
        assert box.is_visible()
        box.fill("07")
        visible = [x for x in pg.locator("#zone-list li").all() if x.is_visible()]
        assert [x.inner_text().split()[0] for x in visible] == ["测试07号开发区"]
        pg.context.close()


def notes_corpus() -> list[Document]:
    """Near-duplicates, an untitled hit and a query note, for the second pair of screenshots."""
    return [
        doc(1, group="g", text="园区整合通稿：第一家媒体转载，内容基本相同。"),
        doc(2, group="g", title="园区整合通稿（转载）"),
        doc(
            3, group="g", title=None, text="园区整合通稿：第三家媒体转载，没有标题，显示正文开头。"
        ),
        doc(
            4, title=None, text="一篇没有标题的园区整合短讯，正文较长，标签只显示开头三十个字左右。"
        ),
        doc(5, title="另一篇园区整合报道"),
    ]


@pytest.mark.parametrize("name, width, height", [("desktop", 1280, 900), ("phone", 390, 844)])
def test_screenshots(
    request: pytest.FixtureRequest,
    browser: object,
    server: str,
    tmp_path: Path,
    name: str,
    width: int,
    height: int,
) -> None:
    engine = request.node.callspec.params["server"]
    if engine != "whoosh":
        name = f"{name}-{engine}"  # the same pages on the other engine, to compare by eye
    pg = new_page(browser, width, height)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pg.goto(server + "/?q=园区&region=江苏省")
    pg.screenshot(path=str(SCREENSHOTS / f"results-{name}.png"), full_page=True)
    # nothing wider than the screen, on a phone too
    assert pg.evaluate("document.documentElement.scrollWidth") <= width
    assert pg.locator(".hit").count() > 0
    pg.goto(server + "/doc/doc003?q=园区")
    pg.screenshot(path=str(SCREENSHOTS / f"doc-{name}.png"), full_page=True)
    assert pg.evaluate("document.documentElement.scrollWidth") <= width
    with serve(build_index(tmp_path, notes_corpus())) as url:
        pg.goto(url + '/?q="园区整合')
        pg.locator("details.similar summary").first.click()
        pg.screenshot(path=str(SCREENSHOTS / f"notes-{name}.png"), full_page=True)
        assert pg.evaluate("document.documentElement.scrollWidth") <= width
        assert pg.locator(".message.notice").is_visible()
        assert pg.locator(".hit-title .untitled").count() >= 1
        assert pg.locator("details.similar li a").first.is_visible()
        pg.context.close()  # before the server stops: open keep-alive connections delay it
