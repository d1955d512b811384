"""Writing documents into a Whoosh index folder."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from whoosh import index as whoosh_index

from search.document import Document
from search.schema import build_schema, document_fields


def write_generation(path: Path, docs: Iterable[Document]) -> int:
    """Write documents into a new Whoosh index at path; returns how many."""
    ix = whoosh_index.create_in(str(path), build_schema())
    writer = ix.writer(limitmb=256)
    count = 0
    try:
        for doc in docs:
            writer.add_document(**document_fields(doc))
            count += 1
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    return count
