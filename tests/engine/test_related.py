"""search/engine/related.py: regions and zones counted within a result set."""

from search.engine.query import SearchRequest
from search.engine.related import related


def test_counts_within_the_set_and_leaves_the_zone_itself_out(zone_searcher) -> None:
    got = related(zone_searcher, SearchRequest(zone=("镇江经济技术开发区",)))
    assert [(v.value, v.count) for v in got["zone"]] == [("苏州工业园区", 2)]
    regions = {v.value: v.count for v in got["region"]}
    assert regions == {"江苏省": 3, "江苏省/镇江市": 3, "江苏省/苏州市": 2}


def test_limit(zone_searcher) -> None:
    got = related(zone_searcher, SearchRequest(text="园区整合"), limit=2)
    assert len(got["region"]) == 2 and got["region"][0].value == "江苏省"
