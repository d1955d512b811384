"""What to loosen when a search finds nothing: drop a filter, or search fewer words."""

from __future__ import annotations

from dataclasses import dataclass, replace

from search.backends.interface import View
from search.engine.query import QueryError
from search.text.analysis import segment
from web.facets import region_label
from web.params import FACET_LABELS, FACETS, State

MAX_SUGGESTIONS = 6


@dataclass(frozen=True)
class Suggestion:
    """A looser search that finds something: what it changes and how many it finds."""

    label: str
    state: State
    total: int


def _fewer_words(q: str) -> list[tuple[str, str]]:
    """(label, query) pairs: each whitespace-separated part alone, or each word of one part."""
    if '"' in q:
        unquoted = " ".join(q.replace('"', " ").split())
        return [(f"不加引号：{unquoted}", unquoted)] if unquoted else []
    parts = q.split()
    if len(parts) <= 1:
        parts = list(dict.fromkeys(w.text for w in segment(q, subwords=False)))
        parts = [p for p in parts if len(p) > 1] if len(parts) > 1 else []
    return [(f"只搜「{p}」", p) for p in parts]


def loosen(view: View, state: State) -> list[Suggestion]:
    """Looser variants of state that have results, most results first."""
    candidates: list[tuple[str, State]] = []
    for facet in FACETS:
        for value in state.selected(facet):
            shown = region_label(value) if facet == "region" else value
            candidates.append(
                (f"去掉{FACET_LABELS[facet]}「{shown}」", state.without(facet, value))
            )
    if state.has_filters and state.q:
        candidates.append(("清除全部筛选", State(q=state.q, sort=state.sort)))
    for label, q in _fewer_words(state.q):
        candidates.append((label, replace(state, q=q, page=1)))
    tried = [(label, c) for label, c in candidates[: MAX_SUGGESTIONS * 2] if not c.is_empty]
    counted = view.search_many([replace(c.request(per_page=1), snippets=False) for _, c in tried])
    found = [
        Suggestion(label, candidate, got.total)
        for (label, candidate), got in zip(tried, counted, strict=True)
        if not isinstance(got, QueryError) and got.total
    ]
    found.sort(key=lambda s: -s.total)
    return found[:MAX_SUGGESTIONS]
