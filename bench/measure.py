"""Running a job in a subprocess while sampling the memory of its whole process tree."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PAGE = 4096


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            text = (task / "children").read_text()
            kids += [int(x) for x in text.split()]
    except OSError:
        pass
    return kids


def _pss(pid: int) -> int:
    """Proportional set size: resident bytes, a page shared by k processes counted 1/k."""
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) * 1024
    raise ValueError("no Pss line")


def tree_memory(pid: int, pss: bool = True) -> tuple[int, int]:
    """(RSS, PSS) of a process and all its descendants, in bytes (Linux /proc).

    Forked workers share the parent's pages (dictionaries, gazetteers, the writer's
    arrays for a forked encoder), so the RSS sum counts those pages once per process;
    the PSS sum is the memory the job really holds.
    """
    rss = total_pss = 0
    stack = [pid]
    while stack:
        p = stack.pop()
        try:
            rss += int(Path(f"/proc/{p}/statm").read_text().split()[1]) * PAGE
            total_pss += _pss(p) if pss else 0
        except (OSError, IndexError, ValueError):
            continue
        stack += _children(p)
    return rss, total_pss


@dataclass
class Run:
    seconds: float
    peak_rss: int  # the highest sum of the tree's RSS (shared pages counted repeatedly)
    output: dict[str, object]
    cpu_seconds: float = 0.0  # user + system of the job's whole process tree
    peak_pss: int = 0  # the highest sum of the tree's PSS: the memory it really held


def run_python(code: str, cwd: Path) -> Run:
    """Run `python -c code` (which prints one JSON object last), timing it and its peak memory."""
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.Popen(
        [sys.executable, "-c", code], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    peak = peak_pss = 0
    done = threading.Event()

    def sample() -> None:
        # RSS (statm) is cheap; PSS (smaps_rollup walks every page table of the tree: read
        # five times a second it slowed a 10k rebuild by ~4 s) is read every two seconds, and
        # at once when the RSS sum has grown 10% since it was last read.
        nonlocal peak, peak_pss
        tick = 0
        last = 0
        while not done.is_set():
            rss = tree_memory(proc.pid, pss=False)[0]
            if tick % 10 == 0 or rss > 1.1 * last:
                peak_pss = max(peak_pss, tree_memory(proc.pid)[1])
                last = rss
            peak = max(peak, rss)
            tick += 1
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    done.set()
    sampler.join()
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark job failed ({proc.returncode}): {code}")
    last = out.decode().strip().splitlines()[-1]
    return Run(seconds, peak, json.loads(last), cpu, peak_pss)


def folder_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
