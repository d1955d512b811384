"""Extraction speed: zonesearch against today's code (exported from a pinned commit at run
time), in the same run, on the saved pages and on a corpus of real page templates.

    nice -n 10 python -m bench.extract.speed [--baseline COMMIT] [--rounds 3] [--per-template 40]
        [--timed-per-template 8]

Figures: the median time per page of extract_html (one process, the first pass over the pages
discarded as warm-up), of the whole pipeline (decode, extract, normalise, enrich), and the
throughput of `zonesearch rebuild` over the template corpus on every core. Rounds interleave
the two trees so that a change in the machine's load falls on both; the machine is shared, so
the absolute times move between runs more than the ratios do.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

from bench.extract import templates, trees
from bench.extract.labels import NEWS_HTML

REBUILD = "from search.cli.main import main; main()"


def page_medians(rows_by_round: list[list[dict]]) -> dict[str, float]:
    """Per page, the median of its timings after each process's first (warm-up) pass."""
    samples: dict[str, list[float]] = {}
    for rows in rows_by_round:
        for row in rows:
            samples.setdefault(row["path"], []).extend(row["seconds"][1:] or row["seconds"])
    return {path: median(values) for path, values in samples.items()}


def timed_rebuild(tree: trees.Tree, corpus: Path, index: Path, nice: int) -> tuple[float, int]:
    """Wall seconds of `zonesearch rebuild corpus --index index` on tree's code, and the
    number of documents it indexed (a tree that skipped pages would look faster)."""
    env = dict(os.environ, PYTHONPATH=str(tree.path))
    command = ["nice", "-n", str(nice), sys.executable, "-c", REBUILD, "rebuild", str(corpus)]
    command += ["--index", str(index), "--json"]
    start = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=str(tree.path), capture_output=True, text=True)
    spent = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{tree.label} rebuild failed: {done.stderr[-1500:]}")
    return spent, int(json.loads(done.stdout)["indexed"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", default=trees.BASELINE_COMMIT)
    parser.add_argument("--rounds", type=int, default=2, help="interleaved rounds per figure")
    parser.add_argument(
        "--per-template", type=int, default=40, help="news items per template (~1,000 pages)"
    )
    parser.add_argument(
        "--timed-per-template", type=int, default=8, help="of those, timed one by one"
    )
    parser.add_argument("--nice", type=int, default=0, help="niceness of the measured processes")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    if not NEWS_HTML.is_dir() or not templates.XWLB.is_file():
        print(f"missing {NEWS_HTML} or {templates.XWLB}: read from ../shared", file=sys.stderr)
        return 1
    figures: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="zs-speed-") as tmp:
        base = trees.exported(args.baseline, Path(tmp))
        ours = trees.working_tree()
        saved = sorted(str(p) for p in NEWS_HTML.rglob("*.html"))
        corpus = Path(tmp) / "templates"
        made = [str(p) for p in templates.build(corpus, args.per_template)]
        timed = [p for p in made if int(Path(p).stem.split("-")[1]) < args.timed_per_template]
        print(
            f"{len(saved)} saved pages, {len(made)} template pages ({len(timed)} of them timed"
            f" one by one); {args.rounds} interleaved rounds"
        )
        for name, paths, mode in (
            ("extract, saved pages", saved, "extract"),
            ("extract, template pages", timed, "extract"),
            ("pipeline, template pages", timed, "pipeline"),
        ):
            runs: dict[str, list[list[dict]]] = {base.label: [], ours.label: []}
            for _ in range(args.rounds):
                for tree in (base, ours):
                    runs[tree.label].append(trees.run(tree, mode, paths, rounds=2, nice=args.nice))
            figures[name] = {
                label: median(page_medians(rows).values()) * 1000 for label, rows in runs.items()
            }
        walls: dict[str, list[float]] = {base.label: [], ours.label: []}
        indexed: dict[str, int] = {}
        for r in range(args.rounds):
            for tree in (base, ours):
                index = Path(tmp) / f"index-{tree.label}-{r}"
                seconds, indexed[tree.label] = timed_rebuild(tree, corpus, index, args.nice)
                walls[tree.label].append(seconds)
        figures["rebuild, template pages (docs/s)"] = {
            label: len(made) / min(values) for label, values in walls.items()
        }
        figures["rebuild: documents indexed"] = {label: float(n) for label, n in indexed.items()}
    print(f"\ncores: {os.cpu_count()}, load average at the end: {os.getloadavg()[0]:.1f}")
    print(f"{'figure':<36}{base.label:>22}{ours.label:>14}{'ratio':>9}")
    for name, by in figures.items():
        old, new = by[base.label], by[ours.label]
        if name.endswith("indexed"):
            print(f"{name:<36}{old:>19.0f}{new:>14.0f}")
            continue
        unit = "" if "docs/s" in name else " ms"
        ratio = new / old if "docs/s" in name else old / new
        print(f"{name:<36}{old:>19.1f}{unit:<3}{new:>11.1f}{unit:<3}{ratio:>8.1f}x")
    print("times: median per page (ms); rebuild: documents per second, best of the rounds")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
