"""The Whoosh schema and the mapping from a Document to the fields it is indexed under."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from search.document import Document
from search.segments.positions import VarintPositions
from search.segments.prepared import Value
from search.segments.serialize import record_of, record_with_group
from search.text.analysis import ZoneTokenizer, analyzer

TITLE_BOOST = 3.0
FACET_VERSION = b"v2"


def _phrase_text(analyzer: ZoneTokenizer, boost: float) -> TEXT:
    """A full-text field with word positions (for phrases), stored as varint deltas."""
    field = TEXT(analyzer=analyzer, stored=False, phrase=True, field_boost=boost)
    field.format = VarintPositions(field_boost=boost)
    return field


def layout(schema: Schema) -> tuple[tuple[object, ...], ...]:
    """What documents written into an index must agree on: each field's kind, formats and
    options (Whoosh's own comparison fails on its column objects, which have no __eq__)."""

    def describe(field: object) -> tuple[object, ...]:
        fmt = getattr(field, "format", None)
        column = getattr(field, "column_type", None)
        return (
            type(field).__name__,
            type(fmt).__name__ if fmt else None,
            getattr(fmt, "field_boost", None),
            type(column).__name__ if column else None,
            getattr(field, "stored", None),
            getattr(field, "scorable", None),
        )

    return tuple((name, *describe(field)) for name, field in schema.items())


def build_schema() -> Schema:
    """Fields: full text over title and body, facets as keywords, the record stored for display."""
    ana = analyzer()
    # Only id and the compressed record are stored: everything shown comes from the record,
    # so storing fields twice would only grow the index.
    return Schema(
        id=ID(stored=True, unique=True),
        title=_phrase_text(ana, TITLE_BOOST),
        body=_phrase_text(ana, 1.0),
        source=TEXT(analyzer=ana, stored=False),
        # Region and zone names (and the zones' mentions) as words: a query naming a place
        # or a zone matches here too, which lifts the documents that are about it.
        place=TEXT(analyzer=ana, stored=False, phrase=False),
        # For year:2019-2021 ranges; sorting, facets and dates come from the facet line.
        year=NUMERIC(stored=False),
        # The places an article is about (region: and the facet) and every place it names
        # (mentions:), paths with their ancestors.
        region=KEYWORD(stored=False, commas=True, lowercase=False, scorable=False),
        mentions=KEYWORD(stored=False, commas=True, lowercase=False, scorable=False),
        zone=KEYWORD(stored=False, commas=True, lowercase=False, scorable=False),
        # One facet line per document, read as a column for counting without stored-field I/O.
        facets=COLUMN(VarBytesColumn()),
        record=STORED,
    )


@dataclass(frozen=True)
class FacetLine:
    """What facet counting, folding and tie-breaking need of one document."""

    year: str | None = None
    regions: tuple[str, ...] = ()
    zones: tuple[str, ...] = ()
    published: str = ""
    group: str = ""
    id: str = ""


def facet_line(doc: Document) -> bytes:
    """v2 TAB year TAB regions TAB zones TAB published TAB group TAB id ('|' within a cell)."""
    year = str(doc.year) if doc.year is not None else ""
    zones = "|".join(z.name for z in doc.zones)
    published = doc.published.isoformat() if doc.published else ""
    cells = [year, "|".join(doc.regions), zones, published, doc.group or doc.id, doc.id]
    return FACET_VERSION + b"\t" + "\t".join(c.replace("\t", " ") for c in cells).encode()


def facet_line_with_group(line: bytes, group: str) -> bytes:
    """A facet line with its group cell (the next to last) set to group."""
    cells = line.split(b"\t")
    cells[-2] = group.replace("\t", " ").encode()
    return b"\t".join(cells)


def with_group(values: tuple[Value, ...], groups: Mapping[str, str]) -> tuple[Value, ...]:
    """A document's prepared values (prepare_fields) with its near-duplicate group from
    groups (by document id) written into its facet line and record; as they were if none."""
    doc_id = next((stored for name, stored, *_ in values if name == "id"), None)
    group = groups.get(doc_id) if isinstance(doc_id, str) else None
    if group is None:
        return values
    out = []
    for name, stored, length, column, value in values:
        if name == "facets" and isinstance(value, bytes) and group != doc_id:
            value = facet_line_with_group(value, group)
            stored = value if stored is not None else None
        elif name == "record" and isinstance(stored, str):
            stored = record_with_group(stored, group)
        out.append((name, stored, length, column, value))
    return tuple(out)


def parse_facet_line(line: bytes) -> FacetLine:
    """The inverse of facet_line (an empty or older line gives what it can)."""
    cells = line.decode("utf-8", "replace").split("\t")
    if cells[0] == FACET_VERSION.decode():
        cells = cells[1:]
    cells += [""] * (6 - len(cells))
    return FacetLine(
        year=cells[0] or None,
        regions=tuple(filter(None, cells[1].split("|"))),
        zones=tuple(filter(None, cells[2].split("|"))),
        published=cells[3],
        group=cells[4],
        id=cells[5],
    )


def place_text(doc: Document) -> str:
    """The place field: region names, zone names and the zones' mentions, one per line."""
    names = {path.rsplit("/", 1)[-1] for path in doc.regions}
    for z in doc.zones:
        names.add(z.name)
        names.update(z.mentions)
    return "\n".join(sorted(names))


def document_fields(doc: Document) -> dict[str, object]:
    """The field values a Document is indexed with."""
    fields: dict[str, object] = {
        "id": doc.id,
        "title": doc.title or "",
        "body": doc.text,
        "source": doc.source or "",
        "place": place_text(doc),
        "region": ",".join(doc.regions),
        "mentions": ",".join(doc.regions_mentioned),
        "zone": ",".join(z.name for z in doc.zones),
        "facets": facet_line(doc),
        "record": record_of(doc),
    }
    if doc.year is not None:
        fields["year"] = doc.year
    return fields
