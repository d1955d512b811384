"""The cluster for the OpenSearch engine's own tests (skipped, saying why, when none answers)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from opensearchpy import OpenSearch

from tests.opensearch_cluster import delete_test_indices, require_cluster


@pytest.fixture(scope="session")
def cluster() -> Iterator[OpenSearch]:
    client = require_cluster()
    yield client
    delete_test_indices()
