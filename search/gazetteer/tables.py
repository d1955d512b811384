"""The shipped gazetteers (search/data/*.json), loaded once and indexed for matching."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Literal

from search.gazetteer.zone_names import Suffix, split_name

FormKind = Literal["full", "short"]


@dataclass(frozen=True)
class Place:
    """A province (level 1), prefecture city (2) or county (3), by its path 省/市[/县]."""

    path: str
    level: int
    name: str
    short: str | None

    @property
    def ancestors(self) -> tuple[str, ...]:
        """Paths of the place and everything above it, top first."""
        parts = self.path.split("/")
        return tuple("/".join(parts[: i + 1]) for i in range(len(parts)))

    @property
    def parent(self) -> str | None:
        return self.path.rsplit("/", 1)[0] if "/" in self.path else None

    @property
    def province(self) -> str:
        return self.path.split("/", 1)[0]


@dataclass(frozen=True)
class Form:
    """One way of writing a place: 镇江市 (full) or 镇江 (short)."""

    place: Place
    kind: FormKind


@dataclass(frozen=True, eq=False)
class Regions:
    """Every place, and every surface form mapped to the places it may stand for."""

    places: tuple[Place, ...]
    forms: MappingProxyType  # str -> tuple[Form, ...]
    common: frozenset[str]  # forms that are also ordinary words: need support from context
    words: frozenset[str]  # forms that are mostly ordinary words: need evidence beside them
    lengths: MappingProxyType  # first character -> form lengths starting with it, longest first
    starts: re.Pattern[str]  # any first character of a form: where a scan has to look
    by_path: MappingProxyType  # path -> Place
    prefixes: frozenset[str] = frozenset()  # every form's first two characters


@dataclass(frozen=True)
class CatalogueZone:
    """A zone of the 2018 catalogue."""

    name: str
    level: Literal["国家级", "省级"]
    type: str
    province: str
    city: str | None
    folded: str = ""  # the name folded as the text is, when that differs (中德(沈阳)...)

    @property
    def key(self) -> str:
        """The name as it appears in folded text."""
        return self.folded or self.name


@dataclass(frozen=True, eq=False)
class Catalogue:
    """The 2018 zone catalogue, indexed by (name core, suffix kind) and by exact name."""

    zones: tuple[CatalogueZone, ...]
    by_core: MappingProxyType = field(repr=False)  # (core, kind) -> tuple[CatalogueZone, ...]
    by_name: MappingProxyType = field(repr=False)  # name as written -> CatalogueZone
    industries: frozenset[str] = frozenset()  # words of the catalogue's leading industries


def _read(name: str) -> object:
    return json.loads(resources.files("search").joinpath("data", name).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def regions() -> Regions:
    """The region gazetteer: 31 provinces, their cities and counties, with short forms."""
    data = _read("regions.json")
    places = tuple(Place(p, lvl, name, short or None) for p, lvl, name, short in data["entries"])
    by_path = {p.path: p for p in places}
    forms: dict[str, list[Form]] = defaultdict(list)
    for place in places:
        forms[place.name].append(Form(place, "full"))
        if place.short:
            forms[place.short].append(Form(place, "short"))
    # Keys folded as the text is (乾县 → 干县), X州 for autonomous prefectures, other names.
    for text, path, kind in data["forms"]:
        form = Form(by_path[path], kind)
        if form not in forms[text]:
            forms[text].append(form)
    common = _read("common_words.json")
    lengths: dict[str, set[int]] = defaultdict(set)
    for text in forms:
        lengths[text[0]].add(len(text))
    return Regions(
        places=places,
        forms=MappingProxyType({k: tuple(v) for k, v in forms.items()}),
        common=frozenset(common["common"]),
        words=frozenset(common["word"]),
        lengths=MappingProxyType({k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()}),
        starts=re.compile("[" + "".join(map(re.escape, sorted(lengths))) + "]"),
        by_path=MappingProxyType(by_path),
        prefixes=frozenset(text[:2] for text in forms),
    )


def _province_prefixes(province: str) -> tuple[str, ...]:
    place = regions().by_path.get(province)
    names = (province, place.short) if place and place.short else (province,)
    return tuple(sorted(names, key=len, reverse=True))


# Words catalogue names carry that news text drops: 威海火炬高技术产业开发区 = 威海高新区.
NAME_FILLERS = ("火炬", "国家")
BRACKETED = re.compile(r"\([^()]*\)")


def core_variants(core: str, zone: CatalogueZone) -> set[str]:
    """镇江京口 → {镇江京口, 京口}; 江苏涟水 → {江苏涟水, 涟水}; 威海火炬 → {威海火炬, 威海};
    中德(沈阳)高端装备制造 → also 中德沈阳高端装备制造 and 中德高端装备制造."""
    variants = {core}
    for filler in NAME_FILLERS:
        if filler in core and len(core) - len(filler) >= 2:
            variants.add(core.replace(filler, ""))
    if "(" in core:
        variants |= {core.replace("(", "").replace(")", ""), BRACKETED.sub("", core)}
    for v in list(variants):
        for prefix in _province_prefixes(zone.province):
            if v.startswith(prefix) and len(v) - len(prefix) >= 2:
                variants.add(v[len(prefix) :])
                break
    if zone.city:
        city = regions().by_path.get(f"{zone.province}/{zone.city}")
        for v in list(variants):
            for prefix in (zone.city, city.short if city else None):
                if prefix and v.startswith(prefix) and len(v) - len(prefix) >= 2:
                    variants.add(v[len(prefix) :])
    return variants


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    """The 2,543 zones of the 2018 catalogue (552 national, 1,991 provincial)."""
    zones = tuple(
        CatalogueZone(name, level, type_, province, city or None, *folded)
        for name, level, type_, province, city, *folded in _read("zones.json")
    )
    by_core: dict[tuple[str, str], list[CatalogueZone]] = defaultdict(list)
    by_name: dict[str, CatalogueZone] = {}
    for zone in zones:
        by_name.setdefault(zone.key, zone)
        split = split_name(zone.key)
        if split is None:
            continue
        core, suffix = split
        for variant in core_variants(core, zone):
            by_core[(variant, suffix.kind)].append(zone)
            by_core[(variant, "any")].append(zone)
            by_name.setdefault(variant + suffix.text, zone)
    _city_zones(zones, by_core)
    return Catalogue(
        industries=frozenset(_read("industries.json")["industries"]),
        zones=zones,
        by_core=MappingProxyType({k: tuple(dict.fromkeys(v)) for k, v in by_core.items()}),
        by_name=MappingProxyType(by_name),
    )


CITY_KINDS = ("hitech", "etdz")  # 武汉高新区: the city's one national 高新区 (武汉东湖…)


def _city_zones(zones: tuple[CatalogueZone, ...], by_core: dict) -> None:
    """A city's 高新区 or 经开区 is its one national zone of that kind named after the city,
    whatever else its name says (武汉高新区 → 武汉东湖新技术开发区), where no zone's name is
    the city's alone."""
    found: dict[tuple[str, str], list[CatalogueZone]] = defaultdict(list)
    for zone in zones:
        split = split_name(zone.key)
        if zone.level != "国家级" or not zone.city or split is None:
            continue
        if split[1].kind not in CITY_KINDS:
            continue
        city = regions().by_path.get(f"{zone.province}/{zone.city}")
        names = {zone.city, city.short if city else None} - {None}
        if not any(v.startswith(tuple(names)) for v in core_variants(split[0], zone)):
            continue  # 靖江经济技术开发区 is named after its county, not after 泰州
        for name in names:
            found[(name, split[1].kind)].append(zone)
    for key, city_zones in found.items():
        if len(city_zones) == 1 and key not in by_core:
            by_core[key].append(city_zones[0])


def zone_suffix(zone: CatalogueZone) -> Suffix | None:
    """The ending of a catalogue zone's name, if it is a known one."""
    split = split_name(zone.name)
    return split[1] if split else None
