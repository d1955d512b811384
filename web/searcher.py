"""The engine for one request: one Engine per app, one view of its live generation per request.

The search page, the document page and their API go through the engine interface (get_view);
the zone pages, feeds, exports and suggestions still read a Whoosh searcher (get_searcher),
which only the embedded engine has: on another engine they answer that they are not there.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import TypeVar

from flask import Flask, current_app, g
from whoosh.searching import Searcher

from search.backends.embedded import EmbeddedEngine
from search.backends.interface import Engine, EngineError, View
from search.backends.select import open_engine
from search.engine.reader import LiveIndex
from search.engine.suggest import Suggester, build_suggester, gazetteer_suggester
from search.segments.generations import built_at

EXTENSION = "zonesearch"
ENGINE = "zonesearch.engine"
SUGGESTERS = "zonesearch.suggesters"
NOT_ON_THIS_ENGINE = "这个页面目前只在内置索引上提供"
T = TypeVar("T")


def init_live(app: Flask) -> None:
    """Attach the app's engine (ENGINE, an engine URL, else the index at INDEX_DIR); it
    follows new generations without a restart."""
    engine_ = open_engine(app.config.get("ENGINE"), Path(app.config["INDEX_DIR"]))
    app.extensions[ENGINE] = engine_
    live = engine_.live if isinstance(engine_, EmbeddedEngine) else None
    app.extensions[EXTENSION] = live
    app.extensions[SUGGESTERS] = _Suggesters(live) if live is not None else None
    app.teardown_appcontext(release_searcher)


def engine() -> Engine:
    return current_app.extensions[ENGINE]


def live_index() -> LiveIndex | None:
    return current_app.extensions[EXTENSION]


def get_view() -> View:
    """This request's view of the live generation (NoIndex when there is none).

    Taken once per request, so every search of the request sees the same generation.
    """
    if "view" not in g:
        g.view = engine().open_view()
    return g.view


def get_searcher() -> Searcher:
    """This request's Whoosh searcher: the embedded engine's view's (EngineError elsewhere)."""
    searcher = getattr(get_view(), "searcher", None)
    if searcher is None:
        raise EngineError(NOT_ON_THIS_ENGINE)
    return searcher


def memo(key: str, make: Callable[[], T]) -> T:
    """make() once per live generation: e.g. the home page's facets."""
    return get_view().memo(key, make)


def release_searcher(_exc: BaseException | None = None) -> None:
    """Give the view back at the end of the request."""
    view = g.pop("view", None)
    if view is not None:
        engine().release(view)


def generation_updated() -> datetime:
    """When the generation this request reads was built."""
    get_searcher()
    return datetime.fromtimestamp(built_at(g.view.live.path), tz=timezone.utc)


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
    pool: _Suggesters | None = current_app.extensions[SUGGESTERS]
    if pool is None:  # another engine: the gazetteer's names only
        return gazetteer_suggester()
    return pool.get(get_view().generation, wait=bool(current_app.config.get("SUGGEST_WAIT")))
