"""How fast /api/suggest answers: the library's complete() and the HTTP route, per keystroke.

Builds (or reuses) an index of N benchmark articles (bench.corpus), then types 1,200
deterministic inputs: prefixes of catalogue zone and place names in characters, in
traditional characters, in full pinyin and in initials, frequent title words, and
nonsense. The baseline, measured in the same run, is a plain scan of every key with
str.startswith (what a suggestion list without sorted key tables costs).

    python -m bench.suggest [N] [--index DIR]     # N defaults to 10000
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path
from urllib.parse import quote

from bench.corpus import build as build_corpus
from bench.latency import percentiles
from search.backends.select import open_engine
from search.build.rebuild import rebuild
from search.engine import suggest
from search.gazetteer.tables import catalogue, regions
from search.segments.generations import Store
from search.text.normalise import to_traditional

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
BUDGET_MS = 20.0


def inputs(words: list[str], seed: int = 5) -> list[str]:
    """1,200 things a user types, a few characters or letters each."""
    rng = random.Random(seed)
    zones = [z.name for z in catalogue().zones]
    places = [p.name for p in regions().places]
    out: list[str] = []
    for _ in range(300):
        name = rng.choice(zones if rng.random() < 0.7 else places)
        cut = rng.randint(1, min(4, len(name)))
        out.append(name[:cut])
        out.append(to_traditional(name[:cut]))
        syllables = suggest._syllables(name)
        take = rng.randint(1, min(3, len(syllables)))
        out.append("".join(syllables[:take])[: rng.randint(2, 12)])
        out.append("".join(s[0] for s in syllables[: rng.randint(2, len(syllables))]))
    for _ in range(100):
        word = rng.choice(words) if words else "园区"
        out.append(word[: rng.randint(1, len(word))])
    for _ in range(100):
        out.append("".join(rng.choice("qxzjvk") for _ in range(rng.randint(3, 8))))
    return out


def scan_baseline(entries: list[tuple[str, str]], q: str, limit: int = 8) -> list[str]:
    """Every key checked with startswith, the first few kept: the naive way."""
    key = suggest._query(q)
    found = [text for k, text in entries if k.startswith(key)]
    return sorted(found, key=len)[:limit]


def index_of(n: int, given: Path | None) -> Path:
    if given is not None:
        return given
    root = OUT / f"suggest-index-{n}"
    if Store(root).current() is None:
        corpus = build_corpus(n, OUT / f"corpus-{n}.jsonl")
        rebuild([corpus], root)
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=10_000)
    parser.add_argument("--index", type=Path, default=None)
    args = parser.parse_args()
    root = index_of(args.n, args.index)

    started = time.perf_counter()
    suggest.warm()
    gazetteer_s = time.perf_counter() - started
    engine = open_engine(None, root)
    with engine.view() as view:  # what the web app builds its suggester from
        documents = view.doc_count()
        started = time.perf_counter()
        suggester = suggest.build_suggester(view)
        index_s = time.perf_counter() - started
    engine.close()
    words = [e.text for e in suggester.index.entries if e.kind == "word"]
    typed = inputs(words)

    for q in typed[:50]:  # warm the caches every timed run shares (folding, pypinyin)
        suggester.complete(q)
    ours = []
    answered = 0
    for q in typed:
        t = time.perf_counter()
        got = suggester.complete(q)
        ours.append((time.perf_counter() - t) * 1000)
        answered += bool(got)

    entries = []
    for table in (suggester.gazetteer, suggester.index):
        for key, e in zip(table.chars.keys, table.chars.entries, strict=True):
            entries.append((key, table.entries[e].text))
        for keys in (table.full, table.initials):
            for key, e in zip(keys.keys, keys.entries, strict=True):
                entries.append((key, table.entries[e].text))
    naive = []
    for q in typed[:300]:
        t = time.perf_counter()
        scan_baseline(entries, q)
        naive.append((time.perf_counter() - t) * 1000)

    from web import create_app

    app = create_app({"INDEX_DIR": str(root), "SUGGEST_WAIT": True, "TESTING": True})
    client = app.test_client()
    client.get("/api/suggest?q=su")
    http = []
    for q in typed:
        t = time.perf_counter()
        response = client.get("/api/suggest?q=" + quote(q))
        http.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200, (q, response.status_code)

    print(f"index: {root} ({documents} documents); {len(typed)} inputs, {answered} with answers")
    print(f"build: gazetteer part {gazetteer_s:.2f} s (once a process), index part {index_s:.2f} s")
    print(f"keys: {len(entries)}")
    rows = (
        ("complete() [ours]", percentiles(ours), max(ours)),
        ("GET /api/suggest [ours]", percentiles(http), max(http)),
        ("startswith scan [baseline]", percentiles(naive), max(naive)),
    )
    print(f"{'ms per input':28s} {'p50':>8s} {'p95':>8s} {'p99':>8s} {'max':>8s}")
    for label, p, top in rows:
        print(f"{label:28s} {p['p50']:8.3f} {p['p95']:8.3f} {p['p99']:8.3f} {top:8.3f}")
    ratio = statistics.median(naive) / statistics.median(ours)
    print(f"baseline / ours (median): {ratio:.0f}x")
    within = sum(ms <= BUDGET_MS for ms in http) / len(http)
    print(f"HTTP answers within {BUDGET_MS:.0f} ms: {within:.1%}")


if __name__ == "__main__":
    main()
