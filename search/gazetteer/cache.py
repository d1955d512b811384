"""Derived tables kept on disk between processes, keyed by the hash of their inputs.

Every command built the segmenter's domain words from the gazetteers (and the text part its
width-fold table) before doing anything, which cost more than the search it then ran. They
are kept in a cache folder as JSON beside the hash of what they were made from, and made
again when that hash changes or the file is unreadable. Writers write a temporary file and
rename it over the old one, so a reader sees a whole file, old or new, however many
processes write at once.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
GAZETTEER = Path(__file__).resolve().parent
DATA = GAZETTEER.parent / "data"


def cache_dir() -> Path | None:
    """$ZONESEARCH_CACHE (empty: none), else $XDG_CACHE_HOME/zonesearch or ~/.cache/zonesearch."""
    configured = os.environ.get("ZONESEARCH_CACHE")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = Path.home() / ".cache"
        except RuntimeError:  # no home folder to be found: no cache
            return None
    return Path(base) / "zonesearch"


def inputs_key(paths: Iterable[Path]) -> str:
    """A hash of these files' names and bytes and of the Python and Unicode versions."""
    digest = hashlib.sha256(f"{sys.version}\0{unicodedata.unidata_version}".encode())
    for path in sorted(paths):
        data = path.read_bytes()
        digest.update(f"\0{path.name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def gazetteer_key() -> str:
    """The key of tables made from search/data by the gazetteer's code."""
    return inputs_key([*DATA.glob("*.json"), *GAZETTEER.glob("*.py")])


def cached(name: str, key: str, build: Callable[[], Any], decode: Callable[[Any], T]) -> T:
    """decode(build()), with build()'s JSON value read from the cache when made with this key.

    A missing, stale, corrupt or malformed cache file (decode raises ValueError, TypeError
    or KeyError) is made again; a cache folder that cannot be written only costs the time.
    """
    folder = cache_dir()
    path = folder / f"{name}.json" if folder is not None else None
    if path is not None:
        try:
            with path.open(encoding="utf-8") as f:
                stored = json.load(f)
            if stored["key"] == key:
                return decode(stored["value"])
        except (OSError, ValueError, TypeError, KeyError):
            pass
    value = build()
    if path is not None:
        _write(path, {"key": key, "value": value})
    return decode(value)


def _write(path: Path, payload: dict[str, Any]) -> None:
    """Write payload to path through a temporary file renamed over it; OSError is ignored."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(payload, f, ensure_ascii=False)
        os.replace(tmp, path)
    except BaseException as e:  # the rename did not happen: leave no temporary file
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if not isinstance(e, OSError):
            raise
