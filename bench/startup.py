"""How long a `zonesearch` command takes from start to exit, wall and CPU, median of N runs.

The baseline, run in the same loop, first imports every command's library and the engine,
trafilatura and the build job, as every command did before commands were imported lazily.

    python -m bench.startup [--runs 10] [--index DIR]    # DIR: an index for query and stats
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from search.build.rebuild import rebuild

ROOT = Path(__file__).resolve().parents[1]
LAZY = "from search.cli.main import main; main()"
EAGER = (
    "import search.build.rebuild, search.build.update, search.pipeline, search.sources.crawl, "
    "search.engine.query, search.engine.stats, search.output.export; " + LAZY
)


def timed(code: str, args: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one run of python -c code args."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--index", type=Path, default=ROOT / "bench" / "out" / "startup-index")
    args = parser.parse_args()
    if not (args.index / "CURRENT").exists():
        rebuild([ROOT / "seeds"], args.index)
    index = str(args.index)
    commands = [
        ["query", "园区", "--index", index],
        ["query", "园区", "--index", index, "--format", "csv", "--all"],
        ["stats", "--index", index],
        ["--help"],
    ]
    print(f"load average {os.getloadavg()[0]:.1f}; median of {args.runs} runs, seconds")
    print(f"{'command':48s} {'wall':>7s} {'cpu':>7s} {'eager wall':>11s} {'eager cpu':>10s}")
    for cmd in commands:
        lazy, eager = [], []
        for _ in range(args.runs):
            lazy.append(timed(LAZY, cmd))
            eager.append(timed(EAGER, cmd))
        row = [statistics.median(x[i] for x in runs) for runs in (lazy, eager) for i in (0, 1)]
        shown = " ".join(cmd).replace(index, "IX")
        print(f"{shown:48s} {row[0]:7.3f} {row[1]:7.3f} {row[2]:11.3f} {row[3]:10.3f}")


if __name__ == "__main__":
    main()
