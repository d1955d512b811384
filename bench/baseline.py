"""The naive baseline: Whoosh with jieba's ChineseAnalyzer, documents added one by one.

No process pool, no pre-analysis, default writer settings; the body is stored so that
Whoosh's highlighter can re-segment it for snippets; facets via groupedby. It indexes the
documents and facet values zonesearch extracted (bench/docs.py's export), like tantivy.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from jieba.analyse import ChineseAnalyzer
from whoosh import index as whoosh_index
from whoosh import sorting
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, TEXT, Schema
from whoosh.qparser import MultifieldParser
from whoosh.query import And, Term

from bench.docs import read
from bench.queries import BenchQuery


def schema() -> Schema:
    ana = ChineseAnalyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        title=TEXT(analyzer=ana, stored=True),
        body=TEXT(analyzer=ana, stored=True),
        published=DATETIME(stored=True, sortable=True),
        year=NUMERIC(stored=True, sortable=True),
        region=KEYWORD(stored=True, commas=True),
        zone=KEYWORD(stored=True, commas=True),
    )


def build(docs: Path, folder: Path) -> int:
    """Index every exported document, one add_document at a time."""
    folder.mkdir(parents=True, exist_ok=True)
    ix = whoosh_index.create_in(str(folder), schema())
    writer = ix.writer()
    n = 0
    for row in read(docs):
        fields: dict[str, object] = {
            "id": row["id"],
            "title": row["title"],
            "body": row["text"],
            "region": ",".join(row["regions"]),
            "zone": ",".join(row["zones"]),
        }
        if row["published"]:
            fields["published"] = datetime.fromisoformat(row["published"])
        if row["year"] is not None:
            fields["year"] = row["year"]
        writer.add_document(**fields)
        n += 1
    writer.commit()
    return n


class Searcher:
    """The baseline's query side: parse, filter, groupedby facets, highlights."""

    def __init__(self, folder: Path) -> None:
        self.ix = whoosh_index.open_dir(str(folder))
        self.searcher = self.ix.searcher()
        self.parser = MultifieldParser(["title", "body"], self.ix.schema)
        self.facets = {
            "region": sorting.FieldFacet("region", allow_overlap=True),
            "year": sorting.FieldFacet("year"),
            "zone": sorting.FieldFacet("zone", allow_overlap=True),
        }

    def run(self, q: BenchQuery) -> int:
        query = self.parser.parse(q.text) if q.text else None
        filters = []
        if q.region:
            filters.append(Term("region", q.region))
        if q.year:
            filters.append(Term("year", int(q.year)))
        if q.zone:
            filters.append(Term("zone", q.zone))
        flt = And(filters) if filters else None
        from whoosh.query import Every

        results = self.searcher.search(
            query or Every(), filter=flt, limit=10, groupedby=self.facets
        )
        for name in self.facets:
            results.groups(name)
        for hit in results:
            hit.highlights("body")
        return len(results)

    def close(self) -> None:
        self.searcher.close()
