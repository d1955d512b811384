from datetime import date

import numpy as np
import pytest
from whoosh import index as whoosh_index
from whoosh.formats import Positions

from search.document import Document
from search.segments.postings import read_positions, read_postings
from search.segments.schema import build_schema, document_fields
from search.segments.writer import write_generation


@pytest.fixture(scope="module", params=["varint", "pickled"])
def reader(tmp_path_factory, request):
    # enough documents for several postings blocks (whoosh writes 128 postings a block)
    docs = [
        Document(
            id=f"d{n}",
            uri=f"mem:d{n}",
            title="开发区" if n % 3 == 0 else "园区",
            text="开发区建设，" * (1 + n % 4) + ("招商引资。" if n % 5 == 0 else "产业发展。"),
            published=date(2020, 1, 1),
        )
        for n in range(300)
    ]
    # words far into a text: deltas of more than one varint byte
    docs.append(Document(id="long", uri="mem:long", text="产业发展。" * 300 + "招商引资。"))
    path = tmp_path_factory.mktemp("ix")
    if request.param == "varint":
        write_generation(path, docs)
    else:  # a generation built before positions were varints: whoosh's pickled values
        schema = build_schema()
        for name in ("title", "body"):
            schema[name].format = Positions(field_boost=schema[name].format.field_boost)
        with whoosh_index.create_in(str(path), schema).writer() as w:
            for d in docs:
                w.add_document(**document_fields(d))
    with whoosh_index.open_dir(str(path)).searcher() as s:
        assert type(s.schema["body"].format).__name__ != "Format"
        yield s.reader()


def _whoosh(reader, field, text):
    m = reader.postings(field, text)
    fmt = reader.schema[field].format
    ids, weights, positions = [], [], []
    while m.is_active():
        ids.append(m.id())
        weights.append(m.weight())
        positions += [(m.id(), p) for p in fmt.decode_positions(m.value())]
        m.next()
    return ids, weights, positions


@pytest.mark.parametrize(
    ("field", "text"), [("body", "开发区"), ("body", "招商"), ("title", "园区")]
)
def test_arrays_equal_whoosh_matcher(reader, field, text):
    ids, weights, positions = _whoosh(reader, field, text)
    p = read_postings(reader, field, text)
    assert p.docs.tolist() == ids
    assert p.weights.tolist() == pytest.approx(weights)
    pos = read_positions(reader, field, text)
    assert list(zip(pos.docs.tolist(), pos.pos.tolist(), strict=True)) == positions
    assert pos.posting_docs.tolist() == ids


def test_keys_by_ranges_equal_keys_by_mask(reader):
    pos = read_positions(reader, "body", "开发区")
    among = np.array([0, 7, 150, 299], dtype=np.int64)
    within = np.zeros(reader.doc_count_all(), dtype=bool)
    within[among] = True
    assert (pos.keys(within, 24, among) == pos.keys(within, 24)).all()


def test_absent_term_is_empty(reader):
    assert read_postings(reader, "body", "没有这个词").docs.size == 0
    assert read_positions(reader, "body", "没有这个词").pos.size == 0
