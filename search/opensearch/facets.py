"""Facet counts as terms aggregations, disjunctive as in search.engine.facets.

The selections filter the hits as a post_filter, so the aggregations see the whole result
set; each facet's aggregation is wrapped in a filter of the other facets' selections, so it
ignores its own. Region is hierarchical: provinces always, then the children of each chosen
path and of its ancestors, picked with an include pattern on the paths.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from search.engine.facets import FACETS, FacetValue, ancestors, with_selected

Query = dict[str, Any]
MAX_VALUES = 10_000  # every value a result set has, as Whoosh's counts give them
GROUPS_PRECISION = 40_000  # cardinality counts exactly up to here (OpenSearch's maximum)


def _month(value: str) -> Query:
    """Documents published in one month (YYYY-MM, validated by the request)."""
    return {"range": {"published": {"gte": f"{value}-01", "lt": f"{value}-01||+1M"}}}


def selection(facet: str, values: tuple[str, ...]) -> Query | None:
    """Documents carrying any of the values (OR within a facet); None when nothing is chosen."""
    values = tuple(v for v in values if v)
    if not values:
        return None
    if facet == "month":
        parts = [_month(v) for v in values]
        return parts[0] if len(parts) == 1 else {"bool": {"should": parts}}
    if facet == "year":
        years = [int(v) for v in values if v.isdigit()]
        return {"terms": {"year": years}}
    return {"terms": {facet: list(values)}}


def _filter(clauses: list[Query]) -> Query:
    return {"bool": {"filter": clauses}} if clauses else {"match_all": {}}


def _escape(path: str) -> str:
    """A literal in Lucene's regular expressions (every character but letters and digits)."""
    return "".join(c if c.isalnum() else "\\" + c for c in path)


def _region_include(chosen: tuple[str, ...]) -> str:
    parents = sorted(ancestors(chosen) - {""})
    return "|".join(["[^/]+", *(f"{_escape(p)}/[^/]+" for p in parents)])


def _terms(facet: str, chosen: tuple[str, ...], hierarchical: bool) -> Query:
    if facet == "year":
        return {"terms": {"field": "year", "size": MAX_VALUES, "order": {"_key": "desc"}}}
    terms: Query = {
        "field": facet,
        "size": MAX_VALUES,
        "order": [{"_count": "desc"}, {"_key": "asc"}],
    }
    if facet == "region" and hierarchical:
        terms["include"] = _region_include(chosen)
    return {"terms": terms}


def _top(facet: str, size: int, exclude: tuple[str, ...] = ()) -> Query:
    terms: Query = {"field": facet, "size": size, "order": [{"_count": "desc"}, {"_key": "asc"}]}
    if exclude:
        terms["exclude"] = list(exclude)
    return {"terms": terms}


def aggregations(
    selected: Mapping[str, tuple[str, ...]], hierarchical: bool = True, related: int = 0
) -> tuple[dict[str, Query], Query | None]:
    """The aggregations for a request's facets and totals (and the regions and zones most
    named within its result set, when related > 0), and its post_filter."""
    chosen = {name: selection(name, selected.get(name, ())) for name in (*FACETS, "month")}
    aggs: dict[str, Query] = {}
    for name in FACETS:
        others = [q for other, q in chosen.items() if other != name and q is not None]
        aggs[name] = {
            "filter": _filter(others),
            "aggs": {"values": _terms(name, selected.get(name, ()), hierarchical)},
        }
    every = [q for q in chosen.values() if q is not None]
    aggs["_shown"] = {
        "filter": _filter(every),
        "aggs": {
            "groups": {"cardinality": {"field": "group", "precision_threshold": GROUPS_PRECISION}}
        },
    }
    if related:
        # every selection applies: a zone's page asks what else its articles name
        aggs["_related"] = {
            "filter": _filter(every),
            "aggs": {
                "region": _top("region", related),
                "zone": _top("zone", related, selected.get("zone", ())),
            },
        }
    years = selected.get("year", ())
    if len(years) == 1 and years[0].isdigit():
        # documents per month of the one year chosen, ignoring the month chosen
        others = [q for other, q in chosen.items() if other != "month" and q is not None]
        span = {
            "range": {"published": {"gte": f"{years[0]}-01-01", "lt": f"{years[0]}-01-01||+1y"}}
        }
        aggs["_months"] = {
            "filter": _filter([*others, span]),
            "aggs": {
                "m": {
                    "date_histogram": {
                        "field": "published",
                        "calendar_interval": "month",
                        "format": "yyyy-MM",
                        "min_doc_count": 1,
                    }
                }
            },
        }
    return aggs, (_filter(every) if every else None)


def read_months(
    response: Mapping[str, Any], selected: Mapping[str, tuple[str, ...]]
) -> list[FacetValue]:
    """Documents per month when one year is chosen, January first (else none)."""
    got = response["aggregations"].get("_months")
    if got is None:
        return []
    picked = set(selected.get("month", ()))
    return [
        FacetValue(b["key_as_string"], int(b["doc_count"]), b["key_as_string"] in picked)
        for b in got["m"]["buckets"]
        if b["doc_count"]
    ]


def read_facets(
    response: Mapping[str, Any], selected: Mapping[str, tuple[str, ...]]
) -> dict[str, list[FacetValue]]:
    """FacetValues per facet from a search response, as search.engine.facets orders them."""
    out = {}
    for name in FACETS:
        buckets = response["aggregations"][name]["values"]["buckets"]
        tally = [(str(b["key"]), int(b["doc_count"])) for b in buckets if b["doc_count"]]
        if name == "year":
            tally = [(v, c) for v, c in tally if v.isdigit() and int(v) > 0]
        out[name] = with_selected(tally, set(selected.get(name, ())))
    return out


def read_related(response: Mapping[str, Any]) -> dict[str, list[FacetValue]]:
    """The regions and zones most named within the result set (empty when not asked)."""
    got = response["aggregations"].get("_related")
    if got is None:
        return {}
    return {
        name: [FacetValue(str(b["key"]), int(b["doc_count"])) for b in got[name]["buckets"]]
        for name in ("region", "zone")
    }


def read_totals(response: Mapping[str, Any]) -> tuple[int, int]:
    """(hits once near-duplicates are folded, matching documents) of a search response."""
    shown = response["aggregations"]["_shown"]
    return int(shown["groups"]["value"]), int(shown["doc_count"])
