"""What is in the index: documents, generations, size on disk, facet values."""

from __future__ import annotations

from pathlib import Path

from search.facets import count, facet_table
from search.reader import open_live
from search.store import Store


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def index_stats(root: Path) -> dict[str, object]:
    """A JSON-ready summary of the live generation (NoIndex when there is none)."""
    store = Store(root)
    ix = open_live(root)
    current = store.current()
    with ix.searcher() as searcher:
        docs = set(searcher.reader().all_doc_ids())
        facets = count(facet_table(searcher), docs, {}, {})
        documents = searcher.doc_count()
    return {
        "root": str(root),
        "generation": current.name if current else None,
        "generations": [g.name for g in store.generations()],
        "documents": documents,
        "size_bytes": _size(current) if current else 0,
        "facets": {
            name: [{"value": v.value, "count": v.count} for v in values]
            for name, values in facets.items()
        },
    }
