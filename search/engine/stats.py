"""What is in the index: documents, generations, size on disk, facet values."""

from __future__ import annotations

from pathlib import Path

from whoosh.searching import Searcher

from search.engine.facets import FacetValue, facet_counts
from search.engine.reader import open_live
from search.engine.readerdata import reader_data
from search.segments.generations import Store


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def collection_facets(searcher: Searcher) -> dict[str, list[FacetValue]]:
    """Facet counts over every live document (what there is to browse)."""
    data = reader_data(searcher)
    return facet_counts(data, data.live, {}, {}, hierarchical=False)


def index_stats(root: Path) -> dict[str, object]:
    """A JSON-ready summary of the live generation (NoIndex when there is none)."""
    store = Store(root)
    ix = open_live(root)
    current = store.current()
    with ix.searcher() as searcher:
        facets = collection_facets(searcher)
        documents = searcher.doc_count()
    generations = store.generations()
    return {
        "root": str(root),
        "generation": current.name if current else None,
        "generations": [g.name for g in generations],
        "documents": documents,
        "size_bytes": _size(current) if current else 0,
        "total_bytes": sum(_size(g) for g in generations),
        "facets": {
            name: [{"value": v.value, "count": v.count} for v in values]
            for name, values in facets.items()
        },
    }
