"""Whoosh 3 segments written straight from postings inverted in memory.

Whoosh's own writer puts every posting through a pool (a tuple each, a sort, spills to disk
and a merge at this size) and then through a per-posting writer with type checks: at ~540
postings a document, that one process was the rebuild's bottleneck (~20 ms a document).
Here a worker turns each document into a Prepared (every field analysed, the per-document
values computed), the writer appends its postings to per-term arrays, and each term's
blocks are encoded in one go, byte for byte in the format Whoosh's W3 codec reads (and
search.postings decodes directly). Terms and block layout are exactly what Whoosh writes.
"""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import accumulate, count, repeat
from pickle import dumps
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3TermInfo
from whoosh.fields import FieldType, Schema
from whoosh.system import pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte

BLOCK = 128  # postings a block, as Whoosh's W3Codec(blocklimit=128)
COMPRESSION = 3  # zlib level of a block, as W3Codec(compression=3)
# Smaller blocks are stored as they are (their header says so): zlib would make them no
# smaller and costs ~20 us a call. Whoosh means to do the same below 20 bytes.
COMPRESS_FROM = 64

# (field name, stored value or None, length, has a column, column value)
Value = tuple[str, Any, int, bool, Any]
# (field name, ((term bytes, weight, encoded value), ...))
FieldPostings = tuple[str, tuple[tuple[bytes, float, bytes], ...]]


@dataclass(frozen=True)
class Prepared:
    """One document analysed in a worker: its postings and per-document values."""

    postings: tuple[FieldPostings, ...]
    values: tuple[Value, ...]


Index = Callable[[FieldType, Any], Iterable[tuple[bytes, int, float, bytes]]]


def _whoosh_index(field: FieldType, value: Any) -> Iterable[tuple[bytes, int, float, bytes]]:
    return field.index(value)


def prepare_fields(
    schema: Schema, fields: dict[str, Any], index: Index = _whoosh_index
) -> Prepared:
    """What Whoosh's SegmentWriter.add_document computes for fields, without writing it.

    A `_stored_NAME` entry is stored (and columned) instead of NAME's indexed value.
    index(field, value) gives a field's (term, freq, weight, value) tuples: field.index
    unless a faster equivalent is passed.
    """
    names = sorted(name for name in fields if not name.startswith("_"))
    postings: list[FieldPostings] = []
    values: list[Value] = []
    for name in names:
        value = fields[name]
        if value is None:
            continue
        field: FieldType = schema[name]
        if field.vector or field.separate_spelling():
            raise ValueError(f"field {name!r}: term vectors and spelling are not supported")
        length = 0
        if field.indexed:
            items = tuple(index(field, value))
            if field.scorable:
                length = sum(freq for _, freq, _, _ in items)
            postings.append((name, tuple((t, w, v) for t, _, w, v in items)))
        custom = fields.get(f"_stored_{name}", value)
        column = field.column_type is not None and custom is not None
        values.append(
            (
                name,
                custom if field.stored else None,
                length,
                column,
                field.to_column_value(custom) if column else None,
            )
        )
    return Prepared(tuple(postings), tuple(values))


@dataclass(frozen=True)
class FieldRun:
    """One field's postings of a batch, inverted: each term's postings back to back."""

    terms: tuple[bytes, ...]
    counts: array  # "I": postings of each term
    value_bytes: array  # "I": bytes of values of each term
    ids: array  # "I": docnums, counted from the batch's first document
    weights: array  # "f"
    sizes: array  # "I": each value's size
    values: bytes


@dataclass(frozen=True)
class Batch:
    """Documents prepared in a worker, their postings inverted across the batch.

    The writer then handles each term once a batch instead of each posting.
    """

    values: tuple[tuple[Value, ...], ...]  # each document's per-document values
    fields: tuple[tuple[str, FieldRun], ...]
    postings: int

    def __len__(self) -> int:
        return len(self.values)


class _Term:
    """One term's postings so far: docnums, weights, and values back to back."""

    __slots__ = ("ids", "weights", "values", "sizes")

    def __init__(self) -> None:
        self.ids = array("I")
        self.weights = array("f")
        self.values = bytearray()
        self.sizes = array("I")


class _Gather:
    """One field's postings of a batch in arrival order, each tagged with its term's key."""

    def __init__(self) -> None:
        self.keys: dict[bytes, int] = {}
        self.next_key = count()  # keys only increase: their order is first appearance
        self.tags: list[int] = []
        self.docs: list[int] = []
        self.weights: list[float] = []
        self.values: list[bytes] = []

    def add(self, docnum: int, items: tuple[tuple[bytes, float, bytes], ...]) -> None:
        texts, weights, values = zip(*items, strict=True)
        self.tags.extend(map(self.keys.setdefault, texts, self.next_key))
        self.docs.extend(repeat(docnum, len(items)))
        self.weights.extend(weights)
        self.values.extend(values)

    def run(self) -> FieldRun:
        tags = np.array(self.tags, dtype=np.int64)
        order = np.argsort(tags, kind="stable")  # by term, documents in order within each
        _, counts = np.unique(tags, return_counts=True)
        sizes = np.fromiter(map(len, self.values), dtype=np.uint32, count=len(self.values))
        sizes = sizes[order]
        ends = np.cumsum(counts)
        value_bytes = np.add.reduceat(sizes, ends - counts) if sizes.size else sizes
        return FieldRun(
            terms=tuple(sorted(self.keys, key=self.keys.__getitem__)),
            counts=_array("I", counts),
            value_bytes=_array("I", value_bytes),
            ids=_array("I", np.array(self.docs, dtype=np.uint32)[order]),
            weights=_array("f", np.array(self.weights, dtype=np.float32)[order]),
            sizes=_array("I", sizes),
            values=b"".join(map(self.values.__getitem__, order.tolist())),
        )


def _array(code: str, values: np.ndarray) -> array:
    out = array(code)
    out.frombytes(values.astype(np.uint32 if code == "I" else np.float32).tobytes())
    return out


def invert(docs: Iterable[Prepared]) -> Batch:
    """A batch of prepared documents, postings grouped by field and term."""
    values = []
    gathered: dict[str, _Gather] = {}
    total = 0
    for docnum, doc in enumerate(docs):
        values.append(doc.values)
        for name, items in doc.postings:
            if items:
                gather = gathered.get(name)
                if gather is None:
                    gather = gathered[name] = _Gather()
                gather.add(docnum, items)
                total += len(items)
    fields = tuple((name, gather.run()) for name, gather in gathered.items())
    return Batch(tuple(values), fields, total)


class SegmentBuilder:
    """Prepared documents in, one new segment of the index in storage out."""

    def __init__(self, storage: Any, schema: Schema, indexname: str = "MAIN") -> None:
        self.storage = storage
        self.schema = schema
        self.codec = W3Codec()
        self.segment = self.codec.new_segment(storage, indexname)
        self._perdoc = self.codec.per_document_writer(storage, self.segment)
        self._terms: dict[str, dict[bytes, _Term]] = {}
        self._lengths: dict[str, array] = {}  # the length Whoosh reads back, per docnum
        self.count = 0
        self.postings = 0

    def add(self, doc: Prepared | Batch) -> None:
        """Add a document (or a batch of them) as the next docnums."""
        batch = doc if isinstance(doc, Batch) else invert([doc])
        base = self.count
        for values in batch.values:
            self._add_values(values)
        for name, run in batch.fields:
            self._add_run(name, run, base)
        self.postings += batch.postings

    def _add_values(self, values: tuple[Value, ...]) -> None:
        docnum = self.count
        perdoc = self._perdoc
        schema = self.schema
        perdoc.start_doc(docnum)
        try:
            for name, stored, length, column, column_value in values:
                field = schema[name]
                perdoc.add_field(name, field, stored, length)
                if column:
                    perdoc.add_column_value(name, field.column_type, column_value)
                if length:
                    lengths = self._lengths.get(name)
                    if lengths is None:
                        lengths = self._lengths[name] = array("I")
                    if len(lengths) < docnum:
                        lengths.extend([0] * (docnum - len(lengths)))
                    lengths.append(byte_to_length(length_to_byte(length)))
        except BaseException:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self.count += 1

    def _add_run(self, name: str, run: FieldRun, base: int) -> None:
        if name not in self.schema:
            raise KeyError(f"no field {name!r} in the schema")
        terms = self._terms.get(name)
        if terms is None:
            terms = self._terms[name] = {}
        ids = array("I", map(base.__add__, run.ids)) if base else run.ids
        weights, sizes, values = run.weights, run.sizes, memoryview(run.values)
        lo = vlo = 0
        for btext, npostings, nbytes in zip(run.terms, run.counts, run.value_bytes, strict=True):
            hi, vhi = lo + npostings, vlo + nbytes
            term = terms.get(btext)
            if term is None:
                term = terms[btext] = _Term()
            term.ids += ids[lo:hi]
            term.weights += weights[lo:hi]
            term.sizes += sizes[lo:hi]
            term.values += values[vlo:vhi]
            lo, vlo = hi, vhi

    def add_all(self, docs: Iterable[Prepared | Batch]) -> None:
        for doc in docs:
            self.add(doc)

    def finish(self) -> Any:
        """Write the terms and postings, close the segment's files; the segment to commit."""
        self._perdoc.close()
        writer = self.codec.field_writer(self.storage, self.segment)
        tindex, postfile, fieldmap = writer._tindex, writer._postfile, writer._fieldmap
        for fieldid, name in enumerate(sorted(self._terms)):
            fieldmap[name] = fieldid
            prefix = pack_ushort(fieldid)
            fixed = self.schema[name].format.fixed_value_size()
            lengths = self._lengths.get(name)
            terms = self._terms[name]
            for btext in sorted(terms):
                info = _write_postings(postfile, terms[btext], fixed, lengths)
                tindex.add(prefix + btext, info)
            self._terms[name] = {}  # let each field's postings go once written
        writer.close()
        self.segment.set_doc_count(self.count)
        return self.segment

    def cancel(self) -> None:
        """Close the files of a segment that will not be committed."""
        if not self._perdoc.is_closed:
            self._perdoc.close()


def _split_values(term: _Term) -> list[bytes]:
    data = bytes(term.values)
    ends = list(accumulate(term.sizes))
    return [data[e - s : e] for s, e in zip(term.sizes, ends, strict=True)]


def _write_postings(postfile: Any, term: _Term, fixed: int | None, lengths: array | None) -> bytes:
    """Write one term's blocks to the postings file; its W3TermInfo bytes."""
    ids, weights = term.ids, term.weights
    values = _split_values(term) if fixed != 0 else None
    info = W3TermInfo()
    info._weight = sum(weights)
    info._df = len(ids)
    info._minid, info._maxid = ids[0], ids[-1]
    start = postfile.tell()
    postfile.write(WHOOSH3_HEADER_MAGIC)
    minlen: int | None = None
    maxlen = 0
    for lo in range(0, len(ids), BLOCK):
        hi = lo + BLOCK
        bids = ids[lo:hi]
        bweights = weights[lo:hi]
        bmax = max(bweights)
        if lengths is not None:
            blens = [lengths[i] if i < len(lengths) else 0 for i in bids]
            bmin, bmaxlen = min(blens), max(blens)
            bmin = bmin or None
        else:
            bmin, bmaxlen = None, 0
        minlen = bmin if minlen is None else min(minlen, bmin or minlen)
        maxlen = max(maxlen, bmaxlen)
        info._maxweight = max(info._maxweight, bmax)
        data = (_mini_ids(bids), _mini_weights(bweights), _mini_values(values, lo, hi, fixed))
        databytes = dumps(data, 2)
        level = 0
        if len(databytes) >= COMPRESS_FROM:
            level, databytes = COMPRESSION, zlib.compress(databytes, COMPRESSION)
        header = (
            len(bids),
            bids[-1],
            bmax,
            level,
            length_to_byte(bmin),
            length_to_byte(bmaxlen),
        )
        infobytes = dumps(header, 2)
        size = len(infobytes) + len(databytes)
        postfile.write_int(-size if hi >= len(ids) else size)
        postfile.write(infobytes)
        postfile.write(databytes)
    info._minlength, info._maxlength = minlen, maxlen
    info.set_extent(start, postfile.tell() - start)
    return info.to_bytes()


def _mini_ids(ids: array) -> tuple[int, ...]:
    base = 0
    out = []
    for n in ids:
        out.append(n - base)
        base = n
    return tuple(out)


def _mini_weights(weights: array) -> float | tuple[float, ...] | None:
    first = weights[0]
    if all(w == first for w in weights):
        return None if first == 1.0 else first
    return tuple(weights)


def _mini_values(
    values: list[bytes] | None, lo: int, hi: int, fixed: int | None
) -> tuple[bytes, ...] | bytes | None:
    if values is None:  # fixed size 0: the format keeps no values
        return None
    block = values[lo:hi]
    if fixed is None or fixed < 0:
        return tuple(block)
    return b"".join(block)
