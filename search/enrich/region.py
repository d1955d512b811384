"""Which places an article mentions, and which one it is about."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from search.gazetteer.tables import Form, Place, Regions, regions
from search.text.normalise import fold

TITLE_WEIGHT = 4.0
LEAD_WEIGHT = 2.0  # the first paragraph
TAIL_WEIGHT = 0.5  # the last fifth of the body: link lists, bylines, footers
LEAD_MAX = 300
# A child place becomes the primary region when it carries this share of its parent's weight.
DESCEND_SHARE = 0.5
# Zone words after a bare short form show that it names a place (丹阳经开区). Not 市委:
# "会同市委财经办" is the verb 会同, not 会同县.
PLACE_FOLLOWERS = (
    "经济技术开发区",
    "经济开发区",
    "经开区",
    "高新区",
    "高新技术",
    "开发区",
    "综保区",
    "综合保税区",
    "工业园",
    "产业园",
)
# "10项城市管理职能" is not 项城市: a form starting with a measure word after a number.
MEASURE_WORDS = frozenset("项个家名件次批位座条类种所")
NUMERALS = frozenset("0123456789一二两三四五六七八九十百千万几多")


@dataclass(frozen=True)
class RegionResult:
    """The primary region path and every region path mentioned (ancestors included)."""

    primary: str | None
    paths: tuple[str, ...]


@dataclass(frozen=True)
class Mention:
    """A surface form found in the folded text, with the weight of where it stands."""

    text: str
    weight: float
    candidates: tuple[Form, ...]
    followed_by_place_word: bool


def scan(text: str, gaz: Regions) -> list[tuple[int, int]]:
    """Spans of place forms in folded text, longest match first, left to right."""
    spans = []
    n = len(text)
    lengths, forms, search = gaz.lengths, gaz.forms, gaz.starts.search
    m = search(text)
    while m:
        i = m.start()
        for length in lengths[text[i]]:
            if i + length <= n and text[i : i + length] in forms:
                spans.append((i, i + length))
                i += length
                break
        else:
            i += 1
        m = search(text, i)
    return spans


def _lead_end(body: str) -> int:
    """Where the first real paragraph ends (past a short header line or two)."""
    start = 0
    while True:
        nl = body.find("\n", start)
        if nl < 0 or nl >= LEAD_MAX:
            return min(len(body), LEAD_MAX)
        if nl - start >= 40:
            return nl
        start = nl + 1


def _mentions(title: str, body: str, gaz: Regions) -> list[Mention]:
    found = []
    for text, weight_of in (
        (title, lambda _i: TITLE_WEIGHT),
        (body, _body_weights(body)),
    ):
        for start, end in scan(text, gaz):
            form = text[start:end]
            if form[0] in MEASURE_WORDS and start > 0 and text[start - 1] in NUMERALS:
                continue
            follows = text.startswith(PLACE_FOLLOWERS, end)
            found.append(Mention(form, weight_of(start), gaz.forms[form], follows))
    return found


def _body_weights(body: str):
    lead, tail = _lead_end(body), int(len(body) * 0.8)

    def weight(i: int) -> float:
        if i < lead:
            return LEAD_WEIGHT
        return TAIL_WEIGHT if i >= tail else 1.0

    return weight


def _places(mention: Mention) -> tuple[Place, ...]:
    return tuple(dict.fromkeys(f.place for f in mention.candidates))


def _strong(mention: Mention, gaz: Regions) -> Place | None:
    """The place a mention names by itself, without help from context."""
    provinces = [f.place for f in mention.candidates if f.place.level == 1]
    if provinces:
        return provinces[0]
    places = _places(mention)
    if mention.text in gaz.common or len(places) != 1:
        return None
    place = places[0]
    kinds = {f.kind for f in mention.candidates}
    return place if place.level == 2 or "full" in kinds else None


def _support(place: Place, mention: Mention, anchors: set[str]) -> int:
    """How well the places named elsewhere back this reading of an unsure mention."""
    if place.path in anchors:
        return 3
    if place.level == 3 and place.parent in anchors:
        return 2
    # A province alone backs a city, or a county written in full (鼓楼区), not a county's
    # short form: "更高平台" in an article that names 山西 is not 高平市.
    full = any(f.kind == "full" and f.place == place for f in mention.candidates)
    if place.province in anchors and (place.level == 2 or full):
        return 1
    return 0


def _resolve(mention: Mention, anchors: set[str], gaz: Regions) -> Place | None:
    strong = _strong(mention, gaz)
    if strong is not None:
        return strong
    common = mention.text in gaz.common
    places = _places(mention)
    scored = [(_support(p, mention, anchors), p) for p in places]
    best = max(s for s, _ in scored)
    if best > 0:
        top = [p for s, p in scored if s == best]
        return top[0] if len(top) == 1 else None
    if len(places) == 1 and not common and mention.followed_by_place_word:
        return places[0]
    return None


def _primary(scores: dict[str, float], gaz: Regions) -> str | None:
    totals: dict[str, float] = defaultdict(float)
    for path, score in scores.items():
        for ancestor in gaz.by_path[path].ancestors:
            totals[ancestor] += score
    provinces = [p for p in totals if "/" not in p]
    if not provinces:
        return None
    node = max(provinces, key=lambda p: totals[p])
    while True:
        children = [p for p in totals if gaz.by_path[p].parent == node]
        if not children:
            return node
        child = max(children, key=lambda p: totals[p])
        if totals[child] < DESCEND_SHARE * totals[node]:
            return node
        node = child


@lru_cache(maxsize=64)
def find_regions(title: str | None, text: str) -> RegionResult:
    """Every region mentioned in title and body, and the one the article is about."""
    gaz = regions()
    mentions = _mentions(fold(title or ""), fold(text or ""), gaz)
    # A form recurs many times in an article; each distinct reading is worked out once.
    anchors: set[str] = set()
    for m in {m.text: m for m in mentions}.values():
        strong = _strong(m, gaz)
        if strong is not None:
            anchors.update(strong.ancestors)
    resolved: dict[tuple[str, bool], Place | None] = {}
    scores: dict[str, float] = defaultdict(float)
    for m in mentions:
        key = (m.text, m.followed_by_place_word)
        if key not in resolved:
            resolved[key] = _resolve(m, anchors, gaz)
        place = resolved[key]
        if place is not None:
            scores[place.path] += m.weight
    paths = {a for path in scores for a in gaz.by_path[path].ancestors}
    return RegionResult(_primary(scores, gaz), tuple(sorted(paths)))
