"""The engine interface on both engines: rebuild, update, fetch, stats, generation swaps."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from search.build.rebuild import BuildOptions
from search.document import Document
from search.engine.query import SearchRequest
from search.segments.generations import NoIndex

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SERIAL = BuildOptions(workers=0)


def docs(n: int, word: str = "开发区建设") -> list[Document]:
    return [Document(id=f"d{i}", uri=f"mem:{i}", title=f"第{i}篇", text=word) for i in range(n)]


def test_seeds_are_found_in_both_scripts(new_engine) -> None:
    engine = new_engine()
    report = engine.rebuild([SEEDS], SERIAL)
    assert report.documents == 5
    with engine.view() as view:
        result = view.search(SearchRequest(text="园区"))
        assert result.total == 5
        trad = view.search(SearchRequest(text="开发园区 整合")).hits[0]
        assert "<mark>開發園區</mark>" in trad.snippet  # a simplified query, the seed's own script
        trad_query = view.search(SearchRequest(text="開發園區"))
        assert trad_query.total == view.search(SearchRequest(text="开发园区")).total > 0
        doc = view.document(trad.id)
        assert doc is not None and doc.script == "hant"
        assert view.doc_count() == 5


def test_hostile_documents_are_escaped(new_engine) -> None:
    engine = new_engine()
    hostile = Document(
        id="x",
        uri="mem:x",
        title="<script>alert(1)</script>开发区",
        text='开发区 <img src=x onerror="alert(1)"> &lt;b&gt; 建设',
    )
    engine.publish_documents([hostile])
    with engine.view() as view:
        (hit,) = view.search(SearchRequest(text="开发区")).hits
    assert "<script" not in hit.title_html and "&lt;script&gt;" in hit.title_html
    assert "<img" not in hit.snippet and "&lt;img" in hit.snippet
    assert "&amp;lt;b&amp;gt;" in hit.snippet
    assert hit.title_html.count("<mark>") == hit.title_html.count("</mark>") == 1


def test_no_index_yet(new_engine) -> None:
    engine = new_engine()
    assert not engine.has_index()
    with pytest.raises(NoIndex, match="rebuild"):
        engine.open_view()


def test_fetch_and_stats(new_engine) -> None:
    engine = new_engine()
    name = engine.publish_documents(docs(3))
    with engine.view() as view:
        assert view.generation == name
        assert view.document("d1").title == "第1篇"
        assert view.document("nope") is None
        assert view.document("x" * 500) is None
    stats = engine.stats()
    assert stats["documents"] == 3 and stats["generation"] == name
    assert stats["size_bytes"] > 0


def test_update_adds_changes_and_deletes(new_engine, tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("苏州工业园区\n苏州工业园区招商引资成绩显著。", encoding="utf-8")
    (src / "b.txt").write_text("镇江经开区\n镇江经开区建设提速。", encoding="utf-8")
    engine = new_engine()
    engine.rebuild([src], SERIAL)
    (src / "b.txt").unlink()
    (src / "c.txt").write_text("常州高新区\n常州高新区发布新政。", encoding="utf-8")
    report = engine.update([], SERIAL)
    assert (report.indexed, report.deleted, report.unchanged) == (1, 1, 1)
    with engine.view() as view:
        assert view.doc_count() == 2
        assert view.search(SearchRequest(text="镇江")).total == 0
        assert view.search(SearchRequest(text="常州")).total == 1
    again = engine.update([], SERIAL)
    assert again.generation == report.generation  # nothing changed: nothing published


def test_a_view_keeps_its_generation_while_new_ones_are_published(new_engine) -> None:
    engine = new_engine()
    engine.publish_documents(docs(2))
    with engine.view() as old:
        engine.publish_documents(docs(4))
        assert old.search(SearchRequest(text="开发区")).documents == 2
        with engine.view() as new:
            assert new.search(SearchRequest(text="开发区")).documents == 4


def test_generation_swap_during_queries(new_engine) -> None:
    engine = new_engine()
    engine.publish_documents(docs(3))
    sizes = {3, 5, 7}
    seen: list[int] = []
    errors: list[BaseException] = []
    stop = threading.Event()

    def query() -> None:
        while not stop.is_set() and len(seen) < 600:
            try:
                with engine.view() as view:
                    seen.append(view.search(SearchRequest(text="开发区 建设")).documents)
            except BaseException as e:  # noqa: BLE001 - every failure is a test failure
                errors.append(e)
                return

    threads = [threading.Thread(target=query) for _ in range(3)]
    for t in threads:
        t.start()
    try:
        engine.publish_documents(docs(5))
        engine.publish_documents(docs(7))
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=60)
    assert not errors, errors[0]
    assert seen and set(seen) <= sizes
    with engine.view() as view:
        assert view.search(SearchRequest(text="开发区")).documents == 7


def test_update_leaves_published_documents_alone(new_engine, tmp_path: Path, monkeypatch) -> None:
    engine = new_engine()
    engine.publish_documents(docs(2))
    monkeypatch.chdir(tmp_path)  # an empty root must not mean "scan the current folder"
    (tmp_path / "stray.txt").write_text("开发区\n不该被读到的开发区文章。", encoding="utf-8")
    report = engine.update([], SERIAL)
    assert report.read == 0 and report.documents == 2


def test_the_region_facet_is_about_regions_and_mentions_every_place_named(new_engine) -> None:
    def placed(doc_id: str, about: str, other: str) -> Document:
        return Document(
            id=doc_id,
            uri=f"mem:{doc_id}",
            text=f"{about[:2]}开发区建设",
            regions_about=(about,),
            regions_mentioned=(about, other),
        )

    about, names = placed("a", "上海市", "江苏省"), placed("b", "江苏省", "上海市")
    engine = new_engine()
    engine.publish_documents([about, names])
    with engine.view() as view:
        facet = {
            v.value: v.count for v in view.search(SearchRequest(text="开发区")).facets["region"]
        }
        assert facet == {"上海市": 1, "江苏省": 1}
        assert [h.id for h in view.search(SearchRequest(text="region:上海")).hits] == ["a"]
        named = view.search(SearchRequest(text="开发区", mentions=("上海",)))
        assert {h.id for h in named.hits} == {"a", "b"}
        assert {h.id for h in view.search(SearchRequest(text="mentions:江苏")).hits} == {"a", "b"}
        assert view.document("b").regions_mentioned == ("江苏省", "上海市")
