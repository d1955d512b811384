"""Bytes → str: the BOM, then the HTTP header charset, then the HTML meta charset, then chardet."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import lru_cache

import chardet

from search.document import Kind, Skip

_BOMS = (  # UTF-32 before UTF-16: the UTF-32-LE BOM starts with the UTF-16-LE one
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Legacy labels decoded with their supersets: pages labelled gb2312 routinely use GBK characters.
_SUPERSETS: dict[str, tuple[str, ...]] = {
    "gb2312": ("gb18030",),
    "gbk": ("gb18030",),
    "gb18030": ("gb18030",),
    "big5": ("big5hkscs", "cp950"),
    "big5hkscs": ("big5hkscs", "cp950"),
    "cp950": ("cp950", "big5hkscs"),
    "ascii": ("utf-8",),
}
_MULTIBYTE_LEGACY = {"gb18030", "big5hkscs", "cp950", "shift_jis", "euc_jp", "euc_kr", "cp949"}
_UNICODE = {"utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"}

_MAGIC = (
    (b"%PDF", "PDF"),
    (b"\x89PNG", "PNG image"),
    (b"GIF8", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"\xd0\xcf\x11\xe0", "MS Office document"),
    (b"\x7fELF", "ELF executable"),
    (b"RIFF", "RIFF media"),
)

_META_RE = re.compile(rb"<meta\b[^>]{0,400}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
_SNIFF_BYTES = 64 * 1024
_CHARDET_BYTES = 256 * 1024


@dataclass(frozen=True)
class Decoded:
    """Decoded text, the codec that produced it and why that codec was chosen."""

    text: str
    encoding: str
    reason: str


def _codecs_for(label: str) -> tuple[str, ...]:
    """Python codecs to try for a declared or detected charset label; () if unknown."""
    key = label.strip().strip("\"'").lower().replace("_", "-")
    aliases = {
        "x-gbk": "gbk",
        "cp936": "gbk",
        "ms936": "gbk",
        "windows-936": "gbk",
        "gb-2312": "gb2312",
        "euc-cn": "gb2312",
        "x-euc-cn": "gb2312",
        "hz-gb-2312": "gb2312",
        "big5-hkscs": "big5hkscs",
        "x-x-big5": "big5",
        "windows-950": "cp950",
        "us-ascii": "ascii",
    }
    key = aliases.get(key, key)
    if key in _SUPERSETS:
        return _SUPERSETS[key]
    try:
        name = codecs.lookup(key).name
    except (LookupError, ValueError):
        return ()
    if not _decodes_text(name):
        return ()
    if name in {"gbk", "gb2312"}:
        return _SUPERSETS["gb18030"]
    return (name,)


@lru_cache(maxsize=256)
def _decodes_text(codec: str) -> bool:
    """The codec turns bytes into text, also with errors="replace". Python also knows
    codecs that do not ("undefined" always fails, "idna" only decodes strictly, "rot13"
    and "base64" are not text encodings): a page declaring one of those is not trusted.
    Nor are Python's string-literal escapes, which are no charset a page is written in."""
    if codec in {"unicode-escape", "raw-unicode-escape"}:
        return False
    try:
        b"".decode(codec)
        b"\xff\x80a\x00".decode(codec, errors="replace")
    except (LookupError, ValueError, TypeError):  # UnicodeError is a ValueError
        return False
    return True


def _strict(data: bytes, codec: str) -> str | None:
    """Strict decoding; a multibyte character cut off at the very end (a truncated file) is
    dropped rather than failing the whole file."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError as e:
        if e.start < len(data) - 3:
            return None
        try:
            return data[: e.start].decode(codec)
        except UnicodeDecodeError:
            return None
    except (LookupError, ValueError):
        return None


def _is_utf8_with_multibyte(data: bytes) -> bool:
    return not data.isascii() and _strict(data, "utf-8") is not None


def _bomless_unicode(data: bytes) -> str | None:
    """UTF-32 or UTF-16 without a BOM, recognised by decoding: NUL bytes in the sample and a
    strict decoding that is all printable text. chardet finds these only from version 6 on,
    and the project allows 5.2 (readability-lxml in the bench extra pins chardet below 6)."""
    sample = data[:_SNIFF_BYTES]
    if b"\x00" not in sample:
        return None
    for codec, unit in (("utf-32-le", 4), ("utf-32-be", 4), ("utf-16-le", 2), ("utf-16-be", 2)):
        text = _strict(sample[: len(sample) // unit * unit], codec)
        if not text:
            continue
        printable = sum(c.isprintable() or c in "\n\r\t" for c in text)
        if printable >= 0.98 * len(text) and _strict(data[: len(data) // unit * unit], codec):
            return codec
    return None


def _binary_reason(data: bytes) -> str | None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return f"binary data ({what})"
    sample = data[:_SNIFF_BYTES]
    if b"\x00" not in sample:
        return None
    guess = chardet.detect(sample)
    if (guess.get("encoding") or "").lower().startswith(("utf-16", "utf-32")):
        return None  # BOM-less UTF-16/32 text: NULs are expected
    if _bomless_unicode(data):
        return None
    controls = sum(b < 9 or 13 < b < 32 for b in sample)
    if controls * 20 < len(sample):
        return None  # a few stray NULs in text: read it, the extractor drops control characters
    return f"binary data ({controls} control bytes in the first {len(sample)})"


def _declared_meta(data: bytes) -> str | None:
    match = _META_RE.search(data[:_SNIFF_BYTES])
    return match.group(1).decode("ascii", "replace") if match else None


def _try_declared(data: bytes, label: str, what: str) -> Decoded | str:
    """The text under a declared charset, or why the declaration is overruled."""
    candidates = _codecs_for(label)
    if not candidates:
        return f"{what} {label} overruled: unknown charset"
    for codec in candidates:
        text = _strict(data, codec)
        if text is None:
            continue
        if codec in _MULTIBYTE_LEGACY and _is_utf8_with_multibyte(data):
            return f"{what} {label} overruled: the bytes are valid UTF-8"
        return Decoded(text, codec, what if codec == candidates[0] else f"{what} {label}→{codec}")
    bad = data.decode(candidates[0], errors="replace").count("\ufffd")
    return f"{what} {label} overruled: {bad} undecodable byte sequences as {candidates[0]}"


def _detect(data: bytes) -> Decoded | None:
    text = _strict(data, "utf-8")
    if text is not None:
        return Decoded(text, "utf-8", "valid utf-8" if not data.isascii() else "ascii")
    for rank, guess in enumerate(chardet.detect_all(data[:_CHARDET_BYTES])):
        label = guess.get("encoding")
        if not label:
            continue
        codecs_ = _codecs_for(label)
        single_byte = not set(codecs_) & (_MULTIBYTE_LEGACY | _UNICODE)
        if single_byte and (rank > 0 or guess.get("confidence", 0) < 0.5):
            continue  # single-byte codecs decode anything: trust them only as a confident 1st guess
        for codec in codecs_:
            text = _strict(data, codec)
            if text is not None and "\ufffd" not in text:
                return Decoded(text, codec, f"chardet {guess.get('confidence', 0):.2f}")
    wide = _bomless_unicode(data)
    if wide:
        unit = 4 if "32" in wide else 2
        text = _strict(data[: len(data) // unit * unit], wide)
        if text is not None:
            return Decoded(text, wide, f"{wide} without a bom (strict decoding, all printable)")
    return None


def _last_resort(data: bytes, guesses: tuple[str, ...]) -> Decoded:
    """Decode with replacement: as UTF-8 when nearly all of it is valid UTF-8 (a few corrupt
    bytes in a UTF-8 file), else under the codec that needs the fewest replacements."""
    utf8 = data.decode("utf-8", errors="replace")
    bad = utf8.count("\ufffd")
    if bad * 10 <= sum(not c.isascii() for c in utf8) - bad:
        return Decoded(utf8, "utf-8", f"utf-8 with {bad} undecodable byte sequences replaced")
    best: tuple[int, str, str] | None = None
    for codec in dict.fromkeys((*guesses, "utf-8", "gb18030", "big5hkscs")):
        text = data.decode(codec, errors="replace")
        bad = text.count("\ufffd")
        if best is None or bad < best[0]:
            best = (bad, codec, text)
    assert best is not None
    bad, codec, text = best
    return Decoded(text, codec, f"{codec} with {bad} undecodable byte sequences replaced")


def decode(data: bytes, *, header_charset: str | None = None) -> Decoded | Skip:
    """Decode bytes into text, saying which codec was used and why; Skip empty or binary data."""
    if not data.strip():
        return Skip("", "empty file" if not data else "only whitespace")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = data.decode(codec, errors="replace")
            bad = text.count("\ufffd")
            return Decoded(text, codec, "bom" if not bad else f"bom, {bad} bad sequences replaced")
    binary = _binary_reason(data)
    if binary:
        return Skip("", binary)
    overruled: list[str] = []
    declared: list[tuple[str, str]] = []
    if header_charset:
        declared.append((header_charset, "http header"))
    meta = _declared_meta(data)
    if meta:
        declared.append((meta, "meta charset"))
    for label, what in declared:
        result = _try_declared(data, label, what)
        if isinstance(result, Decoded):
            if overruled:
                return Decoded(result.text, result.encoding, f"{result.reason}; {overruled[0]}")
            return result
        overruled.append(result)
    detected = _detect(data)
    if detected is None:
        guesses = tuple(c for label, _ in declared for c in _codecs_for(label))
        detected = _last_resort(data, guesses)
    if overruled:
        return Decoded(detected.text, detected.encoding, "; ".join([*overruled, detected.reason]))
    return detected


_HTML_START = re.compile(
    r"\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|\?xml)\b", re.I | re.S
)
_HTML_TAG = re.compile(r"</?(html|head|body|div|p|table|span|a|meta|title|script)\b[^>]*>", re.I)


def sniff_kind(text: str) -> Kind:
    """'html' when the text looks like markup, else 'text' (for files without an extension)."""
    head = text[:4096].lstrip("\ufeff")
    if _HTML_START.match(head):
        return "html"
    tags = len(_HTML_TAG.findall(head))
    return "html" if tags >= 5 and tags * 40 > len(head.strip()) * 0.1 else "text"
