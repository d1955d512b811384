"""Score zonesearch, the naive Whoosh baseline and bm25s on the judged set, side by side.

    python -m bench.relevance.run [--rebuild [NAME ...]] [--per-query] [--pool-unjudged FILE]
                                  [--opensearch URL]

Builds each system's index once into bench/out/relevance/ (again when the corpus or the code
that shapes it changes, or with --rebuild), runs every query of queries.tsv, and prints
nDCG@10, P@10 and MRR (metrics.py) overall, per query type and for each traditional query
beside its simplified twin, with how many top-10 results are unjudged (counted as 0).
--pool-unjudged writes those unjudged pairs for judging by RULES.md. --opensearch URL
(opensearch://HOST:PORT/NAME) adds zonesearch on an OpenSearch cluster: the same documents
indexed through that engine, scored beside the others, with how many of its top 10 the
embedded engine's top 10 share; skipped with a message when no cluster answers there.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from collections.abc import Callable
from pathlib import Path

from bench.relevance.corpus import MissingCorpus, sources
from bench.relevance.judgments import TYPES, Query, by_query, read_qrels, read_queries
from bench.relevance.metrics import CUTOFF, ndcg, precision, reciprocal_rank
from bench.relevance.systems import (
    NAMES,
    OPENERS,
    OPENSEARCH,
    Built,
    ClusterUnavailable,
    ensure,
    ensure_opensearch,
)

METRICS: dict[str, Callable[..., float]] = {
    "nDCG@10": ndcg,
    "P@10": precision,
    "MRR": reciprocal_rank,
}
Rankings = dict[str, dict[str, list[str]]]  # system -> query id -> doc ids, best first


def rank_all(built: dict[str, Built], queries: list[Query]) -> Rankings:
    """Every system's top 10 for every query."""
    rankings: Rankings = {}
    for name, b in built.items():
        system = OPENERS[name](b.folder)
        rankings[name] = {q.id: system.top(q.text, CUTOFF) for q in queries}
    return rankings


def scores(rankings: Rankings, judged: dict[str, dict[str, int]]) -> dict[str, dict]:
    """system -> metric -> query id -> value."""
    return {
        name: {
            metric: {qid: fn(docs, judged.get(qid, {})) for qid, docs in per_query.items()}
            for metric, fn in METRICS.items()
        }
        for name, per_query in rankings.items()
    }


def unjudged_pairs(rankings: Rankings, judged: dict[str, dict[str, int]]) -> list[tuple[str, str]]:
    """(query id, doc id) in some system's top 10 and not judged, sorted, no system named."""
    pairs = {
        (qid, doc)
        for per_query in rankings.values()
        for qid, docs in per_query.items()
        for doc in docs
        if doc not in judged.get(qid, {})
    }
    return sorted(pairs)


def _mean(values: list[float]) -> float:
    return statistics.fmean(values) if values else 0.0


def table(queries: list[Query], rankings: Rankings, judged: dict[str, dict[str, int]]) -> list[str]:
    """The printed comparison: overall, per type, the traditional twins, unjudged counts."""
    s = scores(rankings, judged)
    names = list(rankings)
    width = max(len(n) for n in names) + 2
    head = "".join(f"{m:<{width * len(names)}}" for m in METRICS)
    sub = "".join(n.rjust(width) for _ in METRICS for n in names)
    out = [f"{'':<26}{head}", f"{'':<26}{sub}"]

    def row(label: str, ids: list[str]) -> str:
        cells = "".join(
            f"{_mean([s[n][m][q] for q in ids]):{width}.3f}" for m in METRICS for n in names
        )
        return f"{label:<22}{len(ids):>4}{cells}"

    out.append(row("overall", [q.id for q in queries]))
    out.append(row("  without traditional", [q.id for q in queries if q.type != "traditional"]))
    for qtype in TYPES:
        ids = [q.id for q in queries if q.type == qtype]
        if ids:
            out.append(row(qtype, ids))
    twins = [q for q in queries if q.twin]
    if twins:
        by_id = {q.id: q for q in queries}
        out += ["", "traditional queries beside their simplified twins (nDCG@10):"]
        out.append(f"{'':<34}" + "".join(n.rjust(width) for n in names))
        for q in twins:
            for shown in (by_id[q.twin], q):
                cells = "".join(f"{s[n]['nDCG@10'][shown.id]:{width}.3f}" for n in names)
                out.append(f"  {shown.id} {shown.text:<{28 - len(shown.text)}}{cells}")
    out += ["", "top-10 results unjudged (scored as 0):"]
    for n in names:
        shown = sum(len(docs) for docs in rankings[n].values())
        missing = sum(
            doc not in judged.get(qid, {}) for qid, docs in rankings[n].items() for doc in docs
        )
        out.append(f"  {n:<12}{missing:>5} of {shown} results")
    return out


def overlap_table(queries: list[Query], rankings: Rankings, a: str, b: str) -> list[str]:
    """How many of a's top 10 are in b's, on average, overall and per query type."""

    def shared(ids: list[str]) -> str:
        counts = [len(set(rankings[a][q]) & set(rankings[b][q])) for q in ids]
        same = sum(rankings[a][q] == rankings[b][q] for q in ids)
        return f"{_mean(counts):5.1f} of {CUTOFF}, the same order in {same} of {len(ids)}"

    out = [f"top-{CUTOFF} overlap, {a} and {b}:"]
    out.append(f"  {'overall':<20}{shared([q.id for q in queries])}")
    for qtype in TYPES:
        ids = [q.id for q in queries if q.type == qtype]
        if ids:
            out.append(f"  {qtype:<20}{shared(ids)}")
    return out


def per_query_table(
    queries: list[Query], rankings: Rankings, judged: dict[str, dict[str, int]]
) -> list[str]:
    """nDCG@10 of every query, for finding where a system wins and loses."""
    s = scores(rankings, judged)
    names = list(rankings)
    out = [f"{'query':<34}" + "".join(n.rjust(12) for n in names)]
    for q in queries:
        cells = "".join(f"{s[n]['nDCG@10'][q.id]:12.3f}" for n in names)
        out.append(f"{q.id} {q.text:<{30 - len(q.text)}}{cells}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rebuild",
        nargs="*",
        choices=(*NAMES, OPENSEARCH),
        metavar="NAME",
        help="build these indexes again (all when no name is given)",
    )
    parser.add_argument("--per-query", action="store_true", help="print nDCG@10 per query too")
    parser.add_argument(
        "--pool-unjudged", type=Path, metavar="FILE", help="write unjudged top-10 pairs to FILE"
    )
    parser.add_argument(
        "--opensearch",
        metavar="URL",
        help="also zonesearch on the OpenSearch cluster at URL (opensearch://HOST:PORT/NAME)",
    )
    args = parser.parse_args(argv)
    try:
        corpus = sources()
    except MissingCorpus as err:
        print(f"bench.relevance skipped: {err}")
        return 0
    try:
        import bm25s  # noqa: F401  (the plain-BM25 baseline)
    except ImportError:
        print("bench.relevance needs bm25s: pip install -e '.[bench]' (make bench does)")
        return 1
    queries = read_queries()
    judgments = read_qrels()
    judged = by_query(judgments)
    rebuild = set((*NAMES, OPENSEARCH) if args.rebuild == [] else args.rebuild or ())
    reniced = False

    def log(message: str) -> None:
        nonlocal reniced
        if not reniced:  # the builds are long: let the other users of the machine go first
            os.nice(10)
            reniced = True
        print(message, flush=True)

    built = {name: ensure(name, rebuild=name in rebuild, log=log) for name in NAMES}
    rankings = rank_all(built, queries)
    skipped = ""
    if args.opensearch:
        try:
            b, system = ensure_opensearch(args.opensearch, OPENSEARCH in rebuild, log)
        except ClusterUnavailable as err:
            skipped = f"{OPENSEARCH} skipped: no cluster answers at {args.opensearch} ({err})"
        else:
            built[OPENSEARCH] = b
            rankings[OPENSEARCH] = {q.id: system.top(q.text, CUTOFF) for q in queries}
    grades = [j.grade for j in judgments]
    print(
        f"judged set: {len(queries)} queries, {len(judgments)} judgments "
        f"(grade 2: {grades.count(2)}, 1: {grades.count(1)}, 0: {grades.count(0)}) "
        f"over {', '.join(p.name for p in corpus[:1])} and {len(corpus) - 1} report CSVs"
    )
    print(
        "index builds: "
        + "; ".join(
            f"{b.name} {b.seconds:.0f} s for {b.documents} documents"
            + ("" if b.fresh else " (cached)")
            for b in built.values()
        )
    )
    if skipped:
        print(skipped)
    print()
    print("\n".join(table(queries, rankings, judged)))
    if OPENSEARCH in rankings:
        print()
        print("\n".join(overlap_table(queries, rankings, "zonesearch", OPENSEARCH)))
    if args.per_query:
        print()
        print("\n".join(per_query_table(queries, rankings, judged)))
    if args.pool_unjudged:
        pairs = unjudged_pairs(rankings, judged)
        text = {q.id: q.text for q in queries}
        args.pool_unjudged.parent.mkdir(parents=True, exist_ok=True)
        args.pool_unjudged.write_text(
            "".join(f"{qid}\t{doc}\t{text[qid]}\n" for qid, doc in pairs), encoding="utf-8"
        )
        print(f"\n{len(pairs)} unjudged pairs written to {args.pool_unjudged}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
