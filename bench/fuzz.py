"""Fuzzed HTTP requests against `zonesearch serve`: no 5xx, every reply safe.

    python -m bench.fuzz [--requests 5000] [--docs 2000] [--seed 3] [--workers 4]

Serves a corpus of --docs articles plus a few hostile documents (control characters and
markup in their titles and text, javascript: and data: URLs) and sends --requests
requests over raw sockets: well-formed ones with random paths and parameters (control
characters, invalid UTF-8 escapes, HTML, emoji, very long values, repeated and unknown
parameters) and broken ones (bad request lines and methods, headers without colons,
headers too large, bad Content-Length and chunked bodies, HTTP/0.9 and /2.0). Each reply
is checked: a status below 500, the security headers present, and no control character
(C0 but tab and line breaks, DEL, C1) unescaped in its headers or body; an API reply's
URLs are http(s) only. Prints the counts by status and every failure's first examples;
exits 1 on any failure.

One 5xx is counted apart, not as a failure: 501 for a Transfer-Encoding waitress does
not know ("chùnked"), the reply RFC 9112 section 6.1 asks for. It is about the request
(as nginx answers it too), not a server fault; every other 5xx fails the run.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import socket
import sys
import threading
import urllib.parse
from collections import Counter
from pathlib import Path

from bench import server as served
from bench.corpus import build as build_corpus

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
HEADERS = (
    "content-security-policy",
    "x-content-type-options",
    "referrer-policy",
    "x-frame-options",
)

HOSTILE = [
    {"id": "h1", "title": "园区\x1b[2J\x00标题\x85", "url": "javascript:alert(1)",
     "text": "开发区\x9b正文\x07内容，经济开发区建设。" * 5},
    {"id": "h2", "title": "<script>alert(1)</script>开发区", "url": "data:text/html,<b>x</b>",
     "text": "<b onmouseover=x()>园区</b>" * 20},
    {"id": "h3", "title": "\u202e园区\u2028新闻", "url": " http://example.com/\x00x",
     "text": "经开区\x7f招商\x1f项目，高新区产业园。" * 8},
]  # fmt: skip
ODD = [
    "\x00", "\x01", "\x1b[31m", "\x7f", "\x85", "\x9b", "\u2028", "\u202e", "\ufeff", "\ud800",
    "<script>", '"', "'", "&amp;", "%", "%%", "%ff", "%ed%a0%80", "%c0%af", "\\", "/", "..",
    "😀", "園區", "开发区", "经开区", "园", "OR", "NOT", "-", "(", ")", '"开发', "title:", "zone:",
    "year:2019..", "region:江苏", " ", "\t", "\n", "\r\n",
]  # fmt: skip
PARAMS = ["q", "region", "year", "zone", "sort", "page", "limit", "x", "q[]", ""]
PATHS = ["/", "/api/search", "/doc/", "/api/doc/", "/static/style.css", "/static/app.js",
         "/static/../app.py", "/nope", "//", "/api/", "/doc", "/api/search/"]  # fmt: skip


def _value(rng: random.Random) -> str:
    pieces = [rng.choice(ODD) for _ in range(rng.randint(0, 6))]
    if rng.random() < 0.05:
        pieces.append(rng.choice(ODD) * rng.randint(100, 3000))
    if rng.random() < 0.1:
        pieces.append(str(rng.choice([0, -1, 1, 2, 10_001, 2**63, 2019, 99999])))
    return "".join(pieces)


def _encode(text: str, rng: random.Random) -> str:
    """text in a URL: percent-encoded, or raw percent sequences left as they are."""
    if "%" in text and rng.random() < 0.5:
        return text.replace(" ", "+")
    return urllib.parse.quote(text.encode("utf-8", "surrogatepass"), safe="")


def well_formed(rng: random.Random) -> bytes:
    path = rng.choice(PATHS)
    if path.endswith("doc/"):
        path += _encode(rng.choice(["h1", "h2", "h3", "bench-000001", _value(rng)]), rng)
    pairs = [(rng.choice(PARAMS), _value(rng)) for _ in range(rng.randint(0, 5))]
    if rng.random() < 0.4:
        pairs.insert(0, ("q", rng.choice(["开发区", "园区", "园", "经开区 招商", '"高新区"'])))
    query = "&".join(f"{_encode(k, rng)}={_encode(v, rng)}" for k, v in pairs)
    method = rng.choice(["GET"] * 8 + ["HEAD", "POST", "OPTIONS", "PUT", "DELETE"])
    target = path + ("?" + query if query else "")
    extra = ""
    if rng.random() < 0.2:
        extra += f"X-{rng.randint(0, 99)}: {_value(rng).encode('ascii', 'replace').decode()}\r\n"
    if rng.random() < 0.1:
        extra += "Accept: application/json\r\n"
    return f"{method} {target} HTTP/1.1\r\nHost: x\r\n{extra}Connection: close\r\n\r\n".encode(
        "utf-8", "surrogatepass"
    )


BROKEN = [
    b"GET / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\n: empty name\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\nX: a\x00b\r\n\r\n",
    b"GET /\x00 HTTP/1.1\r\nHost: x\r\n\r\n",
    b"G\x00T / HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET / HTTP/9.9\r\nHost: x\r\n\r\n",
    b"GET / HTTP/2.0\r\nHost: x\r\n\r\n",
    b"GET /\r\n\r\n",
    b"GET\r\n\r\n",
    b"\r\n\r\n",
    b"GET / HTTP/1.1\r\n\r\n",
    b"GET http://evil.example/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    b"POST /api/search HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
    b"POST /api/search HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
    b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 300_000 + b"\r\n\r\n",
    b"GET /?" + b"q=" + b"%E5%9B%AD" * 20_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\n" + b"X-A: b\r\n" * 5000 + b"\r\n",
    b"GET /%ff%fe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    b"GET /doc/%ed%a0%80 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    b"GET /api/doc/%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
]


def broken(rng: random.Random) -> bytes:
    raw = rng.choice(BROKEN)
    if rng.random() < 0.3:  # a random byte flipped somewhere in the head
        at = rng.randrange(min(len(raw), 64))
        raw = raw[:at] + bytes([rng.randrange(256)]) + raw[at + 1 :]
    return raw


def exchange(port: int, raw: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        try:
            sock.sendall(raw)
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # the server answered and closed before taking it all
        data = b""
        try:
            while chunk := sock.recv(65536):
                data += chunk
        except ConnectionResetError:
            pass
    return data


def judge(raw: bytes, reply: bytes) -> tuple[str, list[str]]:
    """The first reply's status ("none" if it closed silently) and what is wrong with every
    reply on the connection (a header value holding CR LF makes two requests of one)."""
    if not reply:
        return "none", []
    first, problems = None, []
    while reply:
        status, found, reply = _one_reply(raw, reply)
        first = first or status
        problems += found
    return first or "none", problems


def _one_reply(raw: bytes, reply: bytes) -> tuple[str, list[str], bytes]:
    """The status of the reply at the start of reply, its problems, and what follows it."""
    head, _, rest = reply.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[1].isdigit():
        return "garbled", [f"status line {lines[0][:60]!r}"], b""
    status = parts[1]
    headers = {k.strip().lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:])}
    if headers.get("transfer-encoding") == "chunked":
        body, rest = _unchunk(rest), b""
    elif headers.get("content-length", "").isdigit():
        n = int(headers["content-length"])
        body, rest = rest[:n], rest[n:]
    else:
        body, rest = rest, b""
    problems = []
    if status.startswith("5") and not (status == "501" and b"transfer-encoding" in raw.lower()):
        problems.append(f"HTTP {status}")
    missing = [h for h in HEADERS if h not in headers]
    if missing:
        problems.append(f"no {', '.join(missing)}")
    if CONTROL.search(head.decode("utf-8", "replace")):
        problems.append("control character in the headers")
    text = body.decode("utf-8", "replace")
    found = CONTROL.search(text)
    if found:
        problems.append(f"control character {found.group()!r} in the body")
    if headers.get("content-type", "").startswith("application/json") and text.strip():
        try:
            data = json.loads(text)
        except ValueError:
            problems.append("a JSON reply that does not parse")
        else:
            for url in _urls(data):
                if url is not None and not url.startswith(("http://", "https://")):
                    problems.append(f"unsafe url {url[:40]!r}")
    return status, problems, rest


def _unchunk(body: bytes) -> bytes:
    out = b""
    while body:
        size, _, rest = body.partition(b"\r\n")
        try:
            n = int(size.split(b";")[0], 16)
        except ValueError:
            return out + body
        if n == 0:
            break
        out += rest[:n]
        body = rest[n + 2 :]
    return out


def _urls(data: object) -> list[str | None]:
    if isinstance(data, dict):
        found = [data["url"]] if "url" in data else []
        for v in data.values():
            found += _urls(v)
        return found
    if isinstance(data, list):
        return [u for v in data for u in _urls(v)]
    return []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()

    from search.build.rebuild import BuildOptions, rebuild

    corpus = build_corpus(args.docs, OUT / f"corpus-{args.docs}.jsonl")
    work = OUT / "fuzz"
    shutil.rmtree(work, ignore_errors=True)
    (work / "src").mkdir(parents=True)
    shutil.copy(corpus, work / "src" / "news.jsonl")
    with (work / "src" / "hostile.jsonl").open("w", encoding="utf-8") as f:
        for row in HOSTILE:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    rebuild([work / "src"], work / "ix", BuildOptions(workers=1))
    server, base = served.start(work / "ix", 8, work / "serve.log")
    port = int(base.rsplit(":", 1)[1])
    statuses: Counter[str] = Counter()
    failures: Counter[str] = Counter()
    examples: dict[str, str] = {}
    lock = threading.Lock()
    per_worker = args.requests // args.workers

    def worker(k: int) -> None:
        rng = random.Random(f"{args.seed}-{k}")
        for _ in range(per_worker):
            raw = broken(rng) if rng.random() < 0.25 else well_formed(rng)
            reply = b""
            try:
                reply = exchange(port, raw)
                status, problems = judge(raw, reply)
            except OSError as e:
                status, problems = "error", [f"socket: {e}"]
            with lock:
                statuses[status] += 1
                for p in problems:
                    key = p.split(" in the")[0] if p.startswith("control") else p[:40]
                    failures[key] += 1
                    if key not in examples:
                        examples[key] = raw[:160].decode("latin-1")
                        saved = work / f"failure-{len(examples)}.bin"
                        saved.write_bytes(raw + b"\n\n=== reply ===\n" + reply)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(args.workers)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        served.stop(server)
    print(
        json.dumps(
            {
                "requests": sum(statuses.values()),
                "by_status": dict(sorted(statuses.items())),
                "failures": dict(failures),
                "examples": examples,
                "server_5xx_logged": (work / "serve.log")
                .read_text(errors="replace")
                .count("unhandled error"),
            },
            ensure_ascii=False,
        )
    )
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
