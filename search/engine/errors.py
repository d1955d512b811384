"""Errors an engine reports to its callers, whichever engine it is."""

from __future__ import annotations


class EngineError(Exception):
    """The engine cannot answer or write (say, its cluster is down); the message says why."""
