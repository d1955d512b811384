"""A segment's stored documents, decoded once and kept across generations.

Every hit reads its document's stored record (Whoosh's compressed column: a seek, a zlib
inflate and a pickle), then decodes its JSON into a Document; under load that was the
largest part of the server's time, for the same top documents again and again. A stored
record never changes once its segment is written, so the decoded Document (frozen) is kept
per segment and document number, as the segment cache keeps postings, and serves every
generation holding the segment.
"""

from __future__ import annotations

from bisect import bisect_right

from whoosh.reading import IndexReader

from search.document import Document
from search.segments.postings import leaves
from search.segments.segcache import SegmentCache
from search.segments.serialize import document_from_record

STORED = SegmentCache(32 << 20)


def stored_document(reader: IndexReader, docnum: int) -> Document:
    """The document stored at the reader's docnum (kept once decoded)."""
    parts = leaves(reader)
    k = bisect_right([offset for _, offset in parts], docnum) - 1
    leaf, offset = parts[k]
    local = docnum - offset
    return STORED.get_or_make(
        leaf,
        ("document", local),
        lambda: document_from_record(leaf.stored_fields(local)["record"]),
        _size,
    )


def _size(doc: Document) -> int:
    """About what a decoded document holds (its strings at two bytes a character)."""
    return 2 * (len(doc.text or "") + len(doc.title or "")) + 1024
