"""The live index for one request: one LiveIndex per app, one pooled searcher per request."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, g
from whoosh.searching import Searcher

from search.reader import LiveIndex

EXTENSION = "zonesearch"


def init_live(app: Flask) -> None:
    """Attach the app's LiveIndex; it follows new generations without a restart."""
    app.extensions[EXTENSION] = LiveIndex(Path(app.config["INDEX_DIR"]))
    app.teardown_appcontext(release_searcher)


def live_index() -> LiveIndex:
    return current_app.extensions[EXTENSION]


def get_searcher() -> Searcher:
    """This request's searcher on the live generation (search.reader.NoIndex when none).

    Taken once per request, so every search of the request sees the same generation.
    """
    if "searcher" not in g:
        g.searcher, g.generation = live_index().open_searcher()
    return g.searcher


def generation_name() -> str | None:
    """The generation this request searched, when it opened one."""
    gen = g.get("generation")
    return gen.name if gen is not None else None


def release_searcher(_exc: BaseException | None = None) -> None:
    """Give the searcher back to its generation's pool at the end of the request."""
    searcher = g.pop("searcher", None)
    generation = g.pop("generation", None)
    if searcher is not None and generation is not None:
        LiveIndex.release(searcher, generation)
