"""SegmentBuilder writes what Whoosh's own writer writes, read back through Whoosh."""

from __future__ import annotations

import pickle
import random
from datetime import date
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.index import TOC
from whoosh.query import Or, Phrase, Term

from search.document import Document, Zone
from search.segments.blocks import BLOCK
from search.segments.prepared import invert, prepare_fields
from search.segments.schema import build_schema, document_fields
from search.segments.segment import SegmentBuilder

WORDS = "镇江 经济 技术 开发区 项目 签约 园区 苏州 生物 医药 政策 奖励 建设 投资 招商".split()


def _docs(n: int) -> list[Document]:
    rng = random.Random(3)
    docs = []
    for i in range(n):
        body = "。".join("".join(rng.choices(WORDS, k=rng.randint(3, 12))) for _ in range(6))
        docs.append(
            Document(
                id=f"d{i}",
                uri=f"u{i}",
                title="".join(rng.choices(WORDS, k=4)) if i % 7 else None,
                text=body,
                published=date(2015 + i % 9, 1 + i % 12, 1) if i % 5 else None,
                year=2015 + i % 9 if i % 5 else None,
                regions=("江苏省", "江苏省/镇江市") if i % 2 else (),
                zones=(Zone("镇江经济技术开发区", "国家级", "经济技术开发区", ("镇江经开区",)),)
                if i % 3
                else (),
                source="新华网" if i % 4 else None,
                content_hash=f"h{i}",
            )
        )
    return docs


def _whoosh(path: Path, schema: Schema, fields: list[dict]) -> None:
    path.mkdir()
    ix = whoosh_index.create_in(str(path), schema)
    with ix.writer() as w:
        for f in fields:
            w.add_document(**f)


def _ours(path: Path, schema: Schema, fields: list[dict], batch: int = 1) -> None:
    path.mkdir()
    ix = whoosh_index.create_in(str(path), schema)
    b = SegmentBuilder(ix.storage, ix.schema, ix.indexname)
    prepared = [prepare_fields(ix.schema, f) for f in fields]
    for i in range(0, len(prepared), batch):
        chunk = prepared[i : i + batch]
        item = invert(chunk) if batch > 1 else chunk[0]
        b.add(pickle.loads(pickle.dumps(item)))  # as from a worker
    TOC(ix.schema, [b.finish()], 1).write(ix.storage, ix.indexname)


def _everything(path: Path) -> dict[str, object]:
    """Every term with its info and postings, lengths, stored fields and columns."""
    ix = whoosh_index.open_dir(str(path))
    with ix.reader() as r:
        terms = {}
        for fieldname, text in r.all_terms():
            info = r.term_info(fieldname, text)
            m = r.postings(fieldname, text)
            postings = []
            while m.is_active():
                postings.append((m.id(), m.weight(), m.value()))
                m.next()
            stats = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length())
            terms[(fieldname, text)] = (stats, info.max_weight(), info.min_id(), info.max_id())
            terms[(fieldname, text, "postings")] = postings
        names = [n for n, f in ix.schema.items() if f.scorable]
        lengths = {
            n: ([r.doc_field_length(d, n) for d in range(r.doc_count_all())], r.field_length(n))
            for n in names
        }
        stored = [r.stored_fields(d) for d in range(r.doc_count_all())]
        columns = {
            n: list(r.column_reader(n, translate=False))
            for n, f in ix.schema.items()
            if f.column_type and r.has_column(n)
        }
        return {"terms": terms, "lengths": lengths, "stored": stored, "columns": columns}


def test_same_index_as_whoosh_for_our_schema(tmp_path: Path) -> None:
    fields = [document_fields(d) for d in _docs(300)]
    _whoosh(tmp_path / "whoosh", build_schema(), fields)
    _ours(tmp_path / "ours", build_schema(), fields)
    theirs, ours = _everything(tmp_path / "whoosh"), _everything(tmp_path / "ours")
    assert ours["terms"].keys() == theirs["terms"].keys()
    for key in theirs["terms"]:
        assert ours["terms"][key] == theirs["terms"][key], key
    assert ours == theirs
    # some term spans several blocks, so block boundaries were exercised
    assert max(len(v) for k, v in ours["terms"].items() if len(k) == 3) > 2 * BLOCK


def test_batches_inverted_in_workers_give_the_same_index(tmp_path: Path) -> None:
    fields = [document_fields(d) for d in _docs(100)]
    _ours(tmp_path / "one", build_schema(), fields)
    _ours(tmp_path / "seven", build_schema(), fields, batch=7)
    assert _everything(tmp_path / "seven") == _everything(tmp_path / "one")


def test_same_scores_and_phrases_as_whoosh(tmp_path: Path) -> None:
    fields = [document_fields(d) for d in _docs(200)]
    _whoosh(tmp_path / "whoosh", build_schema(), fields)
    _ours(tmp_path / "ours", build_schema(), fields)
    queries = [
        Or([Term("body", "开发区"), Term("title", "政策"), Term("place", "镇江")]),
        Phrase("body", ["生物", "医药"]),
        Term("zone", "镇江经济技术开发区"),
    ]

    def run(path: Path) -> list[list[tuple[str, float]]]:
        with whoosh_index.open_dir(str(path)).searcher() as s:
            return [[(h["id"], round(h.score, 6)) for h in s.search(q, limit=50)] for q in queries]

    assert run(tmp_path / "ours") == run(tmp_path / "whoosh")
    assert all(run(tmp_path / "ours"))


def test_other_field_kinds_and_custom_stored_values(tmp_path: Path) -> None:
    schema = Schema(
        key=ID(stored=True),
        tags=KEYWORD(stored=True, commas=True, scorable=True),
        n=NUMERIC(stored=True, sortable=True),
        note=STORED,
        text=TEXT(stored=True, phrase=False),
    )
    fields = [
        {"key": "a", "tags": "x,y", "n": 3, "note": {"k": 1}, "text": "alpha beta beta"},
        {"key": "b", "n": -7, "text": "beta", "_stored_text": "shown instead"},
        {"key": "c", "tags": "y", "note": None},
    ]
    _whoosh(tmp_path / "whoosh", schema, fields)
    _ours(tmp_path / "ours", schema, fields)
    assert _everything(tmp_path / "ours") == _everything(tmp_path / "whoosh")


def test_an_empty_segment_is_valid(tmp_path: Path) -> None:
    ix = whoosh_index.create_in(str(tmp_path), build_schema())
    b = SegmentBuilder(ix.storage, ix.schema, ix.indexname)
    TOC(ix.schema, [b.finish()], 1).write(ix.storage, ix.indexname)
    assert whoosh_index.open_dir(str(tmp_path)).doc_count() == 0
