"""A zone's page: what the catalogue says of it, what the index has on it, over time, with whom."""

from __future__ import annotations

from dataclasses import dataclass

from search.engine.facets import FacetValue
from search.engine.query import Hit, QueryError, SearchRequest, SearchResult
from search.engine.related import MAX_RELATED
from search.enrich.zones import find_zones
from search.gazetteer.facts import ZoneFacts, close_zone_names, zone_facts
from search.output import timeline
from search.output.reader import Reader
from search.output.timeline import Timeline
from search.text.normalise import fold

LATEST = 10
MAX_NAME_CHARS = 100


@dataclass(frozen=True)
class ZonePage:
    """Everything the zone page shows, for one zone and optionally one year."""

    name: str
    facts: ZoneFacts | None  # None: the 2018 catalogue does not list it
    year: int | None
    total: int  # articles naming it (near-duplicates folded), in the year when one is chosen
    documents: int
    all_years: int  # articles in every year, whatever the year chosen
    timeline: Timeline  # per year, or per month of the chosen year
    regions: list[FacetValue]
    zones: list[FacetValue]
    latest: list[Hit]


def canonical(name: str) -> str | None:
    """The canonical name a written form stands for (镇江经开区, 蘇州工業園區), if one."""
    folded = fold(name.strip())
    if zone_facts(folded) is not None:
        return folded
    found = find_zones(None, folded)
    if len(found) == 1 and found[0].mentions == (folded,):
        return found[0].name
    return None


def _answer(got: SearchResult | QueryError) -> SearchResult:
    if isinstance(got, QueryError):
        raise got
    return got


def zone_page(reader: Reader, name: str, year: int | None = None) -> ZonePage | None:
    """The page of a canonical zone name; None when neither catalogue nor index knows it."""
    facts = zone_facts(name)
    years = (str(year),) if year else ()
    request = SearchRequest(
        zone=(name,), year=years, sort="date", per_page=LATEST, related=MAX_RELATED
    )
    asked = (
        [request, SearchRequest(zone=(name,), per_page=1, snippets=False)] if year else [request]
    )
    answers = [_answer(got) for got in reader.search_many(asked)]
    result, everything = answers[0], answers[-1]
    if facts is None and not everything.total:
        return None
    if year:
        chart = timeline.months(year, result.months)
    else:
        chart = timeline.years(result.facets.get("year", []))
    return ZonePage(
        name=name,
        facts=facts,
        year=year,
        total=result.total,
        documents=result.documents,
        all_years=everything.total,
        timeline=chart,
        regions=result.related.get("region", []),
        zones=result.related.get("zone", []),
        latest=result.hits,
    )


def close_names(name: str, indexed: tuple[str, ...] = ()) -> list[str]:
    """Catalogue (and indexed) zone names close to an unknown one, for the 404 page."""
    return close_zone_names(fold(name.strip())[:MAX_NAME_CHARS], extra=indexed)
