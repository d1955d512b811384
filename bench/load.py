"""Load under swapping generations: N clients against `zonesearch serve` while updates publish.

    python -m bench.load [--clients 20] [--seconds 30] [--docs 2000]

Builds a corpus of --docs articles (bench/out/), serves it with waitress on 127.0.0.1, runs
the clients on a mix of the benchmark queries while a loop appends articles and runs
`update` (each publishing a new generation), then prints requests, errors, incomplete
responses, generations published and latency percentiles.
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from bench.corpus import build as build_corpus
from bench.queries import bench_queries

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"server at {url} did not answer")


def _urls(base: str) -> list[str]:
    out = []
    for q in bench_queries():
        params: dict[str, str] = {"q": q.text} if q.text else {}
        for key in ("region", "year", "zone"):
            if getattr(q, key):
                params[key] = getattr(q, key)
        if params:
            out.append(f"{base}/api/search?{urllib.parse.urlencode(params)}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--docs", type=int, default=2000)
    args = parser.parse_args()

    from search.build.rebuild import BuildOptions, rebuild
    from search.build.update import update

    corpus = build_corpus(args.docs, OUT / f"corpus-{args.docs}.jsonl")
    work = OUT / "load"
    shutil.rmtree(work, ignore_errors=True)
    src = work / "src"
    src.mkdir(parents=True)
    lines = corpus.read_text("utf-8").splitlines()
    half = len(lines) // 2
    dump = src / "news.jsonl"
    dump.write_text("\n".join(lines[:half]) + "\n", "utf-8")
    ix = work / "ix"
    rebuild([src], ix, BuildOptions(workers=1))

    port = _port()
    server = subprocess.Popen(
        [sys.executable, "-c", "from search.cli.main import main; main()", "serve",
         "--index", str(ix), "--port", str(port), "--threads", "8"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=(work / "serve.log").open("wb"),
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    _wait(f"{base}/api/search?q=x")
    urls = _urls(base)
    stop = threading.Event()
    lock = threading.Lock()
    latencies: list[float] = []
    failures: list[str] = []

    def client(k: int) -> None:
        i = k
        while not stop.is_set():
            url = urls[i % len(urls)]
            i += args.clients
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(url, timeout=30) as r:
                    body = json.loads(r.read().decode())
                    if "hits" not in body or "facets" not in body:
                        raise ValueError("incomplete response")
                error = None
            except Exception as e:  # noqa: BLE001 - every failure is counted
                error = f"{url}: {e!r}"
            with lock:
                latencies.append((time.perf_counter() - started) * 1000)
                if error:
                    failures.append(error)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(args.clients)]
    for t in threads:
        t.start()
    generations = 0
    end = time.monotonic() + args.seconds
    step = max(1, half // 50)
    added = half
    try:
        while time.monotonic() < end and added < len(lines):
            with dump.open("a", encoding="utf-8") as f:
                f.write("\n".join(lines[added : added + step]) + "\n")
            added += step
            update([src], ix, BuildOptions(workers=1))
            generations += 1
        while time.monotonic() < end:
            time.sleep(0.1)
    finally:
        stop.set()
        for t in threads:
            t.join()
        server.terminate()
        server.wait(timeout=10)
    qs = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    print(
        json.dumps(
            {
                "clients": args.clients,
                "seconds": args.seconds,
                "requests": len(latencies),
                "errors": len(failures),
                "generations_published": generations,
                "p50_ms": round(qs[49], 1),
                "p95_ms": round(qs[94], 1),
                "p99_ms": round(qs[98], 1),
                "first_errors": failures[:3],
            },
            ensure_ascii=False,
        )
    )
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
