"""Route each source path to its reader: record dump, crawl store, or files and folders."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from search.document import Raw, Skip
from search.sources.crawl.store import is_store, iter_store
from search.sources.files import iter_files, uri_of
from search.sources.records import RecordOptions, is_dump, iter_records


def iter_sources(
    paths: Sequence[Path], records: RecordOptions | None = None
) -> Iterator[Raw | Skip]:
    """Raw inputs from every path, in the order given; a missing path is a Skip.

    The readers name inputs by their resolved path (a record by its dump's, plus #row):
    the same input keeps its name whatever path the source was given as, which `update`
    relies on to tell what changed.
    """
    for path in map(Path, paths):
        if not path.exists():
            reason = "broken symlink" if path.is_symlink() else "no such file or folder"
            yield Skip(uri_of(path), reason)
        elif path.is_file() and is_dump(path):
            yield from iter_records(path, records)
        elif path.is_dir() and is_store(path):
            yield from iter_store(path)
        else:
            yield from iter_files([path])
            if path.is_dir():
                for dump in dumps_in(path):
                    yield from iter_records(dump, records)


def dumps_in(folder: Path) -> list[Path]:
    """Record dumps, plain or .gz, below a folder (symlinked folders not followed, hidden not)."""
    found = []
    for top, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [
            Path(top) / f for f in sorted(files) if not f.startswith(".") and is_dump(Path(f))
        ]
    return found
