"""A slow-drip server against the crawler's limits (issue 14, finding 5).

    python -m bench.drip [--timeout 5] [--max-seconds 20] [--pages 4]

Serves, on a free loopback port, a start page linking to --pages pages that each send their
status line and headers one byte a second (then a body the same way), runs
`zonesearch crawl START --timeout T --max-seconds S --delay 0 --json` in a fresh process and
prints how long it took beside the limits and what the report says of the dripping pages.
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DRIP = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 2000\r\n\r\n" + b"x" * 2000


def serve(sock: socket.socket, pages: int, stop: threading.Event) -> None:
    def answer(conn: socket.socket) -> None:
        with conn:
            try:
                request = conn.recv(4096).split(b"\r\n", 1)[0]
                if request.startswith(b"GET / "):
                    links = "".join(f'<a href="/drip{i}">第{i}篇文章</a>' for i in range(pages))
                    body = f"<html><body>{links}</body></html>".encode()
                    head = (
                        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                        f"Content-Length: {len(body)}\r\n\r\n"
                    )
                    conn.sendall(head.encode() + body)
                    return
                if request.startswith(b"GET /robots.txt"):
                    conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
                    return
                for byte in DRIP:  # one byte a second, headers and body
                    if stop.is_set():
                        return
                    conn.sendall(bytes([byte]))
                    time.sleep(1.0)
            except OSError:
                return

    while not stop.is_set():
        try:
            conn, _ = sock.accept()
        except OSError:
            return
        threading.Thread(target=answer, args=(conn,), daemon=True).start()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=5.0)
    parser.add_argument("--max-seconds", type=float, default=20.0)
    parser.add_argument("--pages", type=int, default=4)
    args = parser.parse_args()
    sock = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()
    threading.Thread(target=serve, args=(sock, args.pages, stop), daemon=True).start()
    start = f"http://127.0.0.1:{sock.getsockname()[1]}/"
    with tempfile.TemporaryDirectory() as store:
        began = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-c", "from search.cli.main import main; main()", "crawl", start,
             "--store", store, "--timeout", str(args.timeout), "--max-seconds",
             str(args.max_seconds), "--delay", "0", "--json", "--quiet"],
            cwd=ROOT, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        seconds = time.monotonic() - began
    stop.set()
    sock.close()
    try:
        report = json.loads(done.stdout)
    except ValueError:
        report = {"stdout": done.stdout[-500:], "stderr": done.stderr[-500:]}
    keep = ("stopped", "fetched", "failed", "retried", "stored")
    print(json.dumps({"timeout": args.timeout, "max_seconds": args.max_seconds,
                      "took_s": round(seconds, 1), "exit": done.returncode,
                      **{k: report.get(k) for k in keep if k in report}},
                     ensure_ascii=False))  # fmt: skip


if __name__ == "__main__":
    main()
