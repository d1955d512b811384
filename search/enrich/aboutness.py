"""From the weight each place carries in an article to what it is about and its primary region.

A place's total is its own weight (mentions in the title count four times, in the lead twice,
in the closing fifth half) plus the totals of the places inside it.
"""

from __future__ import annotations

from collections import defaultdict

from search.gazetteer.tables import Regions

# A region is primary only with this much weight (a title mention, or a few in the body).
PRIMARY_MIN_WEIGHT = 3.0
# Words for the whole country: a national piece that names one place in passing has no
# primary region. Each counts this much against the leading province.
NATIONAL_WORDS = ("全国", "我国", "各地", "多地", "各省", "全球")
NATIONAL_WEIGHT = 0.5
# A place the article is about carries this share of the weight of its leading province.
ABOUT_SHARE = 0.15
# The primary region: the leading province holds this share of all provinces' weight...
DOMINANT_SHARE = 0.7
# ...and it descends to a child holding more than this share of the weight of the parent's
# children and of the parent's own mentions outside the title: a title naming the province
# of a story about one of its cities frames the story, it does not compete with the city.
DESCEND_SHARE = 0.5


def totals(weights: dict[str, float], gaz: Regions) -> dict[str, float]:
    """Each path's own weight plus that of every path below it."""
    out: dict[str, float] = defaultdict(float)
    for path, weight in weights.items():
        for ancestor in gaz.by_path[path].ancestors:
            out[ancestor] += weight
    return out


def about_paths(weights: dict[str, float], titled: set[str], gaz: Regions) -> set[str]:
    """Places named in the title, and places carrying a fair share of their province's weight,
    with their ancestors."""
    total = totals(weights, gaz)
    top = max((w for p, w in total.items() if "/" not in p), default=0.0)
    chosen = {p for p in titled} | {p for p, w in total.items() if top and w >= ABOUT_SHARE * top}
    return {a for p in chosen for a in gaz.by_path[p].ancestors}


def national_weight(title: str, body: str) -> float:
    """How much the text speaks of the whole country."""
    count = sum(body.count(w) + 4 * title.count(w) for w in NATIONAL_WORDS)
    return NATIONAL_WEIGHT * count


def primary_path(
    weights: dict[str, float],
    title_weights: dict[str, float],
    gaz: Regions,
    national: float = 0.0,
) -> str | None:
    """The region one province clearly dominates, down to the city or county holding most of
    its weight; None for national and multi-region pieces."""
    total = totals(weights, gaz)
    provinces = {p: w for p, w in total.items() if "/" not in p}
    if not provinces or not sum(provinces.values()):
        return None
    node = max(provinces, key=provinces.__getitem__)
    lead = provinces[node]
    if lead < PRIMARY_MIN_WEIGHT or lead < DOMINANT_SHARE * (sum(provinces.values()) + national):
        return None
    while True:
        children = {p: w for p, w in total.items() if gaz.by_path[p].parent == node}
        if not children:
            return node
        child = max(children, key=children.__getitem__)
        own = weights.get(node, 0.0) - title_weights.get(node, 0.0)
        if children[child] <= DESCEND_SHARE * (sum(children.values()) + own):
            return node
        node = child
