"""The Whoosh schema and the mapping from a Document to the fields it is indexed under."""

from __future__ import annotations

from datetime import datetime, time

from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from search.analysis import analyzer
from search.document import Document
from search.serialize import record_of

TITLE_BOOST = 3.0


def build_schema() -> Schema:
    """Fields: full text over title and body, facets as keywords, the record stored for display."""
    ana = analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        title=TEXT(analyzer=ana, stored=True, phrase=True, field_boost=TITLE_BOOST),
        body=TEXT(analyzer=ana, stored=False, phrase=True),
        source=TEXT(analyzer=ana, stored=True),
        published=DATETIME(stored=True, sortable=True),
        year=NUMERIC(stored=True, sortable=True),
        region=KEYWORD(stored=True, commas=True, lowercase=False, scorable=False),
        zone=KEYWORD(stored=True, commas=True, lowercase=False, scorable=False),
        group=ID(stored=True),
        content_hash=ID(stored=True),
        # One facet line per document, read as a column for counting without stored-field I/O.
        facets=COLUMN(VarBytesColumn()),
        record=STORED,
    )


def facet_line(doc: Document) -> bytes:
    """year TAB regions TAB zones, '|'-separated, as stored in the facets column."""
    year = str(doc.year) if doc.year is not None else ""
    zones = "|".join(z.name for z in doc.zones)
    return f"{year}\t{'|'.join(doc.regions)}\t{zones}".encode()


def parse_facet_line(line: bytes) -> tuple[str | None, tuple[str, ...], tuple[str, ...]]:
    """The inverse of facet_line."""
    year, regions, zones = (line.decode() + "\t\t").split("\t")[:3]
    return (
        year or None,
        tuple(filter(None, regions.split("|"))),
        tuple(filter(None, zones.split("|"))),
    )


def document_fields(doc: Document) -> dict[str, object]:
    """The field values a Document is indexed with."""
    fields: dict[str, object] = {
        "id": doc.id,
        "title": doc.title or "",
        "body": doc.text,
        "source": doc.source or "",
        "region": ",".join(doc.regions),
        "zone": ",".join(z.name for z in doc.zones),
        "group": doc.group or doc.id,
        "content_hash": doc.content_hash,
        "facets": facet_line(doc),
        "record": record_of(doc),
    }
    if doc.published is not None:
        fields["published"] = datetime.combine(doc.published, time())
    if doc.year is not None:
        fields["year"] = doc.year
    return fields
