"""The OpenSearch cluster the tests use: `make opensearch`'s, or $ZONESEARCH_TEST_OPENSEARCH's.

Tests that need it skip, with a message saying how to start it, only when no cluster answers;
.ci/run starts it first and fails in CI when it cannot.
"""

from __future__ import annotations

import itertools
import os

import pytest
from opensearchpy import OpenSearch
from opensearchpy import exceptions as os_errors

HOSTS = os.environ.get("ZONESEARCH_TEST_OPENSEARCH", "127.0.0.1:9200,127.0.0.1:9201")
PREFIX = f"zstest-{os.getpid()}"  # every index and alias the tests make starts with this
_names = itertools.count()


def cluster_url(name: str, replicas: int = 0) -> str:
    """No replicas unless asked: publishing waits for no copy (the node-stop test asks)."""
    return f"opensearch://{HOSTS}/{name}?replicas={replicas}"


def fresh_name(purpose: str = "ix") -> str:
    """An alias name no other test (or test run) uses."""
    return f"{PREFIX}-{purpose}-{next(_names)}"


def client() -> OpenSearch:
    hosts = [{"host": h, "port": int(p)} for h, p in (x.rsplit(":", 1) for x in HOSTS.split(","))]
    return OpenSearch(hosts=hosts, timeout=30, max_retries=2, retry_on_timeout=True)


def require_cluster() -> OpenSearch:
    """A client of a cluster that answers, or a skip that says how to start one."""
    c = client()
    try:
        health = c.cluster.health(
            wait_for_status="yellow", params={"timeout": "30s"}, request_timeout=40
        )
    except (os_errors.ConnectionError, os_errors.TransportError) as e:
        pytest.skip(
            f"no OpenSearch cluster answers at {HOSTS} ({type(e).__name__}): run `make opensearch`"
            " to test the opensearch:// engine too"
        )
    if health.get("status") not in ("green", "yellow"):
        pytest.skip(f"the OpenSearch cluster at {HOSTS} is {health.get('status')}")
    return c


def delete_test_indices() -> None:
    try:
        client().indices.delete(index=f"{PREFIX}-*", expand_wildcards="all", ignore=404)
    except (os_errors.ConnectionError, os_errors.TransportError):
        pass
