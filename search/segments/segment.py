"""Whoosh 3 segments written straight from postings inverted in memory.

Whoosh's own writer puts every posting through a pool (a tuple each, a sort, spills to disk
and a merge at this size) and then through a per-posting writer with type checks: at ~500
postings a document, that one process was the rebuild's bottleneck (~20 ms a document).
Here the workers hand over batches of documents with their postings already inverted
(search.prepared, search.textrun); the writer keeps each field's batches as flat arrays,
and when the segment is finished it orders all postings by term with numpy and encodes
each term's blocks in one go, byte for byte in the format Whoosh's W3 codec reads (and
search.postings decodes directly); search.blocks does the encoding.
"""

from __future__ import annotations

import pickle
import tempfile
from array import array
from collections.abc import Callable
from itertools import count, repeat
from pathlib import Path
from typing import IO, Any

import numpy as np
from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import Schema
from whoosh.system import pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte

from search.segments.blocks import SortedField, Term, encode_parallel
from search.segments.prepared import Batch, FieldRun, Prepared, Value, invert

Complete = Callable[[tuple[Value, ...]], tuple[Value, ...]]


class _FieldPostings:
    """One field's postings as the batches brought them, kept as flat arrays."""

    def __init__(self) -> None:
        self.keys: dict[bytes, int] = {}  # term -> its key (keys only increase)
        self.next_key = count()
        self.tags: list[array] = []  # each batch's terms, as keys
        self.counts: list[array] = []  # postings of each of those terms
        self.ids: list[np.ndarray] = []  # docnums in the segment (uint32)
        self.weights: list[array] = []
        self.sizes: list[array] = []  # each value's size
        self.values = bytearray()  # the values back to back, in arrival order

    def add(self, run: FieldRun, base: int) -> None:
        self.tags.append(array("I", map(self.keys.setdefault, run.terms, self.next_key)))
        self.counts.append(run.counts)
        self.ids.append(np.frombuffer(run.ids, dtype=np.uint32) + np.uint32(base))
        self.weights.append(run.weights)
        self.sizes.append(run.sizes)
        self.values += run.values

    def by_term(self) -> tuple[np.ndarray, ...]:
        """Postings ordered by term key (documents in order within a term), and where each
        key's postings start and how many there are."""
        # Each batch's arrays are let go as soon as they are joined, and offsets take 32 bits
        # while the values fit in 4 GB: at 20M postings this is the writer's peak memory.
        per_posting = np.repeat(_concat(self.tags, np.uint32), _concat(self.counts, np.uint32))
        self.tags, self.counts = [], []
        order = np.argsort(per_posting, kind="stable")  # by term, then as they came
        n = np.bincount(per_posting, minlength=max(self.keys.values(), default=-1) + 1)
        del per_posting
        starts = np.cumsum(n) - n
        sizes = _concat(self.sizes, np.uint32)
        self.sizes = []
        offsets = np.cumsum(sizes, dtype=np.uint32 if len(self.values) < 2**32 else np.int64)
        offsets -= sizes
        offsets = offsets[order]
        sizes = sizes[order]
        ids = _concat(self.ids, np.uint32)
        self.ids = []
        ids = ids[order]
        weights = _concat(self.weights, np.float32)
        self.weights = []
        weights = weights[order]
        return ids, weights, offsets, sizes, starts, n


def _concat(parts: list[array] | list[np.ndarray], dtype: type) -> np.ndarray:
    if not parts:
        return np.zeros(0, dtype=dtype)
    return np.concatenate([np.frombuffer(p, dtype=dtype) for p in parts])


class SegmentBuilder:
    """Prepared documents in, one new segment of the index in storage out."""

    def __init__(
        self, storage: Any, schema: Schema, indexname: str = "MAIN", defer_values: bool = False
    ) -> None:
        self.storage = storage
        self.schema = schema
        self.codec = W3Codec()
        self.segment = self.codec.new_segment(storage, indexname)
        # Deferred: each batch's per-document values wait in a scratch file until
        # write_values, so they can be completed (a near-duplicate group known only once
        # every document has been read) after the postings are written.
        self._deferred: IO[bytes] | None = None
        self._deferred_batches = 0
        self._perdoc: Any = None
        if defer_values:
            self._deferred = tempfile.TemporaryFile(prefix="zonesearch-values-")
        else:
            self._perdoc = self.codec.per_document_writer(storage, self.segment)
        self._fields: dict[str, _FieldPostings] = {}
        self._lengths: dict[str, array] = {}  # the length Whoosh reads back, per docnum
        self.count = 0
        self.postings = 0

    def add(self, doc: Prepared | Batch) -> None:
        """Add a document (or a batch of them) as the next docnums."""
        batch = doc if isinstance(doc, Batch) else invert([doc])
        base = self.count
        if self._deferred is not None:
            for values in batch.values:
                self._note_lengths(self.count, values)
                self.count += 1
            pickle.dump(batch.values, self._deferred, protocol=pickle.HIGHEST_PROTOCOL)
            self._deferred_batches += 1
        else:
            for values in batch.values:
                self._note_lengths(self.count, values)
                self._write_values(self.count, values)
                self.count += 1
        for name, run in batch.fields:
            if name not in self.schema:
                raise KeyError(f"no field {name!r} in the schema")
            postings = self._fields.get(name)
            if postings is None:
                postings = self._fields[name] = _FieldPostings()
            postings.add(run, base)
        self.postings += batch.postings

    def _note_lengths(self, docnum: int, values: tuple[Value, ...]) -> None:
        for name, _stored, length, _column, _value in values:
            if length:
                lengths = self._lengths.get(name)
                if lengths is None:
                    lengths = self._lengths[name] = array("I")
                if len(lengths) < docnum:
                    lengths.extend([0] * (docnum - len(lengths)))
                lengths.append(byte_to_length(length_to_byte(length)))

    def _write_values(self, docnum: int, values: tuple[Value, ...]) -> None:
        perdoc = self._perdoc
        schema = self.schema
        perdoc.start_doc(docnum)
        try:
            for name, stored, length, column, column_value in values:
                field = schema[name]
                perdoc.add_field(name, field, stored, length)
                if column:
                    perdoc.add_column_value(name, field.column_type, column_value)
        except BaseException:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()

    def finish(self, parts: int = 1, complete: Complete | None = None) -> Any:
        """Write the terms and postings, then the per-document values; the segment to commit.

        With parts > 1, forked helpers encode all but the first part of the terms.
        complete(values) gives a deferred document's values as they are to be written.
        """
        self.write_postings(parts)
        return self.write_values(complete)

    def write_postings(self, parts: int = 1) -> None:
        """Write the terms and their postings, letting the postings held in memory go."""
        writer = self.codec.field_writer(self.storage, self.segment)
        tindex, postfile, fieldmap = writer._tindex, writer._postfile, writer._fieldmap
        terms: list[Term] = []
        for fieldid, name in enumerate(sorted(self._fields)):
            fieldmap[name] = fieldid
            postings = self._fields.pop(name)
            ids, weights, offsets, sizes, starts, counts = postings.by_term()
            field = SortedField(
                prefix=pack_ushort(fieldid),
                fixed=self.schema[name].format.fixed_value_size(),
                ids=ids,
                weights=weights,
                offsets=offsets,
                sizes=sizes,
                values=bytes(postings.values),  # slices of bytes are one copy, not two
                lengths=_lengths_of(self._lengths.get(name), self.count),
            )
            keys = postings.keys
            ordered = sorted(keys)
            at = [keys[t] for t in ordered]
            terms += zip(
                repeat(field), ordered, starts[at].tolist(), counts[at].tolist(), strict=False
            )
        folder = Path(self.storage.folder)
        for key, info in encode_parallel(postfile, terms, parts, folder):
            tindex.add(key, info)
        writer.close()

    def write_values(self, complete: Complete | None = None) -> Any:
        """Write the deferred per-document values (completed), close; the segment to commit."""
        if self._deferred is not None:
            self._perdoc = self.codec.per_document_writer(self.storage, self.segment)
            deferred, self._deferred = self._deferred, None
            with deferred:
                deferred.seek(0)
                docnum = 0
                for _ in range(self._deferred_batches):
                    for values in pickle.load(deferred):
                        self._write_values(docnum, complete(values) if complete else values)
                        docnum += 1
        self._perdoc.close()
        self.segment.set_doc_count(self.count)
        return self.segment

    def cancel(self) -> None:
        """Close the files of a segment that will not be committed."""
        if self._deferred is not None:
            self._deferred.close()
            self._deferred = None
        if self._perdoc is not None and not self._perdoc.is_closed:
            self._perdoc.close()


def _lengths_of(lengths: array | None, count: int) -> np.ndarray | None:
    if lengths is None:
        return None
    out = np.zeros(count, dtype=np.int64)
    out[: len(lengths)] = np.frombuffer(lengths, dtype=np.uint32)
    return out
