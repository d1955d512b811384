"""Each file of a generation with its size and CRC-32: written at publish, checked on open.

A damaged generation (a file cut short by a full disk, scribbled on or removed) otherwise
answers wrongly without a word (half a postings file reads as no postings, random bytes
in the term file as other terms) or fails deep inside a query with a traceback. CRC-32
(zlib, ~3 GB/s here) finds any accident of that kind; nothing here guards against a
deliberate forgery, which needs write access to the index anyway.

CHECKSUMS holds one line a file, `crc32  size  name`, sorted by name. A generation
written before checksums existed has none and is opened unchecked.

Reading every byte costs ~0.3 s a GB, which a server pays once per generation but the
query command would pay on every run. So a full check that finds nothing wrong leaves
CHECKED beside the list: each file's size, inode, mtime and ctime then. A quick check
(quick=True) reads again only the files whose stat differs; a file cannot be written,
truncated or replaced without changing its ctime, which no program can set back. File
times tick coarsely (milliseconds), so, as git does with its index, a file changed within
RACY_SECONDS of a check is not vouched for: a later change could leave the same times.
"""

from __future__ import annotations

import json
import os
import time
import zlib
from pathlib import Path

CHECKSUMS = "CHECKSUMS"
CHECKED = "CHECKED"  # what the files' stat was when they last passed a full check
# Caches a generation may carry beside its files: each has a fingerprint of its own and is
# built again when missing, stale or damaged, so no checksum vouches for it.
READER_DATA = "readerdata.npz"  # search.engine.readerfile's
LEXICON_SUFFIX = ".lexicon.npz"  # a segment's lexicon of one field (search.engine.lexicon)
RACY_SECONDS = 2.0
_CHUNK = 1 << 20
_TOC = ("_", ".toc")  # whoosh opens the newest table of contents it finds: none may be added


def _listed(name: str) -> bool:
    """Files a generation is made of (not the list itself, not whoosh's writer lock)."""
    return (
        name not in (CHECKSUMS, CHECKED, READER_DATA)
        and not name.endswith(LEXICON_SUFFIX)
        and not name.endswith("WRITELOCK")
        and not name.endswith(".tmp")
    )


def _stamp(st: os.stat_result) -> list[int]:
    return [st.st_size, st.st_ino, st.st_mtime_ns, st.st_ctime_ns]


def _checked(folder: Path) -> dict[str, list[int]]:
    try:
        stamps = json.loads((folder / CHECKED).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return stamps if isinstance(stamps, dict) else {}


def _remember(folder: Path, stamps: dict[str, list[int]]) -> None:
    """Write CHECKED, if the folder can be written (a reader may not own the index)."""
    tmp = folder / f"{CHECKED}.{os.getpid()}.tmp"
    try:
        tmp.write_text(json.dumps(stamps), encoding="utf-8")
        os.replace(tmp, folder / CHECKED)
    except OSError:
        tmp.unlink(missing_ok=True)


def _crc(path: Path) -> int:
    crc = 0
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            crc = zlib.crc32(chunk, crc)
    return crc


def write_checksums(folder: Path) -> None:
    """List every file of a finished generation folder with its size and checksum."""
    lines = []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.is_file(follow_symlinks=False) and _listed(entry.name):
            path = Path(entry.path)
            lines.append(f"{_crc(path):08x}  {entry.stat().st_size}  {entry.name}\n")
    tmp = folder / f"{CHECKSUMS}.tmp"
    tmp.write_text("".join(lines), encoding="utf-8")
    os.replace(tmp, folder / CHECKSUMS)


def problems(folder: Path, *, quick: bool = False) -> list[str]:
    """What is wrong with a generation's files, one short phrase each; [] when intact.

    [] also for a generation without CHECKSUMS (built before they existed). quick: files
    unchanged since they last passed a full check (CHECKED) are not read again.
    """
    try:
        listing = (folder / CHECKSUMS).read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as e:
        return [f"{CHECKSUMS} cannot be read ({e})"]
    found: list[str] = []
    listed: set[str] = set()
    before = _checked(folder) if quick else {}
    stamps: dict[str, list[int]] = {}
    settled = time.time_ns() - int(RACY_SECONDS * 1e9)  # files changed before this: vouched
    for number, line in enumerate(listing.splitlines(), start=1):
        parts = line.split("  ", 2)
        if len(parts) != 3 or not parts[1].isdigit():
            found.append(f"{CHECKSUMS} line {number} is garbled")
            continue
        crc, size, name = parts[0], int(parts[1]), parts[2]
        listed.add(name)
        path = folder / name
        try:
            st = path.stat()
        except FileNotFoundError:
            found.append(f"{name} is missing")
            continue
        except OSError as e:
            found.append(f"{name} cannot be read ({e.strerror or e})")
            continue
        stamp = _stamp(st)
        if st.st_ctime_ns < settled:
            stamps[name] = stamp
        if st.st_size != size:
            found.append(f"{name} has {st.st_size} bytes where {size} were written")
        elif before.get(name) != stamp and f"{_crc(path):08x}" != crc:
            found.append(f"{name} does not match its checksum")
    for entry in os.scandir(folder):
        if entry.name.startswith(_TOC[0]) and entry.name.endswith(_TOC[1]):
            if entry.name not in listed:
                found.append(f"{entry.name} was not written with the generation")
    if not found and stamps and stamps != before:
        _remember(folder, stamps)
    return found
