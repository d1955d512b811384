"""A deterministic benchmark corpus: N news-like articles built from real Chinese sentences.

Sentences come from the project's seeds/ and ../shared/corpus (government work reports and
saved news pages); each article gets a development zone from the shipped catalogue, the
province and city of that zone, a date between 2012 and 2025, and a log-normal length around
1,200 characters. The same (n, seed) always gives the same JSON Lines file.

    python -m bench.corpus 10000 bench/out/corpus-10k.jsonl [--seed 7]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SENTENCE = re.compile(r"[^。！？!?\n]{12,160}[。！？!?]")
CJK = re.compile(r"[\u4e00-\u9fff]")

csv.field_size_limit(2**31 - 1)


def _texts() -> list[str]:
    texts = [p.read_text("utf-8", errors="replace") for p in sorted((ROOT / "seeds").glob("*"))]
    reports = SHARED / "corpus" / "gov-reports-2026"
    for path in sorted(reports.glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as f:
            texts += [row.get("full_text", "") for row in csv.DictReader(f)]
    from lxml import html as lxml_html

    for path in sorted((SHARED / "corpus" / "news-html").glob("*.htm*")):
        try:
            tree = lxml_html.fromstring(path.read_bytes())
            for bad in tree.xpath("//script|//style"):
                bad.drop_tree()
            texts.append(tree.text_content())
        except (ValueError, OSError):
            continue
    return texts


@lru_cache(maxsize=1)
def sentences() -> tuple[str, ...]:
    """Distinct real sentences with mostly Chinese characters, in a stable order."""
    if not (SHARED / "corpus").is_dir():
        sys.exit(f"benchmark corpus needs {SHARED / 'corpus'}, which is missing")
    seen: dict[str, None] = {}
    for text in _texts():
        for m in SENTENCE.finditer(text):
            s = m.group(0).strip()
            if len(CJK.findall(s)) >= 0.7 * len(s):
                seen.setdefault(s, None)
    return tuple(seen)


@lru_cache(maxsize=1)
def zones() -> list[list[str]]:
    """[name, level, type, province, city] rows of the shipped zone catalogue."""
    data = json.loads((ROOT / "search" / "data" / "zones.json").read_text("utf-8"))
    return [row for row in data if row[3]]


def article(rng: random.Random, n: int) -> dict[str, object]:
    """One article: id, title, published, text, and the facts the baseline indexes."""
    sents = sentences()
    zone = rng.choice(zones())
    name, _level, _type, province, city = zone[:5]
    place = city or province
    length = int(min(8000, max(150, rng.lognormvariate(7.0, 0.6))))
    body: list[str] = [f"{place}{name}近日召开工作推进会。"]
    size = len(body[0])
    while size < length:
        s = rng.choice(sents)
        if rng.random() < 0.08:
            s = f"{name}{s}"
        body.append(s)
        size += len(s)
    paragraphs = ["".join(body[i : i + 4]) for i in range(0, len(body), 4)]
    published = date(2012, 1, 1) + timedelta(days=rng.randrange(14 * 365))
    title_core = rng.choice(sents)[:18].rstrip("，。、；：")
    return {
        "id": f"bench-{n:06d}",
        "title": f"{place}{name}：{title_core}",
        "published": published.isoformat(),
        "url": f"https://news.example.cn/{published:%Y/%m}/{n:06d}.html",
        "text": "\n".join(paragraphs),
        "bench_region": province + (f"/{city}" if city else ""),
        "bench_zone": name,
        "bench_year": published.year,
    }


def build(n: int, out: Path, seed: int = 7) -> Path:
    """Write n articles to out (JSON Lines) unless an identical build is already there."""
    out.parent.mkdir(parents=True, exist_ok=True)
    stamp = out.with_suffix(".params")
    params = f"{n} {seed} {len(sentences())}"
    if out.exists() and stamp.exists() and stamp.read_text() == params:
        return out
    rng = random.Random(seed)
    tmp = out.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps(article(rng, i), ensure_ascii=False) + "\n")
    tmp.replace(out)
    stamp.write_text(params)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    build(args.n, args.out, args.seed)
    print(args.out)


if __name__ == "__main__":
    main()
