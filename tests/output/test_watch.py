"""search/output/watch.py: documents published since a time, newest first."""

from datetime import date

import pytest

from search.engine.query import SearchRequest
from search.output.watch import newer, parse_since


def test_parse_since_takes_dates_and_date_times() -> None:
    assert parse_since("2023-03-01") == date(2023, 3, 1)
    assert parse_since("2023-03-01T08:00:00+08:00") == date(2023, 3, 1)
    assert parse_since(" 2023-03-01T08:00:00Z ") == date(2023, 3, 1)
    for bad in ("yesterday", "2023-13-01", "", "1700000000"):
        with pytest.raises(ValueError, match="ISO date"):
            parse_since(bad)


def test_newer_stops_at_the_first_older_document(zone_view) -> None:
    hits = list(newer(zone_view, SearchRequest(text="园区整合"), date(2023, 6, 1)))
    assert [h.published for h in hits] == ["2024-07-07", "2024-01-05", "2023-11-11", "2023-06-01"]
    assert list(newer(zone_view, SearchRequest(text="园区整合"), date(2030, 1, 1))) == []


def test_newer_respects_filters_and_limit(zone_view) -> None:
    request = SearchRequest(zone=("今世缘产业园",))
    assert [h.id for h in newer(zone_view, request, date(2020, 1, 1))] == ["z021", "z022"]
    assert len(list(newer(zone_view, SearchRequest(text="园区整合"), date(2000, 1, 1), 3))) == 3
