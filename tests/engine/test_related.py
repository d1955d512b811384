"""search/engine/related.py: regions and zones counted within a result set, on both engines."""

from search.engine.query import QueryError, SearchRequest


def test_counts_within_the_set_and_leaves_the_zone_itself_out(zone_view) -> None:
    got = zone_view.search(SearchRequest(zone=("镇江经济技术开发区",), related=10)).related
    assert [(v.value, v.count) for v in got["zone"]] == [("苏州工业园区", 2)]
    regions = {v.value: v.count for v in got["region"]}
    assert regions == {"江苏省": 3, "江苏省/镇江市": 3, "江苏省/苏州市": 2}


def test_limit_and_order(zone_view) -> None:
    got = zone_view.search(SearchRequest(text="园区整合", related=2)).related
    assert [v.value for v in got["region"]] == ["江苏省", "江苏省/苏州市"]
    assert [(v.value, v.count) for v in got["zone"]] == [
        ("苏州工业园区", 9),
        ("镇江经济技术开发区", 3),
    ]


def test_every_selection_applies(zone_view) -> None:
    request = SearchRequest(zone=("苏州工业园区",), year=("2023",), month=("2023-03",), related=5)
    got = zone_view.search(request).related
    assert got["zone"] == [] and [(v.value, v.count) for v in got["region"]] == [
        ("江苏省", 2),
        ("江苏省/苏州市", 2),
    ]


def test_not_asked_not_counted_and_bounded(zone_view) -> None:
    assert zone_view.search(SearchRequest(text="园区整合")).related == {}
    assert isinstance(
        zone_view.search_many([SearchRequest(text="园区", related=101)])[0], QueryError
    )
