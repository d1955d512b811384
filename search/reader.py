"""Opening the live generation for searching."""

from __future__ import annotations

from pathlib import Path

from whoosh import index as whoosh_index

from search.store import Store


class NoIndex(Exception):
    """The index root has no live generation yet."""


def open_live(root: Path) -> whoosh_index.Index:
    """The live generation's index, or NoIndex."""
    current = Store(root).current()
    if current is None:
        raise NoIndex(f"no index at {root}: run `zonesearch rebuild` first")
    return whoosh_index.open_dir(str(current))
