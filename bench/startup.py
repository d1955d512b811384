"""How long a `zonesearch` command takes from start to exit, wall and CPU, median of N runs.

The baseline, run in the same loop, first imports every command's library and the engine,
trafilatura and the build job, as every command did before commands were imported lazily.
--against DIR times another checkout of the project (`git worktree add DIR main`) in the
same loop too, with the same index, for figures before and after a change.

    python -m bench.startup [--runs 10] [--index DIR] [--against DIR]

Each tree has its own derived-table cache under bench/out/startup-cache, warmed by one
untimed run of each command. With PYTHONDONTWRITEBYTECODE set (it is printed) and no
__pycache__ in a tree yet, every run compiles that tree's modules again, as no installed copy
would: unset it once for the figures of a warm machine.
"""

from __future__ import annotations

import argparse
import hashlib
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


def environment(tree: Path, caches: Path) -> dict[str, str]:
    """The environment of a run of tree's code: its PYTHONPATH, its own cache folder."""
    cache = caches / hashlib.sha256(str(tree.resolve()).encode()).hexdigest()[:12]
    return dict(os.environ, PYTHONPATH=str(tree), ZONESEARCH_CACHE=str(cache))


def timed(code: str, args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one run of python -c code args, in the tree it runs."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
        env=env,
        cwd=env["PYTHONPATH"],  # python -c puts the working folder first on sys.path
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--index", type=Path, default=ROOT / "bench" / "out" / "startup-index")
    parser.add_argument("--against", type=Path, help="another checkout, timed in the same loop")
    args = parser.parse_args()
    if not (args.index / "CURRENT").exists():
        rebuild([ROOT / "seeds"], args.index)
    index = str(args.index.resolve())
    caches = ROOT / "bench" / "out" / "startup-cache"
    here = environment(ROOT, caches)
    systems = [("lazy", LAZY, here), ("eager", EAGER, here)]
    if args.against is not None:
        systems.append(("against", LAZY, environment(args.against, caches)))
    commands = [
        ["query", "园区", "--index", index],
        ["query", "园区", "--index", index, "--format", "csv", "--all"],
        ["watch", "园区", "--since", "2020-01-01", "--index", index],
        ["stats", "--index", index],
        ["--help"],
    ]
    bytecode = "set" if os.environ.get("PYTHONDONTWRITEBYTECODE") else "unset"
    against = f"; against {args.against}" if args.against else ""
    print(
        f"load average {os.getloadavg()[0]:.1f}; median of {args.runs} runs, seconds; "
        f"PYTHONDONTWRITEBYTECODE {bytecode}{against}"
    )
    header = " ".join(f"{f'{name} {x}':>13s}" for name, _, _ in systems for x in ("wall", "cpu"))
    print(f"{'command':46s} {header}")
    for cmd in commands:
        runs: list[list[tuple[float, float]]] = [[] for _ in systems]
        for _, code, env in systems:
            timed(code, cmd, env)  # warm: bytecode, derived tables, the page cache
        for _ in range(args.runs):
            for times, (_, code, env) in zip(runs, systems, strict=True):
                times.append(timed(code, cmd, env))
        row = [statistics.median(x[i] for x in times) for times in runs for i in (0, 1)]
        shown = " ".join(cmd).replace(index, "IX")
        print(f"{shown:46s} " + " ".join(f"{v:13.3f}" for v in row))
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
