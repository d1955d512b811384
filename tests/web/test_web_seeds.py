"""Issue 2's checks through Flask's test client, on an index built from the five seeds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from search.build.rebuild import BuildOptions
from search.opensearch.engine import OpenSearchEngine
from tests.conftest import SEEDS
from tests.opensearch_cluster import cluster_url, fresh_name, require_cluster
from web import create_app

ALL_FIVE = {"000", "001", "002", "003", "004"}


@pytest.fixture(scope="session", params=["whoosh", "opensearch"])
def seeds_app(request: pytest.FixtureRequest, seeds_index: Path) -> Flask:
    """The seeds on each engine: the embedded index, or rebuilt on the test cluster."""
    if request.param == "whoosh":
        return create_app({"TESTING": True, "INDEX_DIR": str(seeds_index), "PER_PAGE": 10})
    require_cluster()
    url = cluster_url(fresh_name("seeds"))
    engine = OpenSearchEngine(url)
    engine.rebuild([SEEDS], BuildOptions(workers=0))
    engine.close()
    config = {"TESTING": True, "INDEX_DIR": str(seeds_index), "ENGINE": url, "PER_PAGE": 10}
    return create_app(config)


@pytest.fixture
def seeds(seeds_app: Flask) -> FlaskClient:
    return seeds_app.test_client()


def hit_uris(client: FlaskClient, q: str) -> set[str]:
    """The seed numbers (000-004) of the hits, read from each hit's document."""
    data = client.get("/api/search", query_string={"q": q, "limit": 50}).get_json()
    assert data["total"] == len(data["hits"]) + sum(h["similar"] for h in data["hits"])
    ids = [h["id"] for h in data["hits"]] + [i for h in data["hits"] for i in h["similar_ids"]]
    out = set()
    for doc_id in ids:
        doc = client.get(f"/api/doc/{doc_id}").get_json()
        out.add(Path(doc["uri"]).name[:3])
    return out


@pytest.mark.parametrize("q", ["园区", "園區"])
def test_yuanqu_lists_all_five_seeds_highlighted(seeds: FlaskClient, q: str) -> None:
    assert hit_uris(seeds, q) == ALL_FIVE
    page = seeds.get("/", query_string={"q": q}).get_data(as_text=True)
    assert page.count('class="hit"') == 5
    snippets = re.findall(r'<p class="snippet">(.*?)</p>', page, re.S)
    assert len(snippets) == 5
    assert all(re.search(r"<mark>[^<]*(园区|園區)[^<]*</mark>", s) for s in snippets), snippets


def test_kaifaqu_lists_exactly_the_four_seeds_that_say_it(seeds: FlaskClient) -> None:
    # seed 001 says 开发园区, a different word
    assert hit_uris(seeds, "开发区") == ALL_FIVE - {"001"}


def test_untitled_seed_shows_the_start_of_its_text(seeds: FlaskClient) -> None:
    page = seeds.get("/", query_string={"q": "园区"}).get_data(as_text=True)
    titles = re.findall(r'<h3 class="hit-title">(.*?)</h3>', page, re.S)
    assert not any("None" in t for t in titles)
    untitled = [t for t in titles if 'class="untitled"' in t]
    assert len(untitled) == 1  # seed 001 has no title
    label = re.sub(r"<[^>]+>", "", untitled[0]).strip()
    assert 5 <= len(label) <= 31 and label != "（无标题）"
    data = seeds.get("/api/search", query_string={"q": "园区", "limit": 10}).get_json()
    assert sum(h["title"] is None for h in data["hits"]) == 1  # the JSON keeps null


BAD = [
    ("q=", "请输入检索词"),
    ("q=园区&page=0", None),
    ("q=园区&page=abc", None),
    ("q=园区&page=99999999999999999999", None),
    ("q=园区&sort=bogus", None),
    ("q=园区&year=20x4", None),
    ("q=园区&year=2024年", None),
    ("q=" + "园" * 2000, None),
]


@pytest.mark.parametrize(("args", "text"), BAD)
def test_bad_inputs_give_a_message_never_a_500(
    seeds: FlaskClient, args: str, text: str | None
) -> None:
    page = seeds.get("/?" + args)
    assert page.status_code in (200, 400), page.status_code
    body = page.get_data(as_text=True)
    assert 'class="message' in body and "Traceback" not in body
    if text:
        assert text in body
    api = seeds.get("/api/search?" + args)
    assert api.status_code == 400 and api.is_json
    assert isinstance(api.get_json()["error"], str) and api.get_json()["error"]


def test_a_year_with_nothing_suggests_what_to_loosen(seeds: FlaskClient) -> None:
    body = seeds.get("/?q=园区&year=1990").get_data(as_text=True)
    assert "没有找到结果" in body and 'class="suggestions"' in body


def test_html_in_the_query_is_escaped(seeds: FlaskClient) -> None:
    q = '<script>alert(1)</script>"><img src=x onerror=alert(2)> 园区'
    response = seeds.get("/", query_string={"q": q})
    assert response.status_code in (200, 400)
    body = response.get_data(as_text=True)
    assert "<script>alert" not in body and "<img src=x" not in body
    assert "&lt;script&gt;" in body
    api = seeds.get("/api/search", query_string={"q": q})
    assert api.status_code in (200, 400) and api.is_json


def test_security_headers(seeds: FlaskClient) -> None:
    for url in ("/", "/?q=园区", "/api/search?q=园区", "/?q="):
        headers = seeds.get(url).headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
        assert "default-src 'self'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
