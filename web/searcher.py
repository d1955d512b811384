"""The live index for one request: one LiveIndex per app, one pooled searcher per request."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from flask import Flask, current_app, g
from whoosh.searching import Searcher

from search.engine.reader import LiveIndex

EXTENSION = "zonesearch"
T = TypeVar("T")


def init_live(app: Flask) -> None:
    """Attach the app's LiveIndex; it follows new generations without a restart."""
    app.extensions[EXTENSION] = LiveIndex(Path(app.config["INDEX_DIR"]))
    app.teardown_appcontext(release_searcher)


def live_index() -> LiveIndex:
    return current_app.extensions[EXTENSION]


def get_searcher() -> Searcher:
    """This request's searcher on the live generation (search.engine.reader.NoIndex when none).

    Taken once per request, so every search of the request sees the same generation.
    """
    if "searcher" not in g:
        g.searcher, g.generation = live_index().open_searcher()
    return g.searcher


def memo(key: str, make: Callable[[], T]) -> T:
    """make() once per live generation (call after get_searcher): e.g. the home page's facets."""
    get_searcher()
    return g.generation.memo(key, make)


def release_searcher(_exc: BaseException | None = None) -> None:
    """Give the searcher back to its generation's pool at the end of the request."""
    searcher = g.pop("searcher", None)
    generation = g.pop("generation", None)
    if searcher is not None and generation is not None:
        LiveIndex.release(searcher, generation)
