"""What a query means beyond its words: a year it names is a date preference, not a string.

2019年 临港新片区 设立 asks for the 2019 launch: the items of 2019 that report it need not
contain the string 2019年. So an unquoted year (2019年, 2019年度, 2019年8月, or 2019 on its own)
is taken out of the words to match and kept as a preference: documents of that year rank
higher, and the year's string in a text adds a little, but neither is required. Quoted text
and field prefixes (title:2019) stay exactly as typed; a query that is nothing but a year
browses that year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from search.engine.querylang import And, Node, Not, Or, Parsed, Text, Years
from search.text.normalise import fold

# A year inside a word needs its 年 (2019年临港): a bare number there is a count (2000亩).
_IN_WORD = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})年(?!代)(?:度|[0-9]{1,2}月(?:[0-9]{1,2}日)?)?")
_ALONE = re.compile(r"((?:19|20)[0-9]{2})年?度?")


@dataclass(frozen=True)
class Understood:
    """The tree left to match, and the years the query prefers (in the order named)."""

    node: Node | None
    years: tuple[int, ...] = ()
    notes: tuple[str, ...] = ()


def _split_years(text: str) -> tuple[list[str], list[int]]:
    """The words of a query chunk with its years taken out, and those years."""
    folded = fold(text)
    whole = _ALONE.fullmatch(folded)
    if whole:
        return [], [int(whole.group(1))]
    rest: list[str] = []
    years: list[int] = []
    at = 0
    for m in _IN_WORD.finditer(folded):
        rest.append(folded[at : m.start()])
        years.append(int(m.group(1)))
        at = m.end()
    rest.append(folded[at:] if years else text)
    return [r for r in rest if r.strip()], years


def _rewrite(node: Node, years: list[int]) -> Node | None:
    """node without its year words (collected into years); None when nothing is left."""
    if isinstance(node, Text):
        if node.phrase or node.field is not None:
            return node
        rest, found = _split_years(node.text)
        if not found:
            return node
        years.extend(found)
        parts: list[Node] = [Text(r) for r in rest]
        return None if not parts else parts[0] if len(parts) == 1 else And(tuple(parts))
    if isinstance(node, And):
        kept = [k for k in (_rewrite(n, years) for n in node.nodes) if k is not None]
        return None if not kept else kept[0] if len(kept) == 1 else And(tuple(kept))
    return node  # inside OR and NOT a year is a word like any other


def _has_positive_text(node: Node | None) -> bool:
    if node is None or isinstance(node, Not):
        return False
    if isinstance(node, Text):
        return True
    if isinstance(node, And | Or):
        return any(_has_positive_text(n) for n in node.nodes)
    return False


def understand(parsed: Parsed) -> Understood:
    """The parsed query with its years turned into preferences."""
    if parsed.node is None:
        return Understood(None, (), parsed.notes)
    years: list[int] = []
    node = _rewrite(parsed.node, years)
    years = list(dict.fromkeys(years))
    if years and not _has_positive_text(node):
        # Nothing but a year (and exclusions): browse the year(s).
        spans: list[Node] = [Years(y, y) for y in years]
        restrict = spans[0] if len(spans) == 1 else Or(tuple(spans))
        node = restrict if node is None else And((restrict, node))
        return Understood(node, (), parsed.notes)
    return Understood(node, tuple(years), parsed.notes)
