"""A term's posting list read whole into numpy arrays: documents, weights, word positions.

Whoosh decodes postings one document at a time through its matchers; here its blocks are
read directly (ids are delta-coded tuples, weights a tuple or a constant, positions
varint deltas, or one small pickle per posting in generations built before) and turned
into arrays in bulk. Anything else falls back to the
matcher interface.
"""

from __future__ import annotations

import itertools
import pickle
from dataclasses import dataclass

import numpy as np
from whoosh.formats import Format
from whoosh.reading import IndexReader

from search.segments.positions import VarintPositions, decode_many
from search.segments.segcache import SEGMENTS, deleted_docs


@dataclass(frozen=True)
class Postings:
    """Sorted docnums of a term and the stored weight (term frequency × field boost) of each."""

    docs: np.ndarray  # int64 as read; int32 once scored and cached
    weights: np.ndarray  # float32

    @property
    def nbytes(self) -> int:
        return self.docs.nbytes + self.weights.nbytes


@dataclass(frozen=True)
class Positions:
    """Every (document, word position) of a term, sorted by document then position."""

    docs: np.ndarray  # int32, one per position
    pos: np.ndarray  # int32
    posting_docs: np.ndarray  # int64, the term's documents
    posting_start: np.ndarray  # int64, where each document's positions start (and the end)

    @property
    def nbytes(self) -> int:
        return self.docs.nbytes + self.pos.nbytes + 2 * self.posting_docs.nbytes

    def keys(self, within: np.ndarray, bits: int, among: np.ndarray | None = None) -> np.ndarray:
        """doc << bits | position for the documents within the mask (sorted).

        `among` (the mask's docnums, sorted) lets a few documents be picked out by their
        ranges instead of testing every position of the term.
        """
        if among is not None and among.size * 8 < self.posting_docs.size:
            i = np.searchsorted(self.posting_docs, among).clip(
                max=max(0, self.posting_docs.size - 1)
            )
            i = i[self.posting_docs[i] == among] if self.posting_docs.size else i[:0]
            starts = self.posting_start[i]
            lens = self.posting_start[i + 1] - starts
            idx = np.repeat(starts - (np.cumsum(lens) - lens), lens) + np.arange(int(lens.sum()))
            return (self.docs[idx].astype(np.int64) << bits) | self.pos[idx]
        keep = within[self.docs]
        return (self.docs[keep].astype(np.int64) << bits) | self.pos[keep]


def leaves(reader: IndexReader) -> list[tuple[IndexReader, int]]:
    """The segment readers of a reader with their docnum offsets."""
    try:
        return list(reader.leaf_readers())
    except (AttributeError, NotImplementedError):
        return [(reader, 0)]


@dataclass
class _Raw:
    ids: np.ndarray
    weights: np.ndarray
    values: list[bytes]


def _w3_blocks(m: object, values: bool) -> _Raw:
    """Whoosh 3 block postings, a block at a time."""
    id_blocks: list[np.ndarray] = []
    weight_blocks: list[np.ndarray] = []
    vals: list[bytes] = []
    while m.is_active():
        if m._data is None:
            m._read_data()
        ids, weights = m._data[0], m._data[1]
        n = m._blocklength
        block = np.array(ids, dtype=np.int64)
        id_blocks.append(block if m._byteids else np.cumsum(block))
        if weights is None or isinstance(weights, float):
            weight_blocks.append(np.full(n, 1.0 if weights is None else weights, dtype=np.float32))
        else:
            weight_blocks.append(np.array(weights, dtype=np.float32)[:n])
        if values:
            m._read_values()
            vals.extend(m._values)
        m._next_block()
    if not id_blocks:
        return _Raw(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32), vals)
    return _Raw(np.concatenate(id_blocks), np.concatenate(weight_blocks), vals)


def _generic(m: object, values: bool) -> _Raw:
    ids: list[int] = []
    weights: list[float] = []
    vals: list[bytes] = []
    while m.is_active():
        ids.append(m.id())
        weights.append(m.weight())
        if values:
            vals.append(m.value())
        m.next()
    return _Raw(np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float32), vals)


def _matcher(leaf: IndexReader, fieldname: str, text: str) -> object:
    """The term's matcher over every document of the segment, deleted ones too (they are
    left out by deleted_docs afterwards: whoosh's filtering matcher has no blocks to read)."""
    terms = getattr(leaf, "_terms", None)
    if terms is None or not hasattr(leaf, "_text_to_bytes") or fieldname not in leaf.schema:
        return leaf.postings(fieldname, text)
    key = leaf._text_to_bytes(fieldname, text)
    return terms.matcher(fieldname, key, leaf.schema[fieldname].format, scorer=None)


def _leaf_raw(leaf: IndexReader, fieldname: str, text: str, values: bool) -> _Raw | None:
    """A term's postings in one segment as read, or None where the segment lacks it."""
    try:
        m = _matcher(leaf, fieldname, text)
    except Exception:  # noqa: BLE001 - whoosh raises TermNotFound and others for absent terms
        return None
    fast = all(hasattr(m, a) for a in ("_read_data", "_data", "_next_block", "_byteids"))
    return _w3_blocks(m, values) if fast else _generic(m, values)


def _raw_bytes(raw: _Raw | None) -> int:
    return 64 if raw is None else raw.ids.nbytes + raw.weights.nbytes + 64


def _live(leaf: IndexReader, ids: np.ndarray) -> np.ndarray | None:
    """Which of the segment's postings are of documents not deleted; None: all of them."""
    deleted = deleted_docs(leaf)
    if not deleted.size or not ids.size:
        return None
    keep = ~np.isin(ids, deleted, assume_unique=True)
    return None if keep.all() else keep


def read_postings(reader: IndexReader, fieldname: str, text: str) -> Postings:
    """A term's documents and weights across all segments (each segment's kept in SEGMENTS)."""
    docs: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    for leaf, offset in leaves(reader):
        raw = SEGMENTS.get_or_make(
            leaf,
            ("postings", fieldname, text),
            lambda leaf=leaf: _leaf_raw(leaf, fieldname, text, values=False),
            _raw_bytes,
        )
        if raw is None:
            continue
        keep = _live(leaf, raw.ids)
        docs.append((raw.ids if keep is None else raw.ids[keep]) + offset)
        weights.append(raw.weights if keep is None else raw.weights[keep])
    if not docs:
        return Postings(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))
    return Postings(np.concatenate(docs), np.concatenate(weights))


_PICKLE_HEAD = b"\x80\x02"  # each Positions value: 4-byte count, then a protocol-2 pickle


def _decode_all(vals: list[bytes], decode: object) -> list[list[int]]:
    """Position deltas of every posting: one pickle.loads over all of them when possible."""
    # Spot-check the framing (a malformed value makes the joined pickle fail or miscount).
    if all(v[4:6] == _PICKLE_HEAD and v[-1:] == b"." for v in vals[::64] + vals[-1:]):
        try:
            # each value's body builds one list; inside an outer list they become its items
            lists = pickle.loads(b"\x80\x02](" + b"".join(v[6:-1] for v in vals) + b"e.")  # noqa: S301 - our own index
            if len(lists) == len(vals) and set(map(type, lists)) <= {list}:
                return lists
        except Exception:  # noqa: BLE001, S110 - fall back to whoosh's decoder below
            pass
    out = []
    for v in vals:
        pos = decode(v)
        out.append([b - a for a, b in zip([0, *pos], pos, strict=False)])
    return out


def _deltas(values: list[bytes], fmt: Format) -> tuple[np.ndarray, np.ndarray]:
    """Every posting's position deltas back to back, and how many each posting has."""
    if isinstance(fmt, VarintPositions):
        try:
            return decode_many(values)
        except ValueError:
            pass  # a damaged value: decoded one by one below, as far as it goes
    deltas = _decode_all(values, fmt.decode_positions)
    counts = np.fromiter(map(len, deltas), dtype=np.int64, count=len(deltas))
    return np.fromiter(itertools.chain.from_iterable(deltas), dtype=np.int64), counts


@dataclass(frozen=True)
class _LeafPositions:
    """A term's postings in one segment with its positions decoded (docnums local to it)."""

    ids: np.ndarray  # int64
    weights: np.ndarray  # float32
    pos: np.ndarray  # int32, every position, posting after posting
    counts: np.ndarray  # int64, how many positions each posting has


def _leaf_positions(leaf: IndexReader, fieldname: str, text: str) -> _LeafPositions | None:
    raw = _leaf_raw(leaf, fieldname, text, values=True)
    if raw is None:
        return None
    flat, counts = _deltas(raw.values, leaf.schema[fieldname].format)
    total = np.cumsum(flat)
    # positions restart for each posting: subtract the running sum before it
    starts = np.cumsum(counts) - counts
    before = np.where(starts > 0, total[np.maximum(starts - 1, 0)], 0) if flat.size else starts
    return _LeafPositions(
        raw.ids, raw.weights, (total - np.repeat(before, counts)).astype(np.int32), counts
    )


def _positions_bytes(found: _LeafPositions | None) -> int:
    if found is None:
        return 64
    return found.ids.nbytes + found.weights.nbytes + found.pos.nbytes + found.counts.nbytes + 64


def read_positions(reader: IndexReader, fieldname: str, text: str) -> Positions:
    """Every word position of a term (for phrases)."""
    return read_postings_and_positions(reader, fieldname, text)[1]


def read_postings_and_positions(
    reader: IndexReader, fieldname: str, text: str
) -> tuple[Postings, Positions]:
    """A term's postings and positions from one pass over its blocks (a phrase needs both)."""
    docs: list[np.ndarray] = []
    pos: list[np.ndarray] = []
    per_doc: list[np.ndarray] = []
    per_count: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    for leaf, offset in leaves(reader):
        found = SEGMENTS.get_or_make(
            leaf,
            ("positions", fieldname, text),
            lambda leaf=leaf: _leaf_positions(leaf, fieldname, text),
            _positions_bytes,
        )
        if found is None:
            continue
        keep = _live(leaf, found.ids)
        if keep is not None:
            found = _LeafPositions(
                found.ids[keep],
                found.weights[keep],
                found.pos[np.repeat(keep, found.counts)],
                found.counts[keep],
            )
        docs.append(np.repeat(found.ids + offset, found.counts).astype(np.int32))
        pos.append(found.pos)
        per_doc.append(found.ids + offset)
        per_count.append(found.counts)
        weights.append(found.weights)
    if not docs:
        none = np.zeros(0, dtype=np.int32)
        empty = Postings(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))
        return empty, Positions(none, none, empty.docs, np.zeros(1, dtype=np.int64))
    counts = np.concatenate(per_count)
    start = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    posting_docs = np.concatenate(per_doc)
    postings = Postings(posting_docs, np.concatenate(weights))
    return postings, Positions(np.concatenate(docs), np.concatenate(pos), posting_docs, start)
