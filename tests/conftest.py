"""Fixtures shared across the suite: where the seeds and ../shared are."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from whoosh.searching import Searcher

from search.build.rebuild import rebuild
from tests.opensearch_cluster import delete_test_indices

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seeds_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index root built once per session from the five seeds; tests only read it."""
    if not SEEDS.is_dir():
        pytest.skip(f"no seeds folder at {SEEDS}")
    root = tmp_path_factory.mktemp("seeds-index")
    rebuild([SEEDS], root)
    return root


@pytest.fixture
def shared_dir() -> Path:
    """../shared beside the project, or a skip naming the missing path."""
    if not SHARED.is_dir():
        pytest.skip(f"shared data not found at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def zone_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of tests/zone_corpus.py (zones over the years), built once; tests only read it."""
    from zone_corpus import build_index

    return build_index(tmp_path_factory.mktemp("zone-index"))


@pytest.fixture
def zone_searcher(zone_index: Path) -> Iterator[Searcher]:
    from search.engine.reader import open_live

    with open_live(zone_index).searcher() as s:
        yield s


@pytest.fixture(scope="session", autouse=True)
def _drop_test_indices() -> Iterator[None]:
    """The test cluster keeps no index of this run's (they all share one prefix)."""
    yield
    delete_test_indices()
