"""How zone names end: suffixes, their abbreviations and the class they belong to."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Suffix:
    """A zone-name ending as written, the class it names and its spelled-out form."""

    text: str
    kind: str  # etdz, hitech, bonded, industrial, park, any, ...
    full: str  # the unabbreviated ending used for zones missing from the catalogue
    named: bool  # a brand-like core (今世缘产业园) is plausible without a place name


SUFFIXES: tuple[Suffix, ...] = (
    Suffix("经济技术开发区", "etdz", "经济技术开发区", False),
    Suffix("经济开发区", "etdz", "经济开发区", False),
    Suffix("经开区", "etdz", "经济开发区", False),
    Suffix("高新技术产业开发区", "hitech", "高新技术产业开发区", False),
    Suffix("高技术产业开发区", "hitech", "高新技术产业开发区", False),  # 威海火炬高技术...
    Suffix("新技术产业开发区", "hitech", "高新技术产业开发区", False),  # 武汉东湖新技术...
    Suffix("新技术开发区", "hitech", "高新技术产业开发区", False),
    Suffix("农业高新技术产业示范区", "agrihitech", "农业高新技术产业示范区", False),
    Suffix("高新技术产业示范区", "agrihitech", "农业高新技术产业示范区", False),
    Suffix("农高区", "agrihitech", "农业高新技术产业示范区", False),
    Suffix("高新技术产业园区", "hitech", "高新技术产业开发区", False),
    Suffix("高新技术开发区", "hitech", "高新技术产业开发区", False),
    Suffix("高新区", "hitech", "高新技术产业开发区", False),
    Suffix("特殊综合保税区", "bonded", "特殊综合保税区", False),  # 洋山特殊综合保税区
    Suffix("综合保税区", "bonded", "综合保税区", False),
    Suffix("综保区", "bonded", "综合保税区", False),
    Suffix("保税港区", "port", "保税港区", False),
    Suffix("保税物流园区", "logistics", "保税物流园区", False),
    Suffix("保税区", "bondzone", "保税区", False),
    Suffix("出口加工区", "export", "出口加工区", False),
    Suffix("边境经济合作区", "border", "边境经济合作区", False),
    Suffix("跨境经济合作区", "crossborder", "跨境经济合作区", False),
    Suffix("工业集中区", "cluster", "工业集中区", False),
    Suffix("产业集聚区", "agglomeration", "产业集聚区", False),
    Suffix("台商投资区", "taiwan", "台商投资区", False),
    Suffix("旅游度假区", "resort", "旅游度假区", False),
    Suffix("化工园区", "chemical", "化工园区", True),
    Suffix("化工园", "chemical", "化工园区", True),
    Suffix("工业园区", "industrial", "工业园区", True),
    Suffix("工业园", "industrial", "工业园区", True),
    Suffix("科技园区", "science", "科技园区", True),
    Suffix("科技园", "science", "科技园区", True),
    Suffix("软件园", "software", "软件园", True),
    Suffix("产业园区", "park", "产业园区", True),
    Suffix("产业园", "park", "产业园", True),
    Suffix("物流园区", "logistics", "物流园区", True),
    Suffix("物流园", "logistics", "物流园区", True),
    Suffix("工业区", "industrialzone", "工业区", False),
    Suffix("临空经济示范区", "economic", "临空经济示范区", False),  # a national kind since 2015
    Suffix("临空经济区", "economic", "临空经济区", False),
    Suffix("临港经济区", "economic", "临港经济区", False),
    Suffix("空港经济区", "economic", "空港经济区", False),
    # 经济 and 特别 before 合作区 belong to the ending: jieba reads them as clause words.
    Suffix("经济特别合作区", "cooperation", "经济特别合作区", True),  # 广清经济特别合作区
    Suffix("特别合作区", "cooperation", "特别合作区", True),  # 深汕特别合作区
    Suffix("经济合作区", "cooperation", "经济合作区", True),  # 中蒙二连浩特—扎门乌德经济合作区
    Suffix("合作区", "cooperation", "合作区", True),  # 横琴粤澳深度合作区
    # 示范区 only where it names a designated zone, not an honour (乡村振兴示范区).
    Suffix("自主创新示范区", "demonstration", "自主创新示范区", True),
    Suffix("一体化高质量发展示范区", "demonstration", "一体化高质量发展示范区", True),
    Suffix("一体化发展示范区", "demonstration", "一体化发展示范区", True),
    Suffix("先行示范区", "demonstration", "先行示范区", True),
    Suffix("产业转移示范区", "demonstration", "产业转移示范区", True),
    Suffix("产业合作示范区", "demonstration", "产业合作示范区", True),
    Suffix("产业创新示范区", "demonstration", "产业创新示范区", True),
    Suffix("产业示范区", "demonstration", "产业示范区", False),
    Suffix("经贸合作示范区", "demonstration", "经贸合作示范区", True),
    Suffix("合作示范区", "demonstration", "合作示范区", True),  # 京津合作示范区
    Suffix("自由贸易试验区", "ftz", "自由贸易试验区", False),
    Suffix("自贸试验区", "ftz", "自由贸易试验区", False),
    Suffix("自贸区", "ftz", "自由贸易试验区", False),
    Suffix("自由贸易港", "ftport", "自由贸易港", False),
    Suffix("自贸港", "ftport", "自由贸易港", False),
    Suffix(
        "自贸片区", "ftzarea", "自贸片区", False
    ),  # jieba cuts 自贸 into 自 (a preposition) + 贸
    Suffix("新片区", "ftzarea", "新片区", False),
    Suffix("片区", "ftzarea", "片区", False),
    Suffix("经济特区", "sez", "经济特区", False),
    Suffix("园区", "anypark", "园区", False),
    Suffix("新区", "newarea", "新区", False),  # the national new areas only
    Suffix("开发区", "any", "开发区", False),
)
BY_TEXT = {s.text: s for s in SUFFIXES}
LONGEST_FIRST = tuple(sorted(SUFFIXES, key=lambda s: len(s.text), reverse=True))
# The 19 national new areas (国家级新区), zones of their own though no catalogue lists them.
NATIONAL_NEW_AREAS = frozenset(
    (
        "浦东新区 滨海新区 两江新区 舟山群岛新区 兰州新区 南沙新区 西咸新区 贵安新区 "
        "西海岸新区 金普新区 天府新区 湘江新区 江北新区 福州新区 滇中新区 哈尔滨新区 "
        "长春新区 赣江新区 雄安新区"
    ).split()
)
# Kinds only the catalogue names: a resort is a zone when it is a catalogue entry.
CATALOGUE_ONLY = frozenset({"resort"})
# Type of the catalogue whose zones an abbreviation may stand for, when both exist.
PREFERRED_TYPE = {"经济技术开发区": "经济技术开发区", "经济开发区": "经济开发区"}


def split_name(name: str) -> tuple[str, Suffix] | None:
    """'江苏涟水经济开发区' → ('江苏涟水', 经济开发区); None when no known ending."""
    for suffix in LONGEST_FIRST:
        if name.endswith(suffix.text) and len(name) > len(suffix.text):
            return name[: -len(suffix.text)], suffix
    return None


ABBREVIATIONS = frozenset({"经开区", "经济开发区", "高新区", "综保区", "工业园"})
# Kinds of zone outside the 2018 catalogue (so not enriched as zones) whose names news
# abbreviates all the same: an ending and its abbreviations, for matching queries.
OTHER_ENDINGS: tuple[tuple[str, ...], ...] = (("自由贸易试验区", "自贸试验区", "自贸区"),)


def short_names(core: str, suffix: Suffix) -> tuple[str, ...]:
    """The abbreviations news text uses for a zone: 镇江经开区, 镇江高新区, 镇江综保区."""
    same = (
        s
        for s in SUFFIXES
        if s.kind == suffix.kind and s.text in ABBREVIATIONS and len(s.text) < len(suffix.text)
    )
    return tuple(core + s.text for s in same)
