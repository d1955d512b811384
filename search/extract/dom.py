"""One parse of a page (selectolax/Lexbor): its visible text as lines, one per block element,
with what each line is (link text, heading, the block it sits in), and its head fields."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

from search.extract.cues import SENTENCE_PUNCT

BLOCK_TAGS = frozenset(
    """address article aside blockquote body center dd details dialog dir div dl dt fieldset
    figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu nav ol p
    pre section summary table tbody td tfoot th thead tr ul""".split()
)
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_NEVER_TEXT = frozenset("script style noscript template iframe select option textarea svg".split())
_HIDDEN = ",".join(
    (
        '[style*="display:none" i]',
        '[style*="display: none" i]',
        '[style*="visibility:hidden" i]',
        '[style*="visibility: hidden" i]',
        "[hidden]",
    )
)
_PUNCT = re.compile(f"[{SENTENCE_PUNCT}，]")
_HIDDEN_ARTICLE_MARKS = 10  # fewer marks than this in a hidden element: a pop-up, not an article


class Line:
    """A run of text inside one block element, in page order."""

    __slots__ = ("text", "block", "block_id", "link_chars", "heading", "index", "is_link")

    def __init__(
        self, text: str, block: LexborNode, block_id: int, heading: int, link_chars: int, index: int
    ) -> None:
        self.text = text
        self.block = block
        self.block_id = block_id
        self.link_chars = link_chars
        self.heading = heading
        self.index = index
        self.is_link = link_chars * 2 > len(text)  # mostly link text: a menu entry, a related item

    def __repr__(self) -> str:
        return f"Line({self.index}, {self.text[:30]!r}, link={self.link_chars}, h={self.heading})"


@dataclass
class Page:
    """A parsed page: its lines and what its <head> says."""

    lines: list[Line]
    title: str  # the <title>, spaces collapsed
    metas: dict[str, str]  # name/property/itemprop (lower case) -> first non-empty content
    hidden: list[str] = field(default_factory=list)  # text of hidden elements dropped


def clean(text: str | None) -> str:
    """Spaces (including ideographic and no-break ones) collapsed, ends stripped."""
    return " ".join((text or "").split())


def _metas(tree: LexborHTMLParser) -> dict[str, str]:
    found: dict[str, str] = {}
    for node in tree.css("meta"):
        attrs = node.attributes
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or ""
        content = clean(attrs.get("content"))
        key = key.strip().lower()
        if key and content and key not in found:
            found[key] = content
    return found


def _drop_hidden(tree: LexborHTMLParser, body: LexborNode) -> list[str]:
    """Remove display:none and hidden elements, unless one holds most of the page's sentences
    (a page that reveals its article by script)."""
    hidden = tree.css(_HIDDEN)
    if not hidden:
        return []
    total: int | None = None
    dropped = []
    for node in hidden:
        text = node.text()
        marks = len(_PUNCT.findall(text))
        if marks >= _HIDDEN_ARTICLE_MARKS:  # rare: only then count the whole page's
            if total is None:
                total = len(_PUNCT.findall(body.text()))
            if marks * 2 > total:
                continue
        dropped.append(clean(text))
        node.decompose()
    return [t for t in dropped if t]


_Owner = tuple[LexborNode | None, bool, int, int]  # block, in a link, block id, heading level
_NO_OWNER: _Owner = (None, False, 0, 0)


def _block_of(parent: LexborNode) -> _Owner:
    """The nearest block element at or above `parent` (None inside script/style/...), whether
    the text sits in a link (an <a> below the block or at most two levels above it), the
    block's id and its heading level."""
    link = False
    node: LexborNode | None = parent
    while node is not None:
        tag = node.tag
        if tag in _NEVER_TEXT:
            return _NO_OWNER
        if tag == "a":
            link = True
        elif tag in BLOCK_TAGS:
            break
        node = node.parent
    if node is None:
        return _NO_OWNER
    up = node.parent
    for _ in range(2):
        if up is None or link:
            break
        if up.tag == "a":
            link = True
        up = up.parent
    return node, link, node.mem_id, HEADINGS.get(tag, 0)


def parse(html: str) -> Page:
    """Parse once; the visible lines of <body> and the fields of <head>."""
    tree = LexborHTMLParser(html)
    title_node = tree.css_first("title")
    title = clean(title_node.text()) if title_node is not None else ""
    metas = _metas(tree)
    body = tree.body
    if body is None:
        return Page([], title, metas)
    hidden = _drop_hidden(tree, body)
    lines: list[Line] = []
    owners: dict[int, _Owner] = {}
    owner: _Owner = _NO_OWNER
    parts: list[str] = []
    link_chars = 0
    block_tags = BLOCK_TAGS

    def flush() -> None:
        text = " ".join("".join(parts).split())
        if text and owner[0] is not None:
            n = min(link_chars, len(text))
            lines.append(Line(text, owner[0], owner[2], owner[3], n, len(lines)))

    for node in body.traverse(include_text=True):
        tag = node.tag
        if tag == "-text":
            raw = node.text_content
            if not raw or raw.isspace():
                continue
            parent = node.parent
            key = parent.mem_id
            found = owners.get(key)
            if found is None:
                found = owners[key] = _block_of(parent)
            if found[0] is None:
                continue
            if found[2] != owner[2]:
                if parts:
                    flush()
                    parts, link_chars = [], 0
                owner = found
            parts.append(raw)
            if found[1]:
                link_chars += len(raw.strip())
        elif parts and (tag in block_tags or tag == "br"):
            flush()  # a block starts: the text before it ends its line
            parts, link_chars = [], 0
    if parts:
        flush()
    return Page(lines, title, metas, hidden)
