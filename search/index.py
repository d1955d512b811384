"""The rebuild job: read sources, run the pipeline, write a new generation, switch to it."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from search.document import Document, Skip
from search.enrich.dedup import assign_groups
from search.lock import WriterLock
from search.pipeline import process
from search.sources.resolve import iter_sources
from search.store import Store
from search.writer import write_generation


@dataclass
class BuildReport:
    """What a rebuild did: counts, skips with reasons, seconds per stage."""

    generation: str = ""
    read: int = 0
    indexed: int = 0
    duplicates: int = 0
    skipped: list[Skip] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {
            "generation": self.generation,
            "read": self.read,
            "indexed": self.indexed,
            "duplicates": self.duplicates,
            "skipped": [{"uri": s.uri, "reason": s.reason} for s in self.skipped],
            "seconds": {k: round(v, 3) for k, v in self.seconds.items()},
        }


Progress = Callable[[str], None]


def collect(
    sources: Sequence[Path], report: BuildReport, progress: Progress | None = None
) -> list[Document]:
    """Every document the sources yield, exact duplicates dropped, near-duplicates grouped."""
    started = time.perf_counter()
    docs: list[Document] = []
    seen: dict[str, str] = {}
    for item in iter_sources(sources):
        report.read += 1
        result = item if isinstance(item, Skip) else process(item)
        if progress:
            progress(item.uri)
        if isinstance(result, Skip):
            report.skipped.append(result)
            continue
        if result.content_hash in seen:
            report.duplicates += 1
            report.skipped.append(
                Skip(result.uri, f"exact duplicate of {seen[result.content_hash]}")
            )
            continue
        seen[result.content_hash] = result.uri
        docs.append(result)
    report.seconds["pipeline"] = time.perf_counter() - started
    groups = assign_groups((d.id, d.fingerprint) for d in docs)
    return [replace(d, group=groups.get(d.id, d.id)) for d in docs]


def rebuild(sources: Sequence[Path], root: Path, progress: Progress | None = None) -> BuildReport:
    """Build a new generation from sources and make it live; the old one serves until then."""
    store = Store(root)
    report = BuildReport()
    with WriterLock(root, "rebuild"):
        store.clean_debris()
        docs = collect(sources, report, progress)
        started = time.perf_counter()
        building = store.new_generation()
        report.indexed = write_generation(building, docs)
        report.generation = store.publish(building).name
        report.seconds["index"] = time.perf_counter() - started
    return report
