"""The embedded target: Whoosh generations in folders under an index root, a pointer file."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from search.build.lock import WriterLock
from search.build.manifest import Entry, read_manifest, write_manifest
from search.document import Document
from search.segments.generations import (
    DamagedIndex,
    Store,
    UnreadableIndex,
    open_generation,
    verify,
)
from search.segments.prepared import Batch
from search.segments.schema import build_schema, layout, with_group
from search.segments.serialize import document_from_record
from search.segments.writer import (
    StreamingGeneration,
    apply_delta,
    prepare_batch,
    write_generation,
)


@dataclass(frozen=True)
class EmbeddedTarget:
    """An index root on this machine (search.segments.generations.Store)."""

    root: Path
    # What to add to a built generation before it goes live: the engine's reader data
    # (search.engine.readerdata.save_reader_data), which this part may not import.
    before_publish: Callable[[Path], None] | None = None
    prepare = staticmethod(prepare_batch)

    @property
    def store(self) -> Store:
        return Store(self.root)

    def lock(self, command: str) -> WriterLock:
        return WriterLock(self.root, command)

    def clean_debris(self) -> None:
        self.store.clean_debris()

    def name(self, generation: Path) -> str:
        return generation.name

    def live(self) -> Path | None:
        return self.store.current()

    def readable(self, live: Path) -> bool:
        """The live generation opens and has the schema this version writes."""
        try:
            return layout(open_generation(live, check=False).schema) == layout(build_schema())
        except UnreadableIndex:
            return False

    def damage(self, live: Path) -> str | None:
        """Its files' checksums (search.segments.checksums), every byte read."""
        try:
            verify(live)
        except DamagedIndex as e:
            return str(e).replace("; run `zonesearch rebuild`", "")
        return None

    def manifest(self, live: Path) -> dict[str, Entry]:
        return read_manifest(live)

    def documents(self, live: Path, ids: Iterable[str]) -> list[Document]:
        docs = []
        with whoosh_index.open_dir(str(live)).searcher() as searcher:
            for doc_id in ids:
                stored = searcher.document(id=doc_id)
                if stored is not None:
                    docs.append(document_from_record(stored["record"]))
        return docs

    def count(self, live: Path) -> int:
        return whoosh_index.open_dir(str(live)).doc_count()

    def create(self) -> Path:
        return self.store.new_generation()

    def copy(self, live: Path) -> Path:
        return self.store.new_generation(copy_of=live)

    def write(self, building: Path, batches: Iterable[Any], parts: int) -> int:
        return write_generation(building, batches, parts=parts)

    def stream(self, building: Path, parts: int) -> EmbeddedStream:
        return EmbeddedStream(StreamingGeneration(building, parts=parts))

    def apply_delta(
        self, building: Path, delete_ids: Iterable[str], batches: Iterable[Any], parts: int
    ) -> None:
        apply_delta(building, delete_ids, batches, parts=parts)

    def discard(self, building: Path) -> None:
        self.store.discard(building)

    def publish(self, building: Path, entries: Iterable[Entry]) -> tuple[str, int]:
        write_manifest(building, entries)
        if self.before_publish is not None:
            self.before_publish(building)
        documents = self.count(building)
        return self.store.publish(building).name, documents


@dataclass
class EmbeddedStream:
    """A one-pass rebuild's writer: each segment's postings as it fills, every document's
    values (facet line and record, where its group goes) at the end."""

    out: StreamingGeneration

    def add(self, batch: Batch, drop: list[int]) -> None:
        self.out.add(batch.without(drop))

    def finish(self, groups: dict[str, str]) -> int:
        return self.out.finish(partial(with_group, groups=groups))

    def cancel(self) -> None:
        self.out.cancel()
