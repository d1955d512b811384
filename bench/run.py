"""`make bench`: rebuild, memory, index size and query latency against tantivy and Whoosh.

    python -m bench.run [CORPUS ...] [--rounds R] [--no-baseline | --baseline-only]
                        [--fresh-baseline]
    CORPUS: N (a synthetic corpus of N documents, bench/corpus.py) or xwlb (the 75,806 news
    items of ../shared/corpus/xwlb); default $BENCH_CORPORA, else 10000 100000 xwlb

For each corpus: R rounds (default $BENCH_ROUNDS, else 3), each rebuilding it with zonesearch
and with tantivy + rjieba (bench/tantivy_baseline.py), in alternating order, each in a
subprocess whose process tree's memory and CPU time are sampled, and then opening the new
index and timing its first query; the baselines index what zonesearch extracted (exported
after its first build, untimed). Then the same queries run warm against both, interleaved
(bench/latency.py). The naive Whoosh baseline (bench/baseline.py) is measured alone: it
takes most of the time (22 min to build 100k documents on this machine, then its queries
until their 300 s budget runs out), so its figures are kept in bench/out/baseline-NAME.json,
keyed by the corpus's, the baseline code's and the queries' hashes, and reused while they
are unchanged; --fresh-baseline measures it again. Prints every figure with its ratio to
tantivy's and writes bench/out/results-NAME.json.
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
from dataclasses import dataclass
from pathlib import Path

from bench import latency
from bench.corpus import SHARED
from bench.corpus import build as build_corpus
from bench.docs import export
from bench.measure import Run, folder_bytes, run_python
from bench.queries import BenchQuery, bench_queries, xwlb_queries
from bench.tables import table

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
XWLB = SHARED / "corpus" / "xwlb" / "xwlb.jsonl.gz"
BASELINE_WARM = 3
# The baseline takes seconds per query (it re-segments every hit's text to highlight it); on
# a shared 2-core machine its 200 queries alone took over 30 min at 10k, so it gets a budget.
BASELINE_BUDGET_S = float(os.environ.get("BENCH_BASELINE_BUDGET_S", "300"))

OURS_BUILD = """
import json, sys
from pathlib import Path
from search.backends.embedded import EmbeddedEngine
r = EmbeddedEngine(Path({index!r})).rebuild([Path({corpus!r})])
print(json.dumps(r.as_dict() | {{"skipped": len(r.skipped)}}, ensure_ascii=False))
"""
TANTIVY_BUILD = """
import json
from pathlib import Path
from bench.tantivy_baseline import build
print(json.dumps({{"documents": build(Path({docs!r}), Path({index!r}))}}))
"""
BASELINE_BUILD = """
import json
from pathlib import Path
from bench.baseline import build
print(json.dumps({{"documents": build(Path({docs!r}), Path({index!r}))}}))
"""


@dataclass(frozen=True)
class Corpus:
    """A benchmark corpus: its name, the file zonesearch rebuilds from, its queries."""

    name: str
    source: Path
    inputs: int

    def queries(self) -> list[BenchQuery]:
        return xwlb_queries(self.source) if self.name == "xwlb" else bench_queries()


def corpus(spec: str) -> Corpus:
    """A corpus named on the command line: a document count, or xwlb."""
    if spec == "xwlb":
        if not XWLB.exists():
            sys.exit(f"the xwlb benchmark corpus needs {XWLB}, which is missing")
        return Corpus("xwlb", XWLB, 75_806)
    if not spec.isdigit():
        sys.exit(f"corpus {spec!r}: a number of documents or xwlb")
    n = int(spec)
    return Corpus(str(n), build_corpus(n, OUT / f"corpus-{n}.jsonl"), n)


def load() -> float:
    return os.getloadavg()[0]


def _digest(*paths: Path) -> str:
    h = hashlib.sha256()
    for path in paths:
        with path.open("rb") as f:
            while block := f.read(1 << 20):
                h.update(block)
    return h.hexdigest()


def baseline_key(c: Corpus, queries: list[BenchQuery]) -> dict[str, object]:
    """What the naive baseline's figures depend on: corpus, its code, queries, time budget."""
    here = Path(__file__).resolve().parent
    return {
        "corpus_sha256": _digest(c.source),
        "code_sha256": _digest(here / "baseline.py", here / "docs.py"),
        "queries_sha256": hashlib.sha256(repr(queries).encode()).hexdigest(),
        "budget_s": BASELINE_BUDGET_S,
    }


def build_figures(run: Run, c: Corpus, index: Path) -> dict[str, object]:
    """Time, throughput, memory and index size of one measured build."""
    return {
        "seconds": run.seconds,
        "cpu_seconds": run.cpu_seconds,
        "docs_per_s": c.inputs / run.seconds,
        "peak_rss_mb": run.peak_rss / 1e6,
        "peak_pss_mb": run.peak_pss / 1e6,
        "index_mb": folder_bytes(index) / 1e6,
    }


def best_of(rounds: list[dict[str, object]]) -> dict[str, object]:
    """Each rebuild figure's best round, the median first query, and every round."""
    out: dict[str, object] = {
        "seconds": min(r["seconds"] for r in rounds),  # type: ignore[type-var]
        "cpu_seconds": min(r["cpu_seconds"] for r in rounds),  # type: ignore[type-var]
        "docs_per_s": max(r["docs_per_s"] for r in rounds),  # type: ignore[type-var]
        "peak_rss_mb": min(r["peak_rss_mb"] for r in rounds),  # type: ignore[type-var]
        "peak_pss_mb": min(r["peak_pss_mb"] for r in rounds),  # type: ignore[type-var]
        "index_mb": rounds[-1]["index_mb"],
        "first_query_ms": statistics.median(r["first_query_ms"] for r in rounds),  # type: ignore[misc]
        "rounds": rounds,
    }
    return out


def build_ours(c: Corpus, root: Path) -> tuple[dict[str, object], Path]:
    shutil.rmtree(root, ignore_errors=True)
    print(f"[{c.name}] rebuilding (zonesearch)…", file=sys.stderr)
    started = load()
    run = run_python(OURS_BUILD.format(corpus=str(c.source), index=str(root)), ROOT)
    gen = root / str(run.output["generation"])
    figures = build_figures(run, c, gen) | {
        "indexed": run.output["indexed"],
        "stages": run.output["seconds"],
        "load": max(started, load()),
    }
    return figures, gen


def build_tantivy(c: Corpus, docs: Path, folder: Path) -> dict[str, object]:
    shutil.rmtree(folder, ignore_errors=True)
    print(f"[{c.name}] rebuilding (tantivy + rjieba)…", file=sys.stderr)
    started = load()
    run = run_python(TANTIVY_BUILD.format(docs=str(docs), index=str(folder)), ROOT)
    return build_figures(run, c, folder) | {"load": max(started, load())}


def cached_baseline(c: Corpus, queries: list[BenchQuery]) -> dict[str, object] | None:
    """The naive baseline's figures from bench/out/baseline-NAME.json, if still valid."""
    cache = OUT / f"baseline-{c.name}.json"
    if cache.exists():
        saved = json.loads(cache.read_text())
        if saved.get("key") == baseline_key(c, queries):
            print(f"[{c.name}] naive: reusing {cache.name} ({saved['measured']})", file=sys.stderr)
            return saved["figures"]
    return None


def measure_baseline(
    c: Corpus, docs: Path, queries: list[BenchQuery], fresh: bool = False
) -> dict[str, object]:
    """The naive baseline's figures: the cached ones if still valid, else measured now."""
    from bench.baseline import Searcher

    cache = OUT / f"baseline-{c.name}.json"
    key = baseline_key(c, queries)
    if not fresh and (saved := cached_baseline(c, queries)) is not None:
        return saved
    base_ix = OUT / f"baseline-{c.name}"
    shutil.rmtree(base_ix, ignore_errors=True)
    print(f"[{c.name}] rebuilding (naive)…", file=sys.stderr)
    started = load()
    run = run_python(BASELINE_BUILD.format(docs=str(docs), index=str(base_ix)), ROOT)
    print(f"[{c.name}] querying (naive)…", file=sys.stderr)
    s = Searcher(base_ix)
    for q in queries[:BASELINE_WARM]:
        s.run(q)
    walls, cpus, hits = [], [], 0
    budget_end = time.monotonic() + BASELINE_BUDGET_S
    for q in queries:  # already shuffled: stopping early keeps the mix
        wall, cpu, n = latency.timed(s.run, q)
        walls.append(wall)
        cpus.append(cpu)
        hits += n > 0
        if time.monotonic() > budget_end:
            break
    s.close()
    figures = build_figures(run, c, base_ix) | {
        "latency_ms": latency.percentiles(walls) | {"queries": len(walls)},
        "cpu_ms": latency.percentiles(cpus),
        "queries_with_hits": hits,
        "load": max(started, load()),
    }
    measured = time.strftime("%Y-%m-%d %H:%M")
    cache.write_text(json.dumps({"key": key, "measured": measured, "figures": figures}, indent=2))
    return figures


def warm_up() -> None:
    """Make this process a running server's: code imported, dictionaries loaded, a query
    answered by each system (on a small index of the seeds), so that a first query after a
    new generation measures the generation, not the process starting."""
    seeds = OUT / "warm-seeds"
    shutil.rmtree(seeds, ignore_errors=True)
    from search.backends.embedded import EmbeddedEngine

    EmbeddedEngine(seeds / "zonesearch").rebuild([ROOT / "seeds"])
    gen = seeds / "zonesearch" / (seeds / "zonesearch" / "CURRENT").read_text().strip()
    export(gen, seeds / "docs.jsonl")
    from bench.tantivy_baseline import build

    build(seeds / "docs.jsonl", seeds / "tantivy", workers=1)
    q = BenchQuery("warm", "开发区 建设")
    latency.zonesearch(seeds / "zonesearch")(q)
    latency.tantivy(seeds / "tantivy")(q)


def measure(
    c: Corpus, rounds: int, *, ours: bool = True, baseline: bool = True, fresh: bool = False
) -> dict[str, object]:
    """Every figure of one corpus; see the module's docstring for how."""
    queries = c.queries()
    ours_root, tv_dir = OUT / f"ix-{c.name}", OUT / f"tantivy-{c.name}"
    docs = OUT / f"docs-{c.name}.jsonl"
    result: dict[str, object] = {
        "corpus": c.name,
        "inputs": c.inputs,
        "corpus_mb": c.source.stat().st_size / 1e6,
        "rounds": rounds if ours else 0,
        "cores": len(os.sched_getaffinity(0)),
        "queries": len(queries),
    }
    loads = [load()]
    if ours:
        warm_up()
        ours_rounds: list[dict[str, object]] = []
        tv_rounds: list[dict[str, object]] = []
        first = queries[0]
        for r in range(rounds):
            for system in ("ours", "tantivy") if r % 2 == 0 else ("tantivy", "ours"):
                if system == "ours":
                    figures, gen = build_ours(c, ours_root)
                    if r == 0:
                        export(gen, docs)
                    figures["first_query_ms"] = latency.first_query(
                        lambda: latency.zonesearch(ours_root), first
                    )
                    ours_rounds.append(figures)
                else:
                    figures = build_tantivy(c, docs, tv_dir)
                    figures["first_query_ms"] = latency.first_query(
                        lambda: latency.tantivy(tv_dir), first
                    )
                    tv_rounds.append(figures)
                loads.append(float(figures["load"]))  # type: ignore[arg-type]
        print(f"[{c.name}] querying (zonesearch and tantivy, interleaved)…", file=sys.stderr)
        started = load()
        systems = {"ours": latency.zonesearch(ours_root), "tantivy": latency.tantivy(tv_dir)}
        answers = latency.interleaved(systems, queries, rounds)
        loads += [started, load()]
        best = min(ours_rounds, key=lambda f: f["seconds"])  # type: ignore[arg-type,return-value]
        result["ours"] = (
            best_of(ours_rounds)
            | answers["ours"]
            | {
                "stages": best["stages"],
                "indexed": best["indexed"],
            }
        )
        result["tantivy"] = best_of(tv_rounds) | answers["tantivy"]
    if not baseline:  # not measured now, but shown when a valid cached measurement exists
        cached = cached_baseline(c, queries)
        if cached is not None:
            result["baseline"] = cached
    else:
        if not docs.exists():  # --baseline-only on a fresh checkout: one untimed build to export
            _, gen = build_ours(c, ours_root)
            export(gen, docs)
        result["baseline"] = measure_baseline(c, docs, queries, fresh)
        loads.append(float(result["baseline"].get("load", loads[0])))  # type: ignore[union-attr,arg-type]
    result["load"] = [min(loads), max(loads)]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Rebuild, memory, index size and query latency against tantivy and Whoosh."
    )
    parser.add_argument(
        "corpora",
        nargs="*",
        metavar="CORPUS",
        help="N (synthetic, N documents) or xwlb (default: $BENCH_CORPORA or 10000 100000 xwlb)",
    )
    parser.add_argument(
        "--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", "3")), metavar="R"
    )
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--no-baseline", action="store_true", help="skip the naive baseline")
    which.add_argument(
        "--baseline-only", action="store_true", help="measure (and cache) the naive baseline alone"
    )
    parser.add_argument(
        "--fresh-baseline", action="store_true", help="measure the naive baseline even if cached"
    )
    parser.add_argument(
        "--tables",
        action="store_true",
        help="measure nothing: print the saved results, with the naive baseline's cached figures",
    )
    args = parser.parse_args()
    default = os.environ.get("BENCH_CORPORA") or os.environ.get("BENCH_SIZES")
    specs = args.corpora or (default or "10000 100000 xwlb").split()
    OUT.mkdir(parents=True, exist_ok=True)
    for spec in specs:
        c = corpus(spec)
        if args.tables:
            saved = OUT / f"results-{c.name}.json"
            if not saved.exists():
                sys.exit(f"no saved results for {c.name} in {OUT}: run python -m bench.run {spec}")
            result = json.loads(saved.read_text())
            cached = cached_baseline(c, c.queries())
            if cached is not None:
                result["baseline"] = cached
            print(table(result), flush=True)
            continue
        result = measure(
            c,
            max(1, args.rounds),
            ours=not args.baseline_only,
            baseline=not args.no_baseline,
            fresh=args.fresh_baseline,
        )
        saved = OUT / f"results-{c.name}.json"
        if args.baseline_only and saved.exists():  # keep the other systems' saved figures
            result = json.loads(saved.read_text()) | {"baseline": result["baseline"]}
        saved.write_text(json.dumps(result, indent=2, ensure_ascii=False))
        print(table(result), flush=True)


if __name__ == "__main__":
    main()
