"""bench/: the rebuild/query benchmark's pieces on small data made here (no ../shared)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import latency
from bench.corpus import SENTENCE
from bench.docs import export, read
from bench.queries import BenchQuery, mixed
from bench.run import best_of
from bench.tables import table
from search.build.rebuild import BuildOptions, rebuild
from search.segments.generations import Store

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The seeds rebuilt by zonesearch, and its export for the baselines."""
    tmp = tmp_path_factory.mktemp("bench")
    rebuild([ROOT / "seeds"], tmp / "ix", BuildOptions(workers=0))
    export(Store(tmp / "ix").current(), tmp / "docs.jsonl")
    return tmp / "ix", tmp / "docs.jsonl"


def test_the_export_is_what_zonesearch_indexed(built: tuple[Path, Path]) -> None:
    rows = list(read(built[1]))
    assert len(rows) == 5
    assert {"id", "title", "text", "published", "year", "regions", "zones"} <= set(rows[0])
    assert any(row["zones"] for row in rows) and any(row["regions"] for row in rows)
    assert all(row["text"] for row in rows)


def test_interleaved_gives_each_system_its_quickest_round() -> None:
    calls: list[str] = []

    def system(name: str, hits: int) -> latency.Run:
        def run(q: BenchQuery) -> int:
            calls.append(name)
            return hits

        return run

    queries = [BenchQuery("one", "开发区"), BenchQuery("one", "园区"), BenchQuery("one", "建设")]
    out = latency.interleaved({"a": system("a", 1), "b": system("b", 0)}, queries, rounds=2)
    assert calls.count("a") == calls.count("b") == 3 * 3  # a warm-up and two rounds each
    assert calls[6:8] == ["a", "b"] and calls[8:10] == ["b", "a"]  # the order alternates
    assert out["a"]["queries_with_hits"] == 3 and out["b"]["queries_with_hits"] == 0
    for name in "ab":
        fig = out[name]["latency_ms"]
        assert fig["queries"] == 3 and 0 <= fig["p50"] <= fig["p95"] <= fig["p99"]


def test_zonesearch_answers_every_kind_of_bench_query(built: tuple[Path, Path]) -> None:
    run = latency.zonesearch(built[0])
    assert run(BenchQuery("one", "开发区")) > 0
    assert run(BenchQuery("phrase", '"经济技术开发区"')) >= 0
    assert run(BenchQuery("filtered", "", region="江苏省")) >= 0
    assert run(BenchQuery("stop", "的")) == 0  # nothing searchable: an answer, not an error
    assert latency.first_query(lambda: run, BenchQuery("one", "园区")) > 0


def test_tantivy_indexes_the_export_and_answers_with_facets(
    built: tuple[Path, Path], tmp_path: Path
) -> None:
    pytest.importorskip("tantivy", reason="tantivy is in the bench extra")
    from bench.tantivy_baseline import Searcher, build

    assert build(built[1], tmp_path / "tv", workers=1) == 5
    s = Searcher(tmp_path / "tv")
    assert s.run(BenchQuery("one", "开发区")) > 0
    province = next(r["regions"][0] for r in read(built[1]) if r["regions"])
    assert s.run(BenchQuery("filtered", "", region=province)) > 0
    assert s.run(BenchQuery("filtered", "开发区", year="1900")) == 0
    assert s.run(BenchQuery("phrase", '"开发区 建设"')) >= 0
    assert s.run(BenchQuery("none", "")) == 5  # no text, no filter: every document


def test_mixed_queries_are_deterministic_and_of_every_kind() -> None:
    seeds = "".join(p.read_text("utf-8", "replace") for p in sorted((ROOT / "seeds").iterdir()))
    sents = [m.group(0) for m in SENTENCE.finditer(seeds)]
    zones = [["苏州工业园区", "国家级", "经济技术开发区", "江苏省", "苏州市"]]
    a, b = mixed(sents, zones, 3), mixed(sents, zones, 3)
    assert a == b and len(a) == 200
    assert {q.kind for q in a} == {"one", "rare", "several", "phrase", "filtered", "common"}


def test_the_table_gives_every_figure_with_its_ratio_to_tantivy() -> None:
    def fig(seconds: float, p50: float) -> dict:
        rounds = [
            {
                "seconds": seconds,
                "cpu_seconds": seconds * 1.5,
                "docs_per_s": 1000 / seconds,
                "peak_rss_mb": 300.0,
                "peak_pss_mb": 200.0,
                "index_mb": 10.0,
                "first_query_ms": 20.0,
                "load": 3.0,
            }
        ]
        return best_of(rounds) | {"latency_ms": {"p50": p50, "p95": 2 * p50, "p99": 3 * p50}}

    result = {
        "corpus": "xwlb",
        "inputs": 1000,
        "corpus_mb": 5.0,
        "rounds": 1,
        "cores": 2,
        "load": [2.5, 9.0],
        "ours": fig(30.0, 3.0) | {"stages": {"pipeline": 1.0}},
        "tantivy": fig(10.0, 1.5),
        "baseline": {"seconds": 100.0, "latency_ms": {"p50": 150.0, "queries": 1}},
    }
    text = table(result)
    assert "load average 2.5-9.0" in text
    line = next(x for x in text.splitlines() if x.startswith("rebuild wall s"))
    assert line.split()[3:] == ["30.0", "10.0", "3.00", "100.0", "10.00"]
    line = next(x for x in text.splitlines() if x.startswith("query p50 ms"))
    assert line.split()[3:] == ["3.0", "1.5", "2.00", "150.0", "100.00"]
    line = next(x for x in text.splitlines() if x.startswith("query CPU p50 ms"))
    assert line.split()[4:] == ["nan", "nan", "-", "nan", "-"]
    json.dumps(result)  # what bench/out/results-NAME.json holds
