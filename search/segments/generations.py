"""Index generations under one root: build beside the live one, then switch atomically.

A generation is checksummed as it is published and checked whenever it is opened
(search.segments.checksums): a damaged one is refused with one line saying what is wrong.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.index import EmptyIndexError

from search.segments.checksums import CHECKED, CHECKSUMS, problems, write_checksums

POINTER = "CURRENT"
PREFIX = "gen-"
BUILDING = ".building"
# A retired generation outlives its successor by this long, so a reader that resolved the
# pointer just before a publish can still open what it found, however fast updates come.
GRACE_SECONDS = 60.0


class NoIndex(Exception):
    """The index root has no live generation yet."""


class UnreadableIndex(NoIndex):
    """A generation is there but cannot be opened (say, written by an older layout)."""


class DamagedIndex(UnreadableIndex):
    """A generation's files are not what was published (cut short, changed or missing)."""


def verify(path: Path, *, quick: bool = False) -> None:
    """DamagedIndex, in one line, unless every file of the generation is as published.

    quick: files unchanged since a full check passed are not read again (checksums.CHECKED).
    """
    found = problems(path, quick=quick)
    if found:
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise DamagedIndex(
            f"index generation {path} is damaged: {found[0]}{more}; run `zonesearch rebuild`"
        )


def open_generation(path: Path, *, check: bool = True, quick: bool = False) -> whoosh_index.Index:
    """One generation's index, its files checked first (DamagedIndex; quick: see verify);
    UnreadableIndex when its table of contents cannot be loaded."""
    if check:
        verify(path, quick=quick)
    try:
        return whoosh_index.open_dir(str(path))
    except (EmptyIndexError, OSError):
        raise
    except Exception as e:  # the TOC unpickles the schema: any failure there means unreadable
        raise UnreadableIndex(
            f"index generation {path} cannot be read ({type(e).__name__}: {e}); "
            "run `zonesearch rebuild`"
        ) from None


@dataclass(frozen=True)
class Store:
    """The index root: generation folders plus a pointer file naming the live one."""

    root: Path

    def current(self) -> Path | None:
        """The live generation, or None when no build has been published."""
        try:
            name = (self.root / POINTER).read_text(encoding="utf-8").strip()
        except OSError:
            return None
        path = self.root / name
        return path if name and path.is_dir() else None

    def fallbacks(self) -> list[Path]:
        """Published generations other than the live one, newest first (for a damaged one)."""
        current = self.current()
        return [g for g in reversed(self.generations()) if g != current]

    def generations(self) -> list[Path]:
        """Published generations, oldest first."""
        if not self.root.is_dir():
            return []
        return sorted(
            p
            for p in self.root.iterdir()
            if p.is_dir() and p.name.startswith(PREFIX) and not p.name.endswith(BUILDING)
        )

    def new_generation(self, copy_of: Path | None = None) -> Path:
        """A fresh folder to build into, empty or a copy of a generation; unseen until published."""
        self.root.mkdir(parents=True, exist_ok=True)
        ns = time.time_ns()
        stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(ns // 10**9))
        path = self.root / f"{PREFIX}{stamp}-{ns % 10**9:09d}-{os.getpid()}{BUILDING}"
        if copy_of is None:
            path.mkdir()
            return path
        try:
            # A real copy, not hard links: the writer must never touch the live generation's files.
            # The copy's checksums are written at its publish: the live one's would not fit it.
            shutil.copytree(copy_of, path, ignore=shutil.ignore_patterns(CHECKSUMS, CHECKED))
        except BaseException:
            self.discard(path)  # a half copy (a full disk) would hold the space until the next job
            raise
        return path

    def discard(self, building: Path) -> None:
        """Remove a generation that will not be published (a failed job's); never the live one."""
        if building != self.current():
            shutil.rmtree(building, ignore_errors=True)

    def publish(self, building: Path) -> Path:
        """Make a built generation live (os.replace of the pointer).

        The previous generation stays until the next publish; older ones are removed once
        they have been retired for GRACE_SECONDS.
        """
        previous = self.current()
        (building / CHECKED).unlink(missing_ok=True)  # an update's copy of the live one's
        write_checksums(building)
        final = building.with_name(building.name.removesuffix(BUILDING))
        os.replace(building, final)
        tmp = self.root / f"{POINTER}.tmp-{os.getpid()}"
        try:
            with tmp.open("w", encoding="utf-8") as f:
                f.write(final.name)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.root / POINTER)
        except BaseException:
            tmp.unlink(missing_ok=True)
            self.discard(final)
            raise
        # Published: what follows is housekeeping, and its failure must not undo the job.
        now = time.time()
        if previous is not None:
            with contextlib.suppress(OSError):
                os.utime(previous, (now, now))  # its retirement time
        for old in self.generations():
            if old not in (final, previous) and _mtime(old) < now - GRACE_SECONDS:
                shutil.rmtree(old, ignore_errors=True)
        return final

    def clean_debris(self) -> list[Path]:
        """Remove unfinished builds and stray pointer files (call with the writer lock held)."""
        removed = []
        if not self.root.is_dir():
            return removed
        for p in self.root.iterdir():
            if p.name.endswith(BUILDING) or p.name.startswith(f"{POINTER}.tmp-"):
                if p.is_dir():
                    shutil.rmtree(p, ignore_errors=True)
                else:
                    p.unlink(missing_ok=True)
                removed.append(p)
        return removed


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return float("inf")


def built_at(generation: Path) -> float:
    """When a generation was built (its newest table of contents), as a Unix time.

    The folder's own time changes when it is retired; a TOC is never written again.
    """
    tocs = [_mtime(p) for p in generation.glob("*.toc")]
    known = [t for t in tocs if t != float("inf")]
    return max(known) if known else _mtime(generation)
