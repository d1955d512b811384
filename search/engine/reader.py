"""Opening the live generation for searching, and following it as new ones are published."""

from __future__ import annotations

import logging
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

from search.engine.warm import warm as warm_generation
from search.segments.generations import (
    POINTER,
    NoIndex,
    Store,
    UnreadableIndex,
    open_generation,
)

log = logging.getLogger("zonesearch")

OPEN_ATTEMPTS = 3
# Opening a searcher reads every segment's term and stored-field files; reusing one per
# waitress thread makes a request pay for it once per generation instead of every time.
MAX_IDLE_SEARCHERS = 16


def open_live(root: Path) -> whoosh_index.Index:
    """The live generation's index, or NoIndex (DamagedIndex when it is damaged).

    For one-off use (the query and stats commands): files that passed a full check and
    have not changed since are not read again. LiveIndex checks every byte, once.
    """
    current = Store(root).current()
    if current is None:
        raise NoIndex(f"no index at {root}: run `zonesearch rebuild` first")
    return open_generation(current, quick=True)


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
    done, never switching mid-request. Checking costs one stat() of the pointer file; it is
    re-read only when that changes. A new generation is opened, its files checked and then
    warmed (search.engine.warm) before requests get it: in the requesting thread by
    default, or with background=True (the server) in a thread of its own while requests
    go on with the generation they had. A damaged generation is refused with one logged
    line and the one before it keeps serving; a server that starts on a damaged one
    serves the newest intact generation there is.
    """

    def __init__(
        self,
        root: Path,
        *,
        background: bool = False,
        warm: Callable[[Generation, Generation | None], None] = warm_generation,
    ) -> None:
        self.root = Path(root)
        self.background = background
        self.warm = warm
        self._lock = threading.Lock()
        self._stamp: tuple[int, int, int] | None = None
        self._current: Generation | None = None
        self._preparing: tuple[int, int, int] | None = None  # the stamp being prepared

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
            current = self._current
            if current is not None and (stamp is None or stamp == self._stamp):
                return current  # unchanged (or the pointer briefly unreadable: keep serving)
            if current is not None and self.background:
                if self._preparing != stamp:
                    self._preparing = stamp
                    threading.Thread(
                        target=self._prepare, args=(stamp,), name="warm-generation", daemon=True
                    ).start()
                return current
            self._switch(stamp, self._ready(stamp, current))
            assert self._current is not None
            return self._current

    def _prepare(self, stamp: tuple[int, int, int] | None) -> None:
        """In the background: make the pointer's generation ready, then switch to it."""
        try:
            ready = self._ready(stamp, self._current)
        except Exception:  # noqa: BLE001 - a vanished folder or such: the next request retries
            log.exception("preparing the new index generation failed")
            ready = None
        with self._lock:
            self._preparing = None
            if ready is not None:
                self._switch(stamp, ready)

    def _ready(
        self, stamp: tuple[int, int, int] | None, current: Generation | None
    ) -> Generation | None:
        """The pointer's generation opened, checked and warmed; None to keep current.

        Called with the lock held (in the foreground) or without it (in the background).
        """
        store = Store(self.root)
        path = store.current()
        if path is None:
            if current is not None:
                return None  # pointer briefly unreadable: keep serving
            raise NoIndex(f"no index at {self.root}: run `zonesearch rebuild` first")
        if current is not None and current.path == path:
            return None
        try:
            ready = Generation(path.name, path, open_generation(path))
        except UnreadableIndex as refused:
            if current is not None:
                log.warning("%s; still serving %s", refused, current.name)
                return None
            ready = self._fallback(store, refused)
        try:
            self.warm(ready, current)
        except Exception:  # noqa: BLE001 - warming saves time; requests build what it did not
            log.exception("warming %s failed", ready.name)
        return ready

    @staticmethod
    def _fallback(store: Store, refused: UnreadableIndex) -> Generation:
        """The newest intact generation after the live one was refused, or the refusal."""
        for path in store.fallbacks():
            try:
                found = Generation(path.name, path, open_generation(path))
            except (UnreadableIndex, EmptyIndexError, OSError):
                continue
            log.warning("%s; serving %s meanwhile", refused, path.name)
            return found
        raise refused

    def _switch(self, stamp: tuple[int, int, int] | None, ready: Generation | None) -> None:
        """Make ready the current generation (None: keep it) for pointer stamp; lock held."""
        self._stamp = stamp
        if ready is None or ready is self._current:
            return
        old, self._current = self._current, ready
        if old is not None:
            old.retire()

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
