"""Load across publishes: N clients against `zonesearch serve`, quiet, then while updates publish.

    python -m bench.load [--clients 20] [--seconds 60] [--docs 4000] [--threads 32]
                         [--slow-clients 0] [--phases quiet,publishing] [--no-check]
                         [--update-nice N] [--answers FILE]

Builds a corpus of --docs articles (bench/out/), indexes half of it, serves it with waitress
on 127.0.0.1 and runs the clients on the 200 benchmark queries plus single-character ones
(they expand against the lexicon): first --seconds with no publish ("quiet"), then
--seconds while a loop appends articles and runs `zonesearch update` in a process of its
own, as cron would, each publishing a generation ("publishing"). (An update run inside this
process would hold the interpreter's lock its clients time their answers under.) With
--slow-clients, a third phase adds that many clients sending 30-clause OR queries of single
characters, each a fresh mix ("slow"), to see what a few expensive queries do to everyone else.

Every answer is then checked: each published generation is kept (hard links), and an
answer must equal, byte for byte but took_ms, what one generation live while it was asked
answers (the app's own test client on that generation, no time budget). Prints, per
phase, requests, throughput, errors and latency percentiles, the publishing phase's p99
over the quiet one's, and the check's counts; exits 1 on an error or a mismatch. The
publishing phase also gives p99 for the answers asked within AFTER_PUBLISH seconds of a
publish and for the rest, to tell a swap's cost from the update job's share of the CPU;
--answers writes every answer (phase, start and latency in ms, URL, status) and every
publish as JSON Lines for a closer look.
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bench import server as served
from bench.corpus import build as build_corpus
from bench.queries import VERY_COMMON, bench_queries

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
# Single characters for the mix (each expands to up to 48 indexed words) and the slow queries.
CHARS = "".join(dict.fromkeys("".join(VERY_COMMON) + "城市企业创新开放改革科技服务投资市场"))
SLOW_CLAUSES = 30
AFTER_PUBLISH = 3.0
LAG_SECONDS = 15.0  # how long after a publish an answer may still come from the one before
OVER_BUDGET = "秒的计算上限"
UPDATE = "from search.cli.main import main; main()"


def mix(base: str, single_chars: int) -> list[str]:
    """The API URLs the clients cycle through: the benchmark queries, then single characters."""
    out = []
    for q in bench_queries():
        params: dict[str, str] = {"q": q.text} if q.text else {}
        for key in ("region", "year", "zone"):
            if getattr(q, key):
                params[key] = getattr(q, key)
        if params:
            out.append(params)
    out += [{"q": CHARS[i % len(CHARS)]} for i in range(single_chars)]
    random.Random(5).shuffle(out)
    return [f"{base}/api/search?{urllib.parse.urlencode(p)}" for p in out]


def slow_url(base: str, rng: random.Random) -> str:
    q = " OR ".join(rng.sample(CHARS, min(SLOW_CLAUSES, len(CHARS))))
    return f"{base}/api/search?{urllib.parse.urlencode({'q': q})}"


def canonical(body: dict) -> str:
    """An answer as compared: everything but the time it took."""
    return json.dumps({k: v for k, v in body.items() if k != "took_ms"}, sort_keys=True)


@dataclass
class Answer:
    url: str
    started: float
    ended: float
    status: int
    digest: str = ""
    error: str = ""


@dataclass
class Phase:
    name: str
    seconds: float = 0.0
    answers: list[Answer] = field(default_factory=list)
    slow: list[Answer] = field(default_factory=list)
    published: list[tuple[float, str]] = field(default_factory=list)

    def figures(self) -> dict[str, object]:
        ok = [a for a in self.answers if not a.error]
        lat = [(a.ended - a.started) * 1000 for a in self.answers]
        qs = statistics.quantiles(lat, n=100) if len(lat) > 1 else [0.0] * 99
        out: dict[str, object] = {
            "phase": self.name,
            "requests": len(self.answers),
            "per_second": round(len(self.answers) / max(self.seconds, 1e-9), 1),
            "errors": len(self.answers) - len(ok),
            "over_budget": sum(a.status == 400 for a in self.answers),
            "p50_ms": round(qs[49], 1),
            "p95_ms": round(qs[94], 1),
            "p99_ms": round(qs[98], 1),
            "max_ms": round(max(lat, default=0.0), 1),
            "first_errors": [f"{a.url}: {a.error}" for a in self.answers if a.error][:3],
        }
        if self.published:
            out["generations_published"] = len(self.published)
            times = [t for t, _ in self.published]
            near, far = [], []
            for a in self.answers:
                k = bisect.bisect_right(times, a.started)
                after = a.started - times[k - 1] if k else None
                (near if after is not None and after < AFTER_PUBLISH else far).append(
                    (a.ended - a.started) * 1000
                )
            for name, lat in (("after_publish", near), ("between_publishes", far)):
                cut = statistics.quantiles(lat, n=100)[98] if len(lat) > 1 else 0.0
                out[f"{name}_requests"] = len(lat)
                out[f"{name}_p99_ms"] = round(cut, 1)
        if self.slow:
            slow_lat = sorted((a.ended - a.started) * 1000 for a in self.slow)
            out["slow_requests"] = len(self.slow)
            out["slow_over_budget"] = sum(a.status == 400 for a in self.slow)
            out["slow_errors"] = sum(bool(a.error) for a in self.slow)
            out["slow_p50_ms"] = round(slow_lat[len(slow_lat) // 2], 1) if slow_lat else 0.0
        return out


def ask(url: str) -> Answer:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            body = json.loads(r.read().decode())
            if "hits" not in body or "facets" not in body:
                raise ValueError("incomplete response")
            return Answer(url, started, time.monotonic(), r.status, canonical(body))
    except urllib.error.HTTPError as e:
        text = e.read().decode(errors="replace")
        error = "" if e.code == 400 and OVER_BUDGET in text else f"HTTP {e.code}: {text[:200]}"
        return Answer(url, started, time.monotonic(), e.code, "", error)
    except Exception as e:  # noqa: BLE001 - every failure is counted
        return Answer(url, started, time.monotonic(), 0, "", repr(e))


def run_phase(phase: Phase, urls: list[str], args: argparse.Namespace, publish=None) -> None:  # noqa: ANN001
    """args.clients clients (and phase's slow ones) for args.seconds; publish() in a loop."""
    stop = threading.Event()
    lock = threading.Lock()

    def client(k: int) -> None:
        i = k
        while not stop.is_set():
            answer = ask(urls[i % len(urls)])
            i += args.clients
            with lock:
                phase.answers.append(answer)

    def slow_client(k: int) -> None:
        rng = random.Random(k)
        while not stop.is_set():
            answer = ask(slow_url(urls[0].split("/api/")[0], rng))
            with lock:
                phase.slow.append(answer)

    slow = args.slow_clients if phase.name == "slow" else 0
    threads = [threading.Thread(target=client, args=(k,)) for k in range(args.clients)]
    threads += [threading.Thread(target=slow_client, args=(k,)) for k in range(slow)]
    started = time.monotonic()
    for t in threads:
        t.start()
    end = started + args.seconds
    try:
        while time.monotonic() < end:
            if publish is None or not publish(phase):
                time.sleep(0.1)
    finally:
        stop.set()
        for t in threads:
            t.join()
    phase.seconds = time.monotonic() - started


def write_answers(path: Path, phases: list[Phase]) -> None:
    """Every answer and publish of every phase, as JSON Lines, times from the first start."""
    origin = min((a.started for p in phases for a in p.answers), default=0.0)
    with path.open("w", encoding="utf-8") as out:
        for p in phases:
            for t, generation in p.published:
                row = {"phase": p.name, "published_s": round(t - origin, 3), "gen": generation}
                out.write(json.dumps(row) + "\n")
            for a in [*p.answers, *p.slow]:
                row = {
                    "phase": p.name,
                    "start_s": round(a.started - origin, 3),
                    "ms": round((a.ended - a.started) * 1000, 1),
                    "url": a.url,
                    "status": a.status,
                }
                out.write(json.dumps(row, ensure_ascii=False) + "\n")


def keep(root: Path, kept: Path) -> str:
    """Hard-link the live generation into kept/<name>/ as an index root of its own."""
    live = root / (root / "CURRENT").read_text().strip()
    target = kept / live.name
    if not target.exists():
        (target / live.name).mkdir(parents=True)
        for f in live.iterdir():
            os.link(f, target / live.name / f.name)
        (target / "CURRENT").write_text(live.name)
    return live.name


class Expected:
    """What each kept generation answers to a URL, through the app's own test client."""

    def __init__(self, kept: Path) -> None:
        from web import create_app

        self.kept = kept
        self.clients: dict[str, object] = {}
        self.memo: dict[tuple[str, str], str] = {}
        self.create_app = create_app

    def __call__(self, generation: str, url: str) -> str:
        key = (generation, url)
        if key not in self.memo:
            client = self.clients.get(generation)
            if client is None:
                app = self.create_app(
                    {
                        "TESTING": True,
                        "INDEX_DIR": str(self.kept / generation),
                        "QUERY_SECONDS": None,
                    }
                )
                client = self.clients[generation] = app.test_client()
            path = url.split("127.0.0.1", 1)[1].split("/", 1)[1]
            response = client.get("/" + path)  # type: ignore[attr-defined]
            self.memo[key] = canonical(response.get_json()) if response.status_code == 200 else ""
        return self.memo[key]


def check(phases: list[Phase], first: str, expected: Expected) -> dict[str, int]:
    """Each answer against the generations live while it was asked (see LAG_SECONDS)."""
    timeline: list[tuple[float, str]] = [(float("-inf"), first)]
    for p in phases:
        timeline += p.published
    times = [t for t, _ in timeline]
    counts = {"checked": 0, "matched": 0, "from_the_generation_before": 0, "mismatched": 0}
    examples: list[str] = []
    for p in phases:
        for a in p.answers:
            if a.error or a.status != 200:
                continue
            counts["checked"] += 1
            at_start = bisect.bisect_right(times, a.started) - 1
            lo = bisect.bisect_right(times, a.started - LAG_SECONDS) - 1
            hi = bisect.bisect_right(times, a.ended) - 1
            order = list(range(at_start, hi + 1)) + list(range(at_start - 1, max(lo, 0) - 1, -1))
            found = next((i for i in order if expected(timeline[i][1], a.url) == a.digest), None)
            if found is None:
                counts["mismatched"] += 1
                if len(examples) < 3:
                    examples.append(a.url)
            else:
                counts["matched"] += 1
                counts["from_the_generation_before"] += found < at_start
    if examples:
        print(json.dumps({"mismatched_examples": examples}, ensure_ascii=False))
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--docs", type=int, default=4000)
    parser.add_argument("--threads", type=int, default=32)  # as zonesearch serve
    parser.add_argument("--single-chars", type=int, default=20)
    parser.add_argument("--slow-clients", type=int, default=0)
    parser.add_argument("--query-seconds", type=float, default=None)
    parser.add_argument("--phases", default="quiet,publishing", help="of quiet,publishing,slow")
    parser.add_argument("--no-check", action="store_true")
    parser.add_argument(
        "--update-nice", type=int, default=None, help="update's --nice (default: its own)"
    )
    parser.add_argument("--answers", type=Path, default=None, help="write every answer here")
    args = parser.parse_args()

    from search.build.rebuild import BuildOptions, rebuild

    corpus = build_corpus(args.docs, OUT / f"corpus-{args.docs}.jsonl")
    work = OUT / "load"
    shutil.rmtree(work, ignore_errors=True)
    src, ix, kept = work / "src", work / "ix", work / "kept"
    src.mkdir(parents=True)
    lines = corpus.read_text("utf-8").splitlines()
    half = len(lines) // 2
    dump = src / "news.jsonl"
    dump.write_text("\n".join(lines[:half]) + "\n", "utf-8")
    rebuild([src], ix, BuildOptions(workers=1))
    first = keep(ix, kept)
    extra = [] if args.query_seconds is None else ["--query-seconds", str(args.query_seconds)]
    server, base = served.start(ix, args.threads, work / "serve.log", extra)
    urls = mix(base, args.single_chars)
    added = half
    step = max(1, half // 60)

    def publish(phase: Phase) -> bool:
        nonlocal added
        if added >= len(lines):
            return False
        with dump.open("a", encoding="utf-8") as f:
            f.write("\n".join(lines[added : added + step]) + "\n")
        added += step
        subprocess.run(
            [sys.executable, "-c", UPDATE, "update", str(src), "--index", str(ix), "--workers=1"]
            + ([] if args.update_nice is None else ["--nice", str(args.update_nice)]),
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
        phase.published.append((time.monotonic(), keep(ix, kept)))
        return True

    names = args.phases.split(",")
    if args.slow_clients and "slow" not in names:
        names.append("slow")
    phases = [Phase(name) for name in names]
    try:
        for phase in phases:
            run_phase(phase, urls, args, publish if phase.name == "publishing" else None)
            print(json.dumps(phase.figures(), ensure_ascii=False), flush=True)
    finally:
        served.stop(server)
    if args.answers is not None:
        write_answers(args.answers, phases)
    figures = {p.name: p.figures() for p in phases}
    summary: dict[str, object] = {
        "clients": args.clients,
        "seconds": args.seconds,
        "threads": args.threads,
        "docs": args.docs,
    }
    for name in ("publishing", "slow"):
        if name in figures and "quiet" in figures:
            for key in ("p99_ms", "per_second"):
                ratio = figures[name][key] / max(figures["quiet"][key], 1e-9)  # type: ignore[operator]
                summary[f"{key.removesuffix('_ms')}_{name}_over_quiet"] = round(ratio, 2)
    if not args.no_check:
        started = time.monotonic()
        summary["check"] = check(phases, first, Expected(kept))
        summary["check_seconds"] = round(time.monotonic() - started, 1)
    print(json.dumps(summary, ensure_ascii=False))
    errors = sum(f["errors"] for f in figures.values())  # type: ignore[misc]
    if errors or (summary.get("check") or {}).get("mismatched"):  # type: ignore[union-attr]
        sys.exit(1)


if __name__ == "__main__":
    main()
