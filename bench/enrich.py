"""Enrichment time per document (regions, year, zones) on a sample of real news items.

    python -m bench.enrich [--sample 3000] [--rounds 3]

Reads every k-th item of ../shared/corpus/xwlb/xwlb.jsonl.gz (a fixed, spread-out sample),
then times the enrichment stage alone, with its caches cleared, against jieba-rs cutting the
same title and text with its own dictionary (the baseline, measured in the same run). Prints
mean, median and p95 per document, and the ratio to the baseline. Best of the rounds.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from pathlib import Path

import rjieba

from search.enrich.region import find_regions
from search.enrich.year import infer_year
from search.enrich.zones import find_zones
from search.gazetteer.tables import catalogue, regions
from search.text.normalise import fold

ROOT = Path(__file__).resolve().parents[1]
XWLB = ROOT.parent / "shared" / "corpus" / "xwlb" / "xwlb.jsonl.gz"
TOTAL = 75_806


def sample(n: int) -> list[tuple[str, str]]:
    """(title, text) of every k-th item with text, n of them."""
    if not XWLB.is_file():
        sys.exit(f"the enrichment benchmark needs {XWLB}, which is missing")
    step = max(1, TOTAL // n)
    out = []
    with gzip.open(XWLB, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i % step:
                continue
            item = json.loads(line)
            if item.get("text"):
                out.append((item.get("title") or "", item["text"]))
            if len(out) == n:
                break
    return out


def _enrich(title: str, text: str) -> None:
    find_regions(title, text)
    infer_year(None, title, text)
    find_zones(title, text)


def _timed(docs: list[tuple[str, str]], one) -> list[float]:
    times = []
    for title, text in docs:
        started = time.perf_counter()
        one(title, text)
        times.append((time.perf_counter() - started) * 1000)
    return times


def _clear() -> None:
    for f in (find_regions, find_zones, fold):
        f.cache_clear()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sample", type=int, default=3000)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    docs = sample(args.sample)
    regions(), catalogue()  # loading the gazetteers is not per-document work
    jieba = rjieba.Jieba()
    jieba.cut("预热", False)
    _enrich("预热", "江苏省镇江市经济开发区")

    def cut(title: str, text: str) -> None:
        jieba.cut(title, False)
        jieba.cut(text, False)

    def enrich(title: str, text: str) -> None:
        _clear()
        _enrich(title, text)

    best: dict[str, list[float]] = {}
    for _ in range(args.rounds):
        for name, one in (("jieba-rs cut (baseline)", cut), ("enrichment", enrich)):
            times = _timed(docs, one)
            if name not in best or sum(times) < sum(best[name]):
                best[name] = times
    chars = sum(len(t) + len(x) for t, x in docs) / len(docs)
    print(f"{len(docs)} xwlb items, {chars:.0f} characters on average, best of {args.rounds}")
    base = statistics.fmean(best["jieba-rs cut (baseline)"])
    print(f"{'':26}{'mean ms':>9}{'median':>9}{'p95':>9}{'× baseline':>12}")
    for name, times in best.items():
        p95 = statistics.quantiles(times, n=20)[18]
        mean = statistics.fmean(times)
        print(f"{name:26}{mean:9.3f}{statistics.median(times):9.3f}{p95:9.3f}{mean / base:12.2f}")


if __name__ == "__main__":
    main()
