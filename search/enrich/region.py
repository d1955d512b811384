"""Which places an article names, which of them it is about, and the one it is mainly about."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from search.enrich.aboutness import (
    Placed,
    about_paths,
    first_sentence_end,
    primary_path,
    shares,
)
from search.enrich.places import (
    CLAUSE_OPENERS,
    TOUR_WORD,
    VENUE_BEFORE,
    Match,
    agent,
    find_matches,
)
from search.enrich.sections import lead_end
from search.gazetteer.tables import Place, Regions, regions
from search.text.normalise import fold

TITLE_WEIGHT = 4.0
LEAD_WEIGHT = 2.0  # the first paragraph
TAIL_WEIGHT = 0.5  # the last fifth of the body: link lists, bylines, footers
# The province an ambiguous name is read in first: the one holding this share of the weight
# of the names that are not in doubt.
HOME_SHARE = 0.7
HOME_MIN_WEIGHT = 3.0
SEVERAL_PLACES = re.compile("多地|各地|多省|多个省份|多个城市|多城|多国")


@dataclass(frozen=True)
class RegionResult:
    """The primary region path, the region paths the article is about and every region path
    it names (both with their ancestors)."""

    primary: str | None
    about: tuple[str, ...]
    mentioned: tuple[str, ...]


@dataclass(frozen=True)
class Mention:
    """A place form found in the folded title or body, with the weight of where it stands."""

    match: Match
    weight: float
    section: str  # "title", "lead" or "body"
    prev: Mention | None  # the mention right before it, when nothing stands between them


def _mentions(title: str, body: str, gaz: Regions) -> list[Mention]:
    found: list[Mention] = []
    lead, tail = lead_end(body), int(len(body) * 0.8)
    for text, is_title in ((title, True), (body, False)):
        prev: Mention | None = None
        for m in find_matches(text, gaz):
            if is_title:
                weight, section = TITLE_WEIGHT, "title"
            elif m.start < lead:
                weight, section = LEAD_WEIGHT, "lead"
            else:
                weight, section = (TAIL_WEIGHT if m.start >= tail else 1.0), "body"
            adjacent = prev if prev is not None and prev.match.end == m.start else None
            prev = Mention(m, weight, section, adjacent)
            found.append(prev)
    return found


def _places(form: str, gaz: Regions) -> tuple[Place, ...]:
    return tuple(dict.fromkeys(f.place for f in gaz.forms[form]))


def _full(place: Place, form: str, gaz: Regions) -> bool:
    return any(f.kind == "full" and f.place == place for f in gaz.forms[form])


def _strong(form: str, gaz: Regions) -> Place | None:
    """The place a form names by itself: a province (that no other place shares the name of),
    or the one place of a name that is not a common word: a city, or a county in full."""
    places = _places(form, gaz)
    provinces = [p for p in places if p.level == 1]
    if provinces:
        others = [p for p in places if p.province != provinces[0].path]
        return None if others else provinces[0]
    if form in gaz.common or len(places) != 1 or _kind_only(form):
        return None
    place = places[0]
    return place if place.level == 2 or _full(place, form, gaz) else None


def _kind_only(form: str) -> bool:
    """A district named only by its kind (矿区, 城区, 郊区): a word as much as a place, it
    needs its city beside it or named elsewhere (阳泉矿区)."""
    return len(form) == 2 and form.endswith("区")


def _support(place: Place, form: str, anchors: set[str], gaz: Regions) -> int:
    """How well the places named elsewhere back this reading of an unsure form."""
    if place.path in anchors:
        return 3
    if place.level == 3 and place.parent in anchors:
        return 2
    # A province alone backs a city, or a county written in full (鼓楼区), not a county's
    # short form: "更高平台" in an article that names 山西 is not 高平市; nor a full name
    # with no name of its own in it (城区, 郊区: several cities' districts, and a word).
    if place.province in anchors and (
        place.level == 2 or (_full(place, form, gaz) and place.short is not None)
    ):
        return 1
    return 0


@dataclass(frozen=True)
class _Context:
    gaz: Regions
    anchors: set[str]
    home: str | None


def _beside(mention: Mention, places: tuple[Place, ...], resolved: dict[int, Place], gaz: Regions):
    """The reading that the place right before it names the parent of (江苏南京, 昆明富民).
    A form that is mostly a word needs its own parent there: 辽宁振兴 is not 振兴区."""
    prev = mention.prev
    before = resolved.get(id(prev)) if prev is not None else None
    if before is None:
        return None
    if mention.match.form in gaz.words:
        inside = [p for p in places if p.parent == before.path]
    else:
        inside = [p for p in places if p.path.startswith(before.path + "/")]
    return inside[0] if len(inside) == 1 else None


def _evidence(mention: Mention, resolved: dict[int, Place]) -> bool:
    """Something beside the form shows it is a place: a zone word after it (丹阳经开区), or a
    list of places it stands in."""
    m = mention.match
    if m.zone_after:
        return True
    prev = mention.prev
    return m.listed and prev is not None and id(prev) in resolved


def _resolve(mention: Mention, ctx: _Context, resolved: dict[int, Place]) -> Place | None:
    gaz = ctx.gaz
    form = mention.match.form
    places = _places(form, gaz)
    beside = _beside(mention, places, resolved, gaz)
    if beside is not None:
        return beside
    provinces = [p for p in places if p.level == 1]
    if provinces:
        # 海南 in a report that writes 海南州 elsewhere is 海南州 throughout (one sense a
        # document); anywhere else it is the province.
        local = [p for p in places if p.level > 1 and p.path in ctx.anchors]
        return local[0] if len(local) == 1 and not mention.match.listed else provinces[0]
    evidence = _evidence(mention, resolved)
    if form in gaz.words and not evidence:
        return None
    strong = _strong(form, gaz)
    if strong is not None:
        return strong
    if ctx.home:
        local = [p for p in places if p.province == ctx.home]
        if local and len(local) < len(places):
            places = tuple(local)
    scored = [(_support(p, form, ctx.anchors, gaz), p) for p in places]
    best = max(s for s, _ in scored)
    if best > 0:
        top = [p for s, p in scored if s == best]
        return top[0] if len(top) == 1 else None
    if len(places) == 1 and form not in gaz.common and evidence:
        return places[0]
    return None


def _home(mentions: list[Mention], gaz: Regions) -> tuple[str | None, set[str]]:
    """The province the names not in doubt mostly lie in, and every path they give."""
    weights: dict[str, float] = defaultdict(float)
    anchors: set[str] = set()
    for m in mentions:
        strong = gaz.by_path[m.match.place] if m.match.place else _strong(m.match.form, gaz)
        if strong is not None:
            anchors.update(strong.ancestors)
            weights[strong.province] += m.weight
    if not weights:
        return None, anchors
    top = max(weights, key=weights.__getitem__)
    clear = weights[top] >= max(HOME_MIN_WEIGHT, HOME_SHARE * sum(weights.values()))
    return (top if clear else None), anchors


def _subject(mention: Mention, body: str) -> bool:
    """The mention names the place of the story's subject (四川江油一女民警, 北京市开启…)."""
    m = mention.match
    if m.subject:
        return True
    if mention.section != "lead" or m.listed:
        return False
    return agent(body, _chain_start(mention), m.end)


def _chain_start(mention: Mention) -> int:
    """Where the chain of places the mention ends starts (江苏南京: at 江苏)."""
    start, prev = mention.match.start, mention.prev
    while prev is not None:
        start, prev = prev.match.start, prev.prev
    return start


def _qualifiers(mentions: list[Mention], resolved: dict[int, Place]) -> set[int]:
    """Mentions that only qualify the next one (江苏 in 江苏南京)."""
    heads = set()
    for m in mentions:
        prev = m.prev
        if prev is not None and id(prev) in resolved and id(m) in resolved:
            if resolved[id(m)].path.startswith(resolved[id(prev)].path + "/"):
                heads.add(id(prev))
    return heads


def _sets_scene(m: Mention, body: str) -> bool:
    """The place (or its chain, 福建厦门) opens a clause, 在 before it or not: the clause
    happens there (在武汉东湖新技术开发区，投资…), it is not an item the clause names."""
    start = _chain_start(m)
    if start and body[start - 1] in VENUE_BEFORE:
        start -= 1
    return not start or body[start - 1] in CLAUSE_OPENERS


def _in_zone_names(mentions: list[Mention], resolved: dict[int, Place], body: str) -> set[int]:
    """Lead and body mentions inside a zone's name (确保中马钦州产业园区…) that do not set
    their clause's scene: items the clause names, not where it happens."""
    return {
        id(m)
        for m in mentions
        if m.section != "title"
        and m.match.in_zone_name
        and id(m) in resolved
        and not _sets_scene(m, body)
    }


def _named_in_zone_only(
    mentions: list[Mention], resolved: dict[int, Place], in_name: set[int]
) -> set[int]:
    """Of the mentions in_name, those of a place the article names nowhere else, itself or a
    place inside it: named, not held (RULES.md §1.2: places inside zone names the article
    does not otherwise concern)."""
    paths = [resolved[id(m)].path for m in mentions if id(m) in resolved]
    only: set[int] = set()
    for m in mentions:
        if id(m) in in_name:
            path = resolved[id(m)].path
            if sum(1 for p in paths if p == path or p.startswith(path + "/")) == 1:
                only.add(id(m))
    return only


def _listed_stops(mentions: list[Mention], title: str, body: str) -> set[int]:
    """Mentions where a journey arrives (来到常州), and the places listed after them
    (来到江苏省常州、镇江、南京等地: all three are stops)."""
    stops: set[int] = set()
    before: Mention | None = None
    for m in mentions:
        text = title if m.section == "title" else body
        listed = (
            before is not None
            and before.section == m.section
            and id(before) in stops
            and text[before.match.end : m.match.start] == "、"
        )
        if m.match.arrived or listed:
            stops.add(id(m))
        before = m
    return stops


@lru_cache(maxsize=64)
def find_regions(title: str | None, text: str) -> RegionResult:
    """Every region named in title and body, those the article is about, and its primary."""
    gaz = regions()
    folded_title, folded_text = fold(title or ""), fold(text or "")
    mentions = _mentions(folded_title, folded_text, gaz)
    home, anchors = _home(mentions, gaz)
    ctx = _Context(gaz, anchors, home)
    resolved: dict[int, Place] = {}
    # A form recurs many times in an article; a reading without context is worked out once.
    plain: dict[str, Place | None] = {}
    for m in mentions:
        if m.match.place:  # an abbreviation (沪 in 沪滇协作) names its place outright
            resolved[id(m)] = gaz.by_path[m.match.place]
            continue
        key = m.match.form
        contextual = m.prev is not None or m.match.zone_after or m.match.listed
        if not contextual and key in plain:
            place = plain[key]
        else:
            place = _resolve(m, ctx, resolved)
            if not contextual:
                plain[key] = place
        if place is not None:
            resolved[id(m)] = place
    # An article about a tour says so in its title or lead (a report's 调研 further down is not)
    tour = bool(
        TOUR_WORD.search(folded_title) or TOUR_WORD.search(folded_text, 0, lead_end(folded_text))
    )
    first = first_sentence_end(folded_text)  # the subject of the story is named there
    in_name = _in_zone_names(mentions, resolved, folded_text)
    once = _named_in_zone_only(mentions, resolved, in_name)
    visited = _listed_stops(mentions, folded_title, folded_text)
    placed = [
        Placed(
            m.section,
            m.match.start,
            resolved[id(m)].path,
            not m.match.venue
            and not m.match.excepted
            and id(m) not in once
            and (tour or not m.match.destination),
            m.match.toured or (tour and id(m) in visited),
            subject=m.match.start < first and _subject(m, folded_text),
            in_name=id(m) in in_name,
        )
        for m in mentions
        if id(m) in resolved
    ]
    share = shares(placed, folded_text)
    mentioned = {a for p in placed for a in gaz.by_path[p.path].ancestors}
    # A title announcing several places and naming none (多地项目连环爆雷, 各地抢收) frames a
    # multi-region piece (西藏多地震感强烈 is a story of Tibet's).
    several = bool(SEVERAL_PLACES.search(folded_title)) and not any(
        p.section == "title" and p.held for p in placed
    )
    return RegionResult(
        primary=None if several else primary_path(placed, share, gaz),
        about=tuple(sorted(about_paths(placed, share, gaz))),
        mentioned=tuple(sorted(mentioned)),
    )
