"""A query's time on a many-segment generation against one segment (issue 14, finding 1).

    python -m bench.segments [--docs 4000] [--segments 6] [--query 保障房] [--runs 3]

Builds --docs articles (bench/corpus), rebuilds the first part and updates the rest in
--segments - 1 steps (each update adds a segment), rebuilds all of it once more as one
segment, then runs `zonesearch query QUERY --json` --runs times in a fresh process on each
and prints took_ms (the first is the one that reads the lexicons) beside the segment count.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

from bench.corpus import build as build_corpus

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"


def segment_count(ix: Path) -> int:
    from whoosh import index as whoosh_index

    from search.segments.generations import Store

    with whoosh_index.open_dir(str(Store(ix).current())).searcher() as s:
        return len(s.reader().leaf_readers())


def took(ix: Path, query: str) -> float:
    out = subprocess.run(
        [sys.executable, "-c", "from search.cli.main import main; main()", "query", query,
         "--json", "--index", str(ix)],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return float(json.loads(out)["took_ms"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=4000)
    parser.add_argument("--segments", type=int, default=6)
    parser.add_argument("--query", default="保障房")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from search.build.rebuild import BuildOptions, rebuild
    from search.build.update import update

    corpus = build_corpus(args.docs, OUT / f"corpus-{args.docs}.jsonl")
    lines = corpus.read_text("utf-8").splitlines()
    work = OUT / "segments"
    shutil.rmtree(work, ignore_errors=True)
    src = work / "src"
    src.mkdir(parents=True)
    dump = src / "news.jsonl"
    first = len(lines) // 2
    step = -(-(len(lines) - first) // max(1, args.segments - 1))
    dump.write_text("\n".join(lines[:first]) + "\n", "utf-8")
    many, one = work / "many", work / "one"
    rebuild([src], many, BuildOptions(workers=1))
    for at in range(first, len(lines), step):
        with dump.open("a", encoding="utf-8") as f:
            f.write("\n".join(lines[at : at + step]) + "\n")
        update([src], many, BuildOptions(workers=1))
    rebuild([src], one, BuildOptions(workers=1))
    for name, ix in (("many", many), ("one", one)):
        times = [took(ix, args.query) for _ in range(args.runs)]
        print(json.dumps({"index": name, "segments": segment_count(ix), "query": args.query,
                          "took_ms": times}, ensure_ascii=False), flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
