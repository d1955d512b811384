"""What the documents of a result set name together: regions and zones, counted within it."""

from __future__ import annotations

from whoosh.searching import Searcher

from search.engine.facets import FacetValue, facet_counts
from search.engine.query import SearchRequest, matching_documents

MAX_RELATED = 10


def related(
    searcher: Searcher, request: SearchRequest, limit: int = MAX_RELATED
) -> dict[str, list[FacetValue]]:
    """The regions (any level) and zones most often named by the documents a request matches.

    Unlike the sidebar's facets, no facet ignores its own selection here: a zone's page asks
    which other zones its articles name, so the zone itself is left out of the list.
    """
    data, docs = matching_documents(searcher, request)
    counts = facet_counts(data, docs, {}, {}, hierarchical=False)
    zones = [v for v in counts["zone"] if v.value not in request.zone]
    return {"region": counts["region"][:limit], "zone": zones[:limit]}
