"""The benchmark's table: each system's figures beside tantivy's, with the ratio to it."""

from __future__ import annotations

ROWS = [
    ("rebuild wall s", ("seconds",)),
    ("rebuild CPU s", ("cpu_seconds",)),
    ("rebuild docs/s", ("docs_per_s",)),
    ("peak memory MB", ("peak_pss_mb",)),
    ("index size MB", ("index_mb",)),
    ("first query ms", ("first_query_ms",)),
    ("query p50 ms", ("latency_ms", "p50")),
    ("query p95 ms", ("latency_ms", "p95")),
    ("query p99 ms", ("latency_ms", "p99")),
    ("query CPU p50 ms", ("cpu_ms", "p50")),
    ("query CPU p95 ms", ("cpu_ms", "p95")),
]
SYSTEMS = (("zonesearch", "ours"), ("tantivy", "tantivy"), ("naive", "baseline"))


def get(d: object, keys: tuple[str, ...]) -> float:
    """d[k0][k1]..., NaN where a key is missing."""
    for k in keys:
        if not isinstance(d, dict) or k not in d:
            return float("nan")
        d = d[k]
    return float(d)  # type: ignore[arg-type]


def _ratio(a: float, b: float) -> str:
    return f"{a / b:9.2f}" if a == a and b == b and b else f"{'-':>9}"


def table(result: dict[str, object]) -> str:
    """Every figure of one corpus for the three systems, each with its ratio to tantivy."""
    tv = result.get("tantivy", {})
    load = result.get("load", [float("nan")] * 2)
    lines = [
        f"== {result['corpus']}: {result['inputs']:,} inputs, {result['corpus_mb']:.0f} MB; "
        f"{result['rounds']} rounds interleaved ==",
        f"machine: {result['cores']} cores shared with other helpers; 1-min load average "
        f"{load[0]:.1f}-{load[1]:.1f} while measured (see each figure's ratio, same run)",
        f"{'':18}{'zonesearch':>11}{'tantivy':>11}{'zs/tv':>9}{'naive':>11}{'naive/tv':>9}",
    ]
    for label, keys in ROWS:
        ours = get(result.get("ours"), keys)
        base = get(tv, keys)
        naive = get(result.get("baseline"), keys)
        lines.append(
            f"{label:18}{ours:11.1f}{base:11.1f}{_ratio(ours, base)}{naive:11.1f}"
            f"{_ratio(naive, base)}"
        )
    lines.append(
        "rebuild figures: the best of the rounds for each; queries: each query's quickest round;"
        " naive: measured alone (cached), not interleaved"
    )
    measured = get(result.get("baseline"), ("latency_ms", "queries"))
    total = get(result.get("ours"), ("latency_ms", "queries"))
    if measured == measured and total == total and 0 < measured < total:
        lines.append(f"naive latency over {measured:.0f} of the {total:.0f} queries (time budget)")
    for name, key in SYSTEMS[:2]:
        fig = result.get(key) or {}
        if isinstance(fig, dict) and "rounds" in fig:
            walls = " ".join(f"{r['seconds']:.1f}" for r in fig["rounds"])
            firsts = " ".join(f"{r['first_query_ms']:.0f}" for r in fig["rounds"])
            loads = " ".join(f"{r['load']:.1f}" for r in fig["rounds"])
            lines.append(f"{name} rounds: wall s {walls}; first query ms {firsts}; load {loads}")
    ours = result.get("ours") or {}
    if isinstance(ours, dict) and "stages" in ours:
        lines.append(f"zonesearch stages (s, best round): {ours['stages']}")
    return "\n".join(lines)
