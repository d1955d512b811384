"""waitress, serving the app with the security headers on every reply it sends.

The app adds them to its own responses (web.app), but waitress answers some requests
before the app sees them: a malformed request line or header (400), headers too large
(431), a body over its limit (413), and a 500 when the app fails before a header is
written. Those come from waitress's ErrorTask, which an HTTPChannel creates through its
error_task_class; the server makes channels through its channel_class. Both are class
attributes meant to be replaced, so the server's channels here use a task that adds the
headers first. A WSGI middleware cannot do it: these replies never reach the app.
"""

from __future__ import annotations

from typing import Any

import waitress
from flask import Flask
from waitress.channel import HTTPChannel
from waitress.server import BaseWSGIServer
from waitress.task import ErrorTask

from search.text.normalise import printable
from web.app import SECURITY_HEADERS


class SecureErrorTask(ErrorTask):
    """waitress's own error reply, with the app's security headers, echoing no control
    character (its message quotes the offending request line or header as it came)."""

    def execute(self) -> None:
        self.response_headers.extend(SECURITY_HEADERS.items())
        error = self.request.error
        if isinstance(getattr(error, "body", None), str):
            error.body = printable(error.body)
        super().execute()


class SecureChannel(HTTPChannel):
    """A connection whose error replies are SecureErrorTasks."""

    error_task_class = SecureErrorTask


def make_server(app: Flask, *, host: str, port: int, threads: int, **adjustments: Any) -> Any:
    """A waitress server for app, bound and listening (call .run()); port 0 picks one."""
    server = waitress.create_server(app, host=host, port=port, threads=threads, **adjustments)
    listeners = [server, *getattr(server, "map", {}).values()]
    for listener in listeners:
        if isinstance(listener, BaseWSGIServer):
            listener.channel_class = SecureChannel
    return server


def serve(app: Flask, *, host: str, port: int, threads: int) -> None:
    """Serve app until interrupted."""
    server = make_server(app, host=host, port=port, threads=threads)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
