"""The live index for one request: one LiveIndex per app, one pooled searcher per request."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import TypeVar

from flask import Flask, current_app, g
from whoosh.searching import Searcher

from search.engine.reader import LiveIndex
from search.engine.suggest import Suggester, build_suggester, gazetteer_suggester
from search.segments.generations import built_at

EXTENSION = "zonesearch"
SUGGESTERS = "zonesearch.suggesters"
T = TypeVar("T")


def init_live(app: Flask) -> None:
    """Attach the app's LiveIndex; it follows new generations without a restart."""
    app.extensions[EXTENSION] = LiveIndex(Path(app.config["INDEX_DIR"]))
    app.extensions[SUGGESTERS] = _Suggesters(app.extensions[EXTENSION])
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


def generation_updated() -> datetime:
    """When the generation this request reads was built (call after get_searcher)."""
    get_searcher()
    return datetime.fromtimestamp(built_at(g.generation.path), tz=timezone.utc)


class _Suggesters:
    """One Suggester per live generation, built off the request path.

    Building reads the generation's title words and spells them (about a second at 20k
    documents): the first request of a generation starts it in a thread and is answered
    from the gazetteer alone until it is ready, so no keystroke waits for it.
    """

    def __init__(self, live: LiveIndex) -> None:
        self.live = live
        self._lock = threading.Lock()
        self._ready: dict[str, Suggester] = {}
        self._building: set[str] = set()

    def get(self, generation: str, wait: bool) -> Suggester:
        with self._lock:
            ready = self._ready.get(generation)
            if ready is not None:
                return ready
            start = generation not in self._building
            self._building.add(generation)
        if wait:
            return self._build()
        if start:
            threading.Thread(target=self._build, daemon=True, name="suggester").start()
        return gazetteer_suggester()

    def _build(self) -> Suggester:
        searcher, generation = self.live.open_searcher()
        try:
            made = build_suggester(searcher)
        finally:
            LiveIndex.release(searcher, generation)
            with self._lock:
                self._building.discard(generation.name)
        with self._lock:
            self._ready = {generation.name: made}  # an older generation's goes
        return made


def suggester() -> Suggester:
    """The live generation's completions, or the gazetteer's alone while they are built.

    SUGGEST_WAIT (tests) builds them in the request instead.
    """
    get_searcher()
    pool: _Suggesters = current_app.extensions[SUGGESTERS]
    return pool.get(g.generation.name, wait=bool(current_app.config.get("SUGGEST_WAIT")))
