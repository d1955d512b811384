"""A deterministic mix of 200 benchmark queries drawn from the corpus's own sentences.

one word (common and medium), rare words, several words, quoted phrases, text plus a
region/year/zone filter, and very common terms; the same for a given seed.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass

from bench.corpus import sentences, zones

VERY_COMMON = ("开发区", "发展", "建设", "经济", "园区", "项目", "推进", "产业")
MIX = {"one": 50, "rare": 30, "several": 40, "phrase": 30, "filtered": 30, "common": 20}


@dataclass(frozen=True)
class BenchQuery:
    kind: str
    text: str
    region: str | None = None  # a province
    year: str | None = None
    zone: str | None = None


def _words() -> tuple[list[str], list[str], list[tuple[str, str]]]:
    import jieba

    counts: Counter[str] = Counter()
    pairs: list[tuple[str, str]] = []
    for s in sentences():
        words = [w for w in jieba.lcut(s, HMM=False) if len(w) >= 2 and w.isalpha()]
        counts.update(words)
        pairs += list(zip(words, words[1:], strict=False))[:2]
    ranked = [w for w, _ in counts.most_common()]
    medium = ranked[20:600]
    rare = [w for w, c in counts.items() if c == 1 and len(w) >= 2]
    return medium, sorted(rare), pairs


def bench_queries(seed: int = 11) -> list[BenchQuery]:
    """The 200 queries, in a fixed order."""
    rng = random.Random(seed)
    medium, rare, pairs = _words()
    catalogue = zones()
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
