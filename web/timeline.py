"""Timeline bars with the links they filter by: on the results page and on a zone's page."""

from __future__ import annotations

from dataclasses import dataclass

from search.engine.query import SearchResult
from search.output import timeline
from search.output.timeline import Bar, Timeline
from search.output.zonepage import ZonePage
from web.params import State
from web.urls import state_url


@dataclass(frozen=True)
class Chart:
    """A timeline as the page draws it: bars with their URLs, what it counts, a way back."""

    timeline: Timeline
    bars: list[tuple[Bar, str]]
    caption: str
    up_url: str | None = None  # from months back to every year


def _chart(line: Timeline, url_of: dict[str, str], caption: str, up: str | None) -> Chart:
    return Chart(line, [(b, url_of.get(b.value, "")) for b in line.bars], caption, up)


def results_timeline(result: SearchResult, state: State) -> Chart | None:
    """Per year over the result set (what the year facet counts), or per month of the one
    year chosen; each bar narrows the search to itself."""
    if len(state.year) == 1 and state.year[0].isdigit():
        line = timeline.months(int(state.year[0]), result.months)
        urls = {b.value: state_url(state.with_month(b.value)) for b in line.bars}
        up = state_url(State(state.q, state.region, (), state.zone, state.sort))
        return _chart(line, urls, f"{state.year[0]} 年各月篇数", up) if line else None
    line = timeline.years(result.facets.get("year", []))
    urls = {b.value: state_url(state.with_year(b.value)) for b in line.bars}
    return _chart(line, urls, "各年篇数", None) if line else None


def zone_timeline(page: ZonePage, only: State) -> Chart:
    """A zone's articles per year (per month of the chosen year), bars linking to the search."""
    if page.year:
        year = str(page.year)
        bars = page.timeline.bars
        urls = {
            b.value: state_url(State(zone=only.zone, year=(year,), month=(b.value,))) for b in bars
        }
        return _chart(page.timeline, urls, f"{year} 年各月篇数", None)
    urls = {b.value: state_url(State(zone=only.zone, year=(b.value,))) for b in page.timeline.bars}
    return _chart(page.timeline, urls, "各年篇数", None)
