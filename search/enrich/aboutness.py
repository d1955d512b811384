"""What an article is about and its primary region, from how much of it each place holds.

The body is read sentence by sentence. A sentence belongs to the places it names (shared
among them); a sentence naming none belongs to the places of the sentence before it in the
same paragraph, and a paragraph that opens without a place belongs to the places the title
names (the story's frame; without them, the one place of the first paragraph naming one, if
the story keeps naming it), else to no place. A place's share is the part of the body's
characters that belong to it or to the places inside it. Venues (在北京举行) and event names
(北京冬奥会) are named, not held: they take no share.

- about: a place the title names, the one place the lead names when the body names it
  again, the place of the lead's subject (四川江油一女民警), a place a visit or an inspection
  tour goes to, or a place holding at least ABOUT_SHARE of the body; with their ancestors.
- primary: the deepest place holding more than half of the body, descending from the
  province to the city or county that holds more than half; a city the title does not name
  under a province it does name needs FRAMED_SHARE.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from search.gazetteer.tables import Regions

ABOUT_SHARE = 0.18  # "about a fifth" (RULES.md §1): a fifth, give or take a sentence
PRIMARY_SHARE = 0.5
FRAMED_SHARE = 0.6
FRAME_MENTIONS = 5  # the opening place frames the story when it is named this often
OPENING_WITHIN = 0.2  # and named first in the first fifth of the body
# "央视网消息（新闻联播）：" before the story carries nothing (RULES.md §0).
SOURCE_OPENER = re.compile(r"\s*[\u4e00-\u9fff]{2,12}消息\s*[(（][^)）\n]{1,12}[)）]\s*[:：]")
SENTENCE_END = re.compile(r"[。！？!?；;\n]")


@dataclass(frozen=True)
class Placed:
    """A resolved place mention: where it stands, its path, whether it is held or named."""

    section: str  # "title", "lead" or "body"
    start: int
    path: str
    held: bool  # False for venues and event names: named, holding no share
    toured: bool = False  # a place a visit or inspection tour goes to (来到甘肃张掖)
    qualifier: bool = False  # it only qualifies the place right after it (江苏 in 江苏南京)
    subject: bool = False  # the subject's place (四川江油一女民警)
    in_name: bool = False  # inside a zone's name, not the scene (确保中马钦州产业园区…)


def first_sentence_end(body: str) -> int:
    """Where the body's first sentence ends, past the source opener."""
    opener = SOURCE_OPENER.match(body)
    m = SENTENCE_END.search(body, opener.end() if opener else 0)
    return m.end() if m else len(body)


def _ancestors(path: str) -> list[str]:
    parts = path.split("/")
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def _leaves(paths: set[str]) -> set[str]:
    """The paths that are no ancestor of another (江苏 and 江苏/南京 → 江苏/南京)."""
    return {p for p in paths if not any(q.startswith(p + "/") for q in paths)}


def _opening_place(placed: list[Placed], body: str) -> set[str]:
    """With no place in the title, the place the first paragraph naming places is in (their
    common ancestor below the province level) frames a story that keeps naming it: 全市 in a
    city's own report is that city."""
    held = [p for p in placed if p.section != "title" and p.held and not p.qualifier]
    if not held:
        return set()
    first = min(held, key=lambda p: p.start)
    if first.start > OPENING_WITHIN * len(body):
        return set()  # a place first named late in the story does not frame it
    end = body.find("\n", first.start)
    # 贵州遵义: the province only qualifies the city
    opening = sorted(_leaves({p.path for p in held if p.start < (end if end >= 0 else len(body))}))
    common = _ancestors(opening[0])
    for path in opening[1:]:
        common = [a for a in common if a in _ancestors(path)]
    if not common:
        return set()
    place = common[-1]
    again = sum(1 for p in held if p.path == place or p.path.startswith(place + "/"))
    # When another place outside it is named more often, that one is where the story stays
    # (杭州 opens a story told in 台江县) if most of the names are it; else none frames it.
    counts = Counter(p.path for p in held if not _related(p.path, place))
    rival, named = counts.most_common(1)[0] if counts else (None, 0)
    if again >= named:
        return {place} if again >= FRAME_MENTIONS else set()
    inside = sum(1 for p in held if p.path == rival or p.path.startswith(rival + "/"))
    elsewhere = sum(1 for p in held if not _related(p.path, rival))
    return {rival} if inside >= FRAME_MENTIONS and inside > elsewhere else set()


def _related(path: str, place: str) -> bool:
    """One of the two paths is the other or inside it."""
    return path == place or path.startswith(place + "/") or place.startswith(path + "/")


def shares(placed: list[Placed], body: str) -> dict[str, float]:
    """Each path's share of the body's characters (descendants' shares included)."""
    frame = _leaves({p.path for p in placed if p.section == "title" and p.held})
    if not frame:
        frame = _opening_place(placed, body)
    held = sorted(
        (p.start, p.path) for p in placed if p.section != "title" and p.held and not p.qualifier
    )
    owned: dict[str, float] = defaultdict(float)
    opener = SOURCE_OPENER.match(body)
    skip = opener.end() if opener else 0
    total = len(body[skip:].strip()) or 1
    current: set[str] = set()
    k, start = 0, skip
    for m in [*SENTENCE_END.finditer(body), None]:
        end = m.end() if m else len(body)
        if end <= start:
            continue
        named = set()
        while k < len(held) and held[k][0] < end:
            named.add(held[k][1])
            k += 1
        if named:
            current = _leaves(named)  # 湖北省特别是武汉市: the sentence is about 武汉
        elif start == skip or body[start - 1] == "\n":
            current = frame
        length = len(body[start:end].strip())
        for path in current:
            for a in _ancestors(path):
                owned[a] += length / len(current)
        start = end
    return {p: w / total for p, w in owned.items()}


def about_paths(placed: list[Placed], share: dict[str, float], gaz: Regions) -> set[str]:
    """Places the title names, the one place the lead names, places holding ABOUT_SHARE."""
    chosen = {p.path for p in placed if p.held and (p.section == "title" or p.toured)}
    chosen |= {p.path for p in placed if p.held and p.section == "lead" and p.subject}
    # a zone the lead lists (听取了中国（上海）自由贸易试验区筹备工作汇报) is not its place
    lead = _leaves({p.path for p in placed if p.section == "lead" and p.held and not p.in_name})
    if len(lead) == 1:
        (place,) = lead
        # The story keeps it: named again in the body (a destination named once is not).
        if any(
            p.section == "body" and p.held and (p.path == place or p.path.startswith(place + "/"))
            for p in placed
        ):
            chosen |= lead
    chosen |= {p for p, s in share.items() if s >= ABOUT_SHARE}
    return {a for p in chosen for a in gaz.by_path[p].ancestors}


def primary_path(placed: list[Placed], share: dict[str, float], gaz: Regions) -> str | None:
    """The deepest place holding more than half of the body; None for national and
    multi-region pieces."""
    titled = {a for p in placed if p.section == "title" and p.held for a in _ancestors(p.path)}
    provinces = [p for p in share if "/" not in p and share[p] > PRIMARY_SHARE]
    if not provinces:
        return None
    # A title naming two provinces frames a two-region piece: one of them needs clearly more
    # than half (广东：… 陕西：… at 51% and 48% has no primary).
    titled_provinces = {p for p in titled if "/" not in p}
    if len(titled_provinces) > 1 and share[provinces[0]] <= FRAMED_SHARE:
        return None
    if titled_provinces and provinces[0] not in titled_provinces:
        return None  # the title names another province (…冷空气影响新疆): the piece is split
    node = provinces[0]
    while True:
        children = [p for p in share if gaz.by_path[p].parent == node]
        best = max(children, key=share.__getitem__, default=None)
        if best is None:
            return node
        needed = FRAMED_SHARE if node in titled and best not in titled else PRIMARY_SHARE
        if share[best] <= needed:
            return node
        node = best
