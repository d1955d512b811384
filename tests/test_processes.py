"""search.processes: a SIGKILLed job leaves no worker or encoder behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from search.processes import alive, descendants

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")

# A job whose pool workers (or postings encoders) block, each leaving its pid in a folder.
POOL_JOB = """
import os, sys, time
from pathlib import Path
from search.build.workers import Pool
marks = Path(sys.argv[1])
def stuck(item):
    (marks / str(os.getpid())).touch()
    time.sleep(120)
with Pool(2, 1) as pool:
    list(pool.map(stuck, range(4)))
"""
ENCODER_JOB = """
import os, sys, time
from pathlib import Path
import numpy as np
from search.segments import blocks
marks = Path(sys.argv[1])
def stuck(terms, name):
    (marks / str(os.getpid())).touch()
    time.sleep(120)
blocks._encode_to_file = stuck
field = blocks.SortedField(b"\\0\\0", 0, np.arange(4, dtype=np.uint32), np.ones(4, np.float32),
                           np.zeros(4, np.uint32), np.zeros(4, np.uint32), b"", None)
terms = [(field, b"t%d" % i, i, 1) for i in range(4)]
with open(marks / "postings", "wb") as f:
    from whoosh.filedb.structfile import StructFile
    blocks.encode_parallel(StructFile(f), terms, 3, marks)
"""


def _kill_and_count_orphans(script: str, tmp_path: Path, helpers: int) -> tuple[int, set[int]]:
    marks = tmp_path / "marks"
    marks.mkdir()
    job = subprocess.Popen([sys.executable, "-c", script, str(marks)], cwd=ROOT)
    deadline = time.monotonic() + 60
    while len([m for m in marks.iterdir() if m.name.isdigit()]) < helpers:
        assert job.poll() is None and time.monotonic() < deadline, "the helpers never started"
        time.sleep(0.05)
    below = descendants(job.pid)
    assert len(below) >= helpers
    os.kill(job.pid, signal.SIGKILL)
    job.wait()
    deadline = time.monotonic() + 10
    while any(alive(p) for p in below) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = {p for p in below if alive(p)}
    for p in left:  # do not leave them running after a failure
        os.kill(p, signal.SIGKILL)
    return len(below), left


def test_pool_workers_die_with_a_killed_job(tmp_path: Path) -> None:
    started, left = _kill_and_count_orphans(POOL_JOB, tmp_path, 2)
    assert left == set(), f"{len(left)} of {started} processes outlived the killed job"


def test_postings_encoders_die_with_a_killed_job(tmp_path: Path) -> None:
    started, left = _kill_and_count_orphans(ENCODER_JOB, tmp_path, 2)
    assert left == set(), f"{len(left)} of {started} processes outlived the killed job"


def test_descendants_sees_grandchildren() -> None:
    shell = subprocess.Popen(["sh", "-c", "sleep 30 & sleep 30 & wait"])
    try:
        deadline = time.monotonic() + 10
        while len(descendants(shell.pid)) < 2:
            assert time.monotonic() < deadline
            time.sleep(0.02)
        assert shell.pid in descendants(os.getpid())
        assert len(descendants(shell.pid)) == 2
    finally:
        for p in descendants(shell.pid):
            os.kill(p, signal.SIGKILL)
        shell.kill()
        shell.wait()
    assert not alive(shell.pid)
