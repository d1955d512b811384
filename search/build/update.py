"""The update job: the live generation plus what changed in its sources, as a new generation.

Like rebuild, it builds a private generation (a copy of the live one) and publishes it
atomically, under the writer lock, wherever its Target keeps generations.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from itertools import chain
from pathlib import Path

from search.build.failures import BuildFailed, job_errors
from search.build.manifest import Entry, raw_hash, root_key
from search.build.rebuild import (
    BuildOptions,
    Outcome,
    as_target,
    assign_groups,
    collect_one,
    inputs,
    prepared_batches,
    process_all,
    publish,
    rebuild,
    warm,
)
from search.build.report import BuildReport
from search.build.spool import Spool
from search.build.target import Generation, Target
from search.build.workers import Pool
from search.document import Document, Raw, Skip


def _why_rebuild(target: Target, live: Generation) -> str | None:
    """Why the live generation cannot be updated in place, or None when it can."""
    damage = target.damage(live)
    if damage is not None:
        # a copy would carry the damage into the next generation, checksummed as sound
        return f"{damage}: rebuilt from its sources"
    if not target.readable(live):
        return "the live index was built by an earlier version: rebuilt from its sources"
    return None


def _recorded_roots(target: Target, live: Generation) -> list[Path]:
    """The source roots the live generation's manifest names ([] if it cannot be read)."""
    try:
        return [Path(e.root) for e in target.manifest(live).values() if e.root]
    except (OSError, EOFError, ValueError, TypeError, zlib.error):
        return []


def update(
    sources: Sequence[Path], root: Path | Target, options: BuildOptions | None = None
) -> BuildReport:
    """Apply what changed in the sources to a copy of the live generation, then publish it.

    With no sources, every source root the live generation was built from is scanned again.
    Inputs under a scanned root that are gone are deleted; other roots are left alone.
    """
    options = options or BuildOptions()
    target = as_target(root)
    live = target.live()
    if live is None:
        report = rebuild(sources, target, options)
        report.job = "update"
        return report
    why = _why_rebuild(target, live)
    if why is not None:
        # Built by an earlier version (other fields, another positions format, classes
        # since moved) or damaged: new documents cannot go beside the old ones, so all
        # is built again.
        roots = list(dict.fromkeys([*sources, *_recorded_roots(target, live)]))
        if not roots:
            raise BuildFailed(
                f"update failed: {why.split(': rebuilt')[0]}, and its sources "
                "are unknown: run `zonesearch rebuild SOURCE...`"
            )
        report = rebuild(roots, target, options)
        report.job = "update"
        report.rebuilt = why
        return report
    with job_errors("update"), target.lock("update"):
        target.clean_debris()
        live = target.live() or live
        old = target.manifest(live)
        # an entry with no root was published as a document, not read from a source
        roots = list(sources) or sorted({Path(e.root) for e in old.values() if e.root})
        scanned = {root_key(r) for r in roots}
        warm(options, target)
        building: Generation | None = None
        try:
            with Pool(options.workers, options.chunk) as pool:
                report = BuildReport("update", workers=pool.workers)
                seen_uris: set[str] = set()

                def stays(uri: str) -> bool:
                    """An old input not read again stays unless it is gone from a scanned root."""
                    return uri in seen_uris or old[uri].root not in scanned

                fresh = _changed_inputs(inputs(roots, options), old, seen_uris, report)
                new_docs, new_entries = _collect_update(fresh, pool, options, report, old, stays)
                kept = {u: e for u, e in old.items() if u not in new_entries and stays(u)}
                _count_delta(report, old, kept, new_docs, new_entries)
                with report.timing("dedup"):
                    entries = assign_groups({**kept, **new_entries})
                    regrouped = _regrouped(target, live, old, kept, entries)
                report.regrouped = len(regrouped)
                delete_ids = {e.id for u, e in old.items() if e.id and u not in kept}
                # new ids too: an index without a manifest may hold them already
                delete_ids |= {d.id for d in regrouped} | set(new_docs.ids)
                if not delete_ids and entries == old:
                    new_docs.close()
                    report.generation = target.name(live)  # nothing changed: nothing to publish
                    report.documents = target.count(live)
                    return report
                with new_docs:
                    fresh_docs = (replace(d, group=entries[d.uri].group) for d in new_docs)
                    options.progress("index", 0, len(new_docs) + len(regrouped))
                    with report.timing("copy"):
                        building = target.copy(live)
                    with report.timing("write"):
                        changed = chain(fresh_docs, regrouped)
                        prepared = prepared_batches(changed, pool, options, report, target)
                        target.apply_delta(
                            building, sorted(delete_ids), prepared, parts=pool.workers
                        )
            publish(target, building, entries, report)
        except BaseException:
            if building is not None:
                target.discard(building)  # a partial generation would hold its disk space
            raise
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
    for out in process_all(items, pool, options, report):
        result = out.result
        if isinstance(result, Document) and result.content_hash not in seen:
            owner = owners.get(result.content_hash)
            if owner is not None and owner != out.uri:
                waiting.append(out)
                continue
        collect_one(out, report, seen, docs, entries)
    for out in waiting:
        content_hash = out.result.content_hash  # type: ignore[union-attr]
        owner = owners[content_hash]
        if content_hash not in seen and _still_holds(owner, content_hash, entries, kept):
            seen[content_hash] = owner
        collect_one(out, report, seen, docs, entries)
    return docs, entries


def _still_holds(
    uri: str, content_hash: str, entries: dict[str, Entry], kept: Callable[[str], bool]
) -> bool:
    """The old entry at uri is still in the index with this content after the update."""
    if uri in entries:  # read again in this scan: its new version decides
        return entries[uri].content_hash == content_hash and entries[uri].id is not None
    return kept(uri)


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
    target: Target,
    live: Generation,
    old: dict[str, Entry],
    kept: dict[str, Entry],
    entries: dict[str, Entry],
) -> list[Document]:
    """Kept documents whose near-duplicate group changed, read back from the live index."""
    moved = {kept[u].id: u for u, e in kept.items() if e.id and entries[u].group != old[u].group}
    if not moved:
        return []
    return [
        replace(doc, group=entries[moved[doc.id]].group)
        for doc in target.documents(live, list(moved))
    ]
