"""Fixtures shared across the suite: where the seeds and ../shared are."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from search.backends.interface import View
from search.build.rebuild import rebuild
from tests.opensearch_cluster import delete_test_indices

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session", autouse=True)
def derived_tables_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The session's own cache folder for derived tables (search.gazetteer.cache), not ~/.cache."""
    folder = tmp_path_factory.mktemp("cache")
    before = os.environ.get("ZONESEARCH_CACHE")
    os.environ["ZONESEARCH_CACHE"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("ZONESEARCH_CACHE", None)
    else:
        os.environ["ZONESEARCH_CACHE"] = before


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


@pytest.fixture(scope="session", params=["whoosh", "opensearch"])
def zone_config(request: pytest.FixtureRequest, tmp_path_factory) -> dict[str, str]:
    """tests/zone_corpus.py on each engine, built once: create_app's config for it (INDEX_DIR,
    and ENGINE on the cluster; skipped there when no cluster answers). Tests only read it."""
    from zone_corpus import documents

    from tests.engines import engine_config

    return engine_config(request.param, tmp_path_factory.mktemp("zone-index"), documents())


@pytest.fixture(scope="session")
def zone_view(zone_config: dict[str, str]) -> Iterator[View]:
    """A view of the zone corpus on each engine (the one zone_config names)."""
    from search.backends.select import open_engine

    engine = open_engine(zone_config.get("ENGINE"), Path(zone_config["INDEX_DIR"]))
    with engine.view() as view:
        yield view
    engine.close()


@pytest.fixture(scope="session", autouse=True)
def _drop_test_indices() -> Iterator[None]:
    """The test cluster keeps no index of this run's (they all share one prefix)."""
    yield
    delete_test_indices()
