"""A generation made ready before requests see it: reader data, lexicons, hot postings.

The first requests on a new generation would otherwise each pay for what is built once
per reader (the facet arrays, the lexicon a one-character query expands against, every
term's postings and scores): under load, seconds of stalled requests after each
publish. Warming does that work once, off the request path, and reads again the terms
the previous generation served most recently (Solr's autowarming of its caches, here
of the per-reader score and position caches), so that the switch is not a cold start.
"""

from __future__ import annotations

import time
from typing import Protocol

from whoosh.searching import Searcher

from search.engine.evaluate import Engine
from search.engine.matching import TEXT_FIELDS
from search.engine.readerdata import cached_reader_data, reader_data


class Generation(Protocol):
    """What warming needs of a generation (search.engine.reader.Generation): its searchers."""

    def take(self) -> Searcher: ...

    def give(self, searcher: Searcher) -> None: ...


HOT_TERMS = 512  # the previous generation's most recently used term scores, made again
HOT_POSITIONS = 64  # and phrase words' positions
WARM_SECONDS = 5.0  # replaying stops here: a new generation should not wait long


def warm(generation: Generation, previous: Generation | None = None) -> None:
    """Build what requests on generation need first; replay previous's hottest terms."""
    started = time.monotonic()
    searcher = generation.take()
    try:
        data = reader_data(searcher)
        reader = searcher.reader()
        for name in TEXT_FIELDS:
            # A lexicon the generation carries is read when a query first needs it (ms); one
            # it lacks is built now, before requests see the generation (seconds).
            if previous is not None or not data.lexicon_ready(name):
                data.lexicon(reader, name)
        if previous is None:
            return
        terms, positions = _hot(previous)
        terms, positions = terms[-HOT_TERMS:], positions[-HOT_POSITIONS:]
        engine = Engine(searcher, data)
        for fieldname, text in reversed(terms):  # the most recent first
            if time.monotonic() - started > WARM_SECONDS:
                return
            engine.term_scores(fieldname, text)
        for fieldname, text in reversed(positions):
            if time.monotonic() - started > WARM_SECONDS:
                return
            data.positions(reader, fieldname, text)
    finally:
        generation.give(searcher)


def _hot(previous: Generation) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    searcher = previous.take()
    try:
        data = cached_reader_data(searcher)  # never built just to be read from
        return data.hot_keys(max(HOT_TERMS, HOT_POSITIONS)) if data is not None else ([], [])
    finally:
        previous.give(searcher)
