"""A segment's term data kept across generations, bounded by bytes.

An update publishes a new generation that holds the live one's segments unchanged (copied
with their names) beside a small new one, and a server switching to it would read every
term of those segments again: under load, that re-reading is most of what a publish costs
the requests after it. A segment's files never change once written (deletions are kept
apart, in the generation's table of contents), so what was read from one, its deleted
documents left in, is keyed by the segment's id and size and serves every generation that
holds the segment; each generation leaves out its own deletions when it reads the kept value.
"""

from __future__ import annotations

import contextlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

import numpy as np
from whoosh.reading import IndexReader

T = TypeVar("T")
MAX_BYTES = 64 << 20


class SegmentCache:
    """Least recently used values of (segment, key), at most max_bytes in all."""

    def __init__(self, max_bytes: int = MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[Hashable, tuple[object, int]] = OrderedDict()
        self._used = 0
        self._lock = threading.Lock()

    def get_or_make(
        self, leaf: IndexReader, key: Hashable, make: Callable[[], T], size: Callable[[T], int]
    ) -> T:
        """The value made for key in leaf's segment, made now if it is not kept."""
        segment = segment_key(leaf)
        if segment is None:
            return make()
        full = (segment, key)
        # A hit takes no lock: each of these two calls is one step under the interpreter's
        # lock, and the lock here, taken for every posting list and stored document a query
        # reads, made request threads queue behind one that lost the interpreter holding it.
        kept = self._items.get(full)
        if kept is not None:
            with contextlib.suppress(KeyError):  # pushed out meanwhile: it still answers
                self._items.move_to_end(full)
            return kept[0]  # type: ignore[return-value]
        value = make()  # outside the lock: two threads may both make it, never wait on it
        nbytes = size(value)
        if nbytes > self.max_bytes // 8:
            return value  # one huge posting list would push out everything else
        with self._lock:
            if full not in self._items:
                self._items[full] = (value, nbytes)
                self._used += nbytes
            while self._used > self.max_bytes and self._items:
                _, (_, freed) = self._items.popitem(last=False)
                self._used -= freed
        return value

    @property
    def used(self) -> int:
        return self._used

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._used = 0


def segment_key(leaf: IndexReader) -> tuple[str, int] | None:
    """What identifies a segment reader's files: the segment's random id and its size."""
    segment = leaf.segment() if hasattr(leaf, "segment") else None
    if segment is None:
        return None
    try:
        return segment.segment_id(), segment.doc_count_all()
    except (AttributeError, NotImplementedError):
        return None


# Kept on the segment reader, a snapshot of one generation that is never pickled (the segment
# objects are: a writer puts them in the next table of contents).
_MEMO = "_zonesearch_deleted"


def deleted_docs(leaf: IndexReader) -> np.ndarray:
    """The segment reader's deleted docnums, sorted (int64; empty when it has none)."""
    segment = leaf.segment() if hasattr(leaf, "segment") else None
    try:
        count = segment.deleted_count() if segment is not None else 0
    except (AttributeError, NotImplementedError):
        count = 0
    if not count:
        return _NONE
    memo = getattr(leaf, _MEMO, None)
    if memo is not None and memo[0] == count:
        return memo[1]
    found = np.array(sorted(segment.deleted_docs()), dtype=np.int64)
    try:
        setattr(leaf, _MEMO, (count, found))
    except AttributeError:
        pass  # a reader that takes no attribute: its deletions are sorted on every read
    return found


_NONE = np.zeros(0, dtype=np.int64)


SEGMENTS = SegmentCache()
