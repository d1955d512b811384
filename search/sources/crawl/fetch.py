"""One HTTP GET through httpx: redirects not followed, a wall-clock deadline, a size limit.

The deadline covers everything from connecting to the last byte of the body, so a server
that drips its headers or its body a byte at a time is cut off when the time is up (httpx's
own timeouts are per read, and a byte a second never trips them). The body is decoded
(gzip, deflate, br) as it streams; its size limit counts decoded bytes, so a compression
bomb stops there too. A body shorter than its Content-Length, a Content-Encoding that does
not decode, or a connection dropped midway is an error with its reason, never a page.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

# Headers about the bytes on the wire: they no longer describe the decoded body we keep.
WIRE_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})
_SHORT = re.compile(r"received (\d+) bytes, expected (\d+)")
DRAIN_BYTES = 64 * 1024
DRAIN_SECONDS = 1.0


@dataclass(frozen=True)
class Response:
    """What came back: a status and headers, and the body unless an error or a limit struck."""

    url: str
    status: int = 0  # 0: no HTTP response at all
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    body: bytes | None = None  # decoded; read only when wanted (a 200 of an accepted type)
    error: str | None = None
    transient: bool = False  # an error worth retrying soon (timeouts, dropped connections)

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def stored_headers(self) -> dict[str, str]:
        """The headers that still describe the decoded body."""
        return {k: v for k, v in self.headers.items() if k not in WIRE_HEADERS}


def new_client(user_agent: str, connections: int) -> httpx.AsyncClient:
    """The crawl's HTTP/1.1 client: no redirects followed, keep-alive per host."""
    limits = httpx.Limits(
        max_connections=connections, max_keepalive_connections=connections, keepalive_expiry=30
    )
    return httpx.AsyncClient(
        headers={"User-Agent": user_agent},
        follow_redirects=False,
        limits=limits,
        timeout=httpx.Timeout(30.0),  # per read; the deadline below is what bounds a request
    )


async def _drain(reply: httpx.Response) -> None:
    """Read a small unwanted body (a redirect's, an error page) so the connection stays open.

    An unread body makes httpcore close the connection, and every 404 or redirect would
    cost the host a new one; a body past DRAIN_BYTES (or DRAIN_SECONDS) is not worth reading,
    so that connection is closed after all.
    """
    read = 0
    async for chunk in reply.aiter_raw():
        read += len(chunk)
        if read > DRAIN_BYTES:
            return


def _headers(raw: httpx.Headers) -> dict[str, str]:
    headers: dict[str, str] = {}
    for name, value in raw.multi_items():
        key = name.lower()
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    return headers


def _reason(err: Exception) -> tuple[str, bool]:
    """A short reason for a failed request, and whether trying again soon may help."""
    text = str(err) or type(err).__name__
    if isinstance(err, httpx.RemoteProtocolError):
        if match := _SHORT.search(text):
            return f"short body: {match.group(1)} of {match.group(2)} bytes", True
        if "incomplete chunked read" in text:
            return "short body: chunked transfer cut off", True
        if "without sending a response" in text:
            return "connection closed without a response", True
        return f"bad HTTP response: {text[:120]}", False
    if isinstance(err, httpx.DecodingError):
        return f"body does not decode: {text[:120]}", False
    if isinstance(err, httpx.TimeoutException):
        return "timed out", True
    if isinstance(err, (httpx.ConnectError, httpx.NetworkError)):
        return f"cannot connect: {text[:120]}", True
    if isinstance(err, (httpx.InvalidURL, httpx.UnsupportedProtocol, httpx.LocalProtocolError)):
        return f"bad URL: {text[:120]}", False
    return f"error: {type(err).__name__}: {text[:120]}", True


async def fetch(
    client: httpx.AsyncClient,
    url: str,
    *,
    deadline: float,
    max_bytes: int,
    headers: dict[str, str] | None = None,
    accept: Callable[[str], bool] = lambda mime: True,
) -> Response:
    """GET url within `deadline` seconds. A 200 body is read when accept(its MIME type)."""
    phase = ["waiting for headers"]

    async def get() -> Response:
        async with client.stream("GET", url, headers=headers or {}) as reply:
            found = _headers(reply.headers)
            status = reply.status_code
            if status != 200:
                try:
                    await asyncio.wait_for(_drain(reply), timeout=DRAIN_SECONDS)
                except (asyncio.TimeoutError, httpx.HTTPError):
                    pass  # the status is what counts; the connection is just not kept
                return Response(url, status, found)
            mime = found.get("content-type", "").split(";")[0].strip().lower()
            if not accept(mime):
                return Response(url, status, found, None, f"unsupported content type {mime}")
            length = found.get("content-length", "")
            if length.isdigit() and int(length) > max_bytes and "content-encoding" not in found:
                return Response(url, status, found, None, f"too large ({length} bytes)")
            phase[0] = "reading the body"
            body = bytearray()
            async for chunk in reply.aiter_bytes():
                body += chunk
                if len(body) > max_bytes:
                    return Response(url, status, found, None, f"too large (over {max_bytes} bytes)")
            return Response(url, status, found, bytes(body))

    try:
        return await asyncio.wait_for(get(), timeout=max(deadline, 0.001))
    except asyncio.TimeoutError:
        return Response(url, error=f"timed out {phase[0]}", transient=True)
    except (httpx.HTTPError, OSError, ValueError) as err:
        reason, transient = _reason(err)
        return Response(url, error=reason, transient=transient)
