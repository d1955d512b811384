"""Where a build job writes: the operations rebuild and update need of an index store.

The jobs (search.build.rebuild, search.build.update) read sources, run the pipeline, dedup
and keep the manifest; a Target turns analysed batches into a private generation and
publishes it atomically. The embedded Whoosh index root (search.build.embedded) is one
target; an OpenSearch cluster (search.opensearch.target) is another.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from typing import Any, Protocol, runtime_checkable

from search.build.manifest import Entry
from search.document import Document

Generation = Any  # what a target names a generation by: a folder, an index name


class Target(Protocol):
    """An index store that builds generations beside the live one and publishes them."""

    #: Worker side: a chunk of documents analysed for write(); a picklable module function.
    prepare: Callable[[list[Document]], Any]

    def lock(self, command: str) -> AbstractContextManager[object]:
        """One writer at a time (LockHeld when another holds it)."""

    def clean_debris(self) -> None:
        """Remove what an interrupted job left (call with the lock held)."""

    def name(self, generation: Generation) -> str:
        """A generation's name, as reports show it."""

    def live(self) -> Generation | None:
        """The live generation, or None before the first publish."""

    def readable(self, live: Generation) -> bool:
        """Whether documents this version writes can go beside the live generation's."""

    def damage(self, live: Generation) -> str | None:
        """What is wrong with the live generation's data, in one line; None when it is sound."""

    def manifest(self, live: Generation) -> dict[str, Entry]:
        """What the live generation was built from, by uri."""

    def documents(self, live: Generation, ids: Iterable[str]) -> list[Document]:
        """Documents of the live generation by id (those not found are left out)."""

    def count(self, live: Generation) -> int:
        """How many documents a generation holds."""

    def create(self) -> Generation:
        """A new, empty, unpublished generation."""

    def copy(self, live: Generation) -> Generation:
        """A new unpublished generation holding what the live one holds."""

    def write(self, building: Generation, batches: Iterable[Any], parts: int) -> int:
        """Write prepared batches into a new generation; how many documents it holds."""

    def apply_delta(
        self, building: Generation, delete_ids: Iterable[str], batches: Iterable[Any], parts: int
    ) -> None:
        """Delete documents by id from a copy, then add the prepared batches."""

    def publish(self, building: Generation, entries: Iterable[Entry]) -> tuple[str, int]:
        """Record the manifest and make the generation live: its name and document count."""

    def discard(self, building: Generation) -> None:
        """Remove a generation that will not be published (a failed job's), never the live one."""


class Stream(Protocol):
    """A generation written while batches still arrive (a one-pass rebuild)."""

    def add(self, batch: Any, drop: list[int]) -> None:
        """A prepared batch, less the documents at the positions in drop, as the next ones."""

    def finish(self, groups: dict[str, str]) -> int:
        """Write what waits, each document's near-duplicate group (by id) filled in; how many
        documents the generation holds."""

    def cancel(self) -> None:
        """Close everything of a generation that will not be published."""


@runtime_checkable
class StreamingTarget(Target, Protocol):
    """A target a rebuild can write in one pass, filling the groups in last."""

    def stream(self, building: Generation, parts: int) -> Stream:
        """A stream into a new, empty generation."""
