"""The rebuild job (a whole new generation) and the stages it shares with update.

Both build a private generation beside the live one and publish it atomically, under the
writer lock; a killed job leaves only debris, which the next job removes. Where generations
live is the job's Target (search.build.target): the embedded index root by default. The
CPU-bound stages run in a process pool; this process writes the index.

A rebuild into a target that takes a stream (the embedded index) makes one pass: each
worker takes a chunk of inputs through the pipeline and analyses the chunk's documents at
once, handing back the batch (compact arrays) and what the writer needs to know of each
input (id, hashes, fingerprint, or the Skip); the writer files each batch as it arrives,
while the workers go on. Only the near-duplicate groups wait for the whole corpus: the
target fills them in last. Other targets get the two passes (pipeline, spool, analysis).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from search.build.embedded import EmbeddedTarget
from search.build.failures import (
    PIPELINE_SECONDS,
    Overtime,
    job_errors,
    time_limit,
)
from search.build.manifest import Entry, raw_hash, root_key
from search.build.report import BuildReport, Progress, no_progress
from search.build.spool import Spool
from search.build.target import Generation, Stream, StreamingTarget, Target
from search.build.workers import DEFAULT_CHUNK, Pool
from search.document import Document, Raw, Skip

if TYPE_CHECKING:
    from search.sources.records import RecordOptions

Process = Callable[[Raw], "Document | Skip"]
Read = Callable[[Sequence[Path]], Iterable["Raw | Skip"]]


def _default_process(raw: Raw) -> Document | Skip:
    from search.pipeline import process

    return process(raw)


def read_sources(
    paths: Sequence[Path], records: RecordOptions | None = None
) -> Iterable[Raw | Skip]:
    """The default reader: files, folders and record dumps (search.sources.resolve)."""
    from search.sources.resolve import iter_sources

    return iter_sources(paths, records)


class NothingIndexed(Exception):
    """A rebuild found no document to index; the live generation was left as it was."""

    def __init__(self, report: BuildReport) -> None:
        self.report = report
        reasons = ", ".join(f"{n} {r}" for r, n in report.skip_reasons()) or "no input"
        super().__init__(
            f"no document to index ({report.read} read, {len(report.skipped)} skipped: "
            f"{reasons}); the live index is unchanged"
        )


@dataclass(frozen=True)
class BuildOptions:
    """How a job runs: pool size, chunk size, and the stages (injectable for tests)."""

    workers: int | None = None  # None: every core; 0 or 1: in this process
    chunk: int = DEFAULT_CHUNK
    process: Process = _default_process
    read: Read = read_sources
    progress: Progress = no_progress


@dataclass(frozen=True)
class Found:
    """What the writer keeps of a document analysed in a worker: the rest is in its batch."""

    id: str
    uri: str
    content_hash: str
    fingerprint: int


@dataclass(frozen=True)
class Outcome:
    """One input after the pipeline, with where it came from."""

    root: str
    uri: str
    raw_hash: str
    size: int
    result: Document | Found | Skip


@dataclass(frozen=True)
class Analysed:
    """A chunk of inputs after the pipeline and the analysis, as a worker hands it back:
    its documents' batch is in the order of the Found outcomes."""

    outcomes: list[Outcome]
    batch: object | None
    pipeline_seconds: float
    analyse_seconds: float


def run_pipeline(process: Process, item: tuple[str, Raw | Skip]) -> Outcome:
    """Worker side: one input through the pipeline (a source's Skip passes through)."""
    root, raw = item
    if isinstance(raw, Skip):
        return Outcome(root, raw.uri, "", 0, raw)
    try:
        with time_limit(PIPELINE_SECONDS):
            result = process(raw)
    except Overtime:
        result = Skip(raw.uri, f"over {PIPELINE_SECONDS:g} s in the pipeline, stopped")
    except Exception as e:  # noqa: BLE001 - one bad input must not stop a 100k-document build
        result = Skip(raw.uri, f"pipeline error: {type(e).__name__}: {e}")
    return Outcome(root, raw.uri, raw_hash(raw), len(raw.data), result)


def analyse_chunk(
    process: Process,
    prepare: Callable[[list[Document]], object],
    items: list[tuple[str, Raw | Skip]],
) -> Analysed:
    """Worker side of a one-pass rebuild: a chunk through the pipeline, its documents
    analysed by the target's prepare."""
    started = time.process_time()
    outcomes = [run_pipeline(process, item) for item in items]
    piped = time.process_time()
    docs = [o.result for o in outcomes if isinstance(o.result, Document)]
    batch = prepare(docs) if docs else None
    light = [
        replace(o, result=Found(r.id, r.uri, r.content_hash, r.fingerprint))
        if isinstance(r := o.result, Document)
        else o
        for o in outcomes
    ]
    return Analysed(light, batch, piped - started, time.process_time() - piped)


def as_target(root: Path | Target) -> Target:
    """An index root folder is the embedded target; anything else is a target already."""
    return EmbeddedTarget(Path(root)) if isinstance(root, str | Path) else root


def warm(options: BuildOptions, target: Target) -> None:
    """Load dictionaries and gazetteers once, before the workers fork."""
    try:
        options.process(Raw("warm-up", "开发区建设".encode(), kind="text"))
        target.prepare([Document(id="warm-up", uri="warm-up", text="开发区建设")])
    except Exception:  # noqa: BLE001 - warming is an optimisation; the real run reports errors
        pass


def inputs(roots: Sequence[Path], options: BuildOptions) -> Iterator[tuple[str, Raw | Skip]]:
    """Every input of every root, tagged with the root's key (as the manifest records it)."""
    for root in roots:
        key = root_key(root)
        for item in options.read([root]):
            yield key, item


def process_all(
    items: Iterable[tuple[str, Raw | Skip]], pool: Pool, options: BuildOptions, report: BuildReport
) -> Iterator[Outcome]:
    """Every input through the pipeline in the pool, in input order."""
    fn = partial(run_pipeline, options.process)
    for chunk in pool.map(fn, report.timed("read", items)):
        report.add_time("pipeline", chunk.seconds)
        report.read += len(chunk.results)
        options.progress("pipeline", len(chunk.results))
        yield from chunk.results


def accept(
    out: Outcome, report: BuildReport, seen: dict[str, str]
) -> tuple[Document | Found | None, Entry]:
    """Count one outcome; the document to index (or None) and its manifest entry."""
    report.input_bytes += out.size
    result = out.result
    entry = Entry(out.uri, out.root, out.raw_hash)
    if not isinstance(result, Skip) and result.content_hash in seen:
        result = Skip(out.uri, f"exact duplicate of {seen[result.content_hash]}")
        report.duplicates += 1
    if isinstance(result, Skip):
        report.skipped.append(result)
        return None, replace(entry, skipped=result.reason)
    seen[result.content_hash] = result.uri
    entry = replace(
        entry, id=result.id, content_hash=result.content_hash, fingerprint=result.fingerprint
    )
    return result, entry


def assign_groups(entries: dict[str, Entry]) -> dict[str, Entry]:
    """Entries with their near-duplicate group filled in (an entry alone is its own group)."""
    from search.enrich.dedup import assign_groups

    groups = assign_groups((e.id, e.fingerprint) for e in entries.values() if e.id)
    return {
        uri: replace(e, group=groups.get(e.id, e.id)) if e.id else e for uri, e in entries.items()
    }


def prepared_batches(
    docs: Iterable[Document], pool: Pool, options: BuildOptions, report: BuildReport, target: Target
) -> Iterator[object]:
    """Documents analysed in the pool, a batch a chunk, ready for the single writer."""
    for chunk in pool.map_batches(target.prepare, docs):
        report.add_time("analyse", chunk.seconds)
        for batch in chunk.results:
            options.progress("index", len(batch))
            yield batch


def rebuild(
    sources: Sequence[Path], root: Path | Target, options: BuildOptions | None = None
) -> BuildReport:
    """Build a new generation from sources and make it live; the old one serves until then."""
    options = options or BuildOptions()
    target = as_target(root)
    with job_errors("rebuild"), target.lock("rebuild"):
        target.clean_debris()
        warm(options, target)
        building: Generation | None = None
        try:
            with Pool(options.workers, options.chunk) as pool:
                report = BuildReport("rebuild", workers=pool.workers)
                if isinstance(target, StreamingTarget):
                    building, entries = _one_pass(sources, target, pool, options, report)
                else:
                    spool, entries = _collect(inputs(sources, options), pool, options, report)
                    with spool:
                        if not len(spool):
                            raise NothingIndexed(report)
                        with report.timing("dedup"):
                            entries = assign_groups(entries)
                        docs = (replace(d, group=entries[d.uri].group) for d in spool)
                        options.progress("index", 0, len(spool))
                        building = target.create()
                        with report.timing("write"):
                            prepared = prepared_batches(docs, pool, options, report, target)
                            report.indexed = target.write(building, prepared, parts=pool.workers)
            publish(target, building, entries, report)
        except BaseException:
            if building is not None:
                target.discard(building)  # a partial generation would hold its disk space
            raise
    return report


def _one_pass(
    sources: Sequence[Path],
    target: StreamingTarget,
    pool: Pool,
    options: BuildOptions,
    report: BuildReport,
) -> tuple[Generation, dict[str, Entry]]:
    """The whole rebuild in one pass through the pool; the generation and its entries."""
    building = target.create()
    out = target.stream(building, parts=pool.workers)
    try:
        entries = _stream(inputs(sources, options), pool, options, report, target, out)
        if not any(e.id for e in entries.values()):
            raise NothingIndexed(report)
        with report.timing("dedup"):
            entries = assign_groups(entries)
        groups = {e.id: e.group for e in entries.values() if e.id and e.group}
        with report.timing("write"):
            report.indexed = out.finish(groups)
    except BaseException:
        out.cancel()
        target.discard(building)
        raise
    return building, entries


def _stream(
    items: Iterable[tuple[str, Raw | Skip]],
    pool: Pool,
    options: BuildOptions,
    report: BuildReport,
    target: StreamingTarget,
    out: Stream,
) -> dict[str, Entry]:
    """Every input through the pipeline and the analysis in the pool, each chunk's batch
    written as it comes back (less its exact duplicates); the manifest entries."""
    entries: dict[str, Entry] = {}
    seen: dict[str, str] = {}
    fn = partial(analyse_chunk, options.process, target.prepare)
    for timed in pool.map_batches(fn, report.timed("read", items)):
        chunk: Analysed = timed.results[0]
        report.add_time("pipeline", chunk.pipeline_seconds)
        report.add_time("analyse", chunk.analyse_seconds)
        report.read += len(chunk.outcomes)
        options.progress("pipeline", len(chunk.outcomes))
        drop, at = [], 0
        for outcome in chunk.outcomes:
            doc, entry = accept(outcome, report, seen)
            entries[outcome.uri] = entry
            if isinstance(outcome.result, Found):
                if doc is None:
                    drop.append(at)
                at += 1
        if chunk.batch is not None and len(drop) < at:
            with report.timing("write"):
                out.add(chunk.batch, drop)
            options.progress("index", at - len(drop))
    return entries


def publish_documents(
    docs: Iterable[Document], root: Path | Target, chunk: int = DEFAULT_CHUNK
) -> tuple[str, int]:
    """A generation of exactly these documents, made live: its name and document count.

    For documents already through the pipeline (tests, tools); the manifest records each
    under its uri with no source root, so `update` with no SOURCE leaves them alone.
    """
    target = as_target(root)
    with target.lock("publish"):
        target.clean_debris()
        entries: dict[str, Entry] = {}
        kept: list[Document] = []
        for d in docs:
            entries[d.uri] = Entry(
                d.uri, "", "", d.id, d.content_hash, d.fingerprint, d.group or d.id
            )
            kept.append(d)
        building = target.create()
        batches = (target.prepare(kept[i : i + chunk]) for i in range(0, len(kept), chunk))
        target.write(building, batches, parts=1)
        return target.publish(building, entries.values())


def _collect(
    items: Iterable[tuple[str, Raw | Skip]], pool: Pool, options: BuildOptions, report: BuildReport
) -> tuple[Spool, dict[str, Entry]]:
    docs = Spool()
    entries: dict[str, Entry] = {}
    seen: dict[str, str] = {}
    for out in process_all(items, pool, options, report):
        collect_one(out, report, seen, docs, entries)
    return docs, entries


def publish(
    target: Target, building: Generation, entries: dict[str, Entry], report: BuildReport
) -> None:
    """Record the manifest with the new generation and make it the live one."""
    with report.timing("publish"):
        report.generation, report.documents = target.publish(building, entries.values())


def collect_one(
    out: Outcome, report: BuildReport, seen: dict[str, str], docs: Spool, entries: dict[str, Entry]
) -> None:
    """Count one outcome, record its manifest entry and spool its document if it is indexed."""
    doc, entry = accept(out, report, seen)
    entries[out.uri] = entry
    if doc is not None:
        docs.append(doc)
