"""The zone page, the result timeline, /feed.atom, /export.*, /api/suggest through Flask's
test client, on tests/zone_corpus.py served by each engine; every bad parameter a clear 400,
never a 500."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from urllib.parse import quote, unquote

import feedparser
import pytest
from flask.testing import FlaskClient
from zone_corpus import HOSTILE

from tests.engines import ENGINES, engine_config
from tests.opensearch_cluster import cluster_url, fresh_name, require_cluster
from web import create_app

SUZHOU = "/zone/" + quote("苏州工业园区")


@pytest.fixture
def zc(zone_config: dict[str, str]) -> FlaskClient:
    config = {"TESTING": True, **zone_config, "PER_PAGE": 5, "SUGGEST_WAIT": True}
    return create_app(config).test_client()


def get(client: FlaskClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code, response.data[:300])
    assert "Content-Security-Policy" in response.headers
    return response.get_data(as_text=True)


def test_zone_page_shows_catalogue_facts_chart_and_company(zc: FlaskClient) -> None:
    page = get(zc, SUZHOU)
    for fact in ("国家级", "经济技术开发区", "江苏省", "苏州市", "国务院", "1994 年 2 月"):
        assert fact in page
    assert "8,000.0 公顷" in page and "电子信息、生物医药、纳米技术" in page and "G321090" in page
    assert "共 <strong>9</strong> 篇" in page
    bars = re.findall(r'<a class="bar[^"]*" href="([^"]+)"[^>]*data-value="(\d{4})"', page)
    assert [v for _, v in bars] == ["2021", "2022", "2023", "2024"]
    assert unquote(bars[2][0].replace("&amp;", "&")) == "/?year=2023&zone=苏州工业园区"
    assert 'href="/zone/%E9%95%87' in page  # 镇江经济技术开发区, named with it
    assert "江苏省 › 苏州市" in page
    assert 'rel="alternate" type="application/atom+xml"' in page
    assert page.index("z008") < page.index("z007")  # latest first


def test_zone_page_of_one_year_by_month(zc: FlaskClient) -> None:
    page = get(zc, SUZHOU + "?year=2023")
    months = re.findall(r'data-value="(2023-\d\d)"', page)
    assert months == ["2023-03", "2023-06", "2023-11"]
    assert "2023 年 <strong>4</strong> 篇（全部年份 9 篇）" in page
    link = re.search(r'href="([^"]+)"[^>]*data-value="2023-03"', page).group(1)
    assert unquote(link.replace("&amp;", "&")) == "/?year=2023&zone=苏州工业园区&month=2023-03"
    assert "← 全部年份" in page


def test_month_bar_link_filters_the_search(zc: FlaskClient) -> None:
    page = get(zc, "/?zone=苏州工业园区&year=2023&month=2023-03")
    assert "找到 <strong>2</strong> 篇" in page and "月份" in page  # a chip for the month
    assert re.search(r'<a class="bar selected"[^>]*data-value="2023-03"', page)


def test_uncatalogued_zone_and_short_form(zc: FlaskClient) -> None:
    page = get(zc, "/zone/" + quote("今世缘产业园"))
    assert "目录未收录" in page and "共 <strong>2</strong> 篇" in page
    moved = zc.get("/zone/" + quote("镇江经开区") + "?year=2020")
    assert moved.status_code == 302
    assert unquote(moved.headers["Location"]) == "/zone/镇江经济技术开发区?year=2020"


def test_unknown_zone_is_404_with_close_names(zc: FlaskClient) -> None:
    page = get(zc, "/zone/" + quote("苏州工业圆区"), status=404)  # a typo
    assert "找不到这个开发区" in page and 'href="/zone/%E8%8B%8F%E5%B7%9E' in page
    hostile = get(zc, "/zone/" + quote("<script>alert(1)</script>"), status=404)
    assert "<script>alert" not in hostile and "&lt;script&gt;" in hostile


@pytest.mark.parametrize(
    "url",
    [
        SUZHOU + "?year=20x3",
        SUZHOU + "?year=２０２３",
        "/zone/" + quote("区" * 101),
        "/zone/a%01b",
        "/?q=园区&month=2023-13",
        "/?q=园区&month=2023-3",
        "/feed.atom",
        "/feed.atom?q=园区&year=x",
        "/feed.atom?q=%E5%9B%AD%00",
        "/feed.atom?q=" + quote("的"),
        "/export.csv",
        "/export.csv?q=园区&page=0",
        "/export.jsonl?q=园区&month=13",
        "/export.csv?q=" + quote("的"),
        "/api/suggest",
        "/api/suggest?q=" + "园" * 51,
        "/api/suggest?q=%E5%9B%AD%07",
        "/feed.atom?q=园区&page=%00",
        "/export.csv?q=园区&page=%00x",
        SUZHOU + "?year=%00",
    ],
)
def test_bad_parameters_are_a_clear_400(zc: FlaskClient, url: str) -> None:
    response = zc.get(url)
    assert response.status_code == 400, (url, response.status_code)
    body = response.get_data(as_text=True)
    assert body.strip() and "Traceback" not in body and "\x00" not in body and "\x07" not in body


def test_unknown_export_format_is_404(zc: FlaskClient) -> None:
    assert zc.get("/export.xlsx?q=园区").status_code == 404


def test_results_page_has_timeline_feed_and_export_links(zc: FlaskClient) -> None:
    page = get(zc, "/?q=园区整合&region=江苏省")
    assert re.findall(r'data-value="(\d{4})"', page) == ["2020", "2021", "2022", "2023", "2024"]
    feed = re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', page)
    assert feed and unquote(feed.group(1).replace("&amp;", "&")) == (
        "/feed.atom?q=园区整合&region=江苏省"
    )
    assert 'href="/export.csv?q=' in page and 'href="/export.jsonl?q=' in page
    # a year bar keeps the other filters and chooses only that year
    link = re.search(r'href="([^"]+)"[^>]*data-value="2023"', page).group(1)
    assert unquote(link.replace("&amp;", "&")) == "/?q=园区整合&region=江苏省&year=2023"
    # zone tags link to the zone's page
    assert 'class="tag zone" href="/zone/%E8%8B%8F' in page


def test_one_year_chosen_shows_its_months(zc: FlaskClient) -> None:
    page = get(zc, "/?q=园区整合&year=2023")
    assert "2023 年各月篇数" in page and "看全部年份" in page
    assert re.findall(r'data-value="(2023-\d\d)"', page) == ["2023-03", "2023-06", "2023-11"]


def test_feed_is_valid_atom_newest_first_and_escaped(zc: FlaskClient) -> None:
    response = zc.get("/feed.atom?q=园区整合&sort=relevance&page=3")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    parsed = feedparser.parse(response.data)
    assert not parsed.bozo and parsed.version == "atom10"
    assert len(parsed.entries) == 13  # every hit: the page number does not apply
    published = [e.published for e in parsed.entries if "published" in e]
    assert published == sorted(published, reverse=True)
    assert parsed.entries[0].link == "http://localhost/doc/z008"
    links = {link.rel: link.href for link in parsed.feed.links}
    assert unquote(links["self"]) == "http://localhost/feed.atom?q=园区整合"
    assert unquote(links["alternate"]) == "http://localhost/?q=园区整合&sort=date"
    assert b"<script>" not in response.data and HOSTILE in [e.title for e in parsed.entries]
    again = feedparser.parse(zc.get("/feed.atom?q=园区整合").data)
    assert [e.id for e in again.entries] == [e.id for e in parsed.entries]
    assert again.feed.updated == parsed.feed.updated  # the generation's time


@pytest.mark.parametrize("engine", ENGINES)
def test_feed_is_capped_at_fifty(tmp_path: Path, engine: str) -> None:
    from zone_corpus import article

    docs = [article(i, text="园区整合的消息。") for i in range(60)]
    client = create_app({"TESTING": True, **engine_config(engine, tmp_path, docs)})
    parsed = feedparser.parse(client.test_client().get("/feed.atom?q=园区整合").data)
    assert len(parsed.entries) == 50


def test_export_csv_streams_every_hit_with_bom(zc: FlaskClient) -> None:
    response = zc.get("/export.csv?q=园区整合&page=2")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=zonesearch-")
    assert response.headers["X-Total-Count"] == "13"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeffid,title,date")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert len(rows) == 13
    hostile = next(r for r in rows if r["id"] == "z021")
    assert hostile["title"] == "'" + HOSTILE and hostile["source"] == "'@来源"
    assert hostile["url"] == ""


def test_export_jsonl_and_cap(zone_config: dict[str, str]) -> None:
    app = create_app({"TESTING": True, **zone_config, "EXPORT_CAP": 5})
    client = app.test_client()
    rows = [
        json.loads(line)
        for line in client.get("/export.jsonl?zone=苏州工业园区&year=2023").data.splitlines()
    ]
    assert len(rows) == 4 and {r["year"] for r in rows} == {2023}
    capped = client.get("/export.csv?q=园区整合")
    assert capped.status_code == 400 and "超过导出上限 5 条" in capped.get_data(as_text=True)


def test_suggest_answers_pinyin_initials_traditional_and_nonsense(zc: FlaskClient) -> None:
    def texts(q: str) -> list[str]:
        response = zc.get("/api/suggest?q=" + quote(q))
        assert response.status_code == 200 and response.is_json
        return [s["text"] for s in response.get_json()["suggestions"]]

    assert texts("suzhougongye")[0] == "苏州工业园区"
    assert texts("szgyyq")[0] == "苏州工业园区"
    assert "苏州市" in texts("蘇州")
    assert texts("xqxqxq") == [] and texts("") == []
    data = zc.get("/api/suggest?q=szgyyq").get_json()
    first = data["suggestions"][0]
    assert first["kind"] == "zone" and first["count"] == 9
    assert unquote(first["url"]) == "/zone/苏州工业园区"
    assert len(zc.get("/api/suggest?q=s").get_json()["suggestions"]) == 8
    assert isinstance(data["took_ms"], float)


def test_suggest_answers_from_the_gazetteer_while_the_index_part_builds(zone_config) -> None:
    client = create_app({"TESTING": True, **zone_config}).test_client()
    first = client.get("/api/suggest?q=szgyyq")
    assert first.status_code == 200
    assert first.get_json()["suggestions"][0]["text"] == "苏州工业园区"


@pytest.mark.parametrize("engine", ENGINES)
def test_new_routes_without_an_index(tmp_path: Path, engine: str) -> None:
    config = {"TESTING": True, "INDEX_DIR": str(tmp_path / "none")}
    if engine == "opensearch":
        require_cluster()
        config["ENGINE"] = cluster_url(fresh_name("none"))  # an alias nothing was published to
    client = create_app(config).test_client()
    for url in (SUZHOU, "/feed.atom?q=园区", "/export.csv?q=园区", "/api/suggest?q=su"):
        response = client.get(url)
        assert response.status_code == 503, url
        assert "rebuild" in response.get_data(as_text=True), url
