"""Each file of a generation with its size and CRC-32: written at publish, checked on open.

A damaged generation (a file cut short by a full disk, scribbled on or removed) otherwise
answers wrongly without a word (half a postings file reads as no postings, random bytes
in the term file as other terms) or fails deep inside a query with a traceback. CRC-32
(zlib, ~3 GB/s here) finds any accident of that kind; nothing here guards against a
deliberate forgery, which needs write access to the index anyway.

CHECKSUMS holds one line a file, `crc32  size  name`, sorted by name. A generation
written before checksums existed has none and is opened unchecked.
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path

CHECKSUMS = "CHECKSUMS"
_CHUNK = 1 << 20
_TOC = ("_", ".toc")  # whoosh opens the newest table of contents it finds: none may be added


def _listed(name: str) -> bool:
    """Files a generation is made of (not the list itself, not whoosh's writer lock)."""
    return name != CHECKSUMS and not name.endswith("WRITELOCK") and not name.endswith(".tmp")


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


def problems(folder: Path) -> list[str]:
    """What is wrong with a generation's files, one short phrase each; [] when intact.

    [] also for a generation without CHECKSUMS (built before they existed).
    """
    try:
        listing = (folder / CHECKSUMS).read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as e:
        return [f"{CHECKSUMS} cannot be read ({e})"]
    found: list[str] = []
    listed: set[str] = set()
    for number, line in enumerate(listing.splitlines(), start=1):
        parts = line.split("  ", 2)
        if len(parts) != 3 or not parts[1].isdigit():
            found.append(f"{CHECKSUMS} line {number} is garbled")
            continue
        crc, size, name = parts[0], int(parts[1]), parts[2]
        listed.add(name)
        path = folder / name
        try:
            actual = path.stat().st_size
        except FileNotFoundError:
            found.append(f"{name} is missing")
            continue
        except OSError as e:
            found.append(f"{name} cannot be read ({e.strerror or e})")
            continue
        if actual != size:
            found.append(f"{name} has {actual} bytes where {size} were written")
        elif f"{_crc(path):08x}" != crc:
            found.append(f"{name} does not match its checksum")
    for entry in os.scandir(folder):
        if entry.name.startswith(_TOC[0]) and entry.name.endswith(_TOC[1]):
            if entry.name not in listed:
                found.append(f"{entry.name} was not written with the generation")
    return found
