"""The name part of a zone mention (the core before its ending), cut on word boundaries.

A name starts after the last word that opens a clause (推进, 建成, 得益于, 通过...), never
inside a place's or a level word's name (石家庄格力, not 庄格力; 国家级... is not 级...).
A core with no place in it and no catalogue entry is a name only when something in it is not
a category word: the catalogue's own leading industries (新材料, 跨境电商) and the generic
words below make up category names (新材料产业园), not zones.
"""

from __future__ import annotations

from search.enrich.places import cutter, scan
from search.gazetteer.tables import Catalogue, Regions, catalogue
from search.gazetteer.zone_names import CATALOGUE_ONLY, NATIONAL_NEW_AREAS, Suffix

MAX_CORE = 12
# Bonded zones are named after the port or the quarter they fence in (洋山, 外高桥, 梅山),
# places too small for the gazetteer: a short core that is no category word is their name.
# Free-trade zones' areas likewise (前海蛇口片区, 临港新片区), where a free-trade zone is named.
PORT_KINDS = frozenset({"bonded", "port", "bondzone", "ftzarea"})
PORT_MAX = 4
PORT_KIND_WORDS = frozenset(
    "空港 临空 临港 港口 海港 陆港 内陆 沿边 口岸".split()
)  # 空港综保区: a kind
NAMED_MAX = 8  # a core without a place, named on its own (中荷现代设施农业), is no longer
# Characters that never sit inside a zone's name: the name starts after the last of them.
# (好 after a verb is its complement: 建设好; 继 is "following": 继深圳经济特区之后.)
STOP_CHARS = frozenset(
    "的与和及在将把对向从由以为是了等个家之其该各并或于到被让好继着这那给仅搞一起"
)
DATE_WORDS = frozenset("年月日")  # 2013年上海自贸区, 12月深圳前海合作区: a date, not a name
# Words that open a clause, not a name: 推动开发区, 全市经开区, 创建国家级高新区.
LEAD_WORDS = tuple(
    sorted(
        (
            "推动 推进 加快 支持 创建 建设 打造 依托 围绕 全市 全省 全区 全县 全国 省级 国家级 "
            "市级 县级 其中 位于 入驻 落户 整合 获批 成为 列为 包括 我市 我省 我区 我县 本市 "
            "服务 牵头 做好 完成 开展 共建 申报 助力 聚焦 提升 增强 明晰 优化 调整 指导 督查 "
            "引导 推出 实现 所有 这些 首批 一批 持续 深化 完善 建强 布局 发展 壮大 培育 新建 "
            "谋划 规划 推广 用好 办好 争创 积极 加强 高标准 高水平 专业化 原 新 省 市 县 区 "
            "参观 考察 调研 走访 视察 来到 走进 前往 看望 组织 召开 举办 举行 签约 代表团 "
            "做大做强 做优做强 重塑 提质 扩容 争取 正在 纪念 筹划 落地 对外开放 "
            "沿线 沿岸 沿途 周边 时期 期间 之后 之前 同时 启动 全面 全力 大力 着力 加速 "
            "此前 目前 当前 此后 如今 今年 去年 近年来"
        ).split(),
        key=len,
        reverse=True,
    )
)
LONG_LEAD_WORDS = tuple(w for w in LEAD_WORDS if len(w) > 1)
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
            "先进 高端 新兴 未来 产业 工业 零碳 低碳 绿色 循环经济 总部 双创 孵化 创业 "
            "一流 高 "  # 世界一流高科技园区: 高 + 科技园区
            "影视 养老 康养 文旅 体育 主题 线上 线下 低效 高效 绿能 文明 渔业 不锈钢 老 城区 "
            "云计算 大型 钢铁 精细 冰雪 临空 智能 智能化 节水型 物联 物联网 科创"
        ).split(),
        key=len,
        reverse=True,
    )
)


# jieba's tags of words that never belong to a name: verbs, prepositions, adverbs,
# conjunctions, particles, pronouns, numerals and measure words.
CLAUSE_TAGS = frozenset("v p d c u ul uj uz ud ug uv r m q y e o".split())
# Endings that, after a bare place name, speak of the place's parks in general.
# (汕头临港经济区, 廊坊临空经济区, 天津国家自主创新示范区 are one zone each: not place-wide.)
JOINED_KINDS = frozenset({"demonstration", "cooperation"})
PLACE_WIDE = frozenset("anypark cooperation industrialzone".split())
TYPE_WORDS = frozenset(
    "劳动密集型 技术密集型 资金密集型 人力资源 村级 镇级 乡级 服装 跨境 大学 现代农业 "
    "境外 经贸 海外".split()
)
ALL_CATEGORY_WORDS = tuple(
    sorted(set(CATEGORY_PARTS) | TYPE_WORDS | GENERIC, key=len, reverse=True)
)


def category_only(core: str, cat: Catalogue) -> bool:
    """True when the core is made up entirely of category words (新材料, 航空航天新材料)."""
    if _greedy(core, ALL_CATEGORY_WORDS):
        return True
    return all(_category_word(w, cat) for w in cutter().cut(core, False))


def _category_word(word: str, cat: Catalogue) -> bool:
    if word in cat.industries or word in GENERIC or word in TYPE_WORDS:
        return True
    return _greedy(word, CATEGORY_PARTS)  # 现代农业 = 现代 + 农业


def _greedy(text: str, words: tuple[str, ...]) -> bool:
    """text is a run of these words, taken longest first at each step."""
    i = 0
    while i < len(text):
        part = next((w for w in words if text.startswith(w, i)), None)
        if part is None:
            return False
        i += len(part)
    return True


def _clause_word(word: str, tag: str, gaz: Regions) -> bool:
    if word in gaz.forms or word in INDUSTRY_WORDS():
        return False  # 保定 and 介休, 制造 and 加工 are tagged as verbs
    if len(word) == 1:  # jieba's tags of lone characters are guesses (张 is q, 都 of 新都 d)
        return word in STOP_CHARS or word in DATE_WORDS
    # 深入开展, 全力支持: one word of jieba's ending in a clause opener; 最全: a superlative
    return (
        word in LEAD_WORDS
        or tag in CLAUSE_TAGS
        or word.startswith("最")
        or word.endswith(LONG_LEAD_WORDS)
    )


def _governs_place(word: str, tag: str, kept: list[tuple[str, str]], gaz: Regions) -> bool:
    """A verbal noun right before a place (the gazetteer's, or jieba's: 开城) is the verb the
    name is the object of (融合上海自贸区, 服务开城工业园区): a name starts at its place, not
    before it. (A lone character tagged a verb may be a place's abbreviation: 中蒙.)"""
    if not kept or tag != "vn":
        return False
    after, after_tag = kept[-1]
    return (
        (after in gaz.forms or after_tag == "ns")
        and (word not in gaz.forms or word in gaz.words)  # 合作 is mostly no 合作市
        and word not in INDUSTRY_WORDS()
    )


def INDUSTRY_WORDS() -> frozenset[str]:  # noqa: N802 - reads like the constant it is
    return catalogue().industries


def _place_words(tagged: list[tuple[str, str]], gaz: Regions) -> list[tuple[str, str]]:
    """jieba's words with a lone character it cut from a place's name joined back to it
    (和 + 龙 = 和龙, 云 + 和 = 云和)."""
    out: list[tuple[str, str]] = []
    for word, tag in tagged:
        if out and (len(word) == 1 or len(out[-1][0]) == 1) and out[-1][0] + word in gaz.forms:
            out[-1] = (out[-1][0] + word, "ns")
        else:
            out.append((word, tag))
    return out


# A level word between a city or county and the rest of a name belongs to the name
# (泉州省级人工智能产业园); before a province it grades the province's parks in general.
INFIX_LEVELS = ("国家级", "省级", "市级")  # a tuple: without_level takes the first found


def _level_infix(word: str, before: str | None, kept: list[tuple[str, str]], gaz: Regions) -> bool:
    if word not in INFIX_LEVELS or not kept or before is None or before in gaz.common:
        return False
    places = {f.place for f in gaz.forms.get(before, ())}
    return bool(places) and all(p.level > 1 for p in places)


def without_level(core: str) -> tuple[str, str | None]:
    """The core without a level word inside it, and that level (泰州国家级医药 → 泰州医药,
    国家级): how the catalogue writes the zone."""
    for word in INFIX_LEVELS:
        at = core.find(word)
        if at > 0 and at + len(word) < len(core):
            return core[:at] + core[at + len(word) :], word if word != "市级" else None
    return core, None


def name_tail(run: str, gaz: Regions) -> str:
    """The words at the end of the run up to the first one opening a clause."""
    kept: list[tuple[str, str]] = []
    words = list(reversed(_place_words(cutter().tag(run, False), gaz)))
    for i, (word, tag) in enumerate(words):
        before = words[i + 1][0] if i + 1 < len(words) else None
        if _level_infix(word, before, kept, gaz):
            kept.append((word, tag))
            continue
        if _clause_word(word, tag, gaz) or _governs_place(word, tag, kept, gaz):
            break
        kept.append((word, tag))
    core = "".join(w for w, _ in reversed(kept))
    stripped = True
    while stripped:  # 新, 原, 省, 做大做强...: openers at the start
        stripped = False
        for word in LEAD_WORDS:
            if core.startswith(word) and len(core) > len(word) and _opens(core, len(word), gaz):
                core, stripped = core[len(word) :], True
                break
    return core


def _opens(core: str, at: int, gaz: Regions) -> bool:
    """The opener ending at `at` is a word of its own: a place or a word of jieba's starts
    there, and no place name runs across it (the 新 of 新疆, of 新型 is none)."""
    spans = scan(core, gaz)
    if any(s < at < e for s, e in spans):
        return False
    return any(s == at for s, _ in spans) or at in tail_words(core)


def _balanced(core: str) -> str:
    """The core without a bracket left open at either end: (内蒙古 → 内蒙古; what stands
    before a bracket left open is not part of the name (武夷山国家公园(江西 → 江西)."""
    if core.count("(") > core.count(")"):
        core = core[core.rindex("(") + 1 :]
    while core and (core[0] == ")" or (core[0] == "(" and ")" not in core)):
        core = core[1:]
    while core and (core[-1] == "(" or (core[-1] == ")" and "(" not in core)):
        core = core[:-1]
    return core


def new_area(core: str) -> str | None:
    """The national new area a core + 新区 names (河北雄安 → 雄安新区), if any."""
    for i in range(len(core)):
        if core[i:] + "新区" in NATIONAL_NEW_AREAS:
            return core[i:] + "新区"
    return None


def _new_area_core(core: str, gaz: Regions) -> str | None:
    """The new area's name with the places written before it (河北雄安), without words that
    jieba left uncut before it (全力支持雄安 → 雄安)."""
    area = new_area(core)
    if area is None:
        return None
    at = len(core) - len(area) + 2
    prefix = core[:at]
    spans = scan(prefix, gaz)
    placed = spans and spans[0][0] == 0 and sum(e - s for s, e in spans) == len(prefix)
    if placed and not _same_province(prefix, spans, area, gaz):
        return None  # 绍兴滨海新区 is a city's new area, not Tianjin's 滨海新区
    return core if placed or not prefix else core[at:]


def _same_province(prefix: str, spans: list[tuple[int, int]], area: str, gaz: Regions) -> bool:
    """The places written before a national new area may lie in its province (天津滨海)."""
    homes = {f.place.province for f in gaz.forms.get(area, ())}
    if not homes:
        return True  # a new area the gazetteer does not hold: nothing to check against
    return any(f.place.province in homes for s, e in spans for f in gaz.forms[prefix[s:e]])


def tail_words(core: str) -> list[int]:
    """Offsets where the core's words begin."""
    starts, at = [], 0
    for w in cutter().cut(core, False):
        starts.append(at)
        at += len(w)
    return starts


def short(core: str, gaz: Regions) -> str:
    """南平市 → 南平: zone names use a place's short form."""
    forms = gaz.forms.get(core, ())
    shorts = {f.place.short for f in forms if f.kind == "full" and f.place.short}
    return shorts.pop() if len(shorts) == 1 else core


def drop_admin_prefix(core: str, gaz: Regions) -> str:
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


def has_place(core: str, gaz: Regions) -> bool:
    """A place of its own is in the core: not a common word, nor a district named only by
    its kind (城区, 郊区, 矿区: 城区老工业区 is the old industrial areas of towns)."""
    return any(
        core[s:e] not in gaz.common and not (e - s == 2 and core[e - 1] == "区")
        for s, e in scan(core, gaz)
    )


def _joined(run: str, core: str, suffix: Suffix, gaz: Regions) -> str | None:
    """A zone of two places joined by 与 (通州区与北三县 + 一体化高质量发展示范区): the place
    before 与 and the name after it, or None."""
    head = run[: len(run) - len(core)]
    if suffix.kind not in JOINED_KINDS or not head.endswith("与") or not core:
        return None
    first = name_tail(head[:-1], gaz)
    if first not in gaz.forms or first in gaz.common:
        return None
    joined = first + "与" + core
    return joined if len(joined) <= MAX_CORE else None


FREE_TRADE = frozenset({"ftz", "ftport"})


def _from_place(core: str, gaz: Regions) -> str:
    """A free-trade zone is named after its place, or 中国(place): words before the place are
    the clause's (方案明确江苏自贸试验区)."""
    if core.startswith("中国"):
        return core
    spans = [(s, e) for s, e in scan(core, gaz) if core[s:e] not in gaz.words]
    return core[spans[0][0] :] if spans else core


NOT_LOCAL = frozenset("中国 全国 国家 国际 世界 亚洲 全球".split())


def _named_max(core: str) -> int:
    """How long a placeless core may be: longer with a place jieba knows though the gazetteer
    does not (深港 in 前海深港现代服务业合作区)."""
    jieba_place = any(
        t == "ns" and len(w) > 1 and w not in NOT_LOCAL for w, t in cutter().tag(core, False)
    )
    return MAX_CORE if jieba_place else NAMED_MAX


def _full_place(core: str, gaz: Regions) -> bool:
    """The core is one place's full name, and no common word (肥西县, 双流区; not 城区)."""
    forms = gaz.forms.get(core, ())
    return (
        len(core) > 2
        and core not in gaz.common
        and len({f.place for f in forms}) == 1
        and any(f.kind == "full" for f in forms)
    )


def _verb_inside(core: str, gaz: Regions, cat: Catalogue) -> bool:
    """A placeless core with a verb in it is a phrase, not a brand (外资开发运营特色产业园)."""
    return any(
        tag in ("v", "vn")
        and len(word) > 1  # a lone character's tag is a guess (盛乐: 盛 is v)
        and word not in gaz.forms
        and not _category_word(word, cat)
        for word, tag in cutter().tag(core, False)
    )


def pattern_core(run: str, suffix: Suffix, gaz: Regions, cat: Catalogue) -> str | None:
    """A name core for a zone missing from the catalogue (空港, 介休, 中瑞镇江生态), or None."""
    core = _balanced(name_tail(run, gaz))
    if suffix.kind in CATALOGUE_ONLY:
        return None
    joined = _joined(run, core, suffix, gaz)
    if joined:
        return joined
    if suffix.kind == "newarea":
        return _new_area_core(core, gaz)
    if suffix.kind in FREE_TRADE:
        core = _from_place(core, gaz)
    core = drop_admin_prefix(core, gaz)
    if suffix.text == "新片区" and 2 <= len(core) <= PORT_MAX and core not in LEAD_WORDS:
        return core  # a free-trade zone's new area, named after its quarter (临港新片区)
    if suffix.kind == "any" and short(core, gaz) != core:
        return None  # 《镇江市开发区总体规划》: the city's zones in general
    if core and core[-1] in "省市县区" and suffix.kind not in PLACE_WIDE and _full_place(core, gaz):
        return core  # 肥西县经开区, 双流区临空经济示范区: the county's zone of that kind
    if (
        not 2 <= len(core) <= MAX_CORE
        or core in GENERIC
        or core in LEAD_WORDS
        or core[-1] in "省市县区"
    ):
        return None
    if suffix.kind in PLACE_WIDE and core in gaz.forms:
        return None  # 镇江园区, 天津示范区: a place's parks in general, not one zone
    if has_place(core, gaz):
        return core
    if category_only(core, cat):
        return None
    if suffix.named and len(core) <= _named_max(core) and not _verb_inside(core, gaz, cat):
        return core
    if suffix.kind in PORT_KINDS and len(core) <= PORT_MAX and core not in PORT_KIND_WORDS:
        return core
    return None
