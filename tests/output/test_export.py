"""search/output/export.py: every hit as CSV (BOM, formulas neutralised) or JSON Lines, capped."""

import csv
import io
import json

import pytest
from zone_corpus import HOSTILE

from search.engine.query import SearchRequest
from search.output import export


def test_neutralise_formula_cells() -> None:
    for cell in ("=1+1", "+1", "-2", "@SUM(A1)", "\t=x", "\r=x"):
        assert export.neutralise(cell) == "'" + cell
    for cell in ("园区", "1-2", "a=b", ""):
        assert export.neutralise(cell) == cell


def test_all_hits_is_every_hit_in_order(zone_searcher) -> None:
    request = SearchRequest(text="园区整合", sort="date")
    total, hits = export.all_hits(zone_searcher, request)
    hits = list(hits)
    assert total == len(hits) == 13
    dates = [h.published for h in hits if h.published]
    assert dates == sorted(dates, reverse=True)
    assert all(h.snippet == "" for h in hits)  # exports never show snippets


def test_all_hits_pages_through(zone_searcher, monkeypatch) -> None:
    monkeypatch.setattr(export, "PAGE", 2)
    total, hits = export.all_hits(zone_searcher, SearchRequest(text="园区整合"))
    ids = [h.id for h in hits]
    assert len(ids) == total == len(set(ids))


def test_cap_is_a_clear_error_before_any_output(zone_searcher) -> None:
    with pytest.raises(export.TooManyHits, match="超过导出上限 5 条"):
        export.all_hits(zone_searcher, SearchRequest(text="园区整合"), cap=5)


def test_csv_has_bom_header_and_neutralised_hostile_cells(zone_searcher) -> None:
    _, hits = export.all_hits(zone_searcher, SearchRequest(text="园区整合", sort="date"))
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


def test_jsonl_is_one_object_a_line(zone_searcher) -> None:
    _, hits = export.all_hits(zone_searcher, SearchRequest(text="园区整合"))
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
