"""Driving the real page: Debian's Chromium through Playwright, the app under waitress."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask

from web import create_app

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"
WAIT_MS = 10_000  # every wait ends: a broken page fails the test instead of hanging it


@contextmanager
def serve(root: Path, per_page: int = 10, **config: object) -> Iterator[str]:
    """The real app under waitress on a free port, in a thread; yields its base URL."""
    import waitress

    app: Flask = create_app({"INDEX_DIR": str(root), "PER_PAGE": per_page, **config})
    srv = waitress.create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{srv.effective_port}"
    finally:
        srv.close()
        thread.join(timeout=5)


def new_page(browser: object, width: int = 1280, height: int = 900) -> object:
    context = browser.new_context(
        locale="zh-CN", viewport={"width": width, "height": height}, device_scale_factor=1
    )
    context.set_default_timeout(WAIT_MS)
    context.set_default_navigation_timeout(WAIT_MS)
    return context.new_page()
