"""Width folding, case folding and traditional→simplified conversion, with a map back."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import opencc

from search.document import Script


@lru_cache(maxsize=4)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """Traditional → simplified (OpenCC t2s); simplified text passes unchanged."""
    return _converter("t2s").convert(text) if text else text


def to_traditional(text: str) -> str:
    """Simplified → traditional (OpenCC s2t)."""
    return _converter("s2t").convert(text) if text else text


def detect_script(text: str) -> Script:
    """'hant' when converting to simplified changes a noticeable share of the CJK characters."""
    han = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if not han:
        return "hans"
    sample = "".join(han[:4000])
    changed = sum(a != b for a, b in zip(sample, to_simplified(sample), strict=False))
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


def _fold_char(c: str) -> str:
    return unicodedata.normalize("NFKC", c).lower()


def fold(text: str) -> str:
    """NFKC, lower case, then traditional → simplified: the form everything is matched in."""
    return to_simplified(unicodedata.normalize("NFKC", text).lower())


def fold_with_offsets(text: str) -> Folded:
    """fold(text), keeping for each folded character the index of the character it came from."""
    width_folded = unicodedata.normalize("NFKC", text).lower()
    if len(width_folded) == len(text) and unicodedata.is_normalized("NFKC", text):
        # The common case (already NFKC, no case change of length): offsets are the identity.
        offsets: Sequence[int] = range(len(text))
    else:
        chars: list[str] = []
        index: list[int] = []
        for i, c in enumerate(text):
            for f in _fold_char(c):
                chars.append(f)
                index.append(i)
        width_folded = "".join(chars)
        offsets = index
    simplified = to_simplified(width_folded)
    if len(simplified) != len(width_folded):
        # OpenCC replaced a phrase by one of another length: convert char by char instead.
        simplified = "".join(to_simplified(c) or c for c in width_folded)
        if len(simplified) != len(width_folded):
            simplified = width_folded
    return Folded(simplified, offsets)
