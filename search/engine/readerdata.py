"""Per-reader arrays for facets, folding and tie-breaking, built once and cached.

A searcher is opened per web request, so the cache is keyed by what identifies the
index content (segment ids and deletion counts), not by the reader object.

Every request goes through these caches, so their lock guards the dictionaries only and is
never held while the index is read: a one-character query's lexicon (seconds on a big
multi-segment index, search.engine.lexicon) must not stall the term lookups of every other
request.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.reading import IndexReader
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from search.engine import readerfile
from search.engine.facetvalues import Values, facet_values
from search.engine.lexicon import merged_lexicon
from search.segments.generations import open_generation
from search.segments.postings import (
    Positions,
    Postings,
    leaves,
    read_positions,
    read_postings_and_positions,
)
from search.segments.schema import FACET_VERSION

log = logging.getLogger(__name__)

CACHED_READERS = 3  # a new generation being warmed, the live one, the one before (in flight)
EXPANSIONS = 48  # terms a single character expands to, the most frequent first
# The fields a one-character query word expands in (search.engine.forming.TEXT_FIELDS, which
# imports this module): their lexicons are saved with a generation's reader data.
LEXICON_FIELDS = ("title", "body")
# Per reader, least recently used first out, two readers at most. The 200-query bench mix
# at 100k documents keeps ~60 MB of scores and ~150 MB of positions warm.
CACHED_SCORES_BYTES = 128 << 20  # terms' documents and BM25F scores (8 bytes a posting)
CACHED_POSITIONS_BYTES = 256 << 20  # decoded position lists (~8 bytes a position)
CACHED_PHRASES_BYTES = 16 << 20  # documents of phrases already checked


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
    _positions: OrderedDict[tuple[str, str], Positions] = field(default_factory=OrderedDict)
    _scores: OrderedDict[tuple[str, str], Postings] = field(default_factory=OrderedDict)
    _phrases: OrderedDict[tuple[object, ...], np.ndarray] = field(default_factory=OrderedDict)
    _bytes: dict[int, int] = field(default_factory=dict)
    _terms: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    _expansions: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    _saved_lexicons: readerfile.SavedLexicons | None = None  # those the generation carries
    _lock: threading.Lock = field(default_factory=threading.Lock)  # the caches' dicts only
    _lexicon_lock: threading.Lock = field(default_factory=threading.Lock)  # one build at a time

    @cached_property
    def _group_order(self) -> tuple[np.ndarray, np.ndarray]:
        order = np.argsort(self.group, kind="stable")
        bounds = np.searchsorted(self.group[order], np.arange(int(self.group.max(initial=-1)) + 2))
        return order, bounds

    @cached_property
    def month(self) -> np.ndarray:
        """int32 YYYYMM of publication per docnum, 0 = unknown (for month filters and counts)."""
        known = self.day > 0
        # date ordinal 719163 is 1970-01-01, numpy's day zero
        days = np.where(known, self.day.astype(np.int64) - 719163, 0).astype("datetime64[D]")
        months = days.astype("datetime64[M]").astype(np.int64)
        return np.where(known, (1970 + months // 12) * 100 + months % 12 + 1, 0).astype(np.int32)

    def members(self, group: int) -> np.ndarray:
        """The docnums of a near-duplicate group, ascending."""
        order, bounds = self._group_order
        return order[bounds[group] : bounds[group + 1]]

    def values(self, facet: str) -> Values:
        return self.region if facet == "region" else self.zone

    def field_lengths(self, reader: IndexReader, fieldname: str) -> np.ndarray:
        """Each document's length in a field, as BM25 sees it (Whoosh's byte-coded length)."""
        got = self._lengths.get(fieldname)
        if got is None:
            got = np.ones(self.size, dtype=np.float64)
            for leaf, offset in leaves(reader):
                n = leaf.doc_count_all()
                got[offset : offset + n] = _leaf_lengths(leaf, fieldname, n)
            self._lengths[fieldname] = got
        return got

    def positions(self, reader: IndexReader, fieldname: str, text: str) -> Positions:
        """A term's word positions in every document, flattened (cached; for phrases)."""
        return self._cached(
            self._positions, (fieldname, text), CACHED_POSITIONS_BYTES, read_positions, reader
        )

    def prefetch_phrase_word(
        self, reader: IndexReader, fieldname: str, text: str, score: Callable[[Postings], Postings]
    ) -> None:
        """Read a phrase word's postings and positions in one pass when neither is cached."""
        key = (fieldname, text)
        with self._lock:
            if key in self._positions or key in self._scores:
                return
        postings, positions = read_postings_and_positions(reader, fieldname, text)
        self._cached(self._positions, key, CACHED_POSITIONS_BYTES, lambda *_: positions, None)
        self._cached(self._scores, key, CACHED_SCORES_BYTES, lambda *_: score(postings), None)

    def term_scores(self, key: tuple[str, str], make: Callable[[], Postings]) -> Postings:
        """A term's documents with their BM25F scores (weights), made once per reader."""
        return self._cached(self._scores, key, CACHED_SCORES_BYTES, lambda *_: make(), None)

    def phrase_docs(self, key: tuple[object, ...]) -> np.ndarray | None:
        """The docnums a phrase was found in, if it was checked over the whole index."""
        with self._lock:
            got = self._phrases.get(key)
            if got is not None:
                self._phrases.move_to_end(key)
            return got

    def remember_phrase(self, key: tuple[object, ...], docs: np.ndarray) -> None:
        self._cached(self._phrases, key, CACHED_PHRASES_BYTES, lambda *_: docs, None)

    def _cached(self, cache, key, budget, read, reader):  # noqa: ANN001, ANN202, PLR0913
        """LRU by bytes: reading whoosh postings costs ~2 µs a posting, keeping them ~12 bytes."""
        with self._lock:
            got = cache.get(key)
            if got is not None:
                cache.move_to_end(key)
                return got
        got = read(reader, *key)
        with self._lock:
            if key not in cache:
                cache[key] = got
                self._bytes[id(cache)] = self._bytes.get(id(cache), 0) + got.nbytes
            while self._bytes[id(cache)] > budget and len(cache) > 1:
                _, old = cache.popitem(last=False)
                self._bytes[id(cache)] -= old.nbytes
        return got

    def lexicon(self, reader: IndexReader, fieldname: str) -> list[tuple[str, int]]:
        """A field's multi-character Chinese terms and their document frequencies.

        Only requests that need it wait while it is read; the other caches stay open.
        """
        got = self._terms.get(fieldname)
        if got is None:
            with self._lexicon_lock:
                got = self._terms.get(fieldname)
                if got is None:
                    saved = self._saved_lexicons
                    got = saved.get(fieldname) if saved is not None else None
                    if got is None:
                        got = merged_lexicon(reader, fieldname)
                    self._terms[fieldname] = got
        return got

    def lexicon_ready(self, fieldname: str) -> bool:
        """Whether the field's lexicon is made or saved (reading it costs milliseconds)."""
        saved = self._saved_lexicons
        return fieldname in self._terms or (saved is not None and fieldname in saved.fields)

    def expand(self, reader: IndexReader, fieldname: str, char: str) -> list[str]:
        """Indexed terms of a field containing char, most frequent first (1-char queries)."""
        key = (fieldname, char)
        got = self._expansions.get(key)
        if got is None:
            terms = self.lexicon(reader, fieldname)
            found = [(t, df) for t, df in terms if char in t and t != char]
            found.sort(key=lambda td: (-td[1], len(td[0]), td[0]))
            got = self._expansions[key] = [t for t, _ in found[:EXPANSIONS]]
        return got

    def hot_keys(self, n: int) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """The (field, term) keys of the n most recently used scores and positions."""
        with self._lock:
            return list(self._scores)[-n:], list(self._positions)[-n:]


_LENGTH_OF_BYTE = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)


def _leaf_lengths(leaf: IndexReader, fieldname: str, n: int) -> np.ndarray:
    """A segment's byte-coded length column read in one go (per document if that fails)."""
    try:
        column = leaf._perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
        if column is None:  # no lengths stored: whoosh answers the default for every document
            return np.ones(n)
        if column._typecode == "B":
            raw = np.frombuffer(bytes(column._dbfile.get(column._basepos, n)), dtype=np.uint8)
            if raw.size == n:
                return np.where(raw > 0, _LENGTH_OF_BYTE[raw], 1.0)
    except (AttributeError, TypeError, ValueError, OSError):
        pass
    return np.array([leaf.doc_field_length(d, fieldname, 1) or 1 for d in range(n)], dtype=float)


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
        try:
            raw = list(column)  # one pass over the column, much cheaper than column[n]
        except (TypeError, NotImplementedError):
            raw = [column[n] for n in range(size)]
        if len(raw) != size:
            raw = [column[n] for n in range(size)]
        years, regions, zones, published, groups_of, ids = _columns(raw)
    else:
        years, regions, zones, published, groups_of, ids = _columns([b""] * size)
    live = np.ones(size, dtype=bool)
    if reader.has_deletions():
        live[:] = False
        live[list(reader.all_doc_ids())] = True
    groups: dict[str, int] = {}
    group = np.array(
        [groups.setdefault(g or f"#{n}", len(groups)) for n, g in enumerate(groups_of)],
        dtype=np.int32,
    )
    return ReaderData(
        size=size,
        live=live,
        year=np.array([int(y) if y.isdigit() else 0 for y in years], dtype=np.int32),
        day=np.array([_day(x) for x in published], dtype=np.int32),
        group=group,
        ids=ids,
        region=facet_values([tuple(filter(None, x.split("|"))) for x in regions]),
        zone=facet_values([tuple(filter(None, x.split("|"))) for x in zones]),
    )


_CELLS = 6


def _columns(raw: list[bytes | None]) -> list[list[str]]:
    """The facet lines (schema.facet_line) split into columns: year, regions, zones,
    published, group, id; what schema.parse_facet_line gives, without an object a line."""
    version = FACET_VERSION.decode()
    rows = []
    for b in raw:
        cells = (b or b"").decode("utf-8", "replace").split("\t")
        if cells[0] == version:
            cells = cells[1:]
        if len(cells) != _CELLS:
            cells = (cells + [""] * _CELLS)[:_CELLS]
        rows.append(cells)
    if not rows:
        return [[] for _ in range(_CELLS)]
    return [list(c) for c in zip(*rows, strict=True)]


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


def cached_reader_data(searcher: Searcher) -> ReaderData | None:
    """The searcher's reader data if it is cached already (nothing is built)."""
    key = _key(searcher.reader())
    with _cache_lock:
        return _cache.get(key)


def reader_data(searcher: Searcher) -> ReaderData:
    """The cached arrays for the searcher's reader (built on first use)."""
    reader = searcher.reader()
    key = _key(reader)
    with _cache_lock:
        data = _cache.get(key)
        if data is not None:
            _cache.move_to_end(key)
            return data
    folder = _folder(searcher)
    data = readerfile.load(folder, key, ReaderData) if folder else None
    if data is None:
        data = build(reader)
    elif folder:
        data._saved_lexicons = readerfile.lexicons(folder, key)
    with _cache_lock:
        _cache[key] = data
        while len(_cache) > CACHED_READERS:
            _cache.popitem(last=False)
    return data


def _folder(searcher: Searcher) -> Path | None:
    """The generation folder a searcher reads, if it was opened from one."""
    folder = getattr(getattr(getattr(searcher, "_ix", None), "storage", None), "folder", None)
    return Path(folder) if folder else None


def warmed(reader: IndexReader) -> ReaderData:
    """The reader's data with every scorable field's lengths made, as a first query needs."""
    data = build(reader)
    for fieldname in reader.schema.scorable_names():
        data.field_lengths(reader, fieldname)
    return data


def save_reader_data(generation: Path) -> None:
    """Save a built generation's reader data in its folder (before it is published).

    Failing only costs the first query its build: the job logs why and publishes anyway.
    """
    try:
        with open_generation(generation).reader() as reader:
            lexicons = {name: merged_lexicon(reader, name, True) for name in LEXICON_FIELDS}
            readerfile.save(generation, _key(reader), warmed(reader), lexicons)
    except Exception as e:  # noqa: BLE001 - an optimisation must not stop a publish
        log.warning("reader data of %s not saved (%s: %s)", generation, type(e).__name__, e)
