"""`make bench`: rebuild throughput, memory, index size and query latency against the baseline.

    python -m bench.run [N ...] [--no-baseline | --baseline-only | --fresh-baseline]
    (sizes default to $BENCH_SIZES, else 10000 100000)

For each N: build the corpus (bench/out/, cached), rebuild it with zonesearch and with the
naive baseline, each in a subprocess whose process tree's memory and CPU time are sampled,
then run the same 200 queries warm against both. Prints every figure with its ratio to the
baseline and writes bench/out/results-N.json.

The baseline takes most of the time (measured here: 22 min to build 100k documents, then its
queries until their 300 s budget runs out, and the query under way finishes), so its figures
are kept in bench/out/baseline-N.json, keyed by the corpus's and the baseline code's hashes,
and reused while both are unchanged; --fresh-baseline measures it again.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

from bench.corpus import build as build_corpus
from bench.measure import Run, folder_bytes, run_python
from bench.queries import BenchQuery, bench_queries

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
BASELINE_WARM = 3
# The baseline takes seconds per query (it re-segments every hit's text to highlight it); on
# a shared 2-core machine its 200 queries alone took over 30 min at 10k, so it gets a budget.
BASELINE_BUDGET_S = float(os.environ.get("BENCH_BASELINE_BUDGET_S", "300"))

OURS_BUILD = """
import json, sys
from pathlib import Path
from search.build.rebuild import rebuild
r = rebuild([Path({corpus!r})], Path({index!r}))
print(json.dumps(r.as_dict() | {{"skipped": len(r.skipped)}}, ensure_ascii=False))
"""
BASELINE_BUILD = """
import json
from pathlib import Path
from bench.baseline import build
print(json.dumps({{"documents": build(Path({corpus!r}), Path({index!r}))}}))
"""


def percentiles(samples: list[float]) -> dict[str, float]:
    qs = statistics.quantiles(samples, n=100, method="inclusive")
    return {"p50": qs[49], "p95": qs[94], "p99": qs[98], "mean": statistics.fmean(samples)}


def ours_latency(index: Path, queries: list[BenchQuery]) -> tuple[dict[str, float], int]:
    from search.engine.query import SearchRequest, search
    from search.engine.reader import LiveIndex

    live = LiveIndex(index)

    def one(q: BenchQuery) -> int:
        req = SearchRequest(
            text=q.text,
            region=(q.region,) if q.region else (),
            year=(q.year,) if q.year else (),
            zone=(q.zone,) if q.zone else (),
        )
        with live.searcher() as s:
            return search(s, req).total

    for q in queries:  # warm: caches, mmap, jieba
        one(q)
    times, hits = [], 0
    for q in queries:
        started = time.perf_counter()
        hits += one(q) > 0
        times.append((time.perf_counter() - started) * 1000)
    return percentiles(times) | {"queries": len(times)}, hits


def baseline_latency(index: Path, queries: list[BenchQuery]) -> tuple[dict[str, float], int]:
    from bench.baseline import Searcher

    s = Searcher(index)
    for q in queries[:BASELINE_WARM]:
        s.run(q)
    times, hits = [], 0
    budget_end = time.monotonic() + BASELINE_BUDGET_S
    for q in queries:  # already shuffled: stopping early keeps the mix
        started = time.perf_counter()
        hits += s.run(q) > 0
        times.append((time.perf_counter() - started) * 1000)
        if time.monotonic() > budget_end:
            break
    s.close()
    return percentiles(times) | {"queries": len(times)}, hits


def _digest(*paths: Path) -> str:
    h = hashlib.sha256()
    for path in paths:
        with path.open("rb") as f:
            while block := f.read(1 << 20):
                h.update(block)
    return h.hexdigest()


def baseline_key(corpus: Path) -> dict[str, object]:
    """What the baseline's figures depend on: corpus, baseline code, queries, time budget."""
    here = Path(__file__).resolve().parent
    return {
        "corpus_sha256": _digest(corpus),
        "code_sha256": _digest(here / "baseline.py", here / "queries.py", here / "corpus.py"),
        "budget_s": BASELINE_BUDGET_S,
    }


def rebuild_figures(run: Run, n: int, mb: float, index: Path) -> dict[str, object]:
    """Time, throughput, memory and index size of one measured rebuild."""
    return {
        "seconds": run.seconds,
        "cpu_seconds": run.cpu_seconds,
        "docs_per_s": n / run.seconds,
        "mb_per_s": mb / run.seconds,
        "peak_rss_mb": run.peak_rss / 1e6,
        "peak_pss_mb": run.peak_pss / 1e6,
        "index_mb": folder_bytes(index) / 1e6,
    }


def measure_baseline(n: int, corpus: Path, fresh: bool = False) -> dict[str, object]:
    """The baseline's figures on corpus: from bench/out/baseline-N.json if still valid."""
    cache = OUT / f"baseline-{n}.json"
    key = baseline_key(corpus)
    if not fresh and cache.exists():
        saved = json.loads(cache.read_text())
        if saved.get("key") == key:
            print(f"[{n}] baseline: reusing {cache.name} ({saved['measured']})", file=sys.stderr)
            return saved["figures"]
    mb = corpus.stat().st_size / 1e6
    base_ix = OUT / f"baseline-{n}"
    shutil.rmtree(base_ix, ignore_errors=True)
    print(f"[{n}] rebuilding (baseline)…", file=sys.stderr)
    base = run_python(BASELINE_BUILD.format(corpus=str(corpus), index=str(base_ix)), ROOT)
    print(f"[{n}] querying (baseline)…", file=sys.stderr)
    base_q, base_hits = baseline_latency(base_ix, bench_queries())
    figures = rebuild_figures(base, n, mb, base_ix) | {
        "latency_ms": base_q,
        "queries_with_hits": base_hits,
    }
    measured = time.strftime("%Y-%m-%d %H:%M")
    cache.write_text(json.dumps({"key": key, "measured": measured, "figures": figures}, indent=2))
    return figures


def measure_ours(n: int, corpus: Path) -> dict[str, object]:
    """zonesearch's rebuild (in a subprocess, sampled) and its warm query latency."""
    mb = corpus.stat().st_size / 1e6
    ours_ix = OUT / f"ix-{n}"
    shutil.rmtree(ours_ix, ignore_errors=True)
    print(f"[{n}] corpus {mb:.0f} MB; rebuilding (zonesearch)…", file=sys.stderr)
    ours = run_python(OURS_BUILD.format(corpus=str(corpus), index=str(ours_ix)), ROOT)
    print(f"[{n}] querying (zonesearch)…", file=sys.stderr)
    ours_q, ours_hits = ours_latency(ours_ix, bench_queries())
    ours_gen = ours_ix / str(ours.output["generation"])
    return rebuild_figures(ours, n, mb, ours_gen) | {
        "indexed": ours.output["indexed"],
        "stages": ours.output["seconds"],
        "latency_ms": ours_q,
        "queries_with_hits": ours_hits,
    }


NO_BASELINE: dict[str, object] = {
    "seconds": 0.0,
    "cpu_seconds": 0.0,
    "docs_per_s": 0.0,
    "mb_per_s": 0.0,
    "peak_rss_mb": 0.0,
    "peak_pss_mb": 0.0,
    "index_mb": 0.0,
    "latency_ms": dict.fromkeys(("p50", "p95", "p99", "mean", "queries"), 0.0),
    "queries_with_hits": 0,
}


def measure(
    n: int, *, ours: bool = True, baseline: bool = True, fresh_baseline: bool = False
) -> dict[str, object]:
    corpus = build_corpus(n, OUT / f"corpus-{n}.jsonl")
    return {
        "documents": n,
        "corpus_mb": corpus.stat().st_size / 1e6,
        "ours": measure_ours(n, corpus) if ours else NO_BASELINE,
        "baseline": measure_baseline(n, corpus, fresh_baseline) if baseline else NO_BASELINE,
    }


ROWS = [
    ("rebuild docs/s", ("docs_per_s",), True),
    ("rebuild MB/s", ("mb_per_s",), True),
    ("rebuild seconds", ("seconds",), False),
    ("rebuild CPU s", ("cpu_seconds",), False),
    ("peak memory MB", ("peak_pss_mb",), False),
    ("peak RSS sum MB", ("peak_rss_mb",), False),
    ("index size MB", ("index_mb",), False),
    ("query p50 ms", ("latency_ms", "p50"), False),
    ("query p95 ms", ("latency_ms", "p95"), False),
    ("query p99 ms", ("latency_ms", "p99"), False),
]


def _get(d: dict[str, object], keys: tuple[str, ...]) -> float:
    for k in keys:
        if k not in d:
            return float("nan")
        d = d[k]  # type: ignore[assignment]
    return float(d)  # type: ignore[arg-type]


def table(result: dict[str, object]) -> str:
    """The figures, ours against the baseline; 'better' is how many times better ours is."""
    ours, base = result["ours"], result["baseline"]
    lines = [
        f"== {result['documents']} documents ({result['corpus_mb']:.0f} MB of input) ==",
        f"{'':18}{'zonesearch':>12}{'baseline':>12}{'better ×':>10}",
    ]
    for label, keys, higher_is_better in ROWS:
        a, b = _get(ours, keys), _get(base, keys)  # type: ignore[arg-type]
        ratio = (a / b if higher_is_better else b / a) if a and b else float("nan")
        if keys == ("peak_pss_mb",) and b != b:  # a cached baseline from before PSS was sampled
            b = _get(base, ("peak_rss_mb",))  # type: ignore[arg-type]
            ratio = b / a if a and b else float("nan")
            label += "*"
        lines.append(f"{label:18}{a:12.1f}{b:12.1f}{ratio:10.2f}")
    measured = int(base["latency_ms"].get("queries", 0))  # type: ignore[index,union-attr]
    if measured:
        lines.append(f"baseline latency over {measured} of the 200 queries (time budget)")
    if any(line.startswith("peak memory MB*") for line in lines):
        lines.append("* the baseline's RSS (one process: its RSS is its memory)")
    if "stages" in ours:  # type: ignore[operator]
        lines.append(f"stages (s): {ours['stages']}")  # type: ignore[index]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Rebuild throughput, memory, index size and query latency against the baseline."
    )
    parser.add_argument(
        "sizes",
        nargs="*",
        type=int,
        metavar="N",
        help="corpus sizes in documents (default: $BENCH_SIZES or 10000 100000)",
    )
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--no-baseline", action="store_true", help="measure zonesearch alone")
    which.add_argument(
        "--baseline-only", action="store_true", help="measure (and cache) the baseline alone"
    )
    parser.add_argument(
        "--fresh-baseline", action="store_true", help="measure the baseline even if cached"
    )
    args = parser.parse_args()
    sizes = args.sizes or [int(x) for x in os.environ.get("BENCH_SIZES", "10000 100000").split()]
    OUT.mkdir(parents=True, exist_ok=True)
    for n in sizes:
        result = measure(
            n,
            ours=not args.baseline_only,
            baseline=not args.no_baseline,
            fresh_baseline=args.fresh_baseline,
        )
        (OUT / f"results-{n}.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
        print(table(result), flush=True)


if __name__ == "__main__":
    main()
