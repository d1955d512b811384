"""Width folding, case folding and traditional→simplified conversion, with a map back."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import opencc

from search.document import Script
from search.gazetteer.cache import cached, inputs_key


@lru_cache(maxsize=4)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """Traditional → simplified (OpenCC t2s); simplified text passes unchanged."""
    return _converter("t2s").convert(text) if text else text


def to_traditional(text: str) -> str:
    """Simplified → traditional (OpenCC s2t)."""
    return _converter("s2t").convert(text) if text else text


_NOT_HAN = re.compile(r"[^\u4e00-\u9fff]+")


def detect_script(text: str) -> Script:
    """'hant' when converting to simplified changes a noticeable share of the CJK characters."""
    sample = _NOT_HAN.sub("", text[:20000])[:4000]
    if not sample:
        return "hans"
    simplified = to_simplified(sample)
    if len(simplified) == len(sample):
        before = np.frombuffer(sample.encode("utf-32-le"), dtype="<u4")
        changed = int((before != np.frombuffer(simplified.encode("utf-32-le"), dtype="<u4")).sum())
    else:
        changed = sum(a != b for a, b in zip(sample, simplified, strict=False))
    # Simplified text converts to itself; a few shared variants differ even there.
    return "hant" if changed >= max(3, len(sample) // 50) else "hans"


@dataclass(frozen=True)
class Folded:
    """Folded text and, for each of its characters, the index of its source character."""

    text: str
    offsets: Sequence[int]  # a range when folding kept every character in place

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that folded[start:end] came from."""
        if not self.offsets:
            return (0, 0)
        start = min(max(start, 0), len(self.offsets) - 1)
        last = min(max(end - 1, start), len(self.offsets) - 1)
        return (self.offsets[start], self.offsets[last] + 1)


@lru_cache(maxsize=8192)
def _fold_char(c: str) -> str:
    return unicodedata.normalize("NFKC", c).lower()


# Code points whose NFKC + lower-case form differs: the BMP plus the astral blocks of
# styled letters and digits. Built once; str.translate then folds at C speed.
_FOLD_RANGES = (range(0x10000), range(0x1D400, 0x1D800), range(0x1F100, 0x1F200))


@lru_cache(maxsize=1)
def _fold_table() -> tuple[dict[int, str], re.Pattern[str]]:
    """The translate table, and a pattern for the characters that fold to several.

    The table depends only on this code and the Unicode version: it is kept in the cache
    folder (search.gazetteer.cache) rather than remade by every process.
    """
    table = cached("fold_table", inputs_key([Path(__file__)]), _fold_pairs, _fold_dict)
    expanding = [re.escape(chr(cp)) for cp, f in table.items() if len(f) != 1]
    return table, re.compile("[" + "".join(expanding) + "]")


def _fold_pairs() -> list[tuple[int, str]]:
    pairs = []
    for block in _FOLD_RANGES:
        for cp in block:
            c = chr(cp)
            if 0xD800 <= cp <= 0xDFFF:
                continue
            f = unicodedata.normalize("NFKC", c).lower()
            if f != c:
                pairs.append((cp, f))
    return pairs


def _fold_dict(pairs: Any) -> dict[int, str]:
    table = {}
    for cp, f in pairs:
        if type(cp) is not int or type(f) is not str:
            raise TypeError("the cached fold table is not code points and strings")
        table[cp] = f
    return table


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """text without control characters (C0 and C1; tab and line breaks kept).

    For whatever is echoed back to a user (a query, a parameter, a document id): a NUL
    or an escape sequence has no business in a page, a message or a terminal.
    """
    return _CONTROL.sub("", text)


# The pipeline normalises and folds the same title and text for the content hash, the
# year, the regions, the zones and the fingerprint: the last few results are kept rather
# than redoing each four times.
@lru_cache(maxsize=16)
def nfkc(text: str) -> str:
    """Unicode NFKC (compatibility composition: full-width forms to ASCII, and so on)."""
    # Each character's own NFKC, by table, is NFKC(text) whenever the result is normalised
    # (the check is a quick scan): composition across characters is rare in Chinese text,
    # and the full algorithm costs ~0.12 us a character, most of a document's normalising.
    quick = text.translate(_nfkc_table())
    if unicodedata.is_normalized("NFKC", quick):
        return quick
    return unicodedata.normalize("NFKC", quick)


@lru_cache(maxsize=1)
def _nfkc_table() -> dict[int, str]:
    """The code points of _FOLD_RANGES whose NFKC is not themselves, with their NFKC."""
    table = {}
    for block in _FOLD_RANGES:
        for cp in block:
            if not 0xD800 <= cp <= 0xDFFF:
                c = chr(cp)
                f = unicodedata.normalize("NFKC", c)
                if f != c:
                    table[cp] = f
    return table


@lru_cache(maxsize=16)
def fold(text: str) -> str:
    """NFKC, lower case, then traditional → simplified: the form everything is matched in."""
    return to_simplified(nfkc(text).lower())


def fold_with_offsets(text: str) -> Folded:
    """fold(text), keeping for each folded character the index of the character it came from.

    Folding is per character (a combining sequence is not composed), so the index side
    and the query side, which both come through here, always agree.
    """
    table, expanding = _fold_table()
    width_folded = text.translate(table)
    if len(width_folded) == len(text):
        # Every character folded to exactly one: the offsets are the identity.
        offsets: Sequence[int] = range(len(text))
    else:
        index: list[int] = []
        done = 0
        for m in expanding.finditer(text):
            i = m.start()
            index.extend(range(done, i))
            index.extend([i] * len(table[ord(text[i])]))
            done = i + 1
        index.extend(range(done, len(text)))
        offsets = index
    simplified = to_simplified(width_folded)
    if len(simplified) != len(width_folded):
        # OpenCC replaced a phrase by one of another length: convert char by char instead.
        simplified = "".join(to_simplified(c) or c for c in width_folded)
        if len(simplified) != len(width_folded):
            simplified = width_folded
    return Folded(simplified, offsets)
