"""What a generation was built from: one entry per input, so `update` can tell what changed.

Each entry names the source root it came from (the SOURCE argument), the hash of its raw
input, and what became of it: the indexed document's id, content hash and fingerprint, or the
reason it was skipped. Written as gzipped JSON Lines inside the generation folder, so it is
published and discarded together with the index it describes (hashes and paths compress
to about a third, and the manifest counts in the index's size). A source root whose name is
not UTF-8 is kept as Python holds it (surrogate escapes, written with surrogatepass), so
that update scans the very same folder again.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from search.document import Raw

MANIFEST = "manifest.jsonl.gz"
PLAIN_MANIFEST = "manifest.jsonl"  # generations built before the manifest was compressed
_ERRORS = "surrogatepass"  # any str round-trips, even one holding a lone surrogate


@dataclass(frozen=True)
class Entry:
    """One input of a generation."""

    uri: str
    root: str
    raw_hash: str
    id: str | None = None  # None when the input was skipped
    content_hash: str = ""
    fingerprint: int = 0
    group: str | None = None
    skipped: str | None = None  # the reason, when skipped


def raw_hash(raw: Raw) -> str:
    """SHA-1 over everything a source delivered for one input."""
    h = hashlib.sha1(raw.data)
    for extra in (raw.kind, raw.content_type, raw.title, raw.published, raw.url):
        h.update(b"\0" + (extra or "").encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def root_key(path: Path) -> str:
    """How a source root is recorded: its absolute path."""
    return str(Path(path).resolve())


def write_manifest(generation: Path, entries: Iterable[Entry]) -> None:
    """Write the manifest into a generation folder (before it is published)."""
    with gzip.open(
        generation / MANIFEST, "wt", encoding="utf-8", errors=_ERRORS, compresslevel=6
    ) as f:
        for e in entries:
            f.write(json.dumps(asdict(e), ensure_ascii=False) + "\n")


def read_manifest(generation: Path) -> dict[str, Entry]:
    """Entries by uri; empty for a generation built before manifests existed."""
    path = generation / MANIFEST
    if path.is_file():
        opened = gzip.open(path, "rt", encoding="utf-8", errors=_ERRORS)
    elif (generation / PLAIN_MANIFEST).is_file():
        opened = (generation / PLAIN_MANIFEST).open(encoding="utf-8", errors=_ERRORS)
    else:
        return {}
    entries: dict[str, Entry] = {}
    with opened as f:
        for line in f:
            if line.strip():
                e = Entry(**json.loads(line))
                entries[e.uri] = e
    return entries
