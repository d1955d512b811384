"""Per-reader arrays for facets, folding and tie-breaking, built once and cached.

A searcher is opened per web request, so the cache is keyed by what identifies the
index content (segment ids and deletion counts), not by the reader object.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from search.schema import FacetLine, parse_facet_line

CACHED_READERS = 4
EXPANSIONS = 48  # terms a single character expands to, the most frequent first


@dataclass
class Values:
    """One multi-valued facet: its distinct values and (doc, value) pairs as arrays."""

    names: list[str]
    pair_doc: np.ndarray
    pair_val: np.ndarray

    def index(self) -> dict[str, int]:
        return {v: i for i, v in enumerate(self.names)}


@dataclass
class ReaderData:
    """Everything about the documents of one reader that search needs as arrays."""

    size: int
    live: np.ndarray  # bool per docnum
    year: np.ndarray  # int32, 0 = unknown
    day: np.ndarray  # int32 date ordinal of publication, 0 = unknown
    group: np.ndarray  # int32 group index per docnum
    ids: list[str]
    region: Values
    zone: Values
    _terms: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    _expansions: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def values(self, facet: str) -> Values:
        return self.region if facet == "region" else self.zone

    def expand(self, reader: IndexReader, fieldname: str, char: str) -> list[str]:
        """Indexed terms of a field containing char, most frequent first (1-char queries)."""
        key = (fieldname, char)
        if key not in self._expansions:
            with self._lock:
                if fieldname not in self._terms:
                    self._terms[fieldname] = _lexicon(reader, fieldname)
            found = [(t, df) for t, df in self._terms[fieldname] if char in t and t != char]
            found.sort(key=lambda td: (-td[1], len(td[0]), td[0]))
            self._expansions[key] = [t for t, _ in found[:EXPANSIONS]]
        return self._expansions[key]


def _lexicon(reader: IndexReader, fieldname: str) -> list[tuple[str, int]]:
    if fieldname not in reader.indexed_field_names():
        return []
    out = []
    for raw, info in reader.iter_field(fieldname):
        term = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
        if len(term) > 1 and any("\u4e00" <= c <= "\u9fff" for c in term):
            out.append((term, info.doc_frequency()))
    return out


def _values(rows: list[tuple[str, ...]]) -> Values:
    names: dict[str, int] = {}
    docs: list[int] = []
    vals: list[int] = []
    for n, row in enumerate(rows):
        for v in row:
            docs.append(n)
            vals.append(names.setdefault(v, len(names)))
    return Values(list(names), np.array(docs, dtype=np.int32), np.array(vals, dtype=np.int32))


def _day(iso: str) -> int:
    try:
        return date.fromisoformat(iso).toordinal() if iso else 0
    except ValueError:
        return 0


def build(reader: IndexReader) -> ReaderData:
    """Read the facets column once and turn it into arrays."""
    size = reader.doc_count_all()
    if reader.has_column("facets"):
        column = reader.column_reader("facets")
        lines = [parse_facet_line(column[n] or b"") for n in range(size)]
    else:
        lines = [FacetLine() for _ in range(size)]
    live = np.ones(size, dtype=bool)
    if reader.has_deletions():
        live[:] = False
        live[list(reader.all_doc_ids())] = True
    groups: dict[str, int] = {}
    ids = [line.id for line in lines]
    group = np.array(
        [groups.setdefault(line.group or f"#{n}", len(groups)) for n, line in enumerate(lines)],
        dtype=np.int32,
    )
    return ReaderData(
        size=size,
        live=live,
        year=np.array([int(x.year) if x.year else 0 for x in lines], dtype=np.int32),
        day=np.array([_day(x.published) for x in lines], dtype=np.int32),
        group=group,
        ids=ids,
        region=_values([x.regions for x in lines]),
        zone=_values([x.zones for x in lines]),
    )


def _key(reader: IndexReader) -> tuple[object, ...]:
    parts: list[object] = [reader.doc_count_all()]
    try:
        leaves = list(reader.leaf_readers())
    except (AttributeError, NotImplementedError):
        leaves = []
    for leaf, offset in leaves:
        segment = leaf.segment() if hasattr(leaf, "segment") else None
        if segment is None:
            parts.append((id(leaf), offset))
        else:
            parts.append((segment.segment_id(), segment.deleted_count(), offset))
    return tuple(parts)


_cache: OrderedDict[tuple[object, ...], ReaderData] = OrderedDict()
_cache_lock = threading.Lock()


def reader_data(searcher: Searcher) -> ReaderData:
    """The cached arrays for the searcher's reader (built on first use)."""
    reader = searcher.reader()
    key = _key(reader)
    with _cache_lock:
        data = _cache.get(key)
        if data is not None:
            _cache.move_to_end(key)
            return data
    data = build(reader)
    with _cache_lock:
        _cache[key] = data
        while len(_cache) > CACHED_READERS:
            _cache.popitem(last=False)
    return data
