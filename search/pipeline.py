"""process(raw) -> Document | Skip: the stages, in the order the bytes go through them."""

from __future__ import annotations

import hashlib
from dataclasses import replace

from search.document import Document, Kind, Raw, Skip
from search.enrich.dedup import simhash
from search.enrich.region import find_regions
from search.enrich.year import infer_year
from search.enrich.zones import find_zones
from search.extract.html import extract_html
from search.extract.meta import parse_date
from search.extract.model import Extracted
from search.extract.text import extract_text
from search.sources.decode import Decoded, decode, sniff_kind
from search.text.normalise import detect_script, nfkc


def process(raw: Raw) -> Document | Skip:
    """Run one input through decode, extract, normalise and enrich."""
    if is_title_only(raw):
        return enrich_stage(normalise_stage(title_only_stage(raw)))
    decoded = decode_stage(raw)
    if isinstance(decoded, Skip):
        return Skip(raw.uri, decoded.reason)
    kind = raw.kind or sniff_kind(decoded.text)
    extracted = extract_stage(raw, decoded, kind)
    if isinstance(extracted, Skip):
        return Skip(raw.uri, extracted.reason)
    doc = document_stage(raw, decoded, kind, extracted)
    if not doc.text.strip():
        return Skip(raw.uri, "no article text left after removing boilerplate")
    return enrich_stage(normalise_stage(doc))


def document_id(uri: str) -> str:
    """A stable id for an input: 16 hex digits of the SHA-1 of its uri."""
    return hashlib.sha1(uri.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def is_title_only(raw: Raw) -> bool:
    """A record dump row with a title and no text or html (a news item's headline alone)."""
    return raw.text is not None and not raw.text.strip() and bool((raw.title or "").strip())


def title_only_stage(raw: Raw) -> Document:
    """The Document of a title-only record: the title is its text, so the headline is found
    and shown like any other item's text."""
    title = (raw.title or "").strip()
    return Document(
        id=document_id(raw.uri),
        uri=raw.uri,
        url=raw.url,
        encoding="utf-8",
        encoding_reason="record dump (decoded by its reader); title only",
        kind="text",
        title=title,
        published=parse_date(raw.published) if raw.published else None,
        text=title,
    )


def decode_stage(raw: Raw) -> Decoded | Skip:
    """Bytes to text; record dumps arrive decoded already."""
    if raw.text is not None:
        if not raw.text.strip():
            return Skip(raw.uri, "empty record")
        return Decoded(raw.text, "utf-8", "record dump (decoded by its reader)")
    header = _charset_of(raw.content_type)
    return decode(raw.data, header_charset=header)


def _charset_of(content_type: str | None) -> str | None:
    if not content_type:
        return None
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def extract_stage(raw: Raw, decoded: Decoded, kind: Kind) -> Extracted | Skip:
    """Main text, title, date and source, by HTML or plain-text rules."""
    if kind == "html":
        return extract_html(decoded.text, raw.url)
    return extract_text(decoded.text)


def document_stage(raw: Raw, decoded: Decoded, kind: Kind, extracted: Extracted) -> Document:
    """The first Document: what the source said wins over what extraction guessed."""
    published = parse_date(raw.published) if raw.published else None
    return Document(
        id=document_id(raw.uri),
        uri=raw.uri,
        url=raw.url,
        encoding=decoded.encoding,
        encoding_reason=decoded.reason,
        kind=kind,
        title=(raw.title or "").strip() or extracted.title,
        published=published or extracted.published,
        source=extracted.source,
        text=extracted.body,
        removed=extracted.removed,
    )


def normalise_stage(doc: Document) -> Document:
    """Script, content hash (of the NFKC text: a repost in the other script is not an exact
    duplicate, only a near one) and near-duplicate fingerprint."""
    whole = f"{doc.title or ''}\n{doc.text}"
    # NFKC of the whole: a line break never composes with its neighbours
    width_folded = f"{nfkc(doc.title or '')}\n{nfkc(doc.text)}"
    return replace(
        doc,
        script=detect_script(whole),
        content_hash=hashlib.sha1(width_folded.encode("utf-8")).hexdigest(),
        fingerprint=simhash(doc.text),
    )


def enrich_stage(doc: Document) -> Document:
    """Region, year and zones."""
    regions = find_regions(doc.title, doc.text)
    year, basis = infer_year(doc.published, doc.title, doc.text)
    return replace(
        doc,
        region=regions.primary,
        regions=regions.about,
        regions_about=regions.about,
        regions_mentioned=regions.mentioned,
        year=year,
        year_basis=basis,
        zones=find_zones(doc.title, doc.text),
    )
