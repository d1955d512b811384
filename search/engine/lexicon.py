"""A field's lexicon: its multi-character Chinese terms and their document frequencies.

A one-character query word expands against it (ReaderData.expand). Reading it walks every
term of the field, seconds on a big index, so it is read segment by segment and kept per
segment: the generations an update publishes share their segments with the one before.
The job that writes a generation also keeps each segment's lexicon in a file beside the
segment's own (MAIN_<id>.<field>.lexicon.npz): an update copies them with the segments, so
it reads only its new segments' terms, and Whoosh removes them with their segment.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path

from whoosh.reading import IndexReader

from search.engine.readerfile import Lexicon, save_segment_lexicon, segment_lexicon
from search.segments.checksums import LEXICON_SUFFIX
from search.segments.postings import leaves
from search.segments.segcache import segment_key

CACHED_LEXICONS = 64  # (segment, field) lexicons, across generations

_lexicons: OrderedDict[tuple[object, str], list[tuple[str, int]]] = OrderedDict()
_lexicons_lock = threading.Lock()


def merged_lexicon(
    reader: IndexReader, fieldname: str, keep_files: bool = False
) -> list[tuple[str, int]]:
    """read_lexicon of the whole reader from its segments' (kept) lexicons, frequencies summed.

    keep_files: write each segment's lexicon beside its files when there is none (a job
    does, before it publishes; a server never writes into a live generation).
    """
    parts = []
    for leaf, _ in leaves(reader):
        segment = segment_key(leaf)
        key = (segment, fieldname)
        got = None
        if segment is not None:
            with _lexicons_lock:
                got = _lexicons.get(key)
                if got is not None:
                    _lexicons.move_to_end(key)
        if got is None:
            got = _segment_lexicon(leaf, segment, fieldname, keep_files)
            if segment is not None:
                with _lexicons_lock:
                    _lexicons[key] = got
                    while len(_lexicons) > CACHED_LEXICONS:
                        _lexicons.popitem(last=False)
        parts.append(got)
    if len(parts) == 1:
        return parts[0]
    merged: dict[str, int] = {}
    for part in parts:
        for term, df in part:
            merged[term] = merged.get(term, 0) + df
    return sorted(merged.items())


def lexicon_file(leaf: IndexReader, fieldname: str) -> Path | None:
    """Where the segment's lexicon of the field is kept, if the segment is in a folder."""
    folder = getattr(getattr(leaf, "_storage", None), "folder", None)
    segment = leaf.segment() if hasattr(leaf, "segment") else None
    if not folder or segment is None:
        return None
    return Path(folder) / f"{segment.segment_id()}.{fieldname}{LEXICON_SUFFIX}"


def _segment_lexicon(
    leaf: IndexReader, segment: object, fieldname: str, keep_files: bool
) -> Lexicon:
    path = lexicon_file(leaf, fieldname) if segment is not None else None
    if path is not None:
        kept = segment_lexicon(path, segment, fieldname)
        if kept is not None:
            return kept
    got = read_lexicon(leaf, fieldname)
    if keep_files and path is not None:
        try:
            save_segment_lexicon(path, segment, fieldname, got)
        except OSError:
            pass  # a cache: the next job reads the terms again
    return got


def read_lexicon(reader: IndexReader, fieldname: str) -> list[tuple[str, int]]:
    """The field's multi-character Chinese terms in the reader, with document frequencies."""
    if fieldname not in reader.indexed_field_names():
        return []
    out = []
    for raw, info in reader.iter_field(fieldname):
        term = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
        if len(term) > 1 and any("\u4e00" <= c <= "\u9fff" for c in term):
            out.append((term, info.doc_frequency()))
    return out
