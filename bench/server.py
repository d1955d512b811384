"""`zonesearch serve` in a subprocess on a free loopback port, for the load and fuzz benchmarks."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(
    index: Path, threads: int, log: Path, extra: list[str] | None = None
) -> tuple[subprocess.Popen, str]:
    """The server on index (extra: more serve options), once it answers; its base URL."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-c", "from search.cli.main import main; main()", "serve",
         "--index", str(index), "--port", str(port), "--threads", str(threads), *(extra or [])],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log.open("wb"),
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/api/search?q=x", timeout=2).close()
            return server, base
        except OSError:
            if server.poll() is not None:
                break
            time.sleep(0.2)
    server.kill()
    sys.exit(f"zonesearch serve on {index} did not answer (see {log})")


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
