"""Highlighted snippets cut from the original text, whole words marked, HTML-escaped.

A long document is never segmented whole: the query terms (already folded) are found by
plain string search in the folded text, the densest windows are chosen, and only those
windows are segmented to mark whole words — a term found inside a longer word marks the
longer word (马克 inside 马克思 marks 马克思), and a window whose hit turns out not to be
a word of its own is dropped. Fragments are cut at sentence, then clause boundaries.
"""

from __future__ import annotations

import re
from html import escape

from search.analysis import segment
from search.normalise import fold_with_offsets, to_traditional

FRAGMENT_CHARS = 80
MAX_FRAGMENTS = 3
LEAD_CHARS = 160
MAX_HITS_PER_TERM = 200
_LOOK = 30  # how far to look for a boundary before a match
_MARGIN = 8  # extra characters segmented either side so edge words are whole
_SENTENCE = set("。！？；!?;\n")
_CLAUSE = set("，、：,:）)」』”")
_SPACES = re.compile(r"\s+")

Span = tuple[int, int]


def _marks(text: str, start: int, end: int, terms: frozenset[str]) -> tuple[list[Span], int, int]:
    """Whole-word match spans in text[start:end], and the window widened to whole words."""
    lo, hi = max(0, start - _MARGIN), min(len(text), end + _MARGIN)
    words = segment(text[lo:hi], subwords=True, stop=False)
    spans: list[Span] = []
    parent: Span = (0, 0)
    for w in words:
        s, e = w.start + lo, w.end + lo
        if not w.sub:
            parent = (s, e)
            # never cut a word in two at a fragment's edge
            if s < end < e:
                end = e
            if s < start < e:
                start = s
        if w.text in terms:
            span = parent if w.sub else (s, e)
            if start <= span[0] and span[1] <= end and (not spans or spans[-1] != span):
                spans.append(span)
    merged: list[Span] = []
    for s, e in sorted(spans):
        if merged and s < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged, start, end


def _render(text: str, spans: list[Span], start: int, end: int) -> str:
    out: list[str] = []
    cursor = start
    for s, e in spans:
        out.append(escape(text[cursor:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        cursor = e
    out.append(escape(text[cursor:end]))
    return _SPACES.sub(" ", "".join(out)).strip()


def highlight(text: str, terms: frozenset[str]) -> str:
    """The whole text, escaped, with matches marked (for titles)."""
    if not text:
        return ""
    spans, _, _ = _marks(text, 0, len(text), terms)
    return _render(text, spans, 0, len(text))


def _hits(folded: str, terms: frozenset[str]) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for t in terms:
        i, n = folded.find(t), 0
        while i >= 0 and n < MAX_HITS_PER_TERM:
            found.append((i, t))
            i, n = folded.find(t, i + len(t)), n + 1
    return sorted(found)


def _windows(hits: list[tuple[int, str]]) -> list[int]:
    """Hit positions ordered by how many distinct terms (then hits) fall in the window after."""
    scored = []
    j = 0
    for i, (pos, _) in enumerate(hits):
        j = max(j, i)
        while j + 1 < len(hits) and hits[j + 1][0] < pos + FRAGMENT_CHARS * 2 // 3:
            j += 1
        window = hits[i : j + 1]
        scored.append((-len({t for _, t in window}), -len(window), pos))
    return [pos for *_, pos in sorted(scored)]


def _bounds(text: str, s: int, e: int) -> Span:
    """A fragment around the match text[s:e], cut at sentence or clause boundaries."""
    start = max(0, s - FRAGMENT_CHARS // 4)
    for marks in (_SENTENCE, _CLAUSE):
        cut = next(
            (i + 1 for i in range(s - 1, max(-1, s - _LOOK - 1), -1) if text[i] in marks), None
        )
        if cut is not None:
            start = cut
            break
    if s - start > _LOOK:
        start = s - FRAGMENT_CHARS // 4
    end = min(len(text), start + FRAGMENT_CHARS)
    end = max(end, min(len(text), e))
    for marks in (_SENTENCE, _CLAUSE):
        cut = next((i + 1 for i in range(end - 1, e - 1, -1) if text[i] in marks), None)
        if cut is not None and cut - start >= FRAGMENT_CHARS // 2:
            end = cut
            break
    return start, end


def _lead(text: str) -> str:
    end = min(len(text), LEAD_CHARS)
    cut = next((i + 1 for i in range(end - 1, end // 2, -1) if text[i] in _SENTENCE), None)
    end = cut or end
    return _render(text, [], 0, end) + ("…" if end < len(text) else "")


def _candidates(text: str, terms: frozenset[str]) -> list[tuple[int, int]]:
    """(start, end) of term strings in the original text, found without folding it whole.

    Terms are simplified; a traditional page is searched for their traditional spelling
    too. Only when neither is found is the whole text folded (full-width letters, rare
    variant characters).
    """
    variants = {v for t in terms for v in (t, to_traditional(t))}
    hits = _hits(text, frozenset(variants))
    if hits:
        return [(pos, pos + len(t)) for pos, t in hits]
    folded = fold_with_offsets(text)
    return [folded.source_span(pos, pos + len(t)) for pos, t in _hits(folded.text, terms)]


def snippet(text: str, terms: frozenset[str]) -> str:
    """Up to three fragments of about 80 characters around the best matches."""
    if not text:
        return ""
    found = _candidates(text, terms)
    if not found:
        return _lead(text)
    fragments: list[tuple[Span, list[Span]]] = []
    ends = dict(reversed(found))
    for pos in _windows([(s, text[s:e]) for s, e in found]):
        s, e = pos, ends[pos]
        if any(fs <= s < fe for (fs, fe), _ in fragments):
            continue
        start, end = _bounds(text, s, e)
        spans, start, end = _marks(text, start, end, terms)
        if not spans:
            continue  # the string was there, the word was not
        if any(start < fe and fs < end for (fs, fe), _ in fragments):
            continue
        fragments.append(((start, end), spans))
        if len(fragments) == MAX_FRAGMENTS:
            break
    if not fragments:
        return _lead(text)
    fragments.sort()
    parts = [_render(text, spans, start, end) for (start, end), spans in fragments]
    first, last = fragments[0][0][0], fragments[-1][0][1]
    return ("…" if first > 0 else "") + "…".join(parts) + ("…" if last < len(text) else "")
