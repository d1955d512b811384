"""Which lines of a parsed page are the article: the element whose text holds the most
sentences, scored by the punctuation of its own text and of its paragraph children."""

from __future__ import annotations

import re
from dataclasses import dataclass

from selectolax.lexbor import LexborNode

from search.extract import spam
from search.extract.cues import SENTENCE_PUNCT
from search.extract.dom import Line, Page

_DEPTH = 40  # how far up a line's block is followed to its article element
_COMMENTS = re.compile(
    r"comment|(?:^|[\s_-])(?:cmt|tie|reply|replies|pinglun|gentie|discuss)(?:$|[\s_-])", re.I
)
_COMMENTS_WEIGHT, _COMMENT_LEVELS, _CHECKED = 0.2, 6, 5
_HAN = re.compile(r"[\u4e00-\u9fff]")
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
    best = _best(lines, score, spans)
    first, last = spans[best]
    node = _node_of(lines, first, best)
    if node is not None:  # lines of the element without punctuation: a dateline, a sub-heading
        while first > 0 and _textlike(lines[first - 1]) and _inside(lines[first - 1], node):
            first -= 1
        while (
            last + 1 < len(lines) and _textlike(lines[last + 1]) and _inside(lines[last + 1], node)
        ):
            last += 1
    return Article(first, last + 1, score[best])


def _best(lines: list[Line], score: dict[int, float], spans: dict[int, list[int]]) -> int:
    """The highest score, after the few best are checked for being a comment section (its
    class or id says so): comments can outnumber a short article's sentences."""
    top = sorted(score, key=score.__getitem__, reverse=True)[:_CHECKED]
    adjusted = {}
    for key in top:
        node = _node_of(lines, spans[key][0], key)
        adjusted[key] = score[key] * (_COMMENTS_WEIGHT if _in_comments(node) else 1.0)
    return max(adjusted, key=adjusted.__getitem__)


def _in_comments(node: LexborNode | None) -> bool:
    for _ in range(_COMMENT_LEVELS):
        if node is None:
            return False
        attrs = node.attributes
        if _COMMENTS.search(f"{attrs.get('class') or ''} {attrs.get('id') or ''}"):
            return True
        node = node.parent
    return False


def _textlike(line: Line) -> bool:
    """Words rather than controls: six characters or more, four of them Chinese."""
    text = line.text
    return len(text) >= 6 and len(_HAN.findall(text)) >= 4 and not spam.is_chrome(text)


def _node_of(lines: list[Line], index: int, mem_id: int) -> LexborNode | None:
    node: LexborNode | None = lines[index].block
    for _ in range(_DEPTH):
        if node is None or node.mem_id == mem_id:
            return node
        node = node.parent
    return None


def _inside(line: Line, node: LexborNode) -> bool:
    """The line's block is `node` or below it (and the line is no link)."""
    if line.is_link:
        return False
    up: LexborNode | None = line.block
    for _ in range(_DEPTH):
        if up is None:
            return False
        if up.mem_id == node.mem_id:
            return True
        up = up.parent
    return False


def headline_links(page: Page) -> int:
    """Links of headline length: many of them and little prose make a list page."""
    return sum(1 for line in page.lines if line.is_link and 8 <= len(line.text) <= 60)
