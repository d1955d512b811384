"""What a worker hands the single writer: documents analysed, their postings inverted.

prepare_fields computes exactly what Whoosh's SegmentWriter.add_document would for a
document (every field's postings, stored values, lengths and column values) without
writing anything; invert groups a chunk of prepared documents' postings by term, so the
writer deals with each term once a chunk instead of with each posting.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from itertools import count, repeat
from types import MappingProxyType
from typing import Any

import numpy as np
from whoosh.fields import FieldType, Schema

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
    schema: Schema,
    fields: dict[str, Any],
    index: Index = _whoosh_index,
    lengths: Mapping[str, int] = MappingProxyType({}),
) -> Prepared:
    """What Whoosh's SegmentWriter.add_document computes for fields, without writing it.

    A `_stored_NAME` entry is stored (and columned) instead of NAME's indexed value.
    index(field, value) gives a field's (term, freq, weight, value) tuples: field.index
    unless a faster equivalent is passed. The fields in `lengths` were indexed elsewhere
    (search.textrun, for a whole chunk): they get that length and no postings here.
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
        if name in lengths:
            length = lengths[name] if field.scorable else 0
        elif field.indexed:
            indexed = index(field, value)
            items = tuple(indexed)
            if field.scorable:
                # an analyser that knows the text's length in words says it (TextPostings)
                length = getattr(indexed, "length", None)
                if length is None:
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

    def without(self, drop: Iterable[int]) -> Batch:
        """The batch less the documents at the given positions, the rest renumbered."""
        gone = np.unique(np.fromiter(drop, dtype=np.int64))
        if not gone.size:
            return self
        dropped = set(gone.tolist())
        values = tuple(v for i, v in enumerate(self.values) if i not in dropped)
        runs = ((name, _without(run, gone)) for name, run in self.fields)
        fields = tuple((name, run) for name, run in runs if len(run.ids))
        postings = sum(len(run.ids) for _, run in fields)
        before = sum(len(run.ids) for _, run in self.fields)
        return Batch(values, fields, self.postings - before + postings)


def _without(run: FieldRun, gone: np.ndarray) -> FieldRun:
    """run less the postings of the documents in gone (sorted), the rest renumbered."""
    ids = np.frombuffer(run.ids, dtype=np.uint32).astype(np.int64)
    keep = ~np.isin(ids, gone)
    counts = np.frombuffer(run.counts, dtype=np.uint32).astype(np.int64)
    term_of = np.repeat(np.arange(len(counts)), counts)
    kept_counts = np.bincount(term_of[keep], minlength=len(counts))
    sizes = np.frombuffer(run.sizes, dtype=np.uint32)
    value_keep = np.repeat(keep, sizes)
    values = np.frombuffer(run.values, dtype=np.uint8)[value_keep].tobytes()
    live = kept_counts > 0
    return FieldRun(
        terms=tuple(t for t, alive in zip(run.terms, live.tolist(), strict=True) if alive),
        counts=to_array("I", kept_counts[live]),
        ids=to_array("I", ids[keep] - np.searchsorted(gone, ids[keep])),
        weights=to_array("f", np.frombuffer(run.weights, dtype=np.float32)[keep]),
        sizes=to_array("I", sizes[keep]),
        values=values,
    )


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
        return FieldRun(
            terms=tuple(sorted(self.keys, key=self.keys.__getitem__)),
            counts=to_array("I", counts),
            ids=to_array("I", np.array(self.docs, dtype=np.uint32)[order]),
            weights=to_array("f", np.array(self.weights, dtype=np.float32)[order]),
            sizes=to_array("I", sizes),
            values=b"".join(map(self.values.__getitem__, order.tolist())),
        )


def to_array(code: str, values: np.ndarray) -> array:
    """values as FieldRun holds them: an array of "I" (uint32) or "f" (float32)."""
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
