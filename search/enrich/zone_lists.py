"""Zones listed before a shared ending: 句容、扬中、丹徒、京口经开区 names four."""

from __future__ import annotations

import re

from search.enrich.places import scan
from search.enrich.zone_cores import (
    LEAD_WORDS,
    MAX_CORE,
    STOP_CHARS,
    category_only,
    name_tail,
    new_area,
    tail_words,
)
from search.gazetteer.tables import Catalogue, Regions
from search.gazetteer.zone_names import Suffix

RUN_RE = re.compile(r"[\u4e00-\u9fff()]+$")
ENUM_SEPARATORS = "、"  # not 和: "南平市和莆田高新区" names a city and one zone
# 杨凌示范区 is a place's other name, and a zone: no bare place name to share an ending
ZONE_LIKE = ("示范区", "新区", "园区", "开发区")


def enumerated(
    text: str, start: int, floor: int, core: str, suffix: Suffix, gaz: Regions, cat: Catalogue
) -> list[tuple[int, str]]:
    """The items listed before position start that share the core's ending: bare place names
    ('句容、扬中、丹徒、' before 京口 + 经开区), catalogue cores of that ending ('武汉东湖、' before
    襄阳 + 高新区), or heads as long as the core's first words ('湘琼、粤琼、' before
    浙琼 + 合作 + 产业园 → 湘琼合作, 粤琼合作). A new area's items are new areas themselves
    (南昌、赣江新区 names a city and one new area)."""
    items = []
    heads = set(tail_words(core)[1:])
    shared = _shared_words(core, gaz, cat)
    while start - 1 > floor and text[start - 1] in ENUM_SEPARATORS:
        m = RUN_RE.search(text, max(floor, start - 1 - MAX_CORE), start - 1)
        if not m:
            break
        item = m.group()
        if item not in gaz.forms:
            item = name_tail(item, gaz)  # 海南推进湘琼 → 湘琼
        at = start - 1 - len(item)
        if not item:
            break
        if suffix.kind == "newarea":
            if not new_area(item):
                break
            items.append((at, item))
        elif (item in gaz.forms and item not in gaz.common and not item.endswith(ZONE_LIKE)) or (
            item,
            suffix.kind,
        ) in cat.by_core:
            bare = (item, suffix.kind) not in cat.by_core
            items.append((at, item + shared if bare else item))
        elif (
            len(item) in heads
            and len(item) <= 4
            and not any(c in STOP_CHARS for c in item)
            and not item.startswith(LEAD_WORDS)
        ):
            items.append((at, item + core[len(item) :]))
        else:
            break
        start = at
    return items


def _shared_words(core: str, gaz: Regions, cat: Catalogue) -> str:
    """What follows the place opening the last item's core, when every listed place shares it:
    category words, with a level word or not (福州、厦门、泉州省级人工智能产业园: each city's
    省级人工智能产业园). A proper name after the place is that item's alone."""
    spans = scan(core, gaz)
    if not spans or spans[0][0] != 0 or core[: spans[0][1]] in gaz.common:
        return ""
    rest = core[spans[0][1] :]
    return rest if rest and category_only(rest, cat) else ""
