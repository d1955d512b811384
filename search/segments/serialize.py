"""Documents to and from JSON: the stored record and the `inspect --json` contract."""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from datetime import date

from search.document import Document, Zone


def record_data(doc: Document) -> dict[str, object]:
    """The stored form of a Document as JSON-ready data: its fields, dates as ISO strings.

    The removed boilerplate is left out: only `inspect` shows it, and that never reads the
    index.
    """
    # A shallow copy (asdict deep-copies every field, a fifth of a document's analysis
    # time); only the zones are dataclasses inside.
    data = {f.name: getattr(doc, f.name) for f in fields(doc)}
    data["published"] = doc.published.isoformat() if doc.published else None
    data["removed"] = []
    data["zones"] = [asdict(z) for z in doc.zones]
    return data


def record_of(doc: Document) -> str:
    """record_data as JSON text, the Whoosh index's stored record (Whoosh compresses it)."""
    return json.dumps(record_data(doc), ensure_ascii=False)


_NO_GROUP = '"group": null}'


def record_with_group(record: str, group: str | None) -> str:
    """A record of a document without a group (record_of ends with it: it is Document's
    last field) given its near-duplicate group, byte for byte as record_of would write it."""
    if group is None:
        return record
    if record.endswith(_NO_GROUP):
        return record[: -len(_NO_GROUP)] + f'"group": {json.dumps(group, ensure_ascii=False)}}}'
    data = json.loads(record)
    data["group"] = group
    return json.dumps(data, ensure_ascii=False)


def document_from_record(record: str) -> Document:
    """The inverse of record_of."""
    return document_from_data(json.loads(record))


def document_from_data(data: dict[str, object]) -> Document:
    """The inverse of record_data."""
    data = dict(data)
    data["published"] = date.fromisoformat(data["published"]) if data["published"] else None
    data["zones"] = tuple(
        Zone(**{**z, "mentions": tuple(z["mentions"])}) for z in data.get("zones", ())
    )
    # Records written before regions_about and regions_mentioned existed have regions only.
    data.setdefault("regions_about", data.get("regions", ()))
    data.setdefault("regions_mentioned", data.get("regions", ()))
    for key in ("removed", "regions", "regions_about", "regions_mentioned"):
        data[key] = tuple(data.get(key, ()))
    return Document(**data)


def zone_dict(zone: Zone) -> dict[str, object]:
    """A zone as the JSON contracts show it."""
    return {
        "name": zone.name,
        "level": zone.level,
        "type": zone.type,
        "mentions": list(zone.mentions),
    }


def inspect_dict(doc: Document) -> dict[str, object]:
    """The `zonesearch inspect --json` object of ../shared/DESIGN.md."""
    return {
        "id": doc.id,
        "uri": doc.uri,
        "url": doc.url,
        "encoding": doc.encoding,
        "encoding_reason": doc.encoding_reason,
        "script": doc.script,
        "title": doc.title,
        "published": doc.published.isoformat() if doc.published else None,
        "source": doc.source,
        "year": doc.year,
        "year_basis": doc.year_basis,
        "region": doc.region,
        "regions": list(doc.regions),
        "regions_about": list(doc.regions_about),
        "regions_mentioned": list(doc.regions_mentioned),
        "zones": [zone_dict(z) for z in doc.zones],
        "group": doc.group,
        "text": doc.text,
        "removed": list(doc.removed),
    }
