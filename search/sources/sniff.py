"""Tell text from HTML from binary by looking at the first bytes of a file or response."""

from __future__ import annotations

import codecs
import re

from search.document import Kind

SNIFF_BYTES = 8192

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Formats that are never articles, by their magic numbers.
_MAGIC = (
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"%PDF",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"BZh",
    b"\xfd7zXZ",
    b"7z\xbc\xaf",
    b"Rar!",
    b"\x7fELF",
    b"MZ",
    b"SQLite format 3",
    b"\xd0\xcf\x11\xe0",  # OLE: .doc, .xls
    b"RIFF",
    b"OggS",
    b"ID3",
    b"\x00\x00\x01\x00",  # .ico
)

_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S)
_HTML_ANYWHERE = re.compile(rb"<(html|head|body|meta|title|div|p|br|table)\b[^>]*>", re.I)
_CONTROL = bytes(c for c in range(32) if c not in (9, 10, 12, 13, 27))


def bom_encoding(head: bytes) -> str | None:
    """The encoding a byte-order mark announces, if the bytes start with one."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    return None


def _plausible(c: str) -> bool:
    o = ord(c)
    return (
        0x20 <= o < 0x250
        or c in "\t\n\r"
        or 0x2000 <= o < 0x2070
        or 0x3000 <= o < 0xA000
        or 0xFF00 <= o < 0xFFF0
    )


def _looks_utf16(head: bytes) -> bool:
    """BOM-less UTF-16 text: NULs on one side of the byte pairs, and it decodes to the
    characters of Chinese or Latin text."""
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    pairs = len(head) // 2
    if not pairs or min(even, odd) > pairs * 0.02:
        return False
    for encoding in ("utf-16-le", "utf-16-be"):
        text = head[: pairs * 2].decode(encoding, "replace")
        if sum(map(_plausible, text)) >= 0.95 * len(text):
            return True
    return False


def looks_binary(head: bytes) -> bool:
    """True for images, archives, executables and other bytes that are not text in any charset."""
    if not head or bom_encoding(head):
        return False
    if head.startswith(_MAGIC):
        return True
    if b"\x00" in head:
        return not _looks_utf16(head)
    # Text in any legacy CJK charset has almost no C0 control bytes.
    controls = len(head) - len(head.translate(None, _CONTROL))
    return controls > max(8, len(head) // 100)


def _ascii_view(head: bytes) -> bytes:
    """The bytes with UTF-16/32 NULs dropped, enough to match ASCII markup."""
    encoding = bom_encoding(head)
    if encoding and encoding != "utf-8" or b"\x00" in head:
        return head.replace(b"\x00", b"")
    return head


def sniff_kind(head: bytes) -> Kind:
    """'html' when the bytes start like (or are full of) HTML markup, else 'text'."""
    view = _ascii_view(head).lstrip(codecs.BOM_UTF8 + b"\xff\xfe")
    if _HTML_START.match(view):
        return "html"
    return "html" if len(_HTML_ANYWHERE.findall(view[:4096])) >= 3 else "text"
