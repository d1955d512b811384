"""Every route through Flask's test client, with every bad input the issue names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from search.engine.query import SearchRequest
from web.searcher import ENGINE

MARKED = r"<mark>[^<]*园区[^<]*</mark>"


def html(client: FlaskClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def test_security_headers_on_every_response(client: FlaskClient) -> None:
    for url in ("/", "/?q=园区", "/doc/doc001", "/api/search?q=园区", "/nope", "/api/nope"):
        headers = client.get(url).headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"


def test_no_inline_script_or_style(client: FlaskClient) -> None:
    for url in ("/", "/?q=园区", "/doc/doc020?q=园区", "/?q=", "/nope"):
        page = html(client, url, status=client.get(url).status_code)
        for tag in re.findall(r"<script[^>]*>", page):
            assert 'src="/static/' in tag
        assert " style=" not in page and "<style" not in page
        assert " on" not in re.sub(r"<[^>]*>", "", page) or True
        assert not re.search(r"<[a-z]+[^>]*\son[a-z]+=", page)


def test_static_files_are_served(client: FlaskClient) -> None:
    assert client.get("/static/style.css").status_code == 200
    assert client.get("/static/app.js").status_code == 200


def test_home_page_offers_browsing(client: FlaskClient) -> None:
    page = html(client, "/")
    assert '<html lang="zh-CN">' in page
    assert "共有 <strong>23</strong> 篇" in page
    assert 'href="/?region=%E6%B1%9F%E8%8B%8F%E7%9C%81"' in page  # 江苏省 as a link
    assert '<label class="visually-hidden" for="q">检索词</label>' in page


def test_results_page(client: FlaskClient) -> None:
    page = html(client, "/?q=园区")
    assert 'value="园区"' in page  # the box keeps the query
    assert re.search(MARKED, page)  # jieba may mark the longer word 园区整合
    assert re.search(r"找到 <strong>\d+</strong> 篇", page)
    assert "用时" in page and "毫秒" in page
    assert 'class="tag region"' in page and 'class="tag zone"' in page
    assert "<time" in page and "测试日报" in page
    assert page.count('class="hit"') == 5  # PER_PAGE in the test config
    assert 'rel="next"' in page and 'aria-label="分页"' in page


def test_traditional_query_finds_simplified_and_back(client: FlaskClient) -> None:
    assert "工業園區" in html(client, "/?q=工业园区")
    assert re.search(r"<mark>园区(整合)?</mark>(整合)?第", html(client, "/?q=園區"))


def test_facet_sidebar_is_a_region_tree(client: FlaskClient) -> None:
    page = html(client, "/?q=园区")
    tree = page[page.index('id="facet-region"') : page.index('id="facet-year"')]
    assert "江苏省" in tree and "广东省" in tree and "淮安市" not in tree  # provinces first
    page = html(client, "/?q=园区&region=江苏省/淮安市")
    tree = page[page.index('id="facet-region"') : page.index('id="facet-year"')]
    assert tree.index("江苏省") < tree.index("淮安市") < tree.index("涟水县")
    assert 'class="tree depth-1"' in tree and 'class="tree depth-2"' in tree
    years = page[page.index('id="facet-year"') : page.index('id="facet-zone"')]
    assert re.search(r"2024</span> <span class=\"count\">\d+", years)


def test_selected_facet_shows_a_removable_chip(client: FlaskClient) -> None:
    page = html(client, "/?q=园区&region=江苏省/淮安市")
    chips = page[page.index('class="chips"') : page.index("</ul>", page.index('class="chips"'))]
    assert "江苏省 › 淮安市" in chips
    assert 'href="/?q=%E5%9B%AD%E5%8C%BA"' in chips  # removing it leaves only the query
    assert 'aria-current="true"' in page  # the selected value is marked in the sidebar


def test_filters_narrow_results(client: FlaskClient) -> None:
    everything = client.get("/api/search?q=园区&limit=100").get_json()
    narrowed = client.get("/api/search?q=园区&region=江苏省/淮安市&limit=100").get_json()
    assert 0 < narrowed["total"] < everything["total"]
    assert all(h["region"].startswith("江苏省/淮安市") for h in narrowed["hits"])
    zoned = client.get("/api/search?q=园区&zone=镇江经济技术开发区&zone=江苏涟水经济开发区")
    assert zoned.get_json()["total"] > narrowed["total"]  # OR within a facet


def test_sort_by_date(client: FlaskClient) -> None:
    hits = client.get("/api/search?q=园区&sort=date&limit=100").get_json()["hits"]
    dates = [h["published"] for h in hits if h["published"]]
    assert dates == sorted(dates, reverse=True)
    page = html(client, "/?q=园区&sort=date")
    assert '<strong aria-current="true">最新优先</strong>' in page


def test_paging_forward_and_past_the_end(client: FlaskClient) -> None:
    first = html(client, "/?q=园区")
    second = html(client, "/?q=园区&page=2")
    titles = re.compile(r'class="hit-title"><a href="/doc/(\w+)')
    assert set(titles.findall(first)).isdisjoint(titles.findall(second))
    pages = client.get("/api/search?q=园区").get_json()["pages"]
    response = client.get("/?q=园区&page=999")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"page={pages}")
    last = html(client, response.headers["Location"])
    assert 'class="hit"' in last and 'rel="next"' not in last


def test_empty_result_suggests_what_to_loosen(client: FlaskClient) -> None:
    page = html(client, "/?q=园区&region=广东省&zone=江苏涟水经济开发区")
    assert "没有找到结果" in page
    assert "去掉开发区「江苏涟水经济开发区」" in page and "去掉地区「广东省」" in page
    assert "清除全部筛选" in page
    words = html(client, "/?q=园区 量子计算机")
    assert "只搜「园区」" in words


@pytest.mark.parametrize(
    "url, message",
    [
        ("/?q=园区&page=abc", "页码"),
        ("/?q=园区&page=0", "页码"),
        ("/?q=园区&page=-3", "页码"),
        ("/?q=园区&sort=random", "排序"),
        ("/?q=园区&year=last", "年份"),
        ("/?q=园区&zone=%00", "控制字符"),
        ("/?q=", "请输入检索词"),
        ("/?q=+++", "请输入检索词"),
        ("/?q=" + "园" * 600, "太长"),
    ],
)
def test_bad_input_shows_a_message(client: FlaskClient, url: str, message: str) -> None:
    page = html(client, url, status=400)
    assert message in page and 'role="alert"' in page
    assert "Traceback" not in page


@pytest.mark.parametrize(
    "url",
    [
        "/api/search?q=园区&page=abc",
        "/api/search?q=园区&page=0",
        "/api/search?q=园区&sort=random",
        "/api/search?q=园区&year=20x5",
        "/api/search?q=园区&limit=0",
        "/api/search?q=园区&limit=1000",
        "/api/search?q=",
        "/api/search",
    ],
)
def test_api_bad_input_is_400_json(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 400
    assert response.is_json and response.get_json()["error"]


def test_api_search_is_the_library_result(app: Flask, client: FlaskClient) -> None:
    got = client.get("/api/search?q=园区&region=江苏省&sort=date&page=2&limit=3").get_json()
    request = SearchRequest(text="园区", region=("江苏省",), sort="date", page=2, per_page=3)
    with app.extensions[ENGINE].view() as view:
        want = view.search(request).as_json()
    got.pop("took_ms"), want.pop("took_ms")
    assert got == want
    assert {"total", "page", "hits", "facets"} <= set(got)
    assert set(got["facets"]) == {"region", "year", "zone"}


def test_api_doc(client: FlaskClient) -> None:
    response = client.get("/api/doc/doc001")
    assert response.status_code == 200
    data = response.get_json()
    assert data["id"] == "doc001" and data["title"] == "园区整合第1篇报道"
    assert data["region"] == "江苏省/镇江市"
    missing = client.get("/api/doc/nope")
    assert missing.status_code == 404 and missing.get_json()["error"]
    assert client.get("/api/doc/" + "x" * 300).status_code == 404


def test_unknown_routes_and_methods(client: FlaskClient) -> None:
    assert client.get("/api/nope").get_json() == {"error": "找不到这个页面"}
    assert client.post("/api/search?q=园区").status_code == 405
    assert client.post("/api/search?q=园区").is_json
    assert "找不到这个页面" in html(client, "/nope", status=404)


def test_document_page(client: FlaskClient) -> None:
    page = html(client, "/doc/doc003?q=园区&region=江苏省")
    assert re.search(r"<mark>园区(整合)?</mark>(整合)?第3篇报道", page)
    assert re.search(r"第3篇：开发区推进<mark>园区(整合)?</mark>", page)
    assert 'href="/?q=%E5%9B%AD%E5%8C%BA&amp;region=' in page  # back to the results
    assert 'href="/?region=%E6%B1%9F%E8%8B%8F%E7%9C%81/%E6%B7%AE%E5%AE%89%E5%B8%82"' in page
    assert "江苏涟水经济开发区" in page and "省级" in page
    assert 'href="https://example.com/news/3.html"' in page
    assert 'rel="noopener noreferrer nofollow"' in page


def test_document_page_shows_mentioned_regions(client: FlaskClient) -> None:
    page = html(client, "/doc/doc003")
    assert 'class="tag mention" href="/?mentions=%E4%B8%8A%E6%B5%B7%E5%B8%82"' in page
    assert "提及地区" in page
    # the region facet and links are about-regions only: no 上海 there
    assert 'href="/?region=%E4%B8%8A%E6%B5%B7%E5%B8%82"' not in page


def test_mentions_parameter_filters_and_keeps_the_facet_about(client: FlaskClient) -> None:
    data = client.get("/api/search?q=园区&mentions=上海市&limit=100").get_json()
    assert data["total"] == 20
    assert "上海市" not in {v["value"] for v in data["facets"]["region"]}
    page = html(client, "/?q=园区&mentions=上海市")
    assert 'name="mentions" value="上海市"' in page  # kept by the search box
    assert client.get("/api/search?q=园区&mentions=火星").get_json()["total"] == 0
    bad = client.get("/api/search?q=园区&mentions=" + "x" * 101)
    assert bad.status_code == 400 and "提及地区" in bad.get_json()["error"]


def test_document_page_without_url_title_or_date(client: FlaskClient) -> None:
    page = html(client, "/doc/doc021")
    assert "無標題的繁體文章" in page and "原文" not in page and "未知" in page
    untitled = html(client, "/doc/doc022")
    assert "没有标题的园区短讯" in untitled and "ftp://" not in untitled
    assert 'class="untitled"' in untitled and "None" not in untitled


def test_document_page_missing(client: FlaskClient) -> None:
    assert "找不到文档" in html(client, "/doc/nope", status=404)
    assert "找不到文档" in html(client, "/doc/" + "%3Cscript%3E", status=404)


def test_hostile_document_renders_as_text(client: FlaskClient) -> None:
    for url in ("/?q=园区&region=江苏省/镇江市&limit=100", "/doc/doc020?q=园区", "/?q=粗体"):
        page = html(client, url)
        assert "<script>window" not in page
        assert "<img src=x" not in page and "<b onmouseover" not in page
        # the only SVG is the page's own timeline
        assert all('class="timeline-chart' in tag for tag in re.findall(r"<svg[^>]*>", page))
        assert "javascript:" not in page
    doc = html(client, "/doc/doc020")
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in doc
    assert "&lt;svg onload=" in doc


def test_no_index_yet(empty_app: Flask) -> None:
    client = empty_app.test_client()
    for url in ("/", "/?q=园区", "/doc/x"):
        response = client.get(url)
        assert response.status_code == 503
        assert "zonesearch rebuild" in response.get_data(as_text=True)
    api = client.get("/api/search?q=园区")
    assert api.status_code == 503 and "zonesearch rebuild" in api.get_json()["error"]
    assert client.get("/api/doc/x").status_code == 503


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@pytest.mark.parametrize(
    "url",
    [
        "/?q=%00开",
        "/?q=%1b[31m开发区",
        "/?q=%C2%85园区",
        "/?q=园区&page=%01%02",
        "/?q=园区&sort=%07x",
        "/doc/%00abc",
        "/doc/doc001?q=%00",
        "/api/search?q=%00开",
        "/api/search?q=园区&page=%C2%9B1",
        "/api/doc/%C2%9Babc",
    ],
)
def test_control_characters_are_never_echoed(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    body = response.get_data(as_text=True)
    assert response.status_code < 500
    assert not CONTROL.search(body), CONTROL.search(body)
    if url.startswith("/?q=%00"):
        assert "<title>开 · " in body and 'value="开"' in body  # the rest is kept


def test_the_api_drops_urls_that_are_not_http(client: FlaskClient) -> None:
    hits = client.get("/api/search?q=园区&limit=100").get_json()["hits"]
    by_id = {h["id"]: h["url"] for h in hits}
    assert by_id["doc020"] is None  # javascript:window.__pwned=4
    assert by_id["doc001"] == "https://example.com/news/1.html"
    assert client.get("/api/doc/doc020").get_json()["url"] is None
    assert client.get("/api/doc/doc022").get_json()["url"] is None  # ftp://
    assert client.get("/api/doc/doc001").get_json()["url"] == "https://example.com/news/1.html"


def test_control_characters_stored_in_a_document_are_not_shown_raw(tmp_path: Path) -> None:
    from web_corpus import build_index, doc

    from web import create_app

    title = "园区\x1b[2J新闻\x85标题\x00"
    build_index(tmp_path, [doc(1, title=title, text="开发区\x9b正文\x7f内容")])
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path)}).test_client()
    for url in ("/?q=园区", "/doc/doc001", "/api/search?q=园区", "/api/doc/doc001"):
        body = client.get(url).get_data(as_text=True)
        assert not CONTROL.search(body), (url, CONTROL.search(body))
    assert client.get("/api/doc/doc001").get_json()["title"] == title  # escaped, not lost


def test_a_search_past_its_time_budget_is_a_message_not_a_stall(index_root: Path) -> None:
    from web import create_app

    app = create_app({"TESTING": True, "INDEX_DIR": str(index_root), "QUERY_SECONDS": 1e-9})
    client = app.test_client()
    api = client.get("/api/search?q=园 OR 区")
    assert api.status_code == 400 and "秒的计算上限" in api.get_json()["error"]
    page = html(client, "/?q=园 OR 区", status=400)
    assert "秒的计算上限" in page and 'role="alert"' in page
    assert create_app({"INDEX_DIR": str(index_root)}).config["QUERY_SECONDS"] == 1.0


@pytest.mark.parametrize("path", ["/", "/api/search", "/doc/doc001"])  # those that read it
def test_a_query_string_that_is_not_utf8_is_a_bad_request(client: FlaskClient, path: str) -> None:
    raw = b"q=\xed\xa0\x80&zone=\xff".decode("latin-1")  # raw bytes, as WSGI passes them
    response = client.get(path, environ_overrides={"QUERY_STRING": raw})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "UTF-8" in body and "Traceback" not in body
    if path.startswith("/api/"):
        assert "UTF-8" in response.get_json()["error"]
