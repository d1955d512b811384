"""prepare_fields and invert: what a worker hands the writer."""

from __future__ import annotations

import pickle

import pytest
from runs import postings_of
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from search.segments.prepared import Batch, invert, prepare_fields

SCHEMA = Schema(
    key=ID(stored=True),
    tags=KEYWORD(commas=True, scorable=True),
    note=STORED,
    text=TEXT(phrase=True),
)


def test_prepared_fields_are_what_whoosh_indexes_and_stores() -> None:
    p = prepare_fields(
        SCHEMA, {"key": "a", "tags": "x,y,x", "note": {"n": 1}, "text": "beta alpha beta"}
    )
    postings = dict(p.postings)
    assert sorted(t for t, _, _ in postings["tags"]) == [b"x", b"y"]
    assert {t: w for t, w, _ in postings["text"]} == {b"alpha": 1.0, b"beta": 2.0}
    values = {name: (stored, length) for name, stored, length, _, _ in p.values}
    assert values == {"key": ("a", 0), "note": ({"n": 1}, 0), "tags": (None, 3), "text": (None, 3)}


def test_none_values_and_custom_stored_values() -> None:
    p = prepare_fields(SCHEMA, {"key": None, "text": "alpha", "_stored_text": "shown"})
    assert [name for name, _ in p.postings] == ["text"]
    assert [v[0] for v in p.values] == ["text"]


def test_unsupported_and_unknown_fields_are_refused() -> None:
    with pytest.raises(ValueError, match="vectors"):
        prepare_fields(Schema(t=TEXT(vector=True)), {"t": "x"})
    with pytest.raises(KeyError):
        prepare_fields(Schema(t=TEXT), {"nonsense": "x"})


def test_invert_groups_postings_by_term_in_document_order() -> None:
    docs = [prepare_fields(SCHEMA, {"key": k, "text": t}) for k, t in [("a", "xx yy"), ("b", "yy")]]
    batch = pickle.loads(pickle.dumps(invert(docs)))
    assert isinstance(batch, Batch) and len(batch) == 2 and batch.postings == 5
    run = dict(batch.fields)["text"]
    postings = {term: [doc for doc, _, _ in items] for term, items in postings_of(run).items()}
    assert postings == {b"xx": [0], b"yy": [0, 1]}
    assert sum(run.sizes) == len(run.values) and len(run.sizes) == len(run.ids) == 3
    assert invert([]).postings == 0


def test_fields_indexed_elsewhere_get_their_length_and_no_postings() -> None:
    p = prepare_fields(SCHEMA, {"key": "a", "tags": "x", "text": "beta"}, lengths={"text": 7})
    assert [name for name, _ in p.postings] == ["key", "tags"]
    assert {name: length for name, _, length, _, _ in p.values} == {"key": 0, "tags": 1, "text": 7}
    unscored = prepare_fields(SCHEMA, {"key": "a"}, lengths={"key": 5})
    assert unscored.values[0][2] == 0 and unscored.postings == ()  # ID is not scorable
