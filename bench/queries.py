"""A deterministic mix of 200 benchmark queries drawn from the corpus's own sentences.

one word (common and medium), rare words, several words, quoted phrases, text plus a
region/year/zone filter, and very common terms; the same for a given seed. The xwlb corpus
gets the same mix drawn from its own items' sentences, filters by the catalogue zones its
text names, plus the judged relevance set's queries (bench/relevance/queries.tsv).
"""

from __future__ import annotations

import csv
import gzip
import json
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bench.corpus import ROOT, SENTENCE, sentences, zones

VERY_COMMON = ("开发区", "发展", "建设", "经济", "园区", "项目", "推进", "产业")
MIX = {"one": 50, "rare": 30, "several": 40, "phrase": 30, "filtered": 30, "common": 20}


@dataclass(frozen=True)
class BenchQuery:
    kind: str
    text: str
    region: str | None = None  # a province
    year: str | None = None
    zone: str | None = None


def _words(
    sents: Sequence[str],
) -> tuple[list[str], list[str], list[tuple[str, str]]]:
    import jieba

    counts: Counter[str] = Counter()
    pairs: list[tuple[str, str]] = []
    for s in sents:
        words = [w for w in jieba.lcut(s, HMM=False) if len(w) >= 2 and w.isalpha()]
        counts.update(words)
        pairs += list(zip(words, words[1:], strict=False))[:2]
    ranked = [w for w, _ in counts.most_common()]
    medium = ranked[20:600]
    rare = [w for w, c in counts.items() if c == 1 and len(w) >= 2]
    return medium, sorted(rare), pairs


def bench_queries(seed: int = 11) -> list[BenchQuery]:
    """The 200 queries of the synthetic corpus, in a fixed order."""
    return mixed(sentences(), zones(), seed)


def mixed(sents: Sequence[str], catalogue: Sequence[Sequence[str]], seed: int) -> list[BenchQuery]:
    """MIX's queries from sentences and [name, level, type, province, ...] zone rows."""
    rng = random.Random(seed)
    medium, rare, pairs = _words(sents)
    out: list[BenchQuery] = []
    out += [BenchQuery("one", rng.choice(medium)) for _ in range(MIX["one"])]
    out += [BenchQuery("rare", rng.choice(rare)) for _ in range(MIX["rare"])]
    out += [
        BenchQuery("several", " ".join(rng.sample(medium, rng.choice((2, 3)))))
        for _ in range(MIX["several"])
    ]
    out += [BenchQuery("phrase", '"{}{}"'.format(*rng.choice(pairs))) for _ in range(MIX["phrase"])]
    for i in range(MIX["filtered"]):
        zone = rng.choice(catalogue)
        text = rng.choice(medium)
        if i % 3 == 0:
            out.append(BenchQuery("filtered", text, region=zone[3]))
        elif i % 3 == 1:
            out.append(BenchQuery("filtered", text, year=str(rng.randrange(2012, 2026))))
        else:
            out.append(BenchQuery("filtered", "", zone=zone[0]))
    out += [BenchQuery("common", rng.choice(VERY_COMMON)) for _ in range(MIX["common"])]
    rng.shuffle(out)
    return out


XWLB_SAMPLE = 20  # every 20th item's sentences feed the word lists


@lru_cache(maxsize=2)
def _xwlb_sample(path: Path) -> tuple[tuple[str, ...], str]:
    """Distinct sentences of every XWLB_SAMPLE-th item, and those items' text joined."""
    seen: dict[str, None] = {}
    texts: list[str] = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i % XWLB_SAMPLE:
                continue
            text = json.loads(line).get("text") or ""
            texts.append(text)
            for m in SENTENCE.finditer(text):
                seen.setdefault(m.group(0).strip(), None)
    return tuple(seen), "\n".join(texts)


def judged_queries() -> list[BenchQuery]:
    """The judged relevance set's query texts (bench/relevance/queries.tsv)."""
    path = ROOT / "bench" / "relevance" / "queries.tsv"
    with path.open(encoding="utf-8", newline="") as f:
        return [BenchQuery("judged", row["query"]) for row in csv.DictReader(f, delimiter="\t")]


def xwlb_queries(path: Path, seed: int = 11) -> list[BenchQuery]:
    """The xwlb corpus's queries: MIX from its sentences, then the judged set's, fixed order."""
    sents, sample = _xwlb_sample(path)
    named = [row for row in zones() if row[0] in sample]
    return mixed(sents, named, seed) + judged_queries()
