"""bench/relevance: the judged set is well formed, and its metrics are the textbook ones."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import pytest

from bench.relevance.corpus import REPORTS, XWLB, MissingCorpus, documents
from bench.relevance.judgments import (
    GRADES,
    TYPES,
    BadSet,
    by_query,
    read_qrels,
    read_queries,
)
from bench.relevance.metrics import dcg, ndcg, precision, reciprocal_rank
from bench.relevance.run import main, unjudged_pairs
from search.text.normalise import to_simplified


def test_queries_cover_every_type_and_twins_mirror_their_query() -> None:
    queries = read_queries()
    assert len(queries) >= 30
    assert {q.type for q in queries} == set(TYPES)
    by_id = {q.id: q for q in queries}
    twins = [q for q in queries if q.type == "traditional"]
    assert len(twins) >= 2
    for q in twins:
        assert to_simplified(q.text) == by_id[q.twin].text and q.text != by_id[q.twin].text
    texts = {q.text for q in queries}
    for example in ("高新区 科技创新", "综合保税区 开放", "苏州工业园区", "经开区", "飞地经济"):
        assert example in texts


def test_qrels_name_known_queries_and_documents_with_grades_0_to_2() -> None:
    queries = read_queries()
    judgments = read_qrels()
    ids = {q.id for q in queries}
    assert len(judgments) >= 300
    assert {j.query_id for j in judgments} == ids  # every query has judged documents
    assert {j.grade for j in judgments} <= set(GRADES)
    for j in judgments:
        dump, _, name = j.doc_id.partition("#")
        assert name and (dump == XWLB.name or dump.endswith("_政府工作报告.csv")), j
    table = by_query(judgments)
    for q in queries:
        assert any(g >= 1 for g in table[q.id].values()), f"{q.id} has no relevant document"
        if q.twin:  # RULES.md: a traditional query is judged exactly like its twin
            shared = table[q.id].keys() & table[q.twin].keys()
            assert all(table[q.id][d] == table[q.twin][d] for d in shared)


def test_ndcg_on_a_hand_computed_example() -> None:
    judged = {"a": 2, "b": 1, "c": 0, "d": 2}
    ranked = ["b", "x", "a", "c"]  # x unjudged: counts as 0
    # DCG = (2^1-1)/log2(2) + 0 + (2^2-1)/log2(4) + 0 = 1 + 1.5 = 2.5
    # ideal (a, d, b, c): 3/1 + 3/log2(3) + 1/2 = 3 + 1.8928 + 0.5 = 5.3928
    ideal = 3 + 3 / math.log2(3) + 0.5
    assert dcg([1, 0, 2, 0]) == pytest.approx(2.5)
    assert ndcg(ranked, judged) == pytest.approx(2.5 / ideal)
    assert ndcg(["a", "d", "b"], judged) == pytest.approx(1.0)
    assert ndcg(["c"], {"c": 0}) == 0.0 and ndcg([], judged) == 0.0
    assert precision(ranked, judged) == pytest.approx(0.2)
    assert reciprocal_rank(ranked, judged) == 1.0
    assert reciprocal_rank(["x", "c", "d"], judged) == pytest.approx(1 / 3)
    assert reciprocal_rank(["c"], judged) == 0.0
    # only the first 10 count
    assert ndcg(["z"] * 10 + ["a"], judged) == 0.0


HEADER = "id\ttype\tquery\tneed\ttwin\n"


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("qrels.tsv", "q01\tdoc\t3\n", "grade '3'"),
        ("qrels.tsv", "q01\tdoc\t1\nq01\tdoc\t2\n", "judged twice"),
        ("qrels.tsv", "q01\tdoc\n", "2 fields"),
        ("queries.tsv", HEADER + "q1\tbogus\tx\ty\t\n", "unknown type"),
        ("queries.tsv", HEADER + "q1\ttraditional\tx\ty\tq9\n", "twin q9 is not a query"),
        ("queries.tsv", HEADER + "q1\tshort\tx\ty\tq1\n", "exactly for traditional"),
        ("queries.tsv", "id\tquery\n", "unexpected header"),
    ],
)
def test_malformed_sets_are_clear_errors(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    read = read_qrels if name == "qrels.tsv" else read_queries
    with pytest.raises(BadSet, match=message):
        read(path)


def test_unjudged_pairs_name_no_system() -> None:
    rankings = {"one": {"q1": ["a", "b"]}, "two": {"q1": ["b", "c"], "q2": ["a"]}}
    assert unjudged_pairs(rankings, {"q1": {"b": 1}}) == [("q1", "a"), ("q1", "c"), ("q2", "a")]


def test_ids_are_the_record_readers_names() -> None:
    from search.pipeline import document_id
    from search.sources.records import iter_records

    try:
        docs = list(itertools.islice(documents(), 2000))
    except MissingCorpus as err:
        pytest.skip(str(err))
    raws = itertools.islice(iter_records(XWLB), 2000)
    assert {document_id(r.uri) for r in raws if not hasattr(r, "reason")} <= {
        document_id(f"{XWLB.resolve()}#{d.id.partition('#')[2]}") for d in docs
    }
    report = next(iter(sorted(REPORTS.glob("*.csv"))))
    (raw,) = iter_records(report)
    assert raw.uri == f"{report.resolve()}#2"


def test_every_judged_document_is_in_the_corpus() -> None:
    try:
        ids = {d.id for d in documents()}
    except MissingCorpus as err:
        pytest.skip(str(err))
    assert [j for j in read_qrels() if j.doc_id not in ids] == []


def test_run_skips_cleanly_without_the_corpus(monkeypatch, capsys) -> None:
    import bench.relevance.corpus as corpus

    monkeypatch.setattr(corpus, "XWLB", Path("/nonexistent/shared/corpus/xwlb/xwlb.jsonl.gz"))
    assert main([]) == 0
    assert "/nonexistent/shared/corpus/xwlb/xwlb.jsonl.gz" in capsys.readouterr().out
