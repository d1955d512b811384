"""The app follows the live generation: one engine per app, one view per request."""

from __future__ import annotations

from pathlib import Path

from web_corpus import build_index, doc

from search.backends.embedded import EmbeddedEngine
from web import create_app
from web.searcher import ENGINE


def test_new_generations_are_served_without_restart(tmp_path: Path) -> None:
    app = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path)})
    client = app.test_client()
    assert client.get("/api/search?q=园区").status_code == 503  # nothing built yet
    assert "zonesearch rebuild" in client.get("/?q=园区").get_data(as_text=True)

    build_index(tmp_path, [doc(1, title="第一版园区报道")])
    first = client.get("/api/search?q=园区").get_json()
    assert [h["title"] for h in first["hits"]] == ["第一版园区报道"]
    assert "共有 <strong>1</strong> 篇" in client.get("/").get_data(as_text=True)

    build_index(tmp_path, [doc(2, title="第二版园区报道"), doc(3, title="第二版另一篇园区报道")])
    second = client.get("/api/search?q=园区").get_json()
    assert second["total"] == 2 and {h["id"] for h in second["hits"]} == {"doc002", "doc003"}
    assert client.get("/doc/doc001").status_code == 404
    # the home page's counts are cached per generation, so they follow it too
    assert "共有 <strong>2</strong> 篇" in client.get("/").get_data(as_text=True)
    assert client.get("/api/doc/doc002").get_json()["title"] == "第二版园区报道"


def test_one_engine_per_app_and_searchers_go_back_to_the_pool(tmp_path: Path) -> None:
    build_index(tmp_path, [doc(1)])
    app = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path)})
    engine = app.extensions[ENGINE]
    assert isinstance(engine, EmbeddedEngine)
    client = app.test_client()
    for url in ("/?q=园区", "/api/search?q=园区", "/doc/doc001?q=园区", "/", "/?q=园区&page=x"):
        client.get(url)
        assert app.extensions[ENGINE] is engine
    view = engine.open_view()
    # every request gave its searcher back: one idle searcher served them all in turn
    assert len(view.live._idle) == 0
    engine.release(view)
    assert len(view.live._idle) == 1
    assert create_app({"INDEX_DIR": str(tmp_path)}).extensions[ENGINE] is not engine
