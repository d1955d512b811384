"""search.engine.stats: what `zonesearch stats` and the home page report about an index."""

from __future__ import annotations

from pathlib import Path

import pytest

from search.build.rebuild import rebuild
from search.engine.reader import NoIndex, open_live
from search.engine.stats import collection_facets, index_stats

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture
def root(seeds_index: Path) -> Path:
    return seeds_index


def test_index_stats(root: Path) -> None:
    info = index_stats(root)
    assert info["documents"] == 5
    assert info["generation"] in info["generations"] and len(info["generations"]) == 1
    assert 0 < info["size_bytes"] <= info["total_bytes"]
    years = {v["value"]: v["count"] for v in info["facets"]["year"]}
    assert years == {"2025": 1, "2018": 1}  # three seeds state no year of their own
    regions = {v["value"]: v["count"] for v in info["facets"]["region"]}
    assert regions["江苏省"] == 4 and regions["山西省"] == 1
    assert all(v["count"] > 0 for v in info["facets"]["zone"])


def test_a_second_generation_is_listed(root: Path, tmp_path: Path) -> None:
    rebuild([SEEDS], tmp_path)
    rebuild([SEEDS], tmp_path)
    info = index_stats(tmp_path)
    assert len(info["generations"]) >= 1 and info["generation"] == info["generations"][-1]
    assert info["documents"] == 5


def test_collection_facets_cover_every_document(root: Path) -> None:
    with open_live(root).searcher() as searcher:
        facets = collection_facets(searcher)
    assert set(facets) == {"region", "year", "zone"}
    assert sum(v.count for v in facets["year"]) == 2


def test_no_index(tmp_path: Path) -> None:
    with pytest.raises(NoIndex):
        index_stats(tmp_path / "none")
