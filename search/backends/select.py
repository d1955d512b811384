"""Which engine: an engine URL (--engine, else $ZONESEARCH_ENGINE), else the embedded index."""

from __future__ import annotations

import os
from pathlib import Path

from search.backends.embedded import EmbeddedEngine
from search.backends.interface import Engine, EngineError
from search.opensearch.url import BadURL

ENV = "ZONESEARCH_ENGINE"


def engine_url(value: str | None) -> str | None:
    """--engine, else $ZONESEARCH_ENGINE; None (or empty) means the embedded index."""
    return (value or os.environ.get(ENV) or "").strip() or None


def open_engine(
    url: str | None,
    index_root: Path,
    *,
    background: bool = False,
    query_seconds: float | None = None,
) -> Engine:
    """The engine an URL names (opensearch://HOST:PORT/NAME), or the Whoosh index at index_root
    (background: it warms new generations in a thread of their own; see LiveIndex;
    query_seconds: each search's budget of CPU time)."""
    if url is None:
        return EmbeddedEngine(index_root, background=background, query_seconds=query_seconds)
    if url.startswith(("opensearch://", "opensearchs://")):
        from search.opensearch.engine import OpenSearchEngine

        try:
            return OpenSearchEngine(url)
        except BadURL as e:
            raise EngineError(str(e)) from None
    raise EngineError(
        f"unknown engine URL {url!r}: use opensearch://HOST:PORT/NAME, "
        "or none for the embedded index"
    )
