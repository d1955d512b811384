"""What the documents of a result set name together: regions and zones, counted within it."""

from __future__ import annotations

from collections.abc import Iterable

from search.engine.facets import FacetValue, Mask, facet_counts
from search.engine.readerdata import ReaderData

MAX_RELATED = 10


def count_related(
    data: ReaderData, docs: Mask, chosen_zones: Iterable[str], limit: int = MAX_RELATED
) -> dict[str, list[FacetValue]]:
    """The regions (any level) and zones most often named by these documents, most first.

    Unlike the sidebar's facets, no facet ignores its own selection here: a zone's page asks
    which other zones its articles name, so the zones chosen are left out of the list.
    """
    counts = facet_counts(data, docs, {}, {}, hierarchical=False)
    left_out = set(chosen_zones)
    zones = [v for v in counts["zone"] if v.value not in left_out]
    return {"region": counts["region"][:limit], "zone": zones[:limit]}
