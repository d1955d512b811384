"""Completions as a user types: zone names, place names and frequent title words of the index.

Every name is reachable three ways, each a sorted key table searched by prefix with bisect:
its characters (folded, so 蘇州 finds 苏州), its full pinyin (suzhougongye → 苏州工业园区)
and its initials (szgyyq). The gazetteer's part is built once per process; the index's
part (document counts, uncatalogued zones, title words) once per generation.
"""

from __future__ import annotations

import bisect
import heapq
import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Literal, Protocol

from pypinyin import lazy_pinyin

from search.engine.facets import FacetValue
from search.gazetteer.lexicon import zone_forms
from search.gazetteer.tables import catalogue, regions
from search.gazetteer.zone_names import SUFFIXES
from search.text.normalise import fold

Kind = Literal["zone", "place", "word"]
KIND_ORDER: dict[str, int] = {"zone": 0, "place": 1, "word": 2}
MAX_SUGGESTIONS = 8
MAX_INPUT_CHARS = 50
TITLE_WORDS = 4000  # the most frequent title words taken as completions
MIN_WORD_DOCS = 2
SHORT = 2  # prefixes this short are answered from precomputed lists
SHORTCUT = MAX_SUGGESTIONS * 4
_HAN = re.compile(r"[\u4e00-\u9fff]")
_ALL_HAN = re.compile(r"[\u4e00-\u9fff]+")
_ENDINGS = frozenset(s.text for s in SUFFIXES)
_NOT_KEY = re.compile(r"[^0-9a-z]+")
_PINYIN_INPUT = re.compile(r"[a-z0-9' \-]+")


@dataclass(frozen=True)
class Completion:
    """One suggestion: the text for the search box, what it is, where, and how many articles."""

    text: str
    kind: Kind
    detail: str
    count: int


@dataclass(frozen=True)
class _Entry:
    text: str
    kind: Kind
    detail: str
    forms: tuple[str, ...]  # every way of writing it that a prefix may start


class _Keys:
    """Sorted (key, entry) pairs; the entries whose key starts with a prefix."""

    def __init__(self, pairs: Iterable[tuple[str, int]]) -> None:
        ordered = sorted(set(pairs))
        self.keys = [k for k, _ in ordered]
        self.entries = [e for _, e in ordered]

    def starting(self, prefix: str) -> Iterator[tuple[str, int]]:
        lo = bisect.bisect_left(self.keys, prefix)
        hi = bisect.bisect_left(self.keys, prefix + "\uffff")
        return zip(self.keys[lo:hi], self.entries[lo:hi], strict=True)

    def exactly(self, key: str) -> list[int]:
        lo = bisect.bisect_left(self.keys, key)
        hi = bisect.bisect_right(self.keys, key)
        return self.entries[lo:hi]


@lru_cache(maxsize=4096)
def _syllables(form: str) -> tuple[str, ...]:
    """One lower-case ASCII syllable per Han character (other runs as they are, lowered)."""
    return tuple(s for s in (_NOT_KEY.sub("", p.lower()) for p in lazy_pinyin(form)) if s)


def _spell_forms(forms: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The syllables of each form. pypinyin reads a name as phrases (重庆 is chong qing),
    at ~0.2 ms a name, so forms that are a piece of the first one (镇江京口 of
    镇江京口经济开发区), or such a piece plus a name ending (镇江经开区), are sliced from it.
    """
    first = forms[0]
    whole = _syllables(first)
    aligned = len(whole) == len(first) and _ALL_HAN.fullmatch(first) is not None
    out = [whole]
    for form in forms[1:]:
        out.append(_sliced(form, first, whole) if aligned else _syllables(form))
    return out


def _sliced(form: str, first: str, whole: tuple[str, ...]) -> tuple[str, ...]:
    for cut in range(len(form), 0, -1):
        head, tail = form[:cut], form[cut:]
        at = first.find(head)
        if at >= 0 and (not tail or tail in _ENDINGS):
            return whole[at : at + cut] + (_syllables(tail) if tail else ())
    return _syllables(form)


@dataclass(frozen=True, eq=False)
class _Table:
    entries: tuple[_Entry, ...]
    chars: _Keys
    full: _Keys
    initials: _Keys


def _table(entries: list[_Entry]) -> _Table:
    chars, full, initials = [], [], []
    for i, entry in enumerate(entries):
        for form, syllables in zip(entry.forms, _spell_forms(entry.forms), strict=True):
            chars.append((fold(form), i))
            if syllables:
                full.append(("".join(syllables), i))
                initials.append(("".join(s[0] for s in syllables), i))
    return _Table(tuple(entries), _Keys(chars), _Keys(full), _Keys(initials))


@lru_cache(maxsize=1)
def _gazetteer() -> _Table:
    """Catalogue zones (with their short forms) and places (with theirs)."""
    entries: list[_Entry] = []
    for zone in catalogue().zones:
        where = zone.province + (f" {zone.city}" if zone.city else "")
        entries.append(_Entry(zone.name, "zone", f"{zone.level} · {where}", zone_forms(zone)))
    for place in regions().places:
        forms = (place.name, place.short) if place.short else (place.name,)
        detail = " › ".join(place.path.split("/")[:-1]) or "省级行政区"
        entries.append(_Entry(place.path, "place", detail, tuple(forms)))
    return _table(entries)


def warm() -> None:
    """Build the gazetteer's part now (about a second), not on the first keystroke."""
    _gazetteer()


Shortcuts = Mapping[tuple[int, str, str], tuple[int, ...]]


@dataclass(frozen=True, eq=False)
class Suggester:
    """The completions of one generation: the gazetteer's table, the index's, document counts."""

    gazetteer: _Table
    index: _Table
    counts: Mapping[str, int]  # zone name, region path or word → documents
    # (table, key kind, prefix of SHORT or fewer) → its best entries: one letter or one
    # character starts thousands of keys, which would take ~20 ms to rank at each keystroke.
    shortcuts: Shortcuts = field(default_factory=dict)

    @property
    def tables(self) -> tuple[_Table, _Table]:
        return (self.gazetteer, self.index)

    def complete(self, text: str, limit: int = MAX_SUGGESTIONS) -> list[Completion]:
        """Up to limit completions of what a user has typed, best first; [] for nonsense."""
        query = _query(text)
        if not query:
            return []
        pinyin = _PINYIN_INPUT.fullmatch(query) is not None and not query.isdigit()
        spelled = _NOT_KEY.sub("", query) if pinyin else ""
        found: dict[tuple[int, int], int] = {}  # (table, entry) → how well it matched (0 best)
        for t, table in enumerate(self.tables):
            for key, e in self._matches(t, "chars", table.chars, query):
                quality = 0 if key == query else 1
                if found.get((t, e), 9) > quality:
                    found[(t, e)] = quality
            if spelled:
                for kind, keys, quality in (
                    ("full", table.full, 2),
                    ("initials", table.initials, 3),
                ):
                    for _, e in self._matches(t, kind, keys, spelled):
                        found.setdefault((t, e), quality)
        tables = self.tables
        ranked = heapq.nsmallest(
            limit * 4,
            found.items(),
            key=lambda item: (item[1], *self._rank(tables[item[0][0]].entries[item[0][1]])),
        )
        out: list[Completion] = []
        seen: set[str] = set()
        for (t, e), _ in ranked:
            entry = tables[t].entries[e]
            shown = entry.text.rsplit("/", 1)[-1] if entry.kind == "place" else entry.text
            if shown in seen:
                continue
            seen.add(shown)
            out.append(Completion(shown, entry.kind, entry.detail, self.counts.get(entry.text, 0)))
            if len(out) == limit:
                break
        return out

    def _matches(self, t: int, kind: str, keys: _Keys, prefix: str) -> Iterable[tuple[str, int]]:
        if len(prefix) > SHORT:
            return keys.starting(prefix)
        best = self.shortcuts.get((t, kind, prefix), ())
        return [*((prefix, e) for e in keys.exactly(prefix)), *(("", e) for e in best)]

    def _rank(self, entry: _Entry) -> tuple[object, ...]:
        count = self.counts.get(entry.text, 0)
        # Names with articles first, then catalogue and places before words, shorter first.
        return (count == 0, -count, KIND_ORDER[entry.kind], len(entry.text), entry.text)


def _with_shortcuts(suggester: Suggester) -> Suggester:
    """The suggester with the best entries of every prefix of SHORT or fewer characters."""
    buckets: dict[tuple[int, str, str], set[int]] = defaultdict(set)
    for t, table in enumerate(suggester.tables):
        for kind, keys in (
            ("chars", table.chars),
            ("full", table.full),
            ("initials", table.initials),
        ):
            for key, e in zip(keys.keys, keys.entries, strict=True):
                for n in range(1, min(SHORT, len(key)) + 1):
                    buckets[(t, kind, key[:n])].add(e)
    tables = suggester.tables
    shortcuts = {
        where: tuple(
            heapq.nsmallest(
                SHORTCUT, found, key=lambda e, t=where[0]: suggester._rank(tables[t].entries[e])
            )
        )
        for where, found in buckets.items()
    }
    return replace(suggester, shortcuts=shortcuts)


@lru_cache(maxsize=1)
def gazetteer_suggester() -> Suggester:
    """Completions from the gazetteer alone, without counts (while an index's are built)."""
    return _with_shortcuts(Suggester(_gazetteer(), _table([]), {}))


def _query(text: str) -> str:
    """The typed text as keys are written: folded (NFKC, lower case, simplified), trimmed."""
    query = fold(text[:MAX_INPUT_CHARS]).strip()
    if _HAN.search(query):
        return "".join(query.split())
    return query


class IndexNames(Protocol):
    """What completions need of a generation (an engine's view of it): its facet values with
    their counts and its frequent title words."""

    def collection_facets(self) -> dict[str, list[FacetValue]]: ...

    def frequent_words(
        self, limit: int, min_docs: int, exclude: Collection[str] = ()
    ) -> list[tuple[str, int]]: ...


def build_suggester(index: IndexNames) -> Suggester:
    """The completions for a generation (a few hundred ms at 100k documents)."""
    gazetteer = _gazetteer()
    facets = index.collection_facets()
    counts: dict[str, int] = {}
    for name in ("region", "zone"):
        counts.update((v.value, v.count) for v in facets.get(name, []))
    catalogued = {e.text for e in gazetteer.entries}
    names = {f for e in gazetteer.entries for f in e.forms}
    entries = [
        _Entry(v.value, "zone", "目录外", (v.value,))
        for v in facets.get("zone", [])
        if v.value not in catalogued and _HAN.search(v.value)
    ]
    known = names | {e.text for e in entries}
    for word, df in index.frequent_words(TITLE_WORDS, MIN_WORD_DOCS, known):
        entries.append(_Entry(word, "word", "", (word,)))
        counts[word] = df
    return _with_shortcuts(Suggester(gazetteer, _table(entries), counts))
