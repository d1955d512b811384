"""Which lines of a parsed page are the article: the element whose text holds the most
sentences, scored by the punctuation of its own text and of its paragraph children."""

from __future__ import annotations

import re
from dataclasses import dataclass

from search.extract.cues import SENTENCE_PUNCT
from search.extract.dom import Line, Page

_MARKS = re.compile(f"[{SENTENCE_PUNCT}，]")


def marks(text: str) -> int:
    """Sentence and clause punctuation: how much prose a text holds."""
    return len(_MARKS.findall(text))


@dataclass(frozen=True)
class Article:
    """The line range [start, end) of the chosen element and its score."""

    start: int
    end: int
    score: float

    def lines(self, page: Page) -> list[Line]:
        return page.lines[self.start : self.end]


def find(page: Page) -> Article | None:
    """The element whose lines hold the most punctuation: a paragraph's marks count for the
    element holding it and half for the one above (readability's rule); a block with several
    lines of bare text (<br>-separated) counts for itself."""
    lines = page.lines
    per_block: dict[int, int] = {}
    for line in lines:
        per_block[line.block_id] = per_block.get(line.block_id, 0) + 1
    score: dict[int, float] = {}
    spans: dict[int, list[int]] = {}
    parents: dict[int, tuple[int, int]] = {}  # block id -> (target id, target's parent id)
    for line in lines:
        if line.is_link:
            continue
        m = marks(line.text)
        if not m:
            continue
        ids = parents.get(line.block_id)
        if ids is None:
            block = line.block
            target = block if per_block[line.block_id] > 1 else (block.parent or block)
            above = target.parent
            ids = parents[line.block_id] = (target.mem_id, above.mem_id if above else 0)
        for key, weight in ((ids[0], 1.0), (ids[1], 0.5)):
            if not key:
                continue
            score[key] = score.get(key, 0.0) + m * weight
            span = spans.get(key)
            if span is None:
                spans[key] = [line.index, line.index]
            else:
                span[1] = line.index
    if not score:
        return None
    best = max(score, key=score.__getitem__)
    first, last = spans[best]
    return Article(first, last + 1, score[best])


def headline_links(page: Page) -> int:
    """Links of headline length: many of them and little prose make a list page."""
    return sum(1 for line in page.lines if line.is_link and 8 <= len(line.text) <= 60)
