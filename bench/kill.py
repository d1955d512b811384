"""SIGKILL of rebuild and of update at random moments: no process left, the live index sound.

    python -m bench.kill [--kills 20] [--docs 4000] [--jobs rebuild,update] [--workers 2]

For each job, one run is timed whole; then --kills times the job is started as
`zonesearch rebuild|update` in a subprocess, killed with SIGKILL at a random moment of
that duration, and checked: every process below it (its pool workers, postings encoders)
must be gone within 5 s, and the live generation must pass its checksums and hold either
the documents it had or those the job was making. The next job (the next kill's) must
clear the dead writer's lock and debris; after the last kill, one job runs to the end and
leaves no unfinished generation behind. Prints per job: kills, the processes seen at the
kill, orphans, inconsistent generations, debris left after the next job; exits 1 unless
all are zero.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from bench.corpus import build as build_corpus
from search.processes import alive, descendants

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
ORPHAN_WAIT = 5.0


def job(kind: str, src: Path, ix: Path, workers: int) -> list[str]:
    return [
        sys.executable, "-c", "from search.cli.main import main; main()",
        kind, str(src), "--index", str(ix), "--workers", str(workers), "--json",
    ]  # fmt: skip


def documents(ix: Path) -> int | None:
    """The live generation's document count, checksums checked (None: none or damaged)."""
    from search.engine.query import SearchRequest, search
    from search.engine.reader import LiveIndex
    from search.segments.generations import NoIndex

    try:
        with LiveIndex(ix).searcher() as s:
            search(s, SearchRequest(text="开发区"))  # it answers, too
            return s.doc_count()
    except NoIndex:
        return None


def debris(ix: Path) -> list[str]:
    return sorted(p.name for p in ix.iterdir() if p.name.endswith(".building"))


def run_kills(kind: str, args: argparse.Namespace, lines: list[str], work: Path) -> dict:
    from search.build.rebuild import BuildOptions, rebuild

    rng = random.Random(f"{args.seed}-{kind}")
    src, ix = work / kind / "src", work / kind / "ix"
    shutil.rmtree(work / kind, ignore_errors=True)
    src.mkdir(parents=True)
    dump = src / "news.jsonl"
    half = len(lines) // 2
    step = max(1, half // (args.kills + 2))
    added = half if kind == "update" else len(lines)
    dump.write_text("\n".join(lines[:added]) + "\n", "utf-8")
    rebuild([src], ix, BuildOptions(workers=1))

    def grow() -> None:  # an update has something to do each time
        nonlocal added
        if kind == "update":
            with dump.open("a", encoding="utf-8") as f:
                f.write("\n".join(lines[added : added + step]) + "\n")
            added += step

    grow()
    started = time.monotonic()
    subprocess.run(job(kind, src, ix, args.workers), cwd=ROOT, check=True, capture_output=True)
    duration = time.monotonic() - started
    out: dict[str, object] = {"job": kind, "seconds_unkilled": round(duration, 2)}
    seen = orphans = inconsistent = leftover = finished = 0
    moments = []
    for _ in range(args.kills):
        grow()
        before = documents(ix)
        moment = rng.uniform(0.05, duration * 0.98)
        moments.append(round(moment, 2))
        proc = subprocess.Popen(
            job(kind, src, ix, args.workers),
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        below: set[int] = set()
        deadline = time.monotonic() + moment
        while time.monotonic() < deadline and proc.poll() is None:
            below |= descendants(proc.pid)
            time.sleep(0.02)
        below |= descendants(proc.pid)
        if proc.poll() is not None:  # it was quicker this time: no kill to count
            finished += 1
            continue
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        seen += len(below)
        wait_until = time.monotonic() + ORPHAN_WAIT
        while any(alive(p) for p in below) and time.monotonic() < wait_until:
            time.sleep(0.05)
        left = [p for p in below if alive(p)]
        orphans += len(left)
        for p in left:  # leave the machine as it was
            os.kill(p, signal.SIGKILL)
        after = documents(ix)
        expected = {before, _rows(dump)} if kind == "update" else {before}
        if after is None or after not in expected:
            inconsistent += 1
    subprocess.run(job(kind, src, ix, args.workers), cwd=ROOT, check=True, capture_output=True)
    leftover = len(debris(ix))
    final = documents(ix)
    out.update(
        kills=args.kills - finished,
        finished_before_their_kill=finished,
        kill_moments_s=moments,
        processes_at_kill=seen,
        orphans=orphans,
        inconsistent_generations=inconsistent,
        debris_after_a_full_job=leftover,
        documents_at_the_end=final,
        documents_expected=_rows(dump),
    )
    return out


def _rows(dump: Path) -> int:
    """Rows in the dump: what a finished job indexes (the corpus has no exact duplicates,
    which documents_at_the_end == documents_expected confirms)."""
    return sum(1 for line in dump.read_text("utf-8").splitlines() if line.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--docs", type=int, default=4000)
    parser.add_argument("--jobs", default="rebuild,update")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    corpus = build_corpus(args.docs, OUT / f"corpus-{args.docs}.jsonl")
    lines = corpus.read_text("utf-8").splitlines()
    work = OUT / "kill"
    results = []
    for kind in args.jobs.split(","):
        results.append(run_kills(kind, args, lines, work))
        print(json.dumps(results[-1], ensure_ascii=False), flush=True)
    bad = sum(
        r["orphans"] + r["inconsistent_generations"] + r["debris_after_a_full_job"] for r in results
    )
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
