"""The engine for one request: one Engine per app, one view of its live generation per request.

Every page, feed, export and suggestion goes through the engine interface (get_view), so the
app behaves alike on the embedded index and on a cluster.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from flask import Flask, current_app, g

from search.backends.interface import Engine, View
from search.backends.select import open_engine
from search.engine.suggest import Suggester, build_suggester, gazetteer_suggester

ENGINE = "zonesearch.engine"
SUGGESTERS = "zonesearch.suggesters"
T = TypeVar("T")


def init_live(app: Flask) -> None:
    """Attach the app's engine (ENGINE, an engine URL, else the index at INDEX_DIR); it
    follows new generations without a restart.

    A served app warms each new generation of the embedded index in the background
    (SWITCH_IN_BACKGROUND), so that no request waits for it; a testing app switches in
    the request that sees it.
    """
    background = app.config.get("SWITCH_IN_BACKGROUND", not app.testing)
    engine_ = open_engine(
        app.config.get("ENGINE"),
        Path(app.config["INDEX_DIR"]),
        background=background,
        query_seconds=app.config.get("QUERY_SECONDS"),
    )
    app.extensions[ENGINE] = engine_
    app.extensions[SUGGESTERS] = _Suggesters(engine_)
    app.teardown_appcontext(release_searcher)


def engine() -> Engine:
    return current_app.extensions[ENGINE]


def get_view() -> View:
    """This request's view of the live generation (NoIndex when there is none).

    Taken once per request, so every search of the request sees the same generation.
    """
    if "view" not in g:
        g.view = engine().open_view()
    return g.view


def memo(key: str, make: Callable[[], T]) -> T:
    """make() once per live generation: e.g. the home page's facets."""
    return get_view().memo(key, make)


def release_searcher(_exc: BaseException | None = None) -> None:
    """Give the view back at the end of the request."""
    view = g.pop("view", None)
    if view is not None:
        engine().release(view)


class _Suggesters:
    """One Suggester per live generation, built off the request path.

    Building reads the generation's facet values and title words and spells them (about a
    second at 20k documents): the first request of a generation starts it in a thread and is
    answered from the gazetteer alone until it is ready, so no keystroke waits for it.
    """

    def __init__(self, engine_: Engine) -> None:
        self.engine = engine_
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
            return self._build(generation)
        if start:
            threading.Thread(
                target=self._build, args=(generation,), daemon=True, name="suggester"
            ).start()
        return gazetteer_suggester()

    def _build(self, asked: str) -> Suggester:
        try:
            with self.engine.view() as view:
                made = build_suggester(view)
                generation = view.generation
        finally:
            with self._lock:
                self._building.discard(asked)
        with self._lock:
            self._ready = {generation: made}  # an older generation's goes
        return made


def suggester() -> Suggester:
    """The live generation's completions, or the gazetteer's alone while they are built.

    SUGGEST_WAIT (tests) builds them in the request instead.
    """
    pool: _Suggesters = current_app.extensions[SUGGESTERS]
    return pool.get(get_view().generation, wait=bool(current_app.config.get("SUGGEST_WAIT")))
