"""Writing documents into a Whoosh index folder, from fields analysed ahead in the workers.

prepare(doc) runs in a worker: it turns a Document into the keyword arguments of
add_document with every full-text field already analysed (the exact (term, freq, weight,
positions) tuples Whoosh would compute itself). The single writer then only pools postings,
which keeps the one process that cannot be parallelised from doing the segmentation.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.fields import TEXT, Schema
from whoosh.writing import SegmentWriter

from search.document import Document
from search.schema import build_schema, document_fields

# The postings pool spills to sorted runs on disk beyond this; larger means fewer runs to merge.
LIMIT_MB = 384
MEMO_LENGTHS = True

Fields = dict[str, Any]


@dataclass(frozen=True)
class PreAnalysed:
    """A full-text field's postings, computed in a worker: (term bytes, freq, weight, value)."""

    items: tuple[tuple[bytes, int, float, bytes], ...]


@lru_cache(maxsize=1)
def _schema() -> Schema:
    return build_schema()


def prepare(doc: Document) -> Fields:
    """add_document keyword arguments for doc, full-text fields analysed here and now."""
    fields = document_fields(doc)
    schema = _schema()
    for name, value in list(fields.items()):
        field = schema[name] if name in schema else None
        if isinstance(field, TEXT) and isinstance(value, str):
            fields[name] = PreAnalysed(tuple(field.index(value)))
            if field.stored:
                fields[f"_stored_{name}"] = value
    return fields


def _fields_of(item: Document | Fields) -> Fields:
    return document_fields(item) if isinstance(item, Document) else item


@contextmanager
def accepting_preanalysed(writer: SegmentWriter) -> Iterator[None]:
    """Let the writer's text fields take PreAnalysed values; undone before the schema is saved."""
    patched = []
    for _, field in writer.schema.items():
        if isinstance(field, TEXT):
            original = field.index

            def index(value: object, _original: Any = original, **kw: Any) -> Iterable[Any]:
                if isinstance(value, PreAnalysed):
                    return value.items
                return _original(value, **kw)

            field.index = index  # instance attribute shadows the method
            patched.append(field)
    try:
        yield
    finally:
        for field in patched:
            vars(field).pop("index", None)


class _MemoLengths:
    """A per-document reader that reads each (document, field) length from disk only once.

    Whoosh asks for it again for every posting it writes (~500 per document and field).
    """

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._memo: dict[tuple[int, str], int] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        key = (docnum, fieldname)
        value = self._memo.get(key)
        if value is None:
            value = self._memo[key] = self._reader.doc_field_length(docnum, fieldname, default)
        return value

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reader, name)


def open_writer(path: Path, *, create: bool) -> SegmentWriter:
    """A single-process writer with a large postings pool."""
    ix = (
        whoosh_index.create_in(str(path), build_schema())
        if create
        else whoosh_index.open_dir(str(path))
    )
    # Separate files, not one compound file: whoosh copies every sub-file of a compound
    # segment into memory each time a searcher is opened.
    writer = ix.writer(limitmb=LIMIT_MB, procs=1, compound=False)
    if MEMO_LENGTHS:
        original = writer.per_document_reader
        writer.per_document_reader = lambda: _MemoLengths(original())
    return writer


def write_generation(path: Path, docs: Iterable[Document | Fields]) -> int:
    """Write documents (or prepared fields) into a new Whoosh index at path; returns how many."""
    writer = open_writer(path, create=True)
    count = 0
    try:
        with accepting_preanalysed(writer):
            for item in docs:
                writer.add_document(**_fields_of(item))
                count += 1
    except BaseException:
        writer.cancel()
        raise
    writer.commit(optimize=True)
    return count


@dataclass
class DeltaCounts:
    """What apply_delta changed."""

    deleted: int = 0
    added: int = 0


def apply_delta(
    path: Path, delete_ids: Iterable[str], docs: Iterable[Document | Fields]
) -> DeltaCounts:
    """Delete documents by id, then add documents, in the index at path (a private copy)."""
    writer = open_writer(path, create=False)
    counts = DeltaCounts()
    try:
        for doc_id in delete_ids:
            counts.deleted += writer.delete_by_term("id", doc_id)
        with accepting_preanalysed(writer):
            for item in docs:
                writer.add_document(**_fields_of(item))
                counts.added += 1
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    return counts
