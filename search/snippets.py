"""Highlighted snippets cut from the original text, whole words marked, HTML-escaped."""

from __future__ import annotations

from html import escape

from search.analysis import segment

FRAGMENT_CHARS = 80
MAX_FRAGMENTS = 3


def _mark(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    out: list[str] = []
    cursor = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(escape(text[cursor:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        cursor = e
    out.append(escape(text[cursor:end]))
    return "".join(out)


def match_spans(text: str, terms: frozenset[str]) -> list[tuple[int, int]]:
    """Spans of the original text whose words (or sub-words) are query terms, merged."""
    spans = sorted(
        (w.start, w.end) for w in segment(text, subwords=True, stop=False) if w.text in terms
    )
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s < merged[-1][1]:
            # a word and its own sub-word: keep the whole word
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def highlight(text: str, terms: frozenset[str]) -> str:
    """The whole text, escaped, with matches marked (for titles)."""
    return _mark(text, match_spans(text, terms), 0, len(text))


def snippet(text: str, terms: frozenset[str]) -> str:
    """Up to three fragments of about 80 characters around the matches."""
    spans = match_spans(text, terms)
    if not spans:
        return escape(text[: FRAGMENT_CHARS * 2]) + ("…" if len(text) > FRAGMENT_CHARS * 2 else "")
    fragments: list[tuple[int, int]] = []
    for s, _ in spans:
        if fragments and s < fragments[-1][1]:
            continue
        start = max(0, s - FRAGMENT_CHARS // 3)
        end = min(len(text), start + FRAGMENT_CHARS)
        fragments.append((start, end))
        if len(fragments) == MAX_FRAGMENTS:
            break
    parts = [_mark(text, spans, s, e).replace("\n", " ") for s, e in fragments]
    return "…" + "…".join(parts) + "…"
