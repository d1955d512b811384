"""Development zones named in an article, under their canonical (catalogue) names."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from search.document import Level, Zone
from search.enrich.places import scan
from search.enrich.region import find_regions
from search.gazetteer.tables import Catalogue, CatalogueZone, Regions, catalogue, regions
from search.gazetteer.zone_names import BY_TEXT, Suffix
from search.text.normalise import fold

SUFFIX_RE = re.compile("|".join(sorted(map(re.escape, BY_TEXT), key=len, reverse=True)))
MAX_CORE = 12
RUN_RE = re.compile(r"[\u4e00-\u9fff()]+$")
# Characters that never sit inside a zone's name: the name starts after the last of them.
STOP_CHARS = frozenset("的与和及在将把对向从由以为是了等个家之其该各并或")
# Words that open a clause, not a name: 推动开发区, 全市经开区, 创建国家级高新区.
LEAD_WORDS = tuple(
    sorted(
        (
            "推动 推进 加快 支持 创建 建设 打造 依托 围绕 全市 全省 全区 全县 全国 省级 国家级 "
            "市级 县级 其中 位于 入驻 落户 整合 获批 成为 列为 包括 我市 我省 我区 我县 本市 "
            "服务 牵头 做好 完成 开展 共建 申报 助力 聚焦 提升 增强 明晰 优化 调整 指导 督查 "
            "引导 推出 实现 所有 这些 首批 一批 持续 深化 完善 建强 布局 发展 壮大 培育 新建 "
            "谋划 规划 推广 用好 办好 争创 积极 加强 高标准 高水平 专业化 原 新 省 市 县 区"
        ).split(),
        key=len,
        reverse=True,
    )
)
GENERIC = frozenset(
    (
        "省级 国家级 市级 县级 各类 重点 主体 现代化 现代 特色 生态 智慧 创新 示范 中小 共建 "
        "国家 全市 全省 全国 相关 所在 周边 各地 所属 新兴 传统 综合 国际合作 合作 外资 地方 "
        "沿海 沿江 城市 农业 工业 产业 经济 科技 高新 化工 物流 临港 省级以上 试点 区中 县域 "
        "园区 开发 功能 专业 特色创新 高端 新型 绿色 低碳 零碳 数字 未来 先进 优势 战略"
    ).split()
)
# Words that make up category names rather than names (现代农业产业园, 银发经济产业园):
# a core built only of these, with no place in it, is not a zone's name.
CATEGORY_PARTS = tuple(
    sorted(
        (
            "现代 农业 未来 文化 数据 绿电 银发 经济 循环 智慧 数字 科技 创意 创新 生态 特色 "
            "新材料 材料 医药 生物 健康 物流 电商 电子商务 商务 信息 软件 人工智能 大数据 算力 "
            "新能源 能源 汽车 装备 制造 食品 纺织 化工 光伏 储能 低空 航空 航天 海洋 旅游 "
            "世界 领先 示范 标准 专业 特色 小微 中小 企业 民营 外资 国际 合作 协作 共建 飞地 "
            "先进 高端 新兴 未来 产业 工业 零碳 低碳 绿色 循环经济 总部 双创 孵化 创业"
        ).split(),
        key=len,
        reverse=True,
    )
)


def _category_only(core: str) -> bool:
    """True when the core is made up entirely of category words."""
    i = 0
    while i < len(core):
        part = next((w for w in CATEGORY_PARTS if core.startswith(w, i)), None)
        if part is None:
            return False
        i += len(part)
    return True


LEVEL_WORDS = (("省级及以上", None), ("省级以上", None), ("国家级", "国家级"), ("省级", "省级"))
QUANTITY_RE = re.compile(r"(?:等)?(?:[0-9]+|[一二两三四五六七八九十]+)[个家]$")
ENUM_SEPARATORS = "、"  # not 和: "南平市和莆田高新区" names a city and one zone
NOT_A_ZONE_AFTER = ("协会", "联盟", "研究会")


@dataclass(frozen=True)
class _Hit:
    name: str
    mention: str
    start: int
    end: int
    zone: CatalogueZone | None
    suffix: Suffix
    core: str


@dataclass(frozen=True)
class _Context:
    provinces: frozenset[str]
    primary: str | None
    paths: frozenset[str]
    gaz: Regions
    cat: Catalogue


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
        if wanted is None and suffix.kind == "etdz":
            wanted = "经济开发区" if hint == "省级" else "经济技术开发区"
        typed = tuple(z for z in zones if z.name.endswith(wanted)) if wanted else ()
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
            (_short(core, ctx.gaz), suffix.kind)
        )
        if not zones:
            continue
        if not any(s >= i for s, _ in spans):
            # A core without a place (新材料产业园) only means a zone of a province named here.
            zones = tuple(z for z in zones if z.province in ctx.provinces)
        zone = _pick(zones, suffix, hint, ctx) if zones else None
        if zone is not None:
            return core, zone
    return None


def _short(core: str, gaz: Regions) -> str:
    """南平市 → 南平: zone names use a place's short form."""
    forms = gaz.forms.get(core, ())
    shorts = {f.place.short for f in forms if f.kind == "full" and f.place.short}
    return shorts.pop() if len(shorts) == 1 else core


def _drop_admin_prefix(core: str, gaz: Regions) -> str:
    """晋中市介休 → 介休: a full place name before the zone's own place is its address."""
    spans = scan(core, gaz)
    while len(spans) > 1 and spans[0][0] == 0:
        first = core[: spans[0][1]]
        if not any(f.kind == "full" for f in gaz.forms[first]):
            break
        core, spans = core[spans[0][1] :], [(s - len(first), e - len(first)) for s, e in spans[1:]]
        if spans[0][0] != 0:
            break
    return core


def _has_place(core: str, gaz: Regions) -> bool:
    return any(core[s:e] not in gaz.common for s, e in scan(core, gaz))


def _pattern_core(run: str, suffix: Suffix, gaz: Regions) -> str | None:
    """A name core for a zone missing from the catalogue (空港, 介休, 中瑞镇江生态), or None."""
    cut = max((i for i, c in enumerate(run) if c in STOP_CHARS), default=-1)
    core = run[cut + 1 :]
    stripped = True
    while stripped:
        stripped = False
        for word in LEAD_WORDS:
            if core.startswith(word) and len(core) > len(word):
                core, stripped = core[len(word) :], True
                break
    core = core.strip("()")
    core = _drop_admin_prefix(core, gaz)
    if suffix.kind == "any" and _short(core, gaz) != core:
        return None  # 《镇江市开发区总体规划》: the city's zones in general
    if (
        not 2 <= len(core) <= MAX_CORE
        or core in GENERIC
        or core in LEAD_WORDS
        or core[-1] in "省市县区"
    ):
        return None
    if _has_place(core, gaz):
        return core
    if suffix.named and len(core) <= 6 and "(" not in core and not _category_only(core):
        return core
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


def _enumerated(text: str, start: int, floor: int, gaz: Regions) -> list[tuple[int, str]]:
    """Bare place names listed before position start: '句容、扬中、丹徒、' → their spans."""
    items = []
    while start - 1 > floor and text[start - 1] in ENUM_SEPARATORS:
        m = RUN_RE.search(text, max(floor, start - 1 - MAX_CORE), start - 1)
        if not m:
            break
        item = m.group()
        if item not in gaz.forms or item in gaz.common:
            break
        items.append((m.start(), item))
        start = m.start()
    return items


def _hit(core: str, start: int, suffix: Suffix, zone: CatalogueZone | None) -> _Hit:
    mention = core + suffix.text
    name = (
        zone.name
        if zone
        else _short(core, regions()) + (suffix.text if suffix.named else suffix.full)
    )
    return _Hit(name, mention, start, start + len(mention), zone, suffix, core)


def _hits(text: str, ctx: _Context) -> list[_Hit]:
    hits: list[_Hit] = []
    floor = 0
    for m in SUFFIX_RE.finditer(text):
        suffix = BY_TEXT[m.group()]
        if text.startswith(NOT_A_ZONE_AFTER, m.end()):
            floor = m.end()
            continue  # 江苏省开发区协会
        origin = max(floor, m.start() - 20)
        left, hint, quantified = _strip_quantity(text[origin : m.start()])
        run_m = RUN_RE.search(left)
        run = run_m.group() if run_m else ""
        run_end = origin + len(left)
        found: list[_Hit] = []
        if quantified:
            if run in ctx.gaz.forms and run not in ctx.gaz.common:
                match = _catalogue_core(run, suffix, hint or "省级", ctx)
                found.append(_hit(run, run_end - len(run), suffix, match[1] if match else None))
        else:
            match = _catalogue_core(run, suffix, hint, ctx)
            if match:
                core = match[0]
            elif _sub_park(run, run_end, suffix, hits):
                core = hits[-1].mention + run  # 丹阳经开区航空航天新材料产业园
            else:
                core = _pattern_core(run, suffix, ctx.gaz)
            if core:
                found.append(_hit(core, run_end - len(core), suffix, match[1] if match else None))
        if found:
            for start, item in _enumerated(text, found[0].start, floor, ctx.gaz):
                match = _catalogue_core(item, suffix, hint, ctx)
                found.append(_hit(item, start, suffix, match[1] if match else None))
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
    if province is None and ctx.primary:
        # No place in the name (空港产业园): a park of the place the article is about.
        parts = ctx.primary.split("/")
        province, city = parts[0], parts[1] if len(parts) > 1 and parts[0] != parts[1] else None
    level: Level | None = None
    return Zone(name, level, first.suffix.full, mentions, province, city)


@lru_cache(maxsize=64)
def find_zones(title: str | None, text: str) -> tuple[Zone, ...]:
    """Every zone named in title and body, catalogue zones under their catalogue names."""
    regions_found = find_regions(title, text)
    ctx = _Context(
        provinces=frozenset(p for p in regions_found.mentioned if "/" not in p),
        primary=regions_found.primary,
        paths=frozenset(regions_found.mentioned),
        gaz=regions(),
        cat=catalogue(),
    )
    folded = fold(title or "") + "\n" + fold(text or "")
    by_name: dict[str, list[_Hit]] = {}
    for hit in _hits(folded, ctx):
        by_name.setdefault(hit.name, []).append(hit)
    return tuple(_zone(name, hits, ctx) for name, hits in by_name.items())
