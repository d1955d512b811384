"""Domain words for jieba's user dictionary, so place and zone names are not split."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from search.gazetteer.cache import cached, gazetteer_key
from search.gazetteer.tables import CatalogueZone, catalogue, core_variants, regions
from search.gazetteer.zone_names import SUFFIXES, short_names, split_name

POLICY_TERMS = frozenset(
    (
        "一区多园 一区两园 三区三园 链主企业 链主 飞地项目 飞地经济 飞地园区 区中园 园中园 "
        "批而未供 亩产论英雄 标准地 拿地即开工 双向通办 大党工委 六个统一 三张清单 "
        "红黄绿牌 四至范围 四至 产城融合 去筹 调区 扩区 集中区 整合提升 开发园区 产业园区 "
        "省级开发区 国家级开发区 国家级经开区 国家级高新区 省级经开区 省级高新区 特色园区 "
        "自贸区 自由贸易试验区 联动创新区 综改示范区 首位产业 主导产业 招商引资 "
        "一特三提升 园区整合 共建园区 南北共建 苏陕合作"
    ).split()
)


def zone_forms(zone: CatalogueZone) -> tuple[str, ...]:
    """A catalogue zone's name first, then the forms news text writes it in (镇江经开区)."""
    forms = [zone.name]
    split = split_name(zone.name)
    if split is not None:
        core, suffix = split
        for variant in sorted(core_variants(core, zone)):
            forms.append(variant + suffix.text)
            forms.extend(short_names(variant, suffix))
    return tuple(dict.fromkeys(forms))


@lru_cache(maxsize=1)
def domain_terms() -> frozenset[str]:
    """Region names and short forms, zone names and abbreviations, zone words, policy terms.

    Made once per change of search/data or of this part's code, and kept in the cache folder.
    """
    return cached("domain_terms", gazetteer_key(), lambda: sorted(_domain_terms()), _words)


def _words(value: Any) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
        raise TypeError("the cached domain terms are not a list of words")
    return frozenset(value)


def _domain_terms() -> set[str]:
    gaz = regions()
    terms: set[str] = set(POLICY_TERMS)
    terms.update(s.text for s in SUFFIXES)
    for form, readings in gaz.forms.items():
        if form not in gaz.common or any(r.kind == "full" for r in readings):
            terms.add(form)
    for zone in catalogue().zones:
        terms.add(zone.key)  # as folded text writes it (中德(沈阳)...)
        terms.update(zone_forms(zone))
    return {t for t in terms if len(t) >= 2}
