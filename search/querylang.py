"""The query language: user text to a Whoosh query over title and body."""

from __future__ import annotations

import re

from whoosh import query as Q

from search.analysis import segment

TEXT_FIELDS = ("title", "body")
MAX_QUERY_CHARS = 500

_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')


class QueryError(ValueError):
    """A query that cannot be run; the message is meant for the user."""


def _words(text: str) -> list[str]:
    return [w.text for w in segment(text, subwords=False)]


def _match(words: list[str], phrase: bool) -> Q.Query | None:
    if not words:
        return None
    if len(words) == 1:
        return Q.Or([Q.Term(f, words[0]) for f in TEXT_FIELDS])
    if phrase:
        return Q.Or([Q.Phrase(f, words) for f in TEXT_FIELDS])
    return Q.And([Q.Or([Q.Term(f, w) for f in TEXT_FIELDS]) for w in words])


def parse(text: str) -> Q.Query | None:
    """Words are ANDed, "quoted" text is a phrase, a leading minus excludes; None for no words."""
    text = text.strip()[:MAX_QUERY_CHARS]
    must: list[Q.Query] = []
    must_not: list[Q.Query] = []
    for m in _TOKEN.finditer(text):
        quoted, bare = m.group(1), m.group(2)
        negate = False
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            negate, bare = True, bare[1:]
        part = _match(_words(quoted if quoted is not None else bare), phrase=quoted is not None)
        if part is not None:
            (must_not if negate else must).append(part)
    if not must:
        if must_not:
            raise QueryError("查询不能只有排除词：请再加一个要查找的词")
        return None
    q: Q.Query = must[0] if len(must) == 1 else Q.And(must)
    if must_not:
        q = Q.AndNot(q, Q.Or(must_not))
    return q
