"""The optional boosts: years, what a document is about, words close together."""

from datetime import date

import numpy as np
import pytest
from whoosh import index as whoosh_index

from search.document import Document, Zone
from search.engine import bm25f
from search.engine.boosts import (
    About,
    PreferYears,
    Proximity,
    about_mask,
    closeness,
    names_place_or_zone,
)
from search.engine.concepts import Concept, Form
from search.engine.evaluate import Engine
from search.engine.readerdata import reader_data
from search.segments.writer import write_generation

SIP = Zone("苏州工业园区", "国家级", "经济技术开发区", ("苏州工业园区",), "江苏省", "苏州市")
HT = Zone("苏州高新技术产业开发区", "国家级", "高新技术产业开发区", ("苏州高新区",))
PAD = "会议强调要统筹推进各项工作。"


def doc(id, text, day=date(2021, 1, 1), **kw):
    return Document(id=id, uri=f"mem:{id}", title="简讯", text=text, published=day, **kw)


DOCS = [
    doc("sip", "苏州工业园区推进改革。" + PAD, zones=(SIP,), regions=("江苏省", "江苏省/苏州市")),
    doc("ht", "苏州高新区科技创新。" + PAD, zones=(HT,), regions=("江苏省", "江苏省/苏州市")),
    doc("near", "科技创新引领发展。" + PAD, date(2019, 5, 1)),
    doc("far", "科技" + PAD * 3 + "创新。", date(2019, 6, 1)),
    doc("none", PAD, date(2018, 1, 1)),
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    path = tmp_path_factory.mktemp("ix")
    docs = [Document(**{**d.__dict__, "year": d.published.year}) for d in DOCS]
    write_generation(path, docs)
    with whoosh_index.open_dir(str(path)).searcher() as s:
        yield Engine(s, reader_data(s))


def at(engine, *ids):
    return np.array(sorted(engine.data.ids.index(i) for i in ids))


def word(text):
    return Concept(bm25f.TEXT_FIELDS, (Form((text,)),), text)


def test_closeness_is_one_when_adjacent_and_falls_with_the_gap():
    bits = 24
    a = np.array([(0 << bits) | 3, (1 << bits) | 10, (2 << bits) | 0])
    b = np.array([(0 << bits) | 4, (1 << bits) | 14, (2 << bits) | 50, (3 << bits) | 1])
    got = closeness(a, b, np.array([0, 1, 2, 3]))
    assert got.tolist() == [1.0, 0.25, 0.0, 0.0]


def test_documents_of_the_preferred_year_gain_what_the_words_could_give(engine):
    docs = at(engine, "near", "far", "none")
    n = engine.live_count()
    got = PreferYears((2019,)).score_at(engine, docs, "check")
    want = bm25f.idf(2, n) * (bm25f.K1 + 1)
    assert got.tolist() == [pytest.approx(want), pytest.approx(want), 0.0]
    # with words: more than any document of another year could get from them
    words = (word("科技"), word("创新"))
    got = PreferYears((2019,), words).score_at(engine, docs, "check")
    most = sum(bm25f.idf(engine.concept_df(c), n) * (bm25f.K1 + 1) for c in words)
    assert got[0] > most and got[2] == 0


def test_about_finds_the_zone_its_aliases_and_places_not_kinds(engine):
    assert names_place_or_zone("苏州工业园区") and names_place_or_zone("苏州高新区")
    assert names_place_or_zone("江苏") and not names_place_or_zone("科技")
    assert not names_place_or_zone("高新区") and not names_place_or_zone("复兴")
    data = engine.data
    sip, ht = data.ids.index("sip"), data.ids.index("ht")
    assert np.flatnonzero(about_mask(data, "苏州工业园")).tolist() == [sip]  # a short form
    assert np.flatnonzero(about_mask(data, "苏州高新区")).tolist() == [ht]
    assert about_mask(data, "高新区") is None  # a kind: nothing to say
    assert np.flatnonzero(about_mask(data, "江苏")).tolist() == sorted([sip, ht])
    assert about_mask(data, "科技") is None
    got = About(word("苏州工业园区")).score_at(engine, at(engine, "sip", "ht"), "check")
    assert got[0] > 0 and got[1] == 0


def test_proximity_prefers_words_side_by_side(engine):
    prox = Proximity((word("科技"), word("创新")))
    docs = at(engine, "near", "far", "ht")
    got = prox.score_at(engine, docs, "check")
    near, far, ht = (
        got[np.searchsorted(docs, engine.data.ids.index(i))] for i in ("near", "far", "ht")
    )
    assert near > 0 and far == 0 and ht == pytest.approx(near, rel=0.3)
    assert (prox.score_at(engine, docs, "assume") >= got).all()
    # candidates in any order (the evaluator passes its best first): the same scores
    shuffled = docs[::-1].copy()
    assert prox.score_at(engine, shuffled, "check").tolist() == got[::-1].tolist()
    assert (prox.score_at(engine, docs, "skip") == 0).all()
