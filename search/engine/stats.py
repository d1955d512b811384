"""What is in the index: documents, generations, size on disk, facet values."""

from __future__ import annotations

import heapq
import re
from collections.abc import Collection
from pathlib import Path

from whoosh.searching import Searcher

from search.engine.facets import FacetValue, facet_counts
from search.engine.reader import open_live
from search.engine.readerdata import reader_data
from search.segments.generations import Store

_HAN = re.compile(r"[\u4e00-\u9fff]")


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def collection_facets(searcher: Searcher) -> dict[str, list[FacetValue]]:
    """Facet counts over every live document (what there is to browse)."""
    data = reader_data(searcher)
    return facet_counts(data, data.live, {}, {}, hierarchical=False)


def title_words(
    searcher: Searcher, limit: int, min_docs: int, exclude: Collection[str] = ()
) -> list[tuple[str, int]]:
    """The indexed title words of two or more characters, one of them Han, in at least
    min_docs documents, with their document counts: the `limit` most frequent (ties in
    character order), leaving out `exclude`."""
    reader = searcher.reader()
    if "title" not in reader.indexed_field_names():
        return []
    words = []
    for raw, info in reader.iter_field("title"):
        word = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
        df = info.doc_frequency()
        if df >= min_docs and len(word) > 1 and _HAN.search(word) and word not in exclude:
            words.append((word, df))
    return heapq.nsmallest(limit, words, key=lambda w: (-w[1], w[0]))


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
