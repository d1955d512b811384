"""A process pool for the CPU-bound stages, fed in chunks, results back in input order.

Decoding, extraction, enrichment and segmentation run in the workers; the index itself is
written by the parent alone. The parent warms the expensive caches (jieba's dictionary, the
gazetteers) before forking so every worker starts with them loaded. A worker dies with the
job that started it (search.processes), however the job ends.
"""

from __future__ import annotations

import gc
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from typing import Any, Generic, TypeVar

from search.processes import die_with_parent

T = TypeVar("T")
R = TypeVar("R")

DEFAULT_CHUNK = 64


def default_workers() -> int:
    """Every core the process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass
class Timed(Generic[R]):
    """A chunk's results and the CPU seconds a worker spent on them."""

    results: list[R]
    seconds: float


def _run_chunk(fn: Callable[[T], R], items: list[T]) -> Timed[R]:
    started = time.process_time()
    results = [fn(item) for item in items]
    return Timed(results, time.process_time() - started)


def _run_batch(fn: Callable[[list[T]], R], items: list[T]) -> Timed[R]:
    started = time.process_time()
    result = fn(items)
    return Timed([result], time.process_time() - started)


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


class Pool:
    """map(fn, items) over worker processes, or in this process when workers <= 1."""

    def __init__(self, workers: int | None = None, chunk: int = DEFAULT_CHUNK) -> None:
        self.workers = default_workers() if workers is None else workers
        self.chunk = max(1, chunk)
        self._executor: ProcessPoolExecutor | None = None

    def __enter__(self) -> Pool:
        if self.workers > 1:
            # The warmed dictionaries and gazetteers are shared with the forked workers
            # until something writes to their pages; the collector's bookkeeping would,
            # in every worker, so what exists now is left out of its scans.
            gc.freeze()
            self._executor = ProcessPoolExecutor(
                max_workers=self.workers, initializer=die_with_parent, initargs=(os.getpid(),)
            )
        return self

    def __exit__(self, *exc: object) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
            gc.unfreeze()

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[Timed[R]]:
        """Chunks of results in input order; few chunks in flight, so memory stays flat."""
        return self._run(_run_chunk, fn, items)

    def map_batches(self, fn: Callable[[list[T]], R], items: Iterable[T]) -> Iterator[Timed[R]]:
        """fn over each chunk of items as a whole: one result a chunk, in input order."""
        return self._run(_run_batch, fn, items)

    def _run(self, run: Callable[..., Timed[R]], fn: Any, items: Iterable[T]) -> Iterator[Timed[R]]:
        if self._executor is None:
            for chunk in _chunks(items, self.chunk):
                yield run(fn, chunk)
            return
        pending: deque[Future[Timed[R]]] = deque()
        limit = self.workers * 3
        for chunk in _chunks(items, self.chunk):
            pending.append(self._executor.submit(run, fn, chunk))
            if len(pending) >= limit:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
