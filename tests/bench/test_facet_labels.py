"""The facet label files are well formed, follow RULES.md's structure, and match their draws.

Both sets are checked alike: the development set (labels.jsonl, drawn by draw.py) and the
validation set (labels-validation.jsonl, drawn by draw_validation.py), which shares no document
with the development set.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from bench.facets.draw import draw
from bench.facets.draw_validation import VALIDATION_LABELS, draw_validation
from bench.facets.inputs import CORPORA, Inputs, load_inputs, ref_key
from bench.facets.score import KEYS, LABELS, closure, read_labels

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
PATHS = {row[0] for row in json.loads((ROOT / "search/data/regions.json").read_text())["entries"]}


@dataclass(frozen=True)
class LabelSet:
    """One labelled set: its file, the draw it must equal, and its least size."""

    path: Path
    draw: Callable[[Path], list[dict[str, str]]]
    size: int


SETS = {
    "development": LabelSet(LABELS, draw, 120),
    "validation": LabelSet(VALIDATION_LABELS, draw_validation, 44),
}


@pytest.fixture(scope="module", params=sorted(SETS))
def label_set(request: pytest.FixtureRequest) -> LabelSet:
    return SETS[request.param]


@pytest.fixture(scope="module")
def labels(label_set: LabelSet) -> list[dict]:
    return read_labels(label_set.path)


def test_every_label_has_every_key_with_its_type(labels: list[dict], label_set: LabelSet) -> None:
    assert len(labels) >= label_set.size
    for lab in labels:
        where = ref_key(lab["ref"])
        assert set(KEYS) <= set(lab), where
        assert lab["ref"]["corpus"] in CORPORA, where
        assert isinstance(lab["title"], str) and lab["title"], where
        assert isinstance(lab["has_date_metadata"], bool), where
        assert (lab["published_year"] is None) == (not lab["has_date_metadata"]), where
        for key in ("published_year", "text_year"):
            assert lab[key] is None or 1949 <= lab[key] <= 2030, where
        assert all(isinstance(p, str) for p in lab["mentioned"] + lab["about"]), where
        assert all(isinstance(p, str) for p in lab["other_places"]), where
        for zone in lab["zones"]:
            assert set(zone) == {"written", "canonical"}, where
            assert zone["written"].strip() and zone["canonical"].strip(), where
        assert isinstance(lab["notes"], str), where


def test_refs_are_unique(labels: list[dict]) -> None:
    keys = [ref_key(lab["ref"]) for lab in labels]
    assert len(keys) == len(set(keys))


def test_the_validation_set_shares_no_document_with_the_development_set() -> None:
    development = {ref_key(lab["ref"]) for lab in read_labels(LABELS)}
    validation = {ref_key(lab["ref"]) for lab in read_labels(VALIDATION_LABELS)}
    assert not development & validation


def test_every_region_path_is_in_the_gazetteer(labels: list[dict]) -> None:
    for lab in labels:
        used = [*lab["mentioned"], *lab["about"], *([lab["primary"]] if lab["primary"] else [])]
        missing = [p for p in used if p not in PATHS]
        assert not missing, f"{ref_key(lab['ref'])}: {missing}"


def test_about_is_mentioned_and_primary_is_about_or_null(labels: list[dict]) -> None:
    for lab in labels:
        where = ref_key(lab["ref"])
        mentioned = closure(lab["mentioned"])
        assert set(lab["about"]) <= mentioned, where
        assert lab["primary"] is None or lab["primary"] in closure(lab["about"]), where


def test_mentioned_lists_only_the_most_specific_places(labels: list[dict]) -> None:
    for lab in labels:
        paths = lab["mentioned"]
        assert len(paths) == len(set(paths)), ref_key(lab["ref"])
        wider = [p for p in paths if any(q.startswith(p + "/") for q in paths)]
        assert not wider, f"{ref_key(lab['ref'])}: {wider}"


def test_labels_are_the_draw_and_every_ref_resolves(
    labels: list[dict], label_set: LabelSet, tmp_path: Path
) -> None:
    if not (SHARED / "corpus").is_dir():
        pytest.skip(f"facet corpus not found at {SHARED / 'corpus'}")
    drawn = [ref_key(r) for r in label_set.draw(SHARED)]
    assert drawn == [ref_key(lab["ref"]) for lab in labels]
    inputs = load_inputs([lab["ref"] for lab in labels], SHARED / "corpus", tmp_path)
    unresolved = [k for k, v in inputs.items() if not isinstance(v, Inputs)]
    assert not unresolved
    for lab in labels:
        if lab["ref"]["corpus"] != "news-html":  # a page's headline is extracted, not given
            assert inputs[ref_key(lab["ref"])].dated.title == lab["title"], ref_key(lab["ref"])
