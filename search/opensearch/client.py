"""The connection to a cluster, and its failures as one clear EngineError each."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from opensearchpy import OpenSearch
from opensearchpy import exceptions as os_errors

from search.engine.errors import EngineError
from search.opensearch.url import ClusterURL

TIMEOUT = 30  # seconds a request may take before the client tries another node
RETRIES = 2  # further nodes tried after a connection failure or a timeout


def connect(url: ClusterURL) -> OpenSearch:
    """A client for every node the URL names; it fails over between them."""
    return OpenSearch(
        hosts=[{"host": h, "port": p, "scheme": url.scheme} for h, p in url.hosts],
        timeout=TIMEOUT,
        max_retries=RETRIES,
        retry_on_timeout=True,
    )


def cause_text(cause: dict[str, Any]) -> str:
    """An error object of a response as one line: its root cause's type and reason."""
    root = (cause.get("root_cause") or [cause])[0]
    return f"{root.get('type', 'error')}: {root.get('reason', '')}".strip(": ")


def reason(error: os_errors.TransportError) -> str:
    """The cluster's own words for a refusal: its error type and reason, when it gave them."""
    info = error.info if isinstance(error.info, dict) else {}
    cause = info.get("error")
    if isinstance(cause, dict):
        return cause_text(cause)
    return str(error.error or cause or error)


def refused(url: ClusterURL, doing: str, item: dict[str, Any]) -> EngineError:
    """The error of one search of a multi-search, as the error of a search alone would be."""
    cause = item.get("error")
    text = cause_text(cause) if isinstance(cause, dict) else str(cause)
    return EngineError(
        f"OpenSearch at {url.http} refused to {doing}: HTTP {item.get('status', '?')} {text}"
    )


@contextmanager
def answering(url: ClusterURL, doing: str) -> Iterator[None]:
    """Turn the client's exceptions into EngineError, naming the cluster and what was tried."""
    try:
        yield
    except os_errors.ConnectionTimeout:
        raise EngineError(
            f"OpenSearch at {url.http} did not answer within {TIMEOUT} s ({doing})"
        ) from None
    except os_errors.ConnectionError as e:
        raise EngineError(
            f"OpenSearch at {url.http} does not answer ({doing}): {e.info or e.error}; "
            "is the cluster running? (`make opensearch` starts a local one)"
        ) from None
    except os_errors.TransportError as e:
        raise EngineError(
            f"OpenSearch at {url.http} refused to {doing}: HTTP {e.status_code} {reason(e)}"
        ) from None
