"""The query language, parsed into a small syntax tree without touching any index.

Words are ANDed; OR (or |) and parentheses group; a leading minus or NOT excludes;
"quoted text" is a phrase; title:, source:, region:, mentions:, zone: and year: narrow to a
field (region: to the places an article is about, mentions: to every place it names),
year: also takes ranges (2019..2024, 2019.., ..2024). Whatever a user types by accident
(unbalanced quotes or parentheses, a lone minus, emoji, HTML, very long input) still
parses: the parser never raises, it notes what it ignored for the user instead.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Literal

MAX_QUERY_CHARS = 200
MAX_CLAUSES = 32

Field = Literal["title", "source", "region", "mentions", "zone", "year"]
FIELDS: tuple[Field, ...] = ("title", "source", "region", "mentions", "zone", "year")
# Chinese spellings of the prefixes, for users who type them.
FIELD_ALIASES: dict[str, Field] = {
    "标题": "title",
    "來源": "source",
    "来源": "source",
    "地区": "region",
    "地區": "region",
    "提及": "mentions",
    "年份": "year",
}


class QueryError(ValueError):
    """A query that cannot be run; the message is meant for the user."""


@dataclass(frozen=True)
class Text:
    """Free text to match in title and body (or only `field`); a phrase when quoted."""

    text: str
    phrase: bool = False
    field: Literal["title", "source"] | None = None


@dataclass(frozen=True)
class Facet:
    """region:, mentions: or zone: — a restriction resolved against the index's own values."""

    field: Literal["region", "mentions", "zone"]
    value: str


@dataclass(frozen=True)
class Years:
    """year:2020 or year:2019..2024; None is an open end."""

    start: int | None
    end: int | None


@dataclass(frozen=True)
class Not:
    node: Node


@dataclass(frozen=True)
class And:
    nodes: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    nodes: tuple[Node, ...]


Node = Text | Facet | Years | Not | And | Or


@dataclass(frozen=True)
class Parsed:
    """The tree (None when the text holds nothing to search for) and notes for the user."""

    node: Node | None
    notes: tuple[str, ...] = ()


# Tokens: quoted text (closing quote optional), parentheses, or a run of anything else.
_QUOTES = '"“”「」『』＂'
_TOKEN = re.compile(
    rf"(?P<q>[{_QUOTES}])(?P<phrase>[^{_QUOTES}]*)[{_QUOTES}]?"
    r"|(?P<open>[(（])|(?P<close>[)）])"
    rf"|(?P<word>[^\s(（)）{_QUOTES}]+)"
)
_YEARS = re.compile(r"^(\d{4})?(?:(\.\.|～|~|-|—)(\d{4})?)?$")
_TAG = re.compile(r"<[^<>]{0,200}>")
_OR = {"or", "|", "或"}
_AND = {"and", "&", "且"}
_NOT = {"not", "非"}


@dataclass
class _Tok:
    kind: Literal["word", "phrase", "open", "close"]
    text: str


def _tokens(text: str, notes: list[str]) -> list[_Tok]:
    out: list[_Tok] = []
    for m in _TOKEN.finditer(text):
        if m.group("q") is not None:
            if not m.group(0).endswith(tuple(_QUOTES)) or len(m.group(0)) == 1:
                notes.append("引号不成对，已按到结尾的短语处理")
            out.append(_Tok("phrase", m.group("phrase")))
        elif m.group("open"):
            out.append(_Tok("open", "("))
        elif m.group("close"):
            out.append(_Tok("close", ")"))
        else:
            out.append(_Tok("word", m.group("word")))
    return out


class _Parser:
    def __init__(self, toks: list[_Tok], notes: list[str]) -> None:
        self.toks = toks
        self.i = 0
        self.notes = notes
        self.clauses = 0

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def is_op(self, words: set[str]) -> bool:
        t = self.peek()
        return t is not None and t.kind == "word" and t.text.lower() in words

    def expr(self) -> Node | None:
        parts = [self.conj()]
        while self.is_op(_OR):
            self.i += 1
            parts.append(self.conj())
        kept = tuple(p for p in parts if p is not None)
        if not kept:
            return None
        return kept[0] if len(kept) == 1 else Or(kept)

    def conj(self) -> Node | None:
        parts: list[Node] = []
        while (t := self.peek()) is not None and t.kind != "close" and not self.is_op(_OR):
            if self.is_op(_AND):
                self.i += 1
                continue
            node = self.unary()
            if node is not None:
                parts.append(node)
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def unary(self) -> Node | None:
        t = self.peek()
        assert t is not None
        if self.is_op(_NOT) and self.i + 1 < len(self.toks):
            self.i += 1
            inner = self.unary_or_none()
            return Not(inner) if inner is not None else None
        if t.kind == "word" and t.text[0] in "-－" and t.text not in _OR:
            rest = t.text.lstrip("-－")
            if not rest:
                self.i += 1
                nxt = self.peek()
                if nxt is not None and nxt.kind in ("phrase", "open"):
                    inner = self.unary_or_none()
                    return Not(inner) if inner is not None else None
                self.notes.append("单独的减号已忽略")
                return None
            t.text = rest
            inner = self.primary()
            return Not(inner) if inner is not None else None
        return self.primary()

    def unary_or_none(self) -> Node | None:
        return self.unary() if self.peek() is not None else None

    def primary(self) -> Node | None:
        t = self.peek()
        assert t is not None
        self.i += 1
        if t.kind == "open":
            inner = self.expr()
            if self.peek() is not None and self.peek().kind == "close":  # type: ignore[union-attr]
                self.i += 1
            else:
                self.notes.append("括号不成对，已在结尾补上")
            return inner
        if t.kind == "close":
            return None
        self.clauses += 1
        if self.clauses > MAX_CLAUSES:
            if self.clauses == MAX_CLAUSES + 1:
                self.notes.append(f"检索词过多，只用了前 {MAX_CLAUSES} 个")
            return None
        if t.kind == "phrase":
            return Text(t.text, phrase=True) if t.text.strip() else None
        return self.field_or_word(t.text)

    def field_or_word(self, word: str) -> Node | None:
        name, sep, value = word.replace("：", ":").partition(":")
        field = FIELD_ALIASES.get(name, name.lower())
        if not sep or field not in FIELDS:
            return Text(word)
        if not value:
            nxt = self.peek()
            if nxt is not None and nxt.kind == "phrase":
                self.i += 1
                value = nxt.text
            else:
                self.notes.append(f"“{name}:”后面缺少内容，已忽略")
                return None
        if field == "year":
            return _years(value, self.notes)
        if field in ("region", "mentions", "zone"):
            return Facet(field, value)
        return Text(value, phrase=" " in value, field=field)


def _years(value: str, notes: list[str]) -> Node | None:
    m = _YEARS.match(value.strip())
    if not m or not (m.group(1) or m.group(3)):
        notes.append(f"年份“{value}”看不懂，已忽略：请写 year:2020 或 year:2019..2024")
        return None
    start = int(m.group(1)) if m.group(1) else None
    end = int(m.group(3)) if m.group(3) else None
    if not m.group(2):
        end = start
    if start is not None and end is not None and start > end:
        start, end = end, start
    return Years(start, end)


def parse(text: str) -> Parsed:
    """The syntax tree of a query; never raises, whatever the input."""
    notes: list[str] = []
    text = html.unescape(_TAG.sub(" ", text.replace("\x00", " "))).strip()
    if len(text) > MAX_QUERY_CHARS:
        notes.append(f"查询过长，只用了前 {MAX_QUERY_CHARS} 个字符")
        text = text[:MAX_QUERY_CHARS]
    parser = _Parser(_tokens(text, notes), notes)
    parts: list[Node] = []
    while parser.peek() is not None:
        node = parser.expr()
        if node is not None:
            parts.append(node)
        if parser.peek() is not None:  # a stray closing parenthesis
            parser.i += 1
            notes.append("多余的右括号已忽略")
    node = None if not parts else parts[0] if len(parts) == 1 else And(tuple(parts))
    return Parsed(node, tuple(dict.fromkeys(notes)))


def positive_texts(node: Node | None) -> list[Text]:
    """The free-text parts that are not negated, in order (for boosts and highlighting)."""
    if node is None or isinstance(node, Not):
        return []
    if isinstance(node, Text):
        return [node]
    if isinstance(node, And | Or):
        return [t for n in node.nodes for t in positive_texts(n)]
    return []
