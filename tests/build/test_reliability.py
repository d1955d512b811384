"""Search never stops: a killed build leaves the live index alone; a swap under load is clean."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from search.build.lock import LOCK_NAME
from search.build.rebuild import BuildOptions, rebuild
from search.build.update import update
from search.engine.query import SearchRequest, search
from search.engine.reader import LiveIndex
from search.segments.generations import Store

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
BODY = "第{i}号园区新闻：镇江经济技术开发区今年新签约项目{i}个，园区聚焦新能源和高端装备制造。"

# Runs a rebuild whose pipeline is slowed down, and drops a marker once it is under way.
SLOW_BUILD = """
import sys, time
from pathlib import Path
from search.build.rebuild import BuildOptions, rebuild
from search.pipeline import process
src, ix, marker, stage = sys.argv[1:5]
def slow(raw):
    time.sleep(0.05)
    return process(raw)
seen = {}
def progress(name, done, total=None):
    seen[name] = seen.get(name, 0) + done
    if name == stage and seen[name] >= 5:
        Path(marker).touch()
        time.sleep(0.2)
rebuild([Path(src)], Path(ix), BuildOptions(workers=0, chunk=1, process=slow, progress=progress))
"""


def write_sources(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"{i:03d}.txt").write_text(f"园区新闻{i}\n\n" + BODY.format(i=i), "utf-8")


def answers(root: Path) -> int:
    with LiveIndex(root).searcher() as s:
        result = search(s, SearchRequest(text="开发区"))
        return getattr(result, "documents", result.total)  # before near-duplicate folding


@pytest.mark.parametrize("stage", ["pipeline", "index"])
def test_a_rebuild_killed_halfway_leaves_search_on_the_old_generation(
    tmp_path: Path, stage: str
) -> None:
    src, ix, marker = tmp_path / "src", tmp_path / "ix", tmp_path / "marker"
    write_sources(src, 3)
    old = rebuild([src], ix, BuildOptions(workers=0))
    write_sources(src, 30)
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_BUILD, str(src), str(ix), str(marker), stage], cwd=ROOT
    )
    deadline = time.monotonic() + 60
    while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert marker.exists(), "the build never got under way"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()

    assert Store(ix).current().name == old.generation
    assert answers(ix) == 3
    assert (ix / LOCK_NAME).exists()  # the dead writer's lock is still there …
    if stage == "index":
        assert any(p.name.endswith(".building") for p in ix.iterdir())

    again = rebuild([src], ix, BuildOptions(workers=0))  # … and recognised as stale
    assert again.indexed == 30 and answers(ix) == 30
    assert not any(p.name.endswith(".building") for p in ix.iterdir())


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(root: Path) -> tuple[subprocess.Popen, str]:
    """`zonesearch serve` (waitress) on a free port, once it answers."""
    port = _free_port()
    code = "from search.cli.main import main; main()"
    args = ["serve", "--index", str(root), "--port", str(port), "--threads", "8"]
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=(root.parent / "serve.log").open("wb"),
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/api/search?q=x", timeout=2).close()
            return proc, base
        except OSError:
            time.sleep(0.1)
    proc.kill()
    pytest.fail("zonesearch serve did not answer within 30 s")


def test_clients_see_no_error_while_updates_swap_generations(tmp_path: Path) -> None:
    src, ix = tmp_path / "src", tmp_path / "ix"
    write_sources(src, 10)
    rebuild([src], ix, BuildOptions(workers=0))
    server, base = _serve(ix)
    stop = threading.Event()
    results: list[tuple[int, str]] = []
    lock = threading.Lock()

    def client(k: int) -> None:
        url = f"{base}/api/search?" + urllib.parse.urlencode({"q": "开发区 新能源"})
        while not stop.is_set():
            try:
                with urllib.request.urlopen(url, timeout=10) as r:
                    body = r.read().decode()
                    json.loads(body)["hits"]  # complete JSON, with hits
                    outcome = (r.status, "")
            except Exception as e:  # noqa: BLE001 - every failure is a finding
                outcome = (0, repr(e))
            with lock:
                results.append(outcome)

    clients = [threading.Thread(target=client, args=(k,)) for k in range(5)]
    for c in clients:
        c.start()
    generations = set()
    try:
        end = time.monotonic() + 5
        i = 10
        while time.monotonic() < end:
            write_sources(src, i + 1)  # one new article per update
            generations.add(update([src], ix, BuildOptions(workers=0)).generation)
            i += 1
    finally:
        stop.set()
        for c in clients:
            c.join()
        server.terminate()
        server.wait(timeout=10)
    errors = [r for r in results if r != (200, "")]
    assert len(generations) >= 2
    assert len(results) > 20
    assert errors == [], errors[:3]
