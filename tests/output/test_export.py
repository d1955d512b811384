"""search/output/export.py: every hit as CSV (BOM, formulas neutralised) or JSON Lines, capped."""

import csv
import io
import json

import pytest
from zone_corpus import HOSTILE

from search.engine.query import SearchRequest
from search.opensearch import every
from search.output import export


def test_neutralise_formula_cells() -> None:
    for cell in ("=1+1", "+1", "-2", "@SUM(A1)", "\t=x", "\r=x"):
        assert export.neutralise(cell) == "'" + cell
    for cell in ("园区", "1-2", "a=b", ""):
        assert export.neutralise(cell) == cell


def test_all_hits_is_every_hit_in_order(zone_view) -> None:
    request = SearchRequest(text="园区整合", sort="date")
    total, hits = export.all_hits(zone_view, request)
    hits = list(hits)
    assert total == len(hits) == 13
    dates = [h.published for h in hits if h.published]
    assert dates == sorted(dates, reverse=True)
    assert all(h.snippet == "" for h in hits)  # exports never show snippets


def test_all_hits_read_a_few_at_a_time_are_the_same(zone_view, monkeypatch) -> None:
    request = SearchRequest(text="园区整合")
    whole = [(h.id, h.similar_ids) for h in export.all_hits(zone_view, request)[1]]
    # the cluster ranks and reads them in pages (search_after, multi-get); two at a time here
    monkeypatch.setattr(every, "SCAN_PAGE", 2)
    monkeypatch.setattr(every, "FETCH", 2)
    total, hits = export.all_hits(zone_view, request)
    ids = [(h.id, h.similar_ids) for h in hits]
    assert ids == whole and len(ids) == total == len({i for i, _ in ids}) == 13
    first = zone_view.search(request).hits
    assert [h.id for h in first] == [i for i, _ in ids[: len(first)]]  # the page's order


def test_cap_is_a_clear_error_before_any_output(zone_view) -> None:
    with pytest.raises(export.TooManyHits, match="超过导出上限 5 条"):
        export.all_hits(zone_view, SearchRequest(text="园区整合"), cap=5)


def test_csv_has_bom_header_and_neutralised_hostile_cells(zone_view) -> None:
    _, hits = export.all_hits(zone_view, SearchRequest(text="园区整合", sort="date"))
    text = "".join(export.csv_lines(hits))
    assert text.startswith(
        "\ufeffid,title,date,source,url,region,regions,zones,year,similar_ids\r\n"
    )
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    hostile = next(r for r in rows if r["id"] == "z021")
    assert hostile["title"] == "'" + HOSTILE  # a spreadsheet shows it, never runs it
    assert hostile["source"] == "'@来源"
    assert hostile["url"] == ""  # javascript: is not passed on
    suzhou = next(r for r in rows if r["id"] == "z008")
    assert suzhou["date"] == "2024-07-07" and suzhou["year"] == "2024"
    assert suzhou["region"] == "江苏省/苏州市" and suzhou["regions"] == "江苏省;江苏省/苏州市"
    assert suzhou["zones"] == "苏州工业园区" and suzhou["url"] == "https://example.com/z/8.html"
    untitled = next(r for r in rows if r["id"] == "z022")
    assert untitled["title"] == ""


def test_jsonl_is_one_object_a_line(zone_view) -> None:
    _, hits = export.all_hits(zone_view, SearchRequest(text="园区整合"))
    lines = list(export.jsonl_lines(hits))
    rows = [json.loads(line) for line in lines]
    assert all(line.endswith("\n") and line.count("\n") == 1 for line in lines)
    assert set(rows[0]) == set(export.COLUMNS)
    hostile = next(r for r in rows if r["id"] == "z021")
    assert hostile["title"] == HOSTILE and hostile["url"] is None
    assert next(r for r in rows if r["id"] == "z000")["zones"] == [
        "苏州工业园区",
        "镇江经济技术开发区",
    ]
