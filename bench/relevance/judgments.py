"""queries.tsv and qrels.tsv: reading them, and telling what is wrong with them."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
QUERIES = HERE / "queries.tsv"
QRELS = HERE / "qrels.tsv"
TYPES = (
    "named-zone",
    "zone-type+topic",
    "policy",
    "place",
    "time",
    "short",
    "phrase",
    "traditional",
)
GRADES = (0, 1, 2)


@dataclass(frozen=True)
class Query:
    """One judged query: what is typed, of which type, for which need."""

    id: str
    type: str
    text: str
    need: str
    twin: str | None  # the simplified query a traditional-script one mirrors


@dataclass(frozen=True)
class Judgment:
    """One graded (query, document) pair."""

    query_id: str
    doc_id: str
    grade: int
    note: str = ""


class BadSet(ValueError):
    """queries.tsv or qrels.tsv is malformed; the message says where."""


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE) if row]


def read_queries(path: Path = QUERIES) -> list[Query]:
    """The queries, in file order; BadSet when a row is malformed."""
    header, *rows = _rows(path)
    if header != ["id", "type", "query", "need", "twin"]:
        raise BadSet(f"{path}: unexpected header {header}")
    queries: list[Query] = []
    for line, row in enumerate(rows, start=2):
        if len(row) not in (4, 5):
            raise BadSet(f"{path}:{line}: {len(row)} fields, expected 5")
        qid, qtype, text, need, twin = (*row, "")[:5]
        if qtype not in TYPES:
            raise BadSet(f"{path}:{line}: unknown type {qtype!r}")
        if not (qid and text.strip() and need.strip()):
            raise BadSet(f"{path}:{line}: id, query and need must not be empty")
        if (qtype == "traditional") != bool(twin):
            raise BadSet(f"{path}:{line}: a twin is given exactly for traditional queries")
        queries.append(Query(qid, qtype, text, need, twin or None))
    ids = [q.id for q in queries]
    if len(set(ids)) != len(ids):
        raise BadSet(f"{path}: duplicate query ids")
    for q in queries:
        if q.twin is not None and q.twin not in ids:
            raise BadSet(f"{path}: {q.id}'s twin {q.twin} is not a query")
    return queries


def read_qrels(path: Path = QRELS) -> list[Judgment]:
    """The judgments, in file order (no header); BadSet when a row is malformed."""
    if not path.exists():
        return []
    judgments: list[Judgment] = []
    seen: set[tuple[str, str]] = set()
    for line, row in enumerate(_rows(path), start=1):
        if len(row) not in (3, 4):
            raise BadSet(f"{path}:{line}: {len(row)} fields, expected 3 or 4")
        qid, doc, grade, note = (*row, "")[:4]
        if grade not in {str(g) for g in GRADES}:
            raise BadSet(f"{path}:{line}: grade {grade!r} is not one of {GRADES}")
        if (qid, doc) in seen:
            raise BadSet(f"{path}:{line}: ({qid}, {doc}) judged twice")
        seen.add((qid, doc))
        judgments.append(Judgment(qid, doc, int(grade), note))
    return judgments


def by_query(judgments: list[Judgment]) -> dict[str, dict[str, int]]:
    """query id -> {doc id: grade}."""
    table: dict[str, dict[str, int]] = {}
    for j in judgments:
        table.setdefault(j.query_id, {})[j.doc_id] = j.grade
    return table
