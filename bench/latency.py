"""Query latency of several systems over the same queries, rounds interleaved.

Each system is a function BenchQuery -> hits. Every query runs once on each system to warm
it; then, round after round, each query runs on every system back to back (the order
alternating from query to query), so a busy spell of the shared machine hits them alike.
A query's figure is its quickest round, wall clock and CPU time (the process's, all threads).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from bench.queries import BenchQuery

Run = Callable[[BenchQuery], int]


def percentiles(samples: Sequence[float]) -> dict[str, float]:
    """p50, p95, p99 and mean of samples (a single sample is all four)."""
    if len(samples) == 1:
        return dict.fromkeys(("p50", "p95", "p99", "mean"), samples[0])
    qs = statistics.quantiles(samples, n=100, method="inclusive")
    return {"p50": qs[49], "p95": qs[94], "p99": qs[98], "mean": statistics.fmean(samples)}


def timed(run: Run, q: BenchQuery) -> tuple[float, float, int]:
    """(wall ms, CPU ms, hits) of one query."""
    wall, cpu = time.perf_counter(), time.process_time()
    hits = run(q)
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000, hits


def interleaved(
    systems: Mapping[str, Run], queries: Sequence[BenchQuery], rounds: int
) -> dict[str, dict[str, object]]:
    """Per system: wall and CPU percentiles over the queries, and how many had hits."""
    names = list(systems)
    for q in queries:
        for name in names:
            systems[name](q)
    best: dict[str, list[tuple[float, float]]] = {n: [] for n in names}
    hits: dict[str, int] = dict.fromkeys(names, 0)
    for r in range(rounds):
        for i, q in enumerate(queries):
            order = names if (i + r) % 2 == 0 else names[::-1]
            for name in order:
                wall, cpu, n = timed(systems[name], q)
                if r == 0:
                    best[name].append((wall, cpu))
                    hits[name] += n > 0
                else:
                    w0, c0 = best[name][i]
                    best[name][i] = (min(w0, wall), min(c0, cpu))
    return {
        name: {
            "latency_ms": percentiles([w for w, _ in best[name]]) | {"queries": len(queries)},
            "cpu_ms": percentiles([c for _, c in best[name]]),
            "queries_with_hits": hits[name],
        }
        for name in names
    }


def zonesearch(root: Path) -> Run:
    """zonesearch's query side over the live generation at root, as the web app runs it:
    the request with its facets, ten hits with highlighted titles and snippets."""
    from search.engine.query import QueryError, SearchRequest, search
    from search.engine.reader import LiveIndex

    live = LiveIndex(root)

    def one(q: BenchQuery) -> int:
        req = SearchRequest(
            text=q.text,
            region=(q.region,) if q.region else (),
            year=(q.year,) if q.year else (),
            zone=(q.zone,) if q.zone else (),
        )
        with live.searcher() as s:
            try:
                return search(s, req).total
            except QueryError:  # nothing searchable left in the text: an answer too
                return 0

    return one


def tantivy(folder: Path) -> Run:
    """The tantivy + rjieba baseline's query side over the index at folder."""
    from bench.tantivy_baseline import Searcher

    return Searcher(folder).run


def first_query(open_system: Callable[[], Run], q: BenchQuery) -> float:
    """Milliseconds from opening a newly built index to the first query's answer."""
    started = time.perf_counter()
    run = open_system()
    run(q)
    return (time.perf_counter() - started) * 1000
