"""Which zone names of one document name the same zone: the official form beside the short
one, a name written with and without the places or the free-trade zone it lies in."""

from __future__ import annotations

import re
from collections import defaultdict

from search.enrich.places import scan
from search.gazetteer.tables import Regions

FTZ_LEAD = re.compile("自由贸易试验区|自贸试验区|自贸区")
CHINA_BRACKETED = re.compile(r"中国\(([\u4e00-\u9fff]{2,8})\)")


def same_zone(name: str, gaz: Regions) -> str:
    """中国(上海)自由贸易试验区 and 上海自由贸易试验区 are one zone: the country before the
    province is the official form's (the fullest form written names the zone)."""
    m = CHINA_BRACKETED.match(name)
    if m:
        return m.group(1) + name[m.end() :]
    if name.startswith("中国"):  # 中国上海自由贸易试验区, the brackets left out
        spans = scan(name[2:], gaz)
        if spans and spans[0][0] == 0 and _province(name[2 : 2 + spans[0][1]], gaz):
            return name[2:]
    return name


def _province(form: str, gaz: Regions) -> bool:
    return any(f.place.level == 1 for f in gaz.forms[form])


def merge_targets(names: dict[str, int], gaz: Regions) -> dict[str, str]:
    """For names of zones missing from the catalogue (each with the length of its ending),
    the fuller name each one is the same zone as: 东湖国家自主创新示范区 → 武汉东湖国家自主
    创新示范区; 上海临港新片区 → 中国(上海)自由贸易试验区临港新片区 (keyed as same_zone gives
    it). A name two zones of different places share the rest of (中韩产业园 beside 盐城中韩产业园
    and 烟台中韩产业园) is neither."""
    groups: dict[str, list[tuple[frozenset[str], str]]] = defaultdict(list)
    for name, ending in names.items():
        bare, places = _reduced(name, gaz)
        if len(bare) > ending + 1:
            groups[bare].append((places, name))
    targets: dict[str, str] = {}
    for entries in groups.values():
        entries.sort(key=lambda e: -len(e[0]))
        for i, (places, name) in enumerate(entries):
            wider = [(p, n) for p, n in entries[:i] if places <= p and n not in targets]
            tops = {p for p, _ in wider if not any(p < q for q, _ in wider)}
            if len(tops) == 1:  # none, or zones of two places it may be either of
                targets[name] = next(n for p, n in wider if p in tops)
    return targets


def _reduced(name: str, gaz: Regions) -> tuple[str, frozenset[str]]:
    """The name without the places and the free-trade zone before it, and those places
    (上海自由贸易试验区临港新片区 → 临港新片区, {上海}); 国家 as written or not."""
    rest, places = name.replace("国家", ""), set()
    while True:
        spans = scan(rest, gaz)
        if spans and spans[0][0] == 0 and rest[: spans[0][1]] not in gaz.words:
            places.add(rest[: spans[0][1]])
            rest = rest[spans[0][1] :]
            continue
        m = FTZ_LEAD.match(rest)
        if m and m.end() < len(rest):
            rest = rest[m.end() :]
            continue
        return rest, frozenset(places)
