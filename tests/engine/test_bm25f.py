"""BM25F over concepts: one saturation across title and body, one length normalisation."""

from datetime import date

import numpy as np
import pytest
from whoosh import index as whoosh_index

from search.document import Document
from search.engine import bm25f
from search.engine.concepts import Concept, Form
from search.engine.evaluate import Engine
from search.engine.readerdata import reader_data
from search.segments.writer import write_generation

PAD = "会议指出要统筹推进各项工作。"


def doc(id, title, text):
    return Document(id=id, uri=f"mem:{id}", title=title, text=text, published=date(2022, 1, 1))


DOCS = [
    doc("both", "镇江经开区", "镇江经开区。" + PAD),
    doc("twice", "简讯", "镇江经开区，镇江经开区。" + PAD),
    doc("alias", "简讯", "镇江经开区，镇江经济技术开发区。" + PAD),
    doc("short", "镇江经开区", "简讯。"),
    doc("long", "镇江经开区", "简讯。" + PAD * 30),
    *(doc(f"pad{i}", "其他", PAD) for i in range(20)),
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    path = tmp_path_factory.mktemp("ix")
    write_generation(path, DOCS)
    with whoosh_index.open_dir(str(path)).searcher() as s:
        yield Engine(s, reader_data(s))


def docnum(engine, id):
    return engine.data.ids.index(id)


def concept(*names):
    return Concept(bm25f.TEXT_FIELDS, tuple(Form((n,)) for n in names))


def test_the_formula(engine):
    got = engine.run(concept("镇江经开区"))
    n = engine.live_count()
    df = int(got.mask.sum())
    assert df == 5
    reader = engine.searcher.reader()
    lengths = engine.data.field_lengths(reader, "title") + engine.data.field_lengths(reader, "body")
    norm = (1 - bm25f.B) + bm25f.B * lengths / lengths.mean()
    d = docnum(engine, "both")
    idf = bm25f.idf(df, n)
    tf = (bm25f.title_weight(idf, n) * 1 + 1) / norm[d]
    want = idf * tf * (bm25f.K1 + 1) / (tf + bm25f.K1)
    assert got.score[d] == pytest.approx(want, rel=1e-5)


def test_title_and_body_are_saturated_once_not_summed(engine):
    got = engine.run(concept("镇江经开区"))
    d = docnum(engine, "both")
    # the most a single BM25 term can give is IDF × (K1 + 1)
    idf = bm25f.idf(int(got.mask.sum()), engine.live_count())
    assert got.score[d] < idf * (bm25f.K1 + 1)


def test_an_alias_counts_as_the_word_before_saturation(engine):
    got = engine.run(concept("镇江经开区", "镇江经济技术开发区"))
    twice, alias = docnum(engine, "twice"), docnum(engine, "alias")
    assert got.mask[alias]
    # the same number of words, one of them written the other way: the same score
    lengths = engine.length_norm()
    assert lengths[twice] == pytest.approx(lengths[alias], rel=0.2)
    assert got.score[alias] == pytest.approx(got.score[twice], rel=0.1)


def test_the_title_weight_follows_specificity():
    n = 75_000
    specific, generic = bm25f.idf(30, n), bm25f.idf(20_000, n)
    assert bm25f.title_weight(specific, n) == bm25f.TITLE_WEIGHT
    assert 1.0 <= bm25f.title_weight(generic, n) < bm25f.TITLE_WEIGHT / 2


def test_one_length_normalisation_covers_the_title_too(engine):
    got = engine.run(concept("镇江经开区"))
    # the same headline over a long text says less about it than over a short one
    assert got.score[docnum(engine, "short")] > got.score[docnum(engine, "long")]


def test_a_part_alone_is_scored_as_its_own_word_and_never_counts_inside_the_whole(engine):
    whole = Form(("镇江经开区",))
    part = Form(("经开区",), weight=0.5, inside=("镇江经开区",))
    got = engine.run(Concept(bm25f.TEXT_FIELDS, (whole, part)))
    alone = engine.run(concept("镇江经开区"))
    # every 经开区 here is inside 镇江经开区: the part adds nothing
    assert np.allclose(got.score, alone.score)
