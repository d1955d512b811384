"""The live index for one request: opened on first use, cached on g, closed on teardown."""

from __future__ import annotations

from pathlib import Path

from flask import current_app, g
from whoosh.searching import Searcher

from search.reader import open_live


def get_searcher() -> Searcher:
    """A searcher over the live generation (raises search.reader.NoIndex when there is none)."""
    if "searcher" not in g:
        ix = open_live(Path(current_app.config["INDEX_DIR"]))
        g.searcher = ix.searcher()
    return g.searcher


def close_searcher(_exc: BaseException | None = None) -> None:
    """Release the searcher's files at the end of the request."""
    searcher = g.pop("searcher", None)
    if searcher is not None:
        searcher.close()
