"""Opening the live generation for searching, and following it as new ones are published."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.index import EmptyIndexError
from whoosh.searching import Searcher

from search.segments.generations import POINTER, NoIndex, Store, open_generation

OPEN_ATTEMPTS = 3
# Opening a searcher reads every segment's term and stored-field files; reusing one per
# waitress thread makes a request pay for it once per generation instead of every time.
MAX_IDLE_SEARCHERS = 16


def open_live(root: Path) -> whoosh_index.Index:
    """The live generation's index, or NoIndex."""
    current = Store(root).current()
    if current is None:
        raise NoIndex(f"no index at {root}: run `zonesearch rebuild` first")
    return open_generation(current)


@dataclass
class Generation:
    """One opened generation, plus a cache for data derived from it (e.g. facet tables)."""

    name: str
    path: Path
    index: whoosh_index.Index
    _memo: dict[str, Any] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    _idle: list[Searcher] = field(default_factory=list, repr=False)
    retired: bool = False

    def memo(self, key: str, make: Callable[[], Any]) -> Any:
        """make() once per generation and key; valid for as long as the generation lives."""
        with self._lock:
            if key not in self._memo:
                self._memo[key] = make()
            return self._memo[key]

    def take(self) -> Searcher:
        """An idle searcher of this generation, or a new one; one request at a time uses it."""
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return self.index.searcher()

    def give(self, searcher: Searcher) -> None:
        """Return a searcher after a request; closed if the pool is full or the generation gone."""
        with self._lock:
            if not self.retired and len(self._idle) < MAX_IDLE_SEARCHERS:
                self._idle.append(searcher)
                return
        searcher.close()

    def retire(self) -> None:
        """No new requests will come: close the idle searchers (busy ones close on give)."""
        with self._lock:
            self.retired = True
            idle, self._idle = self._idle, []
        for s in idle:
            s.close()


class LiveIndex:
    """The live generation of an index root, re-checked on every use; safe across threads.

    Each request calls searcher() (or generation()) once and uses what it got until it is
    done: a build published meanwhile is picked up by the next request, never mid-request.
    Checking costs one stat() of the pointer file; it is re-read only when that changes.
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._lock = threading.Lock()
        self._stamp: tuple[int, int, int] | None = None
        self._current: Generation | None = None

    def _pointer_stamp(self) -> tuple[int, int, int] | None:
        try:
            st = os.stat(self.root / POINTER)
        except OSError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def generation(self) -> Generation:
        """The live generation now (NoIndex when there is none)."""
        stamp = self._pointer_stamp()
        with self._lock:
            if stamp is not None and stamp == self._stamp and self._current is not None:
                return self._current
            path = Store(self.root).current()
            if path is None:
                if self._current is not None:
                    return self._current  # pointer briefly unreadable: keep serving
                raise NoIndex(f"no index at {self.root}: run `zonesearch rebuild` first")
            if self._current is None or self._current.path != path:
                if self._current is not None:
                    self._current.retire()
                self._current = Generation(path.name, path, open_generation(path))
            self._stamp = stamp
            return self._current

    def open_searcher(self) -> tuple[Searcher, Generation]:
        """A searcher on the live generation and that generation; hand both to release()."""
        for _ in range(OPEN_ATTEMPTS - 1):
            try:
                gen = self.generation()
                return gen.take(), gen
            except (EmptyIndexError, OSError):
                with self._lock:  # its folder went away: read the pointer again
                    self._stamp = None
                    self._current = None
        gen = self.generation()
        return gen.take(), gen

    def close(self) -> None:
        """Close the idle searchers of the generation in use; the next use opens it again."""
        with self._lock:
            current, self._current, self._stamp = self._current, None, None
        if current is not None:
            current.retire()

    @staticmethod
    def release(searcher: Searcher, generation: Generation) -> None:
        """Give a searcher from open_searcher() back for the next request."""
        generation.give(searcher)

    @contextmanager
    def searcher(self) -> Iterator[Searcher]:
        """A searcher on the live generation, returned to its pool when the block ends."""
        s, gen = self.open_searcher()
        try:
            yield s
        finally:
            gen.give(s)
