"""Files and folders, walked recursively in a stable order, as Raw bytes or a Skip with a reason.

Decisions:
- .txt is text, .html/.htm/.shtml/.xhtml is HTML, a file without an extension is sniffed
  (HTML, text, or binary → Skip). Files with any other extension are passed over silently.
- Inside a folder, entries whose name starts with "." (.git, .DS_Store, editor swap files) are
  passed over; a path given explicitly is always read.
- Files larger than max_bytes (20 MB by default) are skipped whole, never cut: no article is
  that long, and a cut file would be indexed as if it were complete.
- A file reached twice (through a symlink) is read once; a symlink that loops, or a folder
  symlink pointing back to one of its own ancestors, is a Skip("symlink loop").
- A name is bytes, not always UTF-8 (a GBK name unpacked from another system's archive): its
  uri shows the bytes that are not UTF-8 as \\xNN escapes (uri_of), so that it is text
  everywhere it goes, while the file itself is read by its real name.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from search.document import Kind, Raw, Skip
from search.sources.sniff import SNIFF_BYTES, looks_binary, sniff_kind

MAX_FILE_BYTES = 20 * 1024 * 1024

EXTENSION_KINDS: dict[str, Kind] = {
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".xhtml": "html",
}


def uri_of(path: Path | str) -> str:
    """A path as text: bytes of its name that are not UTF-8 written as \\xNN escapes."""
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # os.fsdecode's surrogate escapes: show the bytes instead
        return os.fsencode(text).decode("utf-8", "backslashreplace")
    return text


def iter_files(paths: Iterable[Path], *, max_bytes: int = MAX_FILE_BYTES) -> Iterator[Raw | Skip]:
    """Every readable .txt/.html/extensionless file under the given files and folders."""
    walker = _Walker(max_bytes)
    for path in paths:
        yield from walker.visit(Path(path), explicit=True, ancestors=())


def _os_reason(err: OSError) -> str:
    if isinstance(err, FileNotFoundError):
        return "vanished while reading" if err.filename else "no such file or folder"
    if isinstance(err, PermissionError):
        return "unreadable: permission denied"
    if err.errno == errno.ELOOP:
        return "symlink loop"
    return f"unreadable: {err.strerror or err}"


class _Walker:
    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.seen_files: set[str] = set()
        self.seen_dirs: set[tuple[int, int]] = set()

    def visit(
        self, path: Path, *, explicit: bool, ancestors: tuple[tuple[int, int], ...]
    ) -> Iterator[Raw | Skip]:
        try:
            resolved = path.resolve(strict=True)
            info = resolved.stat()
        except RuntimeError:  # Python < 3.13 reports a symlink loop this way
            yield Skip(uri_of(path), "symlink loop")
            return
        except OSError as err:
            if explicit and isinstance(err, FileNotFoundError) and not path.is_symlink():
                yield Skip(uri_of(path), "no such file or folder")
            elif isinstance(err, FileNotFoundError) and path.is_symlink():
                yield Skip(uri_of(path), "broken symlink")
            else:
                yield Skip(uri_of(path), _os_reason(err))
            return
        if stat.S_ISDIR(info.st_mode):
            yield from self._visit_dir(path, resolved, (info.st_dev, info.st_ino), ancestors)
        elif stat.S_ISREG(info.st_mode):
            kind = self._kind_for(resolved)
            if kind is False:
                if explicit:
                    yield Skip(uri_of(resolved), f"unsupported extension {resolved.suffix}")
                return
            if str(resolved) in self.seen_files:
                return
            self.seen_files.add(str(resolved))
            yield self._read(resolved, info.st_size, kind)
        else:
            yield Skip(uri_of(resolved), "not a regular file")

    def _visit_dir(
        self,
        path: Path,
        resolved: Path,
        key: tuple[int, int],
        ancestors: tuple[tuple[int, int], ...],
    ) -> Iterator[Raw | Skip]:
        if key in ancestors:
            yield Skip(uri_of(path), "symlink loop")
            return
        if key in self.seen_dirs:
            return
        self.seen_dirs.add(key)
        try:
            names = sorted(os.listdir(resolved))
        except OSError as err:
            yield Skip(uri_of(resolved), _os_reason(err))
            return
        for name in names:
            if name.startswith("."):
                continue
            yield from self.visit(path / name, explicit=False, ancestors=(*ancestors, key))

    @staticmethod
    def _kind_for(resolved: Path) -> Kind | None | bool:
        """Kind from the extension, None to sniff, False to pass the file over."""
        suffix = resolved.suffix.lower()
        if suffix in EXTENSION_KINDS:
            return EXTENSION_KINDS[suffix]
        # "report.2024" or "v1.0" are not extensions worth refusing a file for.
        return None if not suffix[1:].isalpha() else False

    def _read(self, path: Path, size: int, kind: Kind | None) -> Raw | Skip:
        uri = uri_of(path)
        if size > self.max_bytes:
            return Skip(uri, f"too large: {size} bytes, over the {self.max_bytes}-byte cap")
        try:
            with open(path, "rb") as handle:
                data = handle.read(self.max_bytes + 1)
        except OSError as err:
            return Skip(uri, _os_reason(err))
        if not data:
            return Skip(uri, "empty file")
        if len(data) > self.max_bytes:  # grew since stat
            return Skip(uri, f"too large: over the {self.max_bytes}-byte cap")
        head = data[:SNIFF_BYTES]
        if looks_binary(head):
            return Skip(uri, "binary content")
        return Raw(uri=uri, data=data, kind=kind or sniff_kind(head))
