"""What a rebuild or update did: counts, skips with reasons, seconds per stage."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Literal, Protocol, TypeVar

from search.document import Skip

T = TypeVar("T")
Job = Literal["rebuild", "update"]


class Progress(Protocol):
    """Told how many items a stage has just finished; total when it becomes known."""

    def __call__(self, stage: str, done: int, total: int | None = None) -> None: ...


@dataclass
class BuildReport:
    """Counts of one job, the skips with their reasons, and seconds per stage.

    Stages measured in the workers ("pipeline", "analyse") are CPU seconds summed over the
    workers; the others are wall-clock seconds in the writing process.
    """

    job: Job = "rebuild"
    generation: str = ""
    workers: int = 1
    read: int = 0
    indexed: int = 0  # new documents written
    updated: int = 0  # documents re-indexed because their input changed
    regrouped: int = 0  # unchanged documents rewritten because their near-duplicate group moved
    deleted: int = 0  # documents whose input vanished
    unchanged: int = 0
    duplicates: int = 0
    documents: int = 0  # documents in the new generation
    input_bytes: int = 0
    skipped: list[Skip] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    rebuilt: str | None = None  # why an update had to rebuild everything instead

    def add_time(self, stage: str, seconds: float) -> None:
        self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds

    @contextmanager
    def timing(self, stage: str) -> Iterator[None]:
        """Add the wall-clock time of the block to a stage."""
        started = time.perf_counter()
        try:
            yield
        finally:
            self.add_time(stage, time.perf_counter() - started)

    def timed(self, stage: str, items: Iterable[T]) -> Iterator[T]:
        """Pass items through, adding the time spent producing them to a stage."""
        it = iter(items)
        while True:
            started = time.perf_counter()
            try:
                item = next(it)
            except StopIteration:
                self.add_time(stage, time.perf_counter() - started)
                return
            self.add_time(stage, time.perf_counter() - started)
            yield item

    def skip_reasons(self) -> list[tuple[str, int]]:
        """Skip reasons with their counts, most frequent first."""
        return Counter(s.reason for s in self.skipped).most_common()

    def as_dict(self) -> dict[str, object]:
        return {
            "job": self.job,
            "generation": self.generation,
            "workers": self.workers,
            "read": self.read,
            "indexed": self.indexed,
            "updated": self.updated,
            "regrouped": self.regrouped,
            "deleted": self.deleted,
            "unchanged": self.unchanged,
            "duplicates": self.duplicates,
            "documents": self.documents,
            "input_bytes": self.input_bytes,
            "skipped": [{"uri": s.uri, "reason": s.reason} for s in self.skipped],
            "skip_reasons": dict(self.skip_reasons()),
            "seconds": {k: round(v, 3) for k, v in self.seconds.items()},
            "rebuilt": self.rebuilt,
        }


def no_progress(stage: str, done: int, total: int | None = None) -> None:
    """The default: stay quiet."""
