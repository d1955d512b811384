"""Development zones named in an article, under their canonical (catalogue) names."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from search.document import Level, Zone
from search.enrich.places import scan
from search.enrich.region import find_regions
from search.enrich.zone_cores import (
    GENERIC,
    LEAD_WORDS,
    MAX_CORE,
    STOP_CHARS,
    category_only,
    name_tail,
    new_area,
    pattern_core,
    short,
    without_level,
)
from search.enrich.zone_lists import RUN_RE, enumerated
from search.enrich.zone_merge import merge_targets, same_zone
from search.gazetteer.tables import Catalogue, CatalogueZone, Regions, catalogue, regions
from search.gazetteer.zone_names import BY_TEXT, Suffix
from search.text.normalise import fold

SUFFIX_RE = re.compile("|".join(sorted(map(re.escape, BY_TEXT), key=len, reverse=True)))
# A name may join two names with one dash (中蒙二连浩特—扎门乌德, 天津滨海-中关村), never
# after a double dash (工程——深中通道 is an aside).
DASHES = re.compile("[—–-]")
NAME_RUN_RE = re.compile(r"(?:[\u4e00-\u9fff()]+[—–-](?=[\u4e00-\u9fff]))?[\u4e00-\u9fff()]+$")
# Level words between a name and its ending (黄河三角洲国家农高区 is the catalogue's
# 黄河三角洲农业高新技术产业示范区; 巴彦淖尔国家农高区 and 巴彦淖尔农高区 are one zone).
LEVEL_WORDS = (
    ("省级及以上", None),
    ("省级以上", None),
    ("国家级", "国家级"),
    ("国家", "国家级"),
    ("省级", "省级"),
)
# 4个省级, 三地, 四大, 等: the count of the listed places' zones (黄石、荆州、十堰等经开区).
QUANTITY_RE = re.compile(
    r"(?:等)?(?:[0-9]+|[一二两三四五六七八九十]+)[个家地大]$|(?<=[\u4e00-\u9fff])等$"
)
NOT_A_ZONE_AFTER = ("协会", "联盟", "研究会")
PLACELESS_MAX = 4  # a listed name without a place (上库) is short
MAX_PLACE = 8  # longer than any place name a zone ending could close
# 跨境电商产业园14个: how many of a category (not 临港新片区15个项目: the zone's projects).
COUNT_AFTER = re.compile(
    r"\s*(?:[0-9]+|[一二两三四五六七八九十百]+)\s*[个家所座](?![\u4e00-\u9fff])"
)


@dataclass(frozen=True)
class _Hit:
    name: str
    mention: str
    start: int
    end: int
    zone: CatalogueZone | None
    suffix: Suffix
    core: str
    display: str = ""  # the name with 国家 as written (巴彦淖尔国家农高区), when it has it


@dataclass(frozen=True)
class _Context:
    provinces: frozenset[str]
    primary: str | None
    home: str | None  # the primary region, else the one province the article is about
    paths: frozenset[str]
    gaz: Regions
    cat: Catalogue


def _name_run(left: str) -> re.Match[str] | None:
    return (NAME_RUN_RE if DASHES.search(left) else RUN_RE).search(left)


def _strip_quantity(left: str) -> tuple[str, str | None, bool]:
    """'句容、京口4个省级' → ('句容、京口', '省级', True): the items before a shared suffix."""
    hint = None
    for word, level in LEVEL_WORDS:
        if left.endswith(word):
            left, hint = left[: -len(word)], level
            break
    m = QUANTITY_RE.search(left)
    if m:
        return left[: m.start()], hint, True
    return left, hint, False


def _pick(zones: tuple[CatalogueZone, ...], suffix: Suffix, hint: str | None, ctx: _Context):
    """The one catalogue zone a (core, suffix) stands for in this document, if any."""
    if len(zones) > 1:
        local = tuple(z for z in zones if z.province in ctx.provinces)
        zones = local or zones
    if len(zones) > 1:
        local = tuple(z for z in zones if f"{z.province}/{z.city}" in ctx.paths)
        zones = local or zones
    if len(zones) > 1:
        wanted = suffix.text if suffix.text in ("经济技术开发区", "经济开发区") else None
        if wanted is None and suffix.kind in ("etdz", "any"):
            # 广州开发区 is 广州经济技术开发区: a city's bare 开发区 is its ETDZ.
            wanted = "经济开发区" if hint == "省级" else "经济技术开发区"
        typed = tuple(z for z in zones if z.name.endswith(wanted)) if wanted else ()
        if not typed and suffix.kind == "any":
            typed = tuple(z for z in zones if z.name.endswith("经济开发区"))
        zones = typed or zones
    return zones[0] if len(zones) == 1 else None


def _catalogue_core(run: str, suffix: Suffix, hint: str | None, ctx: _Context):
    """The longest tail of the run that names a catalogue zone with this suffix."""
    spans = scan(run, ctx.gaz)
    for i in range(len(run) - 1):
        core = run[i:]
        # "天津市开发区" is not 津市's zone: the core may not start inside a place name.
        if core in GENERIC or any(s < i < e for s, e in spans):
            continue
        zones = ctx.cat.by_core.get((core, suffix.kind)) or ctx.cat.by_core.get(
            (short(core, ctx.gaz), suffix.kind)
        )
        if not zones:
            continue
        if not any(s >= i for s, _ in spans):
            # A core without a place (新材料产业园) only means a zone of the primary province.
            home = ctx.home.split("/")[0] if ctx.home else None
            zones = tuple(z for z in zones if z.province == home)
        zone = _pick(zones, suffix, hint, ctx) if zones else None
        if zone is not None:
            return core, zone
    return None


def _sub_park(run: str, run_end: int, suffix: Suffix, hits: list[_Hit]) -> bool:
    """A park named right after its zone: 丹阳经开区 + 航空航天新材料 + 产业园."""
    return (
        bool(hits)
        and suffix.named
        and hits[-1].end == run_end - len(run)
        and 2 <= len(run) <= MAX_CORE
        and not any(c in STOP_CHARS for c in run)
        and run not in GENERIC
        and run not in LEAD_WORDS
    )


def _national(run: str, ctx: _Context) -> bool:
    """国家 after this run is a level word: the name before it is a place or a catalogue
    zone's core (巴彦淖尔国家农高区, 黄河三角洲国家农高区), not a group of countries
    (中东欧国家)."""
    tail = name_tail(run, ctx.gaz)
    spans = scan(tail, ctx.gaz)
    return bool(tail) and ((bool(spans) and spans[0][0] == 0) or (tail, "any") in ctx.cat.by_core)


def _in_zone_list(run: str, run_end: int, text: str, hits: list[_Hit], ctx: _Context) -> bool:
    """A short name without a place, listed with 、 right after a zone: a zone of the list
    (甘泉堡经济技术开发区、上库高新技术产业开发区), unless it is a category or a clause word."""
    start = run_end - len(run)
    return (
        bool(hits)
        and hits[-1].end == start - 1
        and text[start - 1] == "、"
        and 2 <= len(run) <= PLACELESS_MAX
        and not any(c in STOP_CHARS for c in run)
        and run not in GENERIC
        and not run.startswith(LEAD_WORDS)
        and not category_only(run, ctx.cat)
    )


def _ftz_areas(found: list[_Hit], hits: list[_Hit], text: str) -> list[_Hit]:
    """片区 are free-trade-zone areas: kept in a paragraph about a free-trade zone (not 乌兰察布
    片区 of a data-centre cluster, 武夷山国家公园(江西片区) in a report that names its 自贸试验区
    elsewhere), and one zone with the free-trade zone written right before them
    (山东自贸区青岛片区)."""
    if not found:
        return []
    at = found[0].start
    start, end = text.rfind("\n", 0, at) + 1, text.find("\n", at)
    # 新片区 (临港新片区) is a free-trade zone's own word: the document naming one is enough.
    where = text if found[0].suffix.text == "新片区" else text[start : end if end >= 0 else None]
    if "自贸" not in where and "自由贸易" not in where:
        return []
    if hits and hits[-1].suffix.kind == "ftz" and hits[-1].end == found[0].start:
        ftz = hits.pop()
        whole = ftz.mention + found[0].mention
        merged = _Hit(whole, whole, ftz.start, found[0].end, None, found[0].suffix, whole)
        return [merged, *found[1:]]
    return found


def _longer_name(run: str, core: str, zone: CatalogueZone, gaz: Regions) -> bool:
    """The name in the text goes on before the catalogue core with words that are no place
    (氢能 in 包头氢能装备制造, 天津滨海- before 中关村), or with a place of another province
    (雄安新区中关村科技园 is not Beijing's 中关村科技园区): a different, longer name."""
    tail = name_tail(run, gaz)
    if len(tail) <= len(core) or not tail.endswith(core):
        return False
    rest = tail[: -len(core)]
    spans = [(s, e) for s, e in scan(rest, gaz) if rest[s:e] not in gaz.words]  # 合作 is a word
    if not spans or spans[0][0] != 0:
        return False  # clause words left uncut (充分发挥示范区)
    if sum(e - s for s, e in spans) < len(rest):
        return True  # 包头 + 氢能: a place, then words of the name
    provinces = {f.place.province for s, e in spans for f in gaz.forms[rest[s:e]]}
    return zone.province not in provinces


def _hit(
    core: str, start: int, suffix: Suffix, zone: CatalogueZone | None, infix: str = ""
) -> _Hit:
    """infix: 国家 as written between the name and its ending, kept in the mention only."""
    mention = core + infix + suffix.text
    if zone:
        name = zone.name
    elif suffix.kind == "newarea":
        name = new_area(core) or mention
    else:
        name = short(core, regions()) + (suffix.text if suffix.named else suffix.full)
    display = name[: len(name) - len(suffix.full)] + infix + suffix.full if infix else ""
    if infix and suffix.named:
        display = name[: len(name) - len(suffix.text)] + infix + suffix.text
    return _Hit(name, mention, start, start + len(mention), zone, suffix, core, display)


def _ends_a_place(text: str, m: re.Match[str], gaz: Regions) -> bool:
    """The ending is the end of a place's name that starts before it (下花园区, 梁园区: districts;
    a new area that is a district, 浦东新区, is a zone all the same)."""
    return any(
        text[m.end() - k : m.end()] in gaz.forms
        for k in range(m.end() - m.start() + 1, min(m.end(), MAX_PLACE) + 1)
    )


def _hits(text: str, ctx: _Context) -> list[_Hit]:
    hits: list[_Hit] = []
    floor = 0
    for m in SUFFIX_RE.finditer(text):
        suffix = BY_TEXT[m.group()]
        if suffix.kind != "newarea" and _ends_a_place(text, m, ctx.gaz):
            continue  # 张家口市下花园区 is a district (its name may start a zone's)
        if text.startswith(NOT_A_ZONE_AFTER, m.end()):
            floor = m.end()
            continue  # 江苏省开发区协会
        origin = max(floor, m.start() - 20)
        left, hint, quantified = _strip_quantity(text[origin : m.start()])
        run_m = _name_run(left)
        run = run_m.group() if run_m else ""
        if text.startswith("国家", origin + len(left)) and not _national(run, ctx):
            left, hint = text[origin : m.start()], None  # 中国-中东欧国家经贸合作示范区
            run_m = _name_run(left)
            run = run_m.group() if run_m else ""
        run_end = origin + len(left)
        found: list[_Hit] = []
        if quantified:
            if run in ctx.gaz.forms and run not in ctx.gaz.common:
                match = _catalogue_core(run, suffix, hint or "省级", ctx)
                found.append(_hit(run, run_end - len(run), suffix, match[1] if match else None))
        else:
            match = _catalogue_core(run, suffix, hint, ctx)
            # A zone written right before the run is part of the name (雄安新区 + 中关村).
            before = hits[-1].mention if hits and hits[-1].end == run_end - len(run) else ""
            if match and _longer_name(before + run, match[0], match[1], ctx.gaz):
                match = None  # 包头氢能装备制造产业园 is not 包头装备制造产业园区
            if match:
                core = match[0]
            elif _sub_park(run, run_end, suffix, hits):
                core = hits[-1].mention + run  # 丹阳经开区航空航天新材料产业园
            elif not COUNT_AFTER.match(text, m.end()):  # 跨境电商产业园14个: a category
                core = pattern_core(run, suffix, ctx.gaz, ctx.cat)
                if (
                    core is None
                    and suffix.kind != "newarea"  # 金义新区 after 滨海新区: a city's new area
                    and _in_zone_list(run, run_end, text, hits, ctx)
                ):
                    core = run  # 甘泉堡经济技术开发区、上库高新技术产业开发区
            else:
                core = None
            if core:
                infix = "国家" if text[run_end : m.start()] == "国家" else ""
                zone = match[1] if match else None
                if zone is None:
                    plain, level = without_level(core)
                    if plain != core:  # 江苏泰州国家级医药高新区: the catalogue has no level inside
                        catalogued = _catalogue_core(plain, suffix, level or hint, ctx)
                        zone = catalogued[1] if catalogued else None
                found.append(_hit(core, run_end - len(core), suffix, zone, infix))
        if found:
            listed = enumerated(
                text, found[0].start, floor, found[0].core, suffix, ctx.gaz, ctx.cat
            )
            for start, item in listed:
                match = _catalogue_core(item, suffix, hint, ctx)
                found.append(_hit(item, start, suffix, match[1] if match else None))
        if suffix.kind == "ftzarea":
            found = _ftz_areas(found, hits, text)
        hits.extend(sorted(found, key=lambda h: h.start))
        floor = m.end()
    return hits


def _located(hit: _Hit, ctx: _Context) -> tuple[str | None, str | None]:
    """Province and city of a zone missing from the catalogue, from the place in its name."""
    for s, e in scan(hit.core, ctx.gaz):
        places = {f.place for f in ctx.gaz.forms[hit.core[s:e]]}
        local = [p for p in places if p.path in ctx.paths] or list(places)
        if len(local) == 1:
            parts = local[0].path.split("/")
            return parts[0], parts[1] if len(parts) > 1 and parts[0] != parts[1] else None
    return None, None


def _zone(name: str, hits: list[_Hit], ctx: _Context) -> Zone:
    mentions = tuple(dict.fromkeys(h.mention for h in hits))
    first = hits[0]
    if first.zone is not None:
        z = first.zone
        return Zone(z.name, z.level, z.type, mentions, z.province, z.city)
    province, city = _located(first, ctx)
    if province is None and ctx.home:
        # No place in the name (空港产业园): a park of the place the article is about.
        parts = ctx.home.split("/")
        province, city = parts[0], parts[1] if len(parts) > 1 and parts[0] != parts[1] else None
    level: Level | None = None
    # The fullest form written (巴彦淖尔国家农高区 beside 巴彦淖尔农高区).
    name = max((h.display or h.name for h in hits), key=len)
    return Zone(name, level, first.suffix.full, mentions, province, city)


def _lone_province(paths: tuple[str, ...]) -> str | None:
    provinces = [p for p in paths if "/" not in p]
    return provinces[0] if len(provinces) == 1 else None


@lru_cache(maxsize=64)
def find_zones(title: str | None, text: str) -> tuple[Zone, ...]:
    """Every zone named in title and body, catalogue zones under their catalogue names."""
    regions_found = find_regions(title, text)
    ctx = _Context(
        provinces=frozenset(p for p in regions_found.mentioned if "/" not in p),
        primary=regions_found.primary,
        home=regions_found.primary or _lone_province(regions_found.about),
        paths=frozenset(regions_found.mentioned),
        gaz=regions(),
        cat=catalogue(),
    )
    folded = fold(title or "") + "\n" + fold(text or "")
    by_name: dict[str, list[_Hit]] = {}
    for hit in _hits(folded, ctx):
        by_name.setdefault(same_zone(hit.name, ctx.gaz), []).append(hit)
    uncatalogued = {n: len(h[0].suffix.full) for n, h in by_name.items() if h[0].zone is None}
    for name, into in merge_targets(uncatalogued, ctx.gaz).items():
        by_name[into] = sorted([*by_name[into], *by_name.pop(name)], key=lambda h: h.start)
    return tuple(_zone(name, hits, ctx) for name, hits in by_name.items())
