"""The writing jobs: rebuild (a whole new generation) and update (the live one plus a delta).

Both build into a private folder beside the live generation and publish it with one
os.replace of the pointer, under the writer lock; a killed job leaves only debris, which the
next job removes. The CPU-bound stages run in a process pool; this process writes the index.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import partial
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from whoosh import index as whoosh_index

from search.document import Document, Raw, Skip
from search.lock import WriterLock
from search.manifest import Entry, raw_hash, read_manifest, root_key, write_manifest
from search.prepared import Batch
from search.report import BuildReport, Progress, no_progress
from search.schema import build_schema, layout
from search.serialize import document_from_record
from search.spool import Spool
from search.store import Store
from search.workers import DEFAULT_CHUNK, Pool
from search.writer import apply_delta, prepare, prepare_batch, write_generation

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
class Outcome:
    """One input after the pipeline, with where it came from."""

    root: str
    uri: str
    raw_hash: str
    size: int
    result: Document | Skip


def run_pipeline(process: Process, item: tuple[str, Raw | Skip]) -> Outcome:
    """Worker side: one input through the pipeline (a source's Skip passes through)."""
    root, raw = item
    if isinstance(raw, Skip):
        return Outcome(root, raw.uri, "", 0, raw)
    try:
        result = process(raw)
    except Exception as e:  # noqa: BLE001 - one bad input must not stop a 100k-document build
        result = Skip(raw.uri, f"pipeline error: {type(e).__name__}: {e}")
    return Outcome(root, raw.uri, raw_hash(raw), len(raw.data), result)


def _warm(options: BuildOptions) -> None:
    """Load dictionaries and gazetteers once, before the workers fork."""
    try:
        options.process(Raw("warm-up", "开发区建设".encode(), kind="text"))
        prepare(Document(id="warm-up", uri="warm-up", text="开发区建设"))
    except Exception:  # noqa: BLE001 - warming is an optimisation; the real run reports errors
        pass


def _inputs(roots: Sequence[Path], options: BuildOptions) -> Iterator[tuple[str, Raw | Skip]]:
    for root in roots:
        key = root_key(root)
        for item in options.read([root]):
            yield key, item


def _process_all(
    items: Iterable[tuple[str, Raw | Skip]], pool: Pool, options: BuildOptions, report: BuildReport
) -> Iterator[Outcome]:
    """Every input through the pipeline in the pool, in input order."""
    fn = partial(run_pipeline, options.process)
    for chunk in pool.map(fn, report.timed("read", items)):
        report.add_time("pipeline", chunk.seconds)
        report.read += len(chunk.results)
        options.progress("pipeline", len(chunk.results))
        yield from chunk.results


def _accept(
    out: Outcome, report: BuildReport, seen: dict[str, str]
) -> tuple[Document | None, Entry]:
    """Count one outcome; the document to index (or None) and its manifest entry."""
    report.input_bytes += out.size
    result = out.result
    entry = Entry(out.uri, out.root, out.raw_hash)
    if isinstance(result, Document) and result.content_hash in seen:
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


def _assign_groups(entries: dict[str, Entry]) -> dict[str, Entry]:
    from search.enrich.dedup import assign_groups

    groups = assign_groups((e.id, e.fingerprint) for e in entries.values() if e.id)
    return {
        uri: replace(e, group=groups.get(e.id, e.id)) if e.id else e for uri, e in entries.items()
    }


def _prepared(
    docs: Iterable[Document], pool: Pool, options: BuildOptions, report: BuildReport
) -> Iterator[Batch]:
    """Documents analysed in the pool, a batch a chunk, ready for the single writer."""
    for chunk in pool.map_batches(prepare_batch, docs):
        report.add_time("analyse", chunk.seconds)
        for batch in chunk.results:
            options.progress("index", len(batch))
            yield batch


def rebuild(
    sources: Sequence[Path], root: Path, options: BuildOptions | None = None
) -> BuildReport:
    """Build a new generation from sources and make it live; the old one serves until then."""
    options = options or BuildOptions()
    store = Store(root)
    with WriterLock(root, "rebuild"):
        store.clean_debris()
        _warm(options)
        with Pool(options.workers, options.chunk) as pool:
            report = BuildReport("rebuild", workers=pool.workers)
            spool, entries = _collect(_inputs(sources, options), pool, options, report)
            with spool:
                if not len(spool):
                    raise NothingIndexed(report)
                with report.timing("dedup"):
                    entries = _assign_groups(entries)
                docs = (replace(d, group=entries[d.uri].group) for d in spool)
                options.progress("index", 0, len(spool))
                building = store.new_generation()
                with report.timing("write"):
                    prepared = _prepared(docs, pool, options, report)
                    report.indexed = write_generation(building, prepared, parts=pool.workers)
        _finish(store, building, entries, report)
    return report


def _collect(
    items: Iterable[tuple[str, Raw | Skip]], pool: Pool, options: BuildOptions, report: BuildReport
) -> tuple[Spool, dict[str, Entry]]:
    docs = Spool()
    entries: dict[str, Entry] = {}
    seen: dict[str, str] = {}
    for out in _process_all(items, pool, options, report):
        doc, entry = _accept(out, report, seen)
        entries[out.uri] = entry
        if doc is not None:
            docs.append(doc)
    return docs, entries


def _finish(store: Store, building: Path, entries: dict[str, Entry], report: BuildReport) -> None:
    with report.timing("publish"):
        write_manifest(building, entries.values())
        report.documents = whoosh_index.open_dir(str(building)).doc_count()
        report.generation = store.publish(building).name


def update(sources: Sequence[Path], root: Path, options: BuildOptions | None = None) -> BuildReport:
    """Apply what changed in the sources to a copy of the live generation, then publish it.

    With no sources, every source root the live generation was built from is scanned again.
    Inputs under a scanned root that are gone are deleted; other roots are left alone.
    """
    options = options or BuildOptions()
    store = Store(root)
    live = store.current()
    if live is None:
        report = rebuild(sources, root, options)
        report.job = "update"
        return report
    if layout(whoosh_index.open_dir(str(live)).schema) != layout(build_schema()):
        # Built by an earlier version (other fields, another positions format): new
        # documents cannot go beside the old ones, so everything is built again.
        roots = list(
            dict.fromkeys([*sources, *(Path(e.root) for e in read_manifest(live).values())])
        )
        report = rebuild(roots, root, options)
        report.job = "update"
        report.rebuilt = "the live index was built by an earlier version: rebuilt from its sources"
        return report
    with WriterLock(root, "update"):
        store.clean_debris()
        live = store.current() or live
        old = read_manifest(live)
        roots = list(sources) or sorted({Path(e.root) for e in old.values()})
        scanned = {root_key(r) for r in roots}
        _warm(options)
        with Pool(options.workers, options.chunk) as pool:
            report = BuildReport("update", workers=pool.workers)
            seen_uris: set[str] = set()
            fresh = _changed_inputs(_inputs(roots, options), old, seen_uris, report)
            new_docs, new_entries = _collect_update(
                fresh,
                pool,
                options,
                report,
                old,
                lambda u: u in seen_uris or old[u].root not in scanned,
            )
            kept = {
                u: e
                for u, e in old.items()
                if u not in new_entries and (u in seen_uris or e.root not in scanned)
            }
            _count_delta(report, old, kept, new_docs, new_entries)
            with report.timing("dedup"):
                entries = _assign_groups({**kept, **new_entries})
                regrouped = _regrouped(live, old, kept, entries)
            report.regrouped = len(regrouped)
            delete_ids = {e.id for u, e in old.items() if e.id and u not in kept}
            # new ids too: an index without a manifest may hold them already
            delete_ids |= {d.id for d in regrouped} | set(new_docs.ids)
            if not delete_ids and entries == old:
                new_docs.close()
                report.generation = live.name  # nothing changed: nothing to publish
                report.documents = whoosh_index.open_dir(str(live)).doc_count()
                return report
            with new_docs:
                fresh_docs = (replace(d, group=entries[d.uri].group) for d in new_docs)
                options.progress("index", 0, len(new_docs) + len(regrouped))
                with report.timing("copy"):
                    building = store.new_generation(copy_of=live)
                with report.timing("write"):
                    prepared = _prepared(chain(fresh_docs, regrouped), pool, options, report)
                    apply_delta(building, sorted(delete_ids), prepared, parts=pool.workers)
        _finish(store, building, entries, report)
    return report


def _changed_inputs(
    items: Iterable[tuple[str, Raw | Skip]],
    old: dict[str, Entry],
    seen: set[str],
    report: BuildReport,
) -> Iterator[tuple[str, Raw | Skip]]:
    """Inputs that are new or whose raw hash changed; unchanged ones are only counted."""
    for root, item in items:
        seen.add(item.uri)
        entry = old.get(item.uri)
        if isinstance(item, Raw) and entry and entry.raw_hash == raw_hash(item):
            report.unchanged += 1
            report.read += 1
            if entry.skipped:
                report.skipped.append(Skip(entry.uri, entry.skipped))
            continue
        yield root, item


def _collect_update(
    items: Iterable[tuple[str, Raw | Skip]],
    pool: Pool,
    options: BuildOptions,
    report: BuildReport,
    old: dict[str, Entry],
    kept: Callable[[str], bool],
) -> tuple[Spool, dict[str, Entry]]:
    """The changed inputs through the pipeline, exact duplicates skipped.

    A document with the content of an old entry is a duplicate only if that entry stays:
    a file moved or renamed (its old path gone) is indexed under its new path. Whether an
    old entry stays is known once the scan is over (kept), so those documents wait.
    """
    docs = Spool()
    entries: dict[str, Entry] = {}
    seen: dict[str, str] = {}  # content hash -> uri, among this scan's documents
    owners = {e.content_hash: e.uri for e in old.values() if e.id}
    waiting: list[Outcome] = []
    for out in _process_all(items, pool, options, report):
        result = out.result
        if isinstance(result, Document) and result.content_hash not in seen:
            owner = owners.get(result.content_hash)
            if owner is not None and owner != out.uri:
                waiting.append(out)
                continue
        _collect_one(out, report, seen, docs, entries)
    for out in waiting:
        content_hash = out.result.content_hash  # type: ignore[union-attr]
        owner = owners[content_hash]
        if content_hash not in seen and _still_holds(owner, content_hash, entries, kept):
            seen[content_hash] = owner
        _collect_one(out, report, seen, docs, entries)
    return docs, entries


def _still_holds(
    uri: str, content_hash: str, entries: dict[str, Entry], kept: Callable[[str], bool]
) -> bool:
    """The old entry at uri is still in the index with this content after the update."""
    if uri in entries:  # read again in this scan: its new version decides
        return entries[uri].content_hash == content_hash and entries[uri].id is not None
    return kept(uri)


def _collect_one(
    out: Outcome, report: BuildReport, seen: dict[str, str], docs: Spool, entries: dict[str, Entry]
) -> None:
    doc, entry = _accept(out, report, seen)
    entries[out.uri] = entry
    if doc is not None:
        docs.append(doc)


def _count_delta(
    report: BuildReport,
    old: dict[str, Entry],
    kept: dict[str, Entry],
    new_docs: Spool,
    new_entries: dict[str, Entry],
) -> None:
    was_indexed = {u for u, e in old.items() if e.id}
    report.updated = sum(1 for u in new_docs.uris if u in was_indexed)
    report.indexed = len(new_docs) - report.updated
    gone = [u for u in was_indexed if u not in kept and u not in new_entries]
    now_skipped = [u for u, e in new_entries.items() if u in was_indexed and not e.id]
    report.deleted = len(gone) + len(now_skipped)


def _regrouped(
    live: Path, old: dict[str, Entry], kept: dict[str, Entry], entries: dict[str, Entry]
) -> list[Document]:
    """Kept documents whose near-duplicate group changed, read back from the live index."""
    moved = [u for u, e in kept.items() if e.id and entries[u].group != old[u].group]
    if not moved:
        return []
    docs = []
    with whoosh_index.open_dir(str(live)).searcher() as searcher:
        for uri in moved:
            stored = searcher.document(id=kept[uri].id)
            if stored is not None:
                doc = document_from_record(stored["record"])
                docs.append(replace(doc, group=entries[uri].group))
    return docs
