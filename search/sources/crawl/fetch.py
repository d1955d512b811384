"""One HTTP GET, redirects not followed, the body read up to a size and time limit."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from email.message import Message
from http.client import HTTPException

CHUNK = 64 * 1024


@dataclass(frozen=True)
class Response:
    """What came back: a status and headers, and the body unless an error or a limit struck."""

    url: str
    status: int = 0  # 0: no HTTP response at all
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    body: bytes | None = None
    error: str | None = None  # "too large", "timed out", or a network/HTTP error

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hand 3xx back to the crawler, which checks every hop against its rules."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001
        return None


def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(_NoRedirect())


def _headers(message: Message) -> dict[str, str]:
    headers: dict[str, str] = {}
    for name, value in message.items():
        key = name.lower()
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    return headers


def fetch(
    url: str,
    *,
    user_agent: str,
    timeout: float,
    max_bytes: int,
    extra_headers: dict[str, str] | None = None,
    content_types: tuple[str, ...] = (),
) -> Response:
    """GET url. A 2xx body is read unless its Content-Type is not among content_types (when
    given); 3xx/4xx/5xx bodies never are."""
    request = urllib.request.Request(
        url, headers={"User-Agent": user_agent, **(extra_headers or {})}
    )
    started = time.monotonic()
    try:
        reply = _opener().open(request, timeout=timeout)
    except urllib.error.HTTPError as err:
        with err:
            return Response(url, err.code, _headers(err.headers), None, None)
    except (urllib.error.URLError, HTTPException, OSError, ValueError) as err:
        reason = getattr(err, "reason", None) or err
        return Response(url, 0, {}, None, f"error: {reason}")
    with reply:
        headers = _headers(reply.headers)
        status = reply.status
        mime = headers.get("content-type", "").split(";")[0].strip().lower()
        if content_types and mime and mime not in content_types:
            return Response(url, status, headers, None, f"unsupported content type {mime}")
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > max_bytes:
            return Response(url, status, headers, None, "too large")
        chunks: list[bytes] = []
        size = 0
        try:
            while size <= max_bytes:
                if time.monotonic() - started > timeout:
                    return Response(url, status, headers, None, "timed out")
                chunk = reply.read(min(CHUNK, max_bytes + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
        except (HTTPException, OSError) as err:
            return Response(url, status, headers, None, f"error: {err or type(err).__name__}")
    if size > max_bytes:
        return Response(url, status, headers, None, "too large")
    return Response(url, status, headers, b"".join(chunks), None)
