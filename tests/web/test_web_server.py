"""web.server: waitress with the security headers on every reply, its own error replies too."""

from __future__ import annotations

import re
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from web import create_app
from web.app import SECURITY_HEADERS
from web.server import make_server


@pytest.fixture
def server(index_root: Path) -> Iterator[tuple[str, int]]:
    app = create_app({"INDEX_DIR": str(index_root)})
    # a small header limit, so that the whole too-large request is read before the reply
    srv = make_server(app, host="127.0.0.1", port=0, threads=2, max_request_header_size=4096)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    try:
        yield "127.0.0.1", srv.effective_port
    finally:
        srv.task_dispatcher.shutdown()
        srv.close()
        thread.join(5)


def exchange(address: tuple[str, int], raw: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send raw bytes, read the reply until the server closes: status, headers, body."""
    with socket.create_connection(address, timeout=10) as sock:
        sock.sendall(raw)
        sock.shutdown(socket.SHUT_WR)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines)}
    return int(status_line.split()[1]), headers, body


REQUESTS = {
    "header without a colon": (b"GET / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n", 400),
    "control characters in a header": (
        b"GET / HTTP/1.1\r\nHost: x\r\nX-A: b\n\x01\x1b[2J\r\n\r\n",
        400,
    ),
    "bad chunked body": (
        b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        400,
    ),
    "header too large": (b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 5000 + b"\r\n\r\n", 431),
    "the app's own 404": (b"GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 404),
    "the app's page": (b"GET /?q=%E5%9B%AD HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 200),
}


@pytest.mark.parametrize("name", REQUESTS)
def test_every_reply_carries_the_security_headers(server: tuple[str, int], name: str) -> None:
    raw, expected = REQUESTS[name]
    status, headers, body = exchange(server, raw)
    assert status == expected
    for header, value in SECURITY_HEADERS.items():
        assert headers.get(header.lower()) == value, (name, header, headers)
    assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", body), body[:300]
