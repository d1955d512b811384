"""The two engines side by side on the 76k xwlb corpus: rebuild, index size, query latency.

    python -m bench.engines [--engine opensearch://127.0.0.1:9200/zsbench] [--limit N]
                            [--queries-only]

Reads ../shared/corpus/xwlb/xwlb.jsonl.gz (unpacked once into bench/out/xwlb.jsonl), rebuilds it
with the embedded Whoosh engine and with the OpenSearch engine (each in a subprocess whose
process tree's time, CPU and memory are sampled; for OpenSearch also the CPU time and resident
memory of the cluster's JVMs, read from /proc through opensearch/work/*.pid), then runs the 200
queries of bench/queries.py warm on both, one view a query as the web app does, and compares
their answers: the same total, and how many of the top ten they share. Each query is run once
to warm up, then timed with the cluster's shard request cache emptied (so no answer comes
from it), then timed again as a repeat (the cache's answers). The index size is one copy
(the primaries; the cluster keeps a replica besides). Prints one table and writes
bench/out/engines-xwlb.json. --queries-only times the indexes already built (no rebuild).
Needs the cluster (`make opensearch`).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import sys
import time
from itertools import islice
from pathlib import Path

from bench.latency import percentiles
from bench.measure import Run, folder_bytes, run_python
from bench.queries import BenchQuery, bench_queries

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
XWLB = ROOT.parent / "shared" / "corpus" / "xwlb" / "xwlb.jsonl.gz"
PIDS = ROOT / "opensearch" / "work"
DEFAULT_URL = "opensearch://127.0.0.1:9200,127.0.0.1:9201/zsbench"
TOP = 10

BUILD = """
import json
from pathlib import Path
from search.backends.select import open_engine
engine = open_engine({url!r}, Path({index!r}))
try:
    r = engine.rebuild([Path({corpus!r})])
except Exception as e:
    print(json.dumps({{"error": f"{{type(e).__name__}}: {{e}}"}}, ensure_ascii=False))
else:
    print(json.dumps(r.as_dict() | {{"skipped": len(r.skipped)}}, ensure_ascii=False))
"""


def corpus(limit: int | None) -> Path:
    """xwlb as plain JSON Lines (the record reader's format), the first `limit` items if given."""
    if not XWLB.is_file():
        sys.exit(f"the xwlb corpus is missing: {XWLB}")
    OUT.mkdir(parents=True, exist_ok=True)
    out = OUT / (f"xwlb-{limit}.jsonl" if limit else "xwlb.jsonl")
    if not out.is_file():
        with gzip.open(XWLB, "rt", encoding="utf-8") as src, out.open("w", encoding="utf-8") as f:
            f.writelines(islice(src, limit))
    return out


def jvm_ticks_and_rss() -> tuple[float, int]:
    """CPU seconds and resident bytes of the cluster's node processes (0 when none is found)."""
    ticks = os.sysconf("SC_CLK_TCK")
    cpu, rss = 0.0, 0
    for pidfile in sorted(PIDS.glob("node-*.pid")):
        pid = pidfile.read_text().strip()
        try:
            stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            cpu += (int(stat[11]) + int(stat[12])) / ticks
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        rss += next(
            int(line.split()[1]) * 1024 for line in status.splitlines() if line.startswith("VmRSS")
        )
    return cpu, rss


def request_of(q: BenchQuery):  # noqa: ANN201 - SearchRequest, imported late like the jobs
    from search.engine.query import SearchRequest

    return SearchRequest(
        text=q.text,
        region=(q.region,) if q.region else (),
        year=(q.year,) if q.year else (),
        zone=(q.zone,) if q.zone else (),
    )


def empty_request_cache(engine) -> None:  # noqa: ANN001
    """Drop what the cluster's shard request cache holds of the engine's indices (if any)."""
    client = getattr(engine, "client", None)
    if client is not None:
        client.indices.clear_cache(index=f"{engine.url.name}*", request=True)


def query_all(
    engine, queries: list[BenchQuery]
) -> tuple[dict[str, float], dict[str, float], list[tuple[int, list[str]]]]:  # noqa: ANN001
    """Latency percentiles (ms) over the queries run warm, then repeated, and each query's
    total and top ids."""
    from search.engine.query import QueryError

    def one(q: BenchQuery) -> tuple[int, list[str]]:
        try:
            with engine.view() as view:
                result = view.search(request_of(q))
        except QueryError:
            return 0, []
        return result.total, [h.id for h in result.hits[:TOP]]

    def timed() -> tuple[list[float], list[tuple[int, list[str]]]]:
        times, answers = [], []
        for q in queries:
            started = time.perf_counter()
            answers.append(one(q))
            times.append((time.perf_counter() - started) * 1000)
        return times, answers

    for q in queries:
        one(q)
    empty_request_cache(engine)
    times, answers = timed()
    again, _ = timed()
    return percentiles(times), percentiles(again), answers


def rebuild(url: str | None, index: Path, data: Path, n: int) -> dict[str, object]:
    """Rebuild the corpus on one engine in a subprocess: time, CPU and memory, the stages."""
    if url is None:
        shutil.rmtree(index, ignore_errors=True)
    name = "OpenSearch" if url else "Whoosh"
    print(f"rebuilding {n} documents on {name}…", file=sys.stderr)
    jvm_before = jvm_ticks_and_rss()[0]
    run: Run = run_python(BUILD.format(url=url, index=str(index), corpus=str(data)), ROOT)
    jvm_cpu, jvm_rss = jvm_ticks_and_rss()
    if "error" in run.output:
        sys.exit(f"the {name} rebuild failed: {run.output['error']}")
    return {
        "seconds": run.seconds,
        "docs_per_s": n / run.seconds,
        "client_cpu_s": run.cpu_seconds,
        "client_peak_pss_mb": run.peak_pss / 1e6,
        "cluster_cpu_s": (jvm_cpu - jvm_before) if url else 0.0,
        "cluster_rss_mb": jvm_rss / 1e6 if url else 0.0,
        "stages": run.output["seconds"],
    }


NO_REBUILD = dict.fromkeys(
    ("seconds", "docs_per_s", "client_cpu_s", "client_peak_pss_mb", "cluster_cpu_s"), 0.0
)


def measure(url: str | None, data: Path, n: int, build: bool = True) -> dict[str, object]:
    from search.backends.select import open_engine

    index = OUT / "engines-whoosh"
    built = rebuild(url, index, data, n) if build else {**NO_REBUILD, "cluster_rss_mb": 0.0}
    engine = open_engine(url, index)
    stats = engine.stats()
    name = "OpenSearch" if url else "Whoosh"
    print(f"querying on {name}…", file=sys.stderr)
    latency, repeated, answers = query_all(engine, bench_queries())
    engine.close()
    size = stats["size_bytes"] if url else folder_bytes(index / str(stats["generation"]))
    copies = stats["total_bytes"] if url else size
    return {
        "documents": stats["documents"],
        **built,
        "index_mb": int(size) / 1e6,  # type: ignore[arg-type]
        "stored_mb": int(copies) / 1e6,  # type: ignore[arg-type]
        "latency_ms": latency,
        "repeated_ms": repeated,
        "queries_with_hits": sum(1 for total, _ in answers if total),
        "answers": answers,
    }


ROWS = [
    ("documents indexed", ("documents",), "{:.0f}"),
    ("rebuild seconds", ("seconds",), "{:.1f}"),
    ("rebuild docs/s", ("docs_per_s",), "{:.0f}"),
    ("client CPU s", ("client_cpu_s",), "{:.1f}"),
    ("client peak MB", ("client_peak_pss_mb",), "{:.0f}"),
    ("cluster CPU s", ("cluster_cpu_s",), "{:.1f}"),
    ("cluster RSS MB", ("cluster_rss_mb",), "{:.0f}"),
    ("index MB, one copy", ("index_mb",), "{:.1f}"),
    ("stored MB, all", ("stored_mb",), "{:.1f}"),
    ("query p50 ms", ("latency_ms", "p50"), "{:.1f}"),
    ("query p95 ms", ("latency_ms", "p95"), "{:.1f}"),
    ("query p99 ms", ("latency_ms", "p99"), "{:.1f}"),
    ("query mean ms", ("latency_ms", "mean"), "{:.1f}"),
    ("repeated p50 ms", ("repeated_ms", "p50"), "{:.1f}"),
    ("repeated p95 ms", ("repeated_ms", "p95"), "{:.1f}"),
    ("queries with hits", ("queries_with_hits",), "{:.0f}"),
]


def table(whoosh: dict[str, object], cluster: dict[str, object], n: int) -> str:
    lines = [
        f"== xwlb, {n} items: the two engines ==",
        f"{'':20}{'Whoosh':>12}{'OpenSearch':>12}{'ratio':>8}",
    ]
    for label, keys, fmt in ROWS:
        a, b = whoosh, cluster
        for k in keys:
            a, b = a[k], b[k]  # type: ignore[index]
        ratio = f"{b / a:8.2f}" if a else f"{'':>8}"  # type: ignore[operator]
        lines.append(f"{label:20}{fmt.format(a):>12}{fmt.format(b):>12}{ratio}")
    pairs = list(zip(whoosh["answers"], cluster["answers"], strict=True))  # type: ignore[arg-type]
    same_total = sum(1 for (ta, _), (tb, _) in pairs if ta == tb)
    shared = [
        len(set(ia) & set(ib)) / max(len(ia), len(ib)) for (_, ia), (_, ib) in pairs if ia or ib
    ]
    lines.append(f"same total (after folding) on {same_total} of {len(pairs)} queries")
    if shared:
        lines.append(
            f"top {TOP} shared between the engines: {100 * sum(shared) / len(shared):.0f}%"
            " on average"
        )
    lines.append(
        "ratio: OpenSearch / Whoosh; stored MB, all: every copy (the cluster's replica too); "
        "repeated: the same queries again (OpenSearch: from its shard request cache)"
    )
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--engine", default=DEFAULT_URL, help="the OpenSearch engine URL")
    ap.add_argument("--limit", type=int, default=None, help="only the first N items")
    ap.add_argument(
        "--queries-only", action="store_true", help="time the indexes already built, no rebuild"
    )
    args = ap.parse_args()
    data = corpus(args.limit)
    n = sum(1 for _ in data.open(encoding="utf-8"))
    whoosh = measure(None, data, n, build=not args.queries_only)
    cluster = measure(args.engine, data, n, build=not args.queries_only)
    text = table(whoosh, cluster, n)
    print(text)
    result = {"items": n, "engine": args.engine, "whoosh": whoosh, "opensearch": cluster}
    (OUT / "engines-xwlb.json").write_text(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
