"""Print pooled (query, document) pairs for judging by RULES.md, blind to the systems.

    python -m bench.relevance.view POOL.tsv [--query q01 ...] [--full]

POOL.tsv has query_id and doc_id in its first two columns (what `run --pool-unjudged` writes).
For each pair: the query and its need, the document's title, date and length, and its text:
the whole of it up to FULL_TEXT characters, else its lead and every passage naming the query's
words or their aliases, with how often each occurs.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from bench.relevance.corpus import BenchDoc, MissingCorpus, documents
from bench.relevance.judgments import Query, read_queries
from search.text.normalise import to_simplified

FULL_TEXT = 600
LEAD = 160
WINDOW = 70  # characters either side of a mention
BUDGET = 800  # characters of passages shown for a long document

# Where to look in a document for the query's subject: the other names a reader knows
# (RULES.md: aliases are the same subject). Only the judging aid uses them.
ALIASES = {
    "经开区": ("经济技术开发区", "经济开发区"),
    "经济技术开发区": ("经开区",),
    "自贸区": ("自由贸易试验区", "自贸试验区"),
    "自由贸易试验区": ("自贸区", "自贸试验区"),
    "综保区": ("综合保税区",),
    "综合保税区": ("综保区", "保税区"),
    "高新区": ("高新技术产业开发区", "高新技术开发区"),
    "苏州工业园区": ("苏州工业园", "园区", "苏州"),
    "临港新片区": ("临港", "新片区"),
    "横琴粤澳深度合作区": ("横琴", "合作区"),
    "雄安新区": ("雄安",),
    "两江新区": ("两江",),
    "飞地经济": ("飞地",),
    "上海自贸区": ("上海自由贸易试验区", "自贸区", "自贸试验区", "自由贸易试验区"),
    "海南自由贸易港": ("海南自贸港", "自由贸易港", "自贸港"),
    "自由贸易港": ("自贸港",),
    "国家高新区": ("高新区",),
    "国家级经济技术开发区": ("国家级经开区", "经济技术开发区", "经开区"),
    "跨境电子商务综合试验区": ("跨境电商综合试验区", "跨境电商综试区", "综试区"),
    "边境经济合作区": ("边合区",),
    "国家级新区": ("新区",),
    "承接产业转移": ("产业转移",),
}


def words(query: Query) -> list[str]:
    """The query's words (simplified, quotes dropped) and their aliases, longest first."""
    found: list[str] = []
    for word in to_simplified(query.text).replace('"', " ").split():
        if re.fullmatch(r"\d{4}年?", word):
            found.append(word[:4])
        else:
            found += [word, *ALIASES.get(word, ())]
    return sorted(dict.fromkeys(found), key=len, reverse=True)


def _passages(text: str, terms: list[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for term in terms:
        for m in re.finditer(re.escape(term), text):
            spans.append((max(0, m.start() - WINDOW), min(len(text), m.end() + WINDOW)))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def render(query: Query, doc: BenchDoc, full: bool = False) -> str:
    """One pair as the judge reads it."""
    text = doc.text
    terms = words(query)
    counts = ", ".join(
        f"{t}×{text.count(t) + doc.title.count(t)}" for t in terms if t in text or t in doc.title
    )
    lines = [
        f"--- {query.id} | {doc.id} | {doc.published or '-'} | {len(text)} chars | {counts or '-'}",
        f"T: {doc.title}",
    ]
    if full or len(text) <= FULL_TEXT:
        lines.append(text or "(no text)")
        return "\n".join(lines)
    lines.append(f"LEAD: {text[:LEAD]}")
    shown = 0
    for start, end in _passages(text, terms):
        if start < LEAD:
            start = LEAD
        if start >= end:
            continue
        if shown >= BUDGET:
            lines.append("... (more passages)")
            break
        lines.append(f"@{start}: {text[start:end]}")
        shown += end - start
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pool", type=Path)
    parser.add_argument("--query", action="append", help="only these query ids")
    parser.add_argument("--full", action="store_true", help="whole texts, however long")
    args = parser.parse_args(argv)
    queries = {q.id: q for q in read_queries()}
    pairs = []
    for line in args.pool.read_text(encoding="utf-8").splitlines():
        qid, doc_id = line.split("\t")[:2]
        if qid in queries and (not args.query or qid in args.query):
            pairs.append((qid, doc_id))
    wanted = {doc for _, doc in pairs}
    try:
        docs = {d.id: d for d in documents() if d.id in wanted}
    except MissingCorpus as err:
        print(f"skipped: {err}", file=sys.stderr)
        return 0
    current = None
    for qid, doc_id in pairs:
        query = queries[qid]
        if qid != current:
            print(f"\n===== {qid} [{query.type}] {query.text} :: {query.need}")
            current = qid
        if doc_id not in docs:
            print(f"--- {qid} | {doc_id} | not in the judged corpus")
            continue
        print(render(query, docs[doc_id], args.full))
    return 0


if __name__ == "__main__":
    sys.exit(main())
