import random
from datetime import date

import numpy as np
import pytest
from whoosh import index as whoosh_index
from whoosh import query as Q

import search.engine.evaluate as engine_mod
from search.document import Document
from search.engine.evaluate import Engine
from search.engine.readerdata import reader_data
from search.segments.schema import document_fields
from search.segments.writer import open_writer, write_generation

WORDS = "开发区 建设 项目 招商 镇江 园区 产业 发展 经济 创新 服务 企业 投资 平台".split()


def _doc(n: int, rng: random.Random) -> Document:
    body = "，".join("".join(rng.sample(WORDS, 3)) for _ in range(rng.randint(2, 8))) + "。"
    return Document(
        id=f"d{n}",
        uri=f"mem:d{n}",
        title="".join(rng.sample(WORDS, 2)),
        text=body,
        published=date(2015 + n % 10, 1 + n % 12, 1),
        year=2015 + n % 10,
    )


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    rng = random.Random(7)
    docs = [_doc(n, rng) for n in range(60)]
    path = tmp_path_factory.mktemp("ix")
    write_generation(path, docs[:40])
    writer = open_writer(path, create=False)  # a second segment, and a deletion
    for d in docs[40:]:
        writer.add_document(**document_fields(d))
    writer.delete_by_term("id", "d3")
    writer.commit(merge=False)
    with whoosh_index.open_dir(str(path)).searcher() as s:
        assert len(s.reader().leaf_readers()) == 2
        yield s


QUERIES = [
    Q.Term("body", "建设"),
    Q.Or([Q.Term("title", "镇江"), Q.Term("body", "镇江")]),
    Q.And([Q.Term("body", "招商"), Q.Term("body", "投资")]),
    Q.And([Q.Term("body", "园区"), Q.Not(Q.Term("body", "创新"))]),
    Q.And([Q.Every(), Q.Not(Q.Term("title", "产业"))]),
    Q.Phrase("body", ["开发区", "建设"]),
    Q.Phrase("body", ["招商", "项目"], slop=2),
    Q.And([Q.NumericRange("year", 2018, 2020), Q.Term("body", "企业")]),
]


@pytest.mark.parametrize("q", QUERIES, ids=str)
def test_matches_and_scores_as_whoosh(searcher, q):
    got = Engine(searcher, reader_data(searcher)).run(q)
    want = {h.docnum: h.score for h in searcher.search(q, limit=None)}
    assert set(np.flatnonzero(got.mask).tolist()) == set(want)
    assert want, "the query should match something"
    # Whoosh gives constant-score parts (Not, Every, ranges) a score of 1; ours add 0.
    if all(isinstance(leaf, Q.Term) for leaf in q.leaves()) and "NOT" not in str(q):
        for docnum, score in want.items():
            assert got.score[docnum] == pytest.approx(score, rel=1e-5)


def test_deleted_document_never_matches(searcher):
    data = reader_data(searcher)
    deleted = [n for n in range(data.size) if not data.live[n]]
    assert len(deleted) == 1
    got = Engine(searcher, data).run(Q.Every())
    assert not got.mask[deleted].any() and got.mask.sum() == data.size - 1


def test_phrase_cached_result_is_reused(searcher):
    data = reader_data(searcher)
    q = Q.Phrase("body", ["产业", "发展"])
    first = Engine(searcher, data).run(q).mask.copy()
    assert data.phrase_docs(("body", ("产业", "发展"), 1)) is not None
    assert (Engine(searcher, data).run(q).mask == first).all()


def test_lifted_top_is_the_exhaustive_top(searcher, monkeypatch):
    q = Q.AndMaybe(
        Q.Or([Q.Term("body", "园区"), Q.Term("body", "产业")]),
        Q.Or([Q.Phrase("body", ["园区", "产业"], boost=2.0), Q.Term("title", "园区")]),
    )
    data = reader_data(searcher)
    exhaustive = Engine(searcher, data).run(q)
    monkeypatch.setattr(engine_mod, "LIFT_CANDIDATES", 3)
    monkeypatch.setattr(engine_mod, "EXACT_TOP", 5)
    sampled = Engine(searcher, data).run(q)
    assert (sampled.mask == exhaustive.mask).all()

    def top(s):
        docs = np.flatnonzero(s.mask)
        return docs[np.lexsort((docs, -np.round(s.score[docs], 6)))][:5].tolist()

    assert top(sampled) == top(exhaustive)
