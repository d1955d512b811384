"""Per-reader arrays for facets, folding and tie-breaking, built once and cached.

A searcher is opened per web request, so the cache is keyed by what identifies the
index content (segment ids and deletion counts), not by the reader object.
"""

from __future__ import annotations

import itertools
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

import numpy as np
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from search.schema import FacetLine, parse_facet_line

CACHED_READERS = 4
EXPANSIONS = 48  # terms a single character expands to, the most frequent first
CACHED_POSTINGS = 4096  # term posting arrays kept per reader (least recently used go)
CACHED_POSITIONS = 256  # decoded position lists kept per reader


@dataclass
class Values:
    """One multi-valued facet: its distinct values and (doc, value) pairs as arrays."""

    names: list[str]
    pair_doc: np.ndarray
    pair_val: np.ndarray

    def index(self) -> dict[str, int]:
        return self.lookup

    @cached_property
    def lookup(self) -> dict[str, int]:
        """Value → its index."""
        return {v: i for i, v in enumerate(self.names)}

    @cached_property
    def rank(self) -> np.ndarray:
        """Each value's place in sorted order (for ordering ties by name)."""
        rank = np.empty(len(self.names), dtype=np.int64)
        rank[sorted(range(len(self.names)), key=self.names.__getitem__)] = np.arange(
            len(self.names)
        )
        return rank

    @cached_property
    def parents(self) -> list[str]:
        """The parent path of each (region) value; '' for a top-level one."""
        return [n.rsplit("/", 1)[0] if "/" in n else "" for n in self.names]


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
    _lengths: dict[str, np.ndarray] = field(default_factory=dict)
    _postings: OrderedDict[tuple[str, str], Postings] = field(default_factory=OrderedDict)
    _positions: OrderedDict[tuple[str, str], Positions] = field(default_factory=OrderedDict)
    _terms: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    _expansions: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def values(self, facet: str) -> Values:
        return self.region if facet == "region" else self.zone

    def field_lengths(self, reader: IndexReader, fieldname: str) -> np.ndarray:
        """Each document's length in a field, as BM25 sees it (Whoosh's byte-coded length)."""
        got = self._lengths.get(fieldname)
        if got is None:
            got = np.ones(self.size, dtype=np.float64)
            for leaf, offset in _leaves(reader):
                n = leaf.doc_count_all()
                got[offset : offset + n] = [
                    leaf.doc_field_length(d, fieldname, 1) for d in range(n)
                ]
            self._lengths[fieldname] = got
        return got

    def postings(self, reader: IndexReader, fieldname: str, text: str) -> Postings:
        """A term's documents and weights as arrays (cached)."""
        key = (fieldname, text)
        got = self._postings.get(key)
        if got is None:
            got = _read_postings(reader, fieldname, text)
            with self._lock:
                self._postings[key] = got
                while len(self._postings) > CACHED_POSTINGS:
                    self._postings.popitem(last=False)
        else:
            with self._lock:
                if key in self._postings:
                    self._postings.move_to_end(key)
        return got

    def positions(self, reader: IndexReader, fieldname: str, text: str) -> Positions:
        """A term's word positions in every document, flattened (cached; for phrases)."""
        key = (fieldname, text)
        got = self._positions.get(key)
        if got is None:
            got = _read_positions(reader, fieldname, text)
            with self._lock:
                self._positions[key] = got
                while len(self._positions) > CACHED_POSITIONS:
                    self._positions.popitem(last=False)
        return got

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


@dataclass(frozen=True)
class Postings:
    """Sorted docnums of a term and the stored weight (term frequency × field boost) of each."""

    docs: np.ndarray  # int64
    weights: np.ndarray  # float32


@dataclass(frozen=True)
class Positions:
    """Every (document, word position) of a term, sorted by document."""

    docs: np.ndarray  # int64, one per position
    pos: np.ndarray  # int64

    def keys(self, within: np.ndarray, bits: int) -> np.ndarray:
        """doc << bits | position for the documents within the mask."""
        keep = within[self.docs]
        return (self.docs[keep] << bits) | self.pos[keep]


def _leaves(reader: IndexReader) -> list[tuple[IndexReader, int]]:
    try:
        return list(reader.leaf_readers())
    except (AttributeError, NotImplementedError):
        return [(reader, 0)]


def _blocks(matcher: object, values: bool) -> tuple[list[int], list[float], list[bytes]]:
    """All ids, weights (and raw values) of a leaf matcher, a block at a time when it can."""
    ids: list[int] = []
    weights: list[float] = []
    vals: list[bytes] = []
    m = matcher
    if hasattr(m, "_read_ids") and hasattr(m, "_next_block"):  # whoosh3 block postings
        while m.is_active():
            m._read_ids()
            m._read_weights()
            ids.extend(m._ids)
            weights.extend(m._weights[: len(m._ids)])
            if values:
                m._read_values()
                vals.extend(m._values)
            m._next_block()
        return ids, weights, vals
    while m.is_active():
        ids.append(m.id())
        weights.append(m.weight())
        if values:
            vals.append(m.value())
        m.next()
    return ids, weights, vals


def _leaf_postings(reader: IndexReader, fieldname: str, text: str, values: bool):  # noqa: ANN202
    for leaf, offset in _leaves(reader):
        try:
            m = leaf.postings(fieldname, text)
        except Exception:  # noqa: BLE001 - whoosh raises TermNotFound and others for absent terms
            continue
        ids, weights, vals = _blocks(m, values)
        yield leaf, offset, ids, weights, vals


def _read_postings(reader: IndexReader, fieldname: str, text: str) -> Postings:
    docs: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    for _, offset, ids, ws, _ in _leaf_postings(reader, fieldname, text, values=False):
        docs.append(np.array(ids, dtype=np.int64) + offset)
        weights.append(np.array(ws, dtype=np.float32))
    if not docs:
        return Postings(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))
    return Postings(np.concatenate(docs), np.concatenate(weights))


def _read_positions(reader: IndexReader, fieldname: str, text: str) -> Positions:
    docs: list[np.ndarray] = []
    pos: list[np.ndarray] = []
    for leaf, offset, ids, _, vals in _leaf_postings(reader, fieldname, text, values=True):
        decode = leaf.schema[fieldname].format.decode_positions
        lists = [decode(v) for v in vals]
        counts = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
        docs.append(np.repeat(np.array(ids, dtype=np.int64) + offset, counts))
        pos.append(np.fromiter(itertools.chain.from_iterable(lists), dtype=np.int64))
    if not docs:
        return Positions(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
    return Positions(np.concatenate(docs), np.concatenate(pos))


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
