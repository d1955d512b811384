"""An engine that cannot answer is a 503 page or JSON error, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from web import create_app

DOWN = "opensearch://127.0.0.1:9399/zonesearch"  # nothing listens there


@pytest.mark.parametrize(
    "url",
    ["/", "/?q=园区", "/doc/abc", "/zone/苏州工业园区", "/feed.atom?q=园区", "/export.csv?q=园区"],
)
def test_pages_say_the_service_is_unavailable(tmp_path: Path, url: str) -> None:
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path), "ENGINE": DOWN}).test_client()
    response = client.get(url)
    assert response.status_code == 503
    assert "搜索服务暂时不可用" in response.get_data(as_text=True)


@pytest.mark.parametrize("url", ["/api/search?q=园区", "/api/doc/abc", "/api/suggest?q=su"])
def test_the_api_says_so_in_json(tmp_path: Path, url: str) -> None:
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path), "ENGINE": DOWN}).test_client()
    response = client.get(url)
    assert response.status_code == 503 and response.get_json()["error"]
