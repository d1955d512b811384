"""The documents zonesearch indexed, with the facet values it extracted, for the baselines.

Every system of a benchmark run indexes the same documents: the baselines are given what
zonesearch's pipeline made of each input (title, cleaned text, date, year, regions, zones),
exported once from the generation it built (untimed), as JSON Lines in docnum order:

    {"id", "title", "text", "published", "year", "regions": [...], "zones": [...]}
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from whoosh import index as whoosh_index

from search.segments.serialize import document_from_record


def export(generation: Path, out: Path) -> int:
    """Write every document of a generation to out; how many."""
    ix = whoosh_index.open_dir(str(generation))
    n = 0
    tmp = out.with_suffix(".tmp")
    with ix.searcher() as s, tmp.open("w", encoding="utf-8") as f:
        for stored in s.all_stored_fields():
            doc = document_from_record(stored["record"])
            row = {
                "id": doc.id,
                "title": doc.title or "",
                "text": doc.text,
                "published": doc.published.isoformat() if doc.published else "",
                "year": doc.year,
                "regions": list(doc.regions),
                "zones": [z.name for z in doc.zones],
            }
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    tmp.replace(out)
    return n


def read(path: Path) -> Iterator[dict]:
    """The exported rows, in order."""
    with path.open(encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)
