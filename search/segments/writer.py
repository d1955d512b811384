"""Writing documents into a Whoosh index folder, from documents analysed ahead in the workers.

prepare_batch(docs) runs in a worker: it turns a chunk of Documents into a Batch, every
field analysed into the exact (term, weight, value) postings Whoosh would compute itself
and inverted across the chunk; the text fields go through search.textrun in bulk, the
others through prepare_fields. prepare(doc) does one document the plain way: the reference
the bulk path is tested against. The single writer appends batches to a SegmentBuilder
(search.segment), which writes the segment's files without Whoosh's posting pool; past
FLUSH_POSTINGS postings it closes that segment and starts another, so the writer's memory
stays bounded at any corpus size.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.fields import TEXT, FieldType, Schema
from whoosh.formats import Frequency, Positions
from whoosh.index import TOC, FileIndex
from whoosh.reading import SegmentReader
from whoosh.writing import SegmentWriter

from search.document import Document
from search.segments.positions import VarintPositions, encode_positions
from search.segments.prepared import Batch, FieldRun, Prepared, invert, prepare_fields
from search.segments.schema import build_schema, document_fields
from search.segments.segment import Complete, SegmentBuilder
from search.segments.textrun import text_run
from search.text.analysis import Posting, ZoneTokenizer, text_postings

# Postings the writer holds before it closes a segment: each costs ~32 bytes of the
# rebuild's peak memory while the writer orders a segment by term (measured on the 10k
# synthetic corpus: 548 MB PSS with its 5.6M postings in one segment, 416 MB in three).
# 6M keeps the 76k xwlb rebuild (~18M postings: four segments) within ~600 MB; the 100k
# synthetic corpus (~560 postings a document) makes ten.
FLUSH_POSTINGS = 6_000_000
# Whoosh's pool for the update job's own writer (deletions, merging small segments).
LIMIT_MB = 256
# Segments an update folds together. Each segment costs every query term a lookup, and a
# new generation has every term's scores made again, so fewer is faster; Whoosh's own
# MERGE_SMALL lets about ten small ones pile up first. Small segments (below 1/SMALL_SHARE
# of the largest, and below FOLD_DOCS) are folded into one once there are more than
# SMALL_SEGMENTS; bigger ones by tiers (powers of TIER), once a tier holds TIER of them, so
# that an update's merging stays in proportion to what it adds, however big the index.
SMALL_SEGMENTS = 2
SMALL_SHARE = 8
FOLD_DOCS = 2_000  # Whoosh merges ~130 documents a second here
TIER = 3


@lru_cache(maxsize=1)
def _schema() -> Schema:
    return build_schema()


def _index(field: FieldType, value: Any) -> Iterable[Posting]:
    """field.index(value), with our analyzer's text fields taken straight to postings."""
    fmt = field.format
    if (
        isinstance(field, TEXT)
        and isinstance(field.analyzer, ZoneTokenizer)
        and isinstance(value, str)
        and type(fmt) in (VarintPositions, Positions, Frequency)
    ):
        encode = None if type(fmt) is Frequency else fmt.encode
        if type(fmt) is VarintPositions:
            encode = encode_positions  # the same function, one call less a term
        return text_postings(value, encode=encode, boost=fmt.field_boost)
    return field.index(value)


def prepare(doc: Document) -> Prepared:
    """doc analysed for the writer: its postings and per-document values."""
    return prepare_fields(_schema(), document_fields(doc), _index)


@lru_cache(maxsize=1)
def _bulk_fields() -> tuple[tuple[str, float, bool], ...]:
    """(name, boost, positions?) of the text fields search.textrun indexes a chunk at a time."""
    out = []
    for name, field in _schema().items():
        fmt = getattr(field, "format", None)
        if isinstance(field, TEXT) and isinstance(field.analyzer, ZoneTokenizer):
            if type(fmt) in (VarintPositions, Frequency):
                out.append((name, fmt.field_boost, type(fmt) is VarintPositions))
    return tuple(out)


def prepare_batch(docs: list[Document]) -> Batch:
    """Documents analysed and their postings inverted together, in a worker."""
    fields = [document_fields(d) for d in docs]
    runs: list[tuple[str, FieldRun]] = []
    lengths: list[dict[str, int]] = [{} for _ in docs]
    for name, boost, positions in _bulk_fields():
        values = [f.get(name) for f in fields]
        texts = [v if isinstance(v, str) else "" for v in values]
        run, field_lengths = text_run(texts, boost=boost, positions=positions)
        if run is not None:
            runs.append((name, run))
        for doc_lengths, value, n in zip(lengths, values, field_lengths.tolist(), strict=True):
            if isinstance(value, str):  # anything else is left to prepare_fields
                doc_lengths[name] = n
    rest = invert(
        prepare_fields(_schema(), f, _index, done) for f, done in zip(fields, lengths, strict=True)
    )
    bulk = sum(len(run.ids) for _, run in runs)
    return Batch(rest.values, rest.fields + tuple(runs), rest.postings + bulk)


Item = Document | Prepared | Batch


def _prepared(items: Iterable[Item]) -> Iterator[Prepared | Batch]:
    for item in items:
        yield prepare(item) if isinstance(item, Document) else item


def _segments(
    target: FileIndex | SegmentWriter, docs: Iterable[Prepared | Batch], flush: int, parts: int
) -> Iterator[Any]:
    """Write docs into as many new segments as the flush limit asks for; each once closed."""
    builder: SegmentBuilder | None = None
    try:
        for doc in docs:
            if builder is None:
                builder = SegmentBuilder(target.storage, target.schema, target.indexname)
            builder.add(doc)
            if builder.postings >= flush:
                yield builder.finish(parts)
                builder = None
        if builder is not None:
            yield builder.finish(parts)
            builder = None
    finally:
        if builder is not None:
            builder.cancel()


def write_generation(
    path: Path, docs: Iterable[Item], flush: int = FLUSH_POSTINGS, parts: int = 1
) -> int:
    """Write documents (or prepared ones, or batches) into a new index at path; how many.

    parts > 1 lets forked helpers encode that many parts of each segment's postings.
    """
    ix = whoosh_index.create_in(str(path), build_schema())
    segments = list(_segments(ix, _prepared(docs), flush, parts))
    # the per-document writers' scratch folder (Whoosh's own writer removes it when done)
    shutil.rmtree(path / f"{ix.indexname}.tmp", ignore_errors=True)
    TOC(ix.schema, segments, ix.latest_generation() + 1).write(ix.storage, ix.indexname)
    return sum(s.doc_count_all() for s in segments)


class StreamingGeneration:
    """A new index at path written while batches still arrive: each segment's postings as
    soon as it is full, every document's per-document values at the end, completed then
    (complete(values): what a document's values are once the whole corpus is known)."""

    def __init__(self, path: Path, flush: int = FLUSH_POSTINGS, parts: int = 1) -> None:
        self.path = path
        self.flush = flush
        self.parts = parts
        self.ix = whoosh_index.create_in(str(path), build_schema())
        self._builder: SegmentBuilder | None = None
        self._written: list[SegmentBuilder] = []  # postings written, values waiting

    def add(self, batch: Batch) -> None:
        """The batch's documents as the next docnums."""
        if self._builder is None:
            ix = self.ix
            self._builder = SegmentBuilder(ix.storage, ix.schema, ix.indexname, defer_values=True)
        self._builder.add(batch)
        if self._builder.postings >= self.flush:
            self._close_postings()

    def _close_postings(self) -> None:
        if self._builder is not None:
            builder, self._builder = self._builder, None
            self._written.append(builder)
            builder.write_postings(self.parts)

    def finish(self, complete: Complete | None = None) -> int:
        """Write what is left and the table of contents; how many documents."""
        self._close_postings()
        segments = []
        while self._written:
            segments.append(self._written.pop(0).write_values(complete))
        shutil.rmtree(self.path / f"{self.ix.indexname}.tmp", ignore_errors=True)
        TOC(self.ix.schema, segments, self.ix.latest_generation() + 1).write(
            self.ix.storage, self.ix.indexname
        )
        return sum(s.doc_count_all() for s in segments)

    def cancel(self) -> None:
        """Close every file of a generation that will not be published."""
        for builder in [*self._written, *filter(None, [self._builder])]:
            builder.cancel()
        self._written, self._builder = [], None


def open_writer(path: Path, *, create: bool) -> SegmentWriter:
    """Whoosh's own single-process writer (the update job deletes and merges with it)."""
    ix = (
        whoosh_index.create_in(str(path), build_schema())
        if create
        else whoosh_index.open_dir(str(path))
    )
    # Separate files, not one compound file: whoosh copies every sub-file of a compound
    # segment into memory each time a searcher is opened.
    return ix.writer(limitmb=LIMIT_MB, procs=1, compound=False)


@dataclass
class DeltaCounts:
    """What apply_delta changed."""

    deleted: int = 0
    added: int = 0


def apply_delta(
    path: Path, delete_ids: Iterable[str], docs: Iterable[Item], parts: int = 1
) -> DeltaCounts:
    """Delete documents by id, then add documents, in the index at path (a private copy).

    The new documents go into new segments of their own; Whoosh's merge policy folds small
    old segments together as usual.
    """
    writer = open_writer(path, create=False)
    counts = DeltaCounts()
    try:
        for doc_id in delete_ids:
            counts.deleted += writer.delete_by_term("id", doc_id)
        added = list(_segments(writer, _prepared(docs), FLUSH_POSTINGS, parts))
    except BaseException:
        writer.cancel()
        raise
    counts.added = sum(s.doc_count_all() for s in added)
    writer.commit(mergetype=lambda w, segments: fold_small(w, [*segments, *added]))
    return counts


def fold_small(writer: SegmentWriter, segments: list[Any]) -> list[Any]:
    """The segments to keep once the small ones, or else the smallest tier holding TIER
    segments or more, are folded into the writer's own segment."""
    largest = max((s.doc_count_all() for s in segments), default=0)
    below = min(largest // SMALL_SHARE, FOLD_DOCS)
    folded = [s for s in segments if s.doc_count_all() < below]
    if len(folded) <= SMALL_SEGMENTS:
        tiers: dict[int, list[Any]] = {}
        for segment in segments:
            if segment.doc_count_all() >= below:
                tiers.setdefault(_tier(segment.doc_count_all()), []).append(segment)
        full = [t for t, members in tiers.items() if len(members) >= TIER]
        if not full:
            return segments
        folded = tiers[min(full)]
    for segment in folded:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [s for s in segments if s not in folded]


def _tier(documents: int) -> int:
    """floor(log_TIER(documents)), in integers (0 for empty segments)."""
    tier = 0
    while documents >= TIER:
        documents //= TIER
        tier += 1
    return tier
