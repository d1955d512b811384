"""Bulk requests: documents sent in chunks, what the cluster is too busy for sent again."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from opensearchpy import OpenSearch, helpers

from search.engine.errors import EngineError
from search.opensearch.client import answering
from search.opensearch.url import ClusterURL

BULK_DOCS = 500
BULK_BYTES = 16 << 20
BULK_RETRIES = 5  # a document the cluster rejects as too busy (HTTP 429) is sent again


def send(
    client: OpenSearch,
    url: ClusterURL,
    index: str,
    actions: Iterable[dict[str, Any]],
    missing_ok: bool = False,
) -> None:
    """Send actions in bulk, retrying what the cluster is too busy for; EngineError when
    it refuses documents (with how many and the first reason)."""
    failed: list[dict[str, Any]] = []
    with answering(url, f"index documents into {index}"):
        for ok, item in helpers.streaming_bulk(
            client,
            actions,
            chunk_size=BULK_DOCS,
            max_chunk_bytes=BULK_BYTES,
            max_retries=BULK_RETRIES,
            initial_backoff=1,
            max_backoff=30,
            raise_on_error=False,
            yield_ok=False,
        ):
            info = next(iter(item.values()))
            if not ok and not (missing_ok and info.get("status") == 404):
                failed.append(info)
    if failed:
        first = failed[0]
        error = first.get("error")
        why = f"{error.get('type')}: {error.get('reason')}" if isinstance(error, dict) else error
        raise EngineError(
            f"OpenSearch at {url.http} refused {len(failed)} of the documents sent to "
            f"{index} (the first, {first.get('_id')!r}: HTTP {first.get('status')} {why})"
        )
