"""Highlighted snippets cut from the original text, whole words marked, HTML-escaped.

A long document is never segmented whole: the query terms (already folded) are found by
plain string search in the folded text, the densest windows are chosen, and only those
windows are segmented to mark whole words — a term found inside a longer word marks the
longer word (马克 inside 马克思 marks 马克思), and a window whose hit turns out not to be
a word of its own is dropped. Fragments are cut at sentence, then clause boundaries.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape

from search.text.analysis import is_dictionary_word, segment
from search.text.normalise import fold_with_offsets, to_traditional

FRAGMENT_CHARS = 80
MAX_FRAGMENTS = 3
LEAD_CHARS = 160
MAX_HITS_PER_TERM = 200
TITLE_CACHE_CHARS = 200  # titles up to this long keep their segmentation cached
_LOOK = 30  # how far to look for a boundary before a match
_MARGIN = 8  # extra characters segmented either side so edge words are whole
_SENTENCE = set("。！？；!?;\n")
_CLAUSE = set("，、：,:）)」』”")
_BOUNDARY = _SENTENCE | _CLAUSE | set(" \t\r")
_SPACES = re.compile(r"\s+")

Span = tuple[int, int]
LABEL_CHARS = 30  # how much of an untitled document's text stands in for its title


def lead(text: str) -> str:
    """The first ~30 characters of the text on one line, for documents without a title."""
    flat = " ".join(text.split())
    if not flat:
        return "（无标题）"
    return flat if len(flat) <= LABEL_CHARS else flat[:LABEL_CHARS] + "…"


def _is_match(word: str, terms: frozenset[str]) -> bool:
    """A query term is this word, or one of its dictionary sub-words (as the index has it)."""
    if word in terms:
        return True
    if len(word) < 3:
        return False
    return any(2 <= len(t) < len(word) and t in word and is_dictionary_word(t) for t in terms)


def _words(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """(start, end, folded word) of the words of text[lo:hi], spans in text."""
    lo, hi = max(0, lo), min(len(text), hi)
    # Sub-words are not generated: a term inside a longer word marks that word.
    return [
        (w.start + lo, w.end + lo, w.text) for w in segment(text[lo:hi], subwords=False, stop=False)
    ]


def _merge(spans: list[Span], gap: int = 0) -> list[Span]:
    """Overlapping spans joined (touching ones too when gap > 0; marks stay word by word)."""
    merged: list[Span] = []
    for s, e in sorted(spans):
        if merged and (s < merged[-1][1] or (gap and s <= merged[-1][1] + gap)):
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def _marks(text: str, start: int, end: int, terms: frozenset[str]) -> tuple[list[Span], int, int]:
    """Whole-word match spans in text[start:end], and the window widened to whole words.

    Only the neighbourhoods of the term strings found in the window, and its edges when
    they are not at punctuation, are segmented: jieba costs about 3 µs a character.
    """
    for s, e, _ in _edge_words(text, start, end):
        if s < end < e:  # never cut a word in two at a fragment's edge
            end = e
        if s < start < e:
            start = s
    found = [(s + start, e + start) for s, e in _candidates(text[start:end], terms)]
    spans: list[Span] = []
    for ns, ne in _merge(found, gap=2 * _MARGIN):
        for s, e, word in _words(text, ns - _MARGIN, ne + _MARGIN):
            if any(s <= fs and fe <= e for fs, fe in found) and _is_match(word, terms):
                if s < end < e:
                    end = e
                if s < start < e:
                    start = s
                if start <= s and e <= end:
                    spans.append((s, e))
    return _merge(spans), start, end


def _edge_words(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    words = []
    if 0 < start < len(text) and text[start - 1] not in _BOUNDARY and text[start] not in _BOUNDARY:
        words += _words(text, start - _MARGIN, start + _MARGIN)
    if 0 < end < len(text) and text[end - 1] not in _BOUNDARY and text[end] not in _BOUNDARY:
        words += _words(text, end - _MARGIN, end + _MARGIN)
    return words


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
    if len(text) > TITLE_CACHE_CHARS:
        words: tuple[tuple[int, int, str], ...] = tuple(_words(text, 0, len(text)))
    else:
        words = _title_words(text)
    spans = _merge([(s, e) for s, e, word in words if _is_match(word, terms)])
    return _render(text, spans, 0, len(text))


@lru_cache(maxsize=8192)
def _title_words(text: str) -> tuple[tuple[int, int, str], ...]:
    # A title's words do not depend on the query, and the same hits come back page after page.
    return tuple(_words(text, 0, len(text)))


def _hits(folded: str, terms: frozenset[str]) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    # A one-character query expands to dozens of words, a few such queries to thousands:
    # most cannot occur, as their first character is not in the text at all.
    present = set(folded) if len(terms) > 16 else None
    for t in terms:
        if present is not None and t[:1] not in present:
            continue
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
    hits = _hits(text, _variants(terms))
    if hits:
        return [(pos, pos + len(t)) for pos, t in hits]
    folded = fold_with_offsets(text)
    return [folded.source_span(pos, pos + len(t)) for pos, t in _hits(folded.text, terms)]


@lru_cache(maxsize=64)
def _variants(terms: frozenset[str]) -> frozenset[str]:
    """The terms and their traditional spellings (the same terms come for every hit)."""
    return frozenset(v for t in terms for v in (t, to_traditional(t)))


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
