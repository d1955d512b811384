"""What the 2018 catalogue says about one zone (the zone page), and close names for a miss."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from types import MappingProxyType

from search.gazetteer.tables import CatalogueZone, catalogue

CLOSE_CUTOFF = 0.5
# Who approves a zone of each level: the catalogue's 批准级别 column, the same in every row.
APPROVED_BY = {"国家级": "国务院", "省级": "省政府"}


@dataclass(frozen=True)
class ZoneFacts:
    """A catalogue zone with the columns only its page shows; None where the catalogue is silent."""

    name: str
    level: str
    type: str
    province: str
    city: str | None
    code: str | None = None  # G… national, S… provincial
    approved_by: str | None = None  # 国务院 or 省政府
    approved: tuple[str, ...] = ()  # YYYY-MM; two when a zone was approved in parts
    area_ha: float | None = None  # approved area in hectares (national zones only)
    industries: tuple[str, ...] = ()  # 主导产业 (national zones only)


@lru_cache(maxsize=1)
def _facts() -> MappingProxyType:
    path = resources.files("search").joinpath("data", "zone_facts.json")
    return MappingProxyType(json.loads(path.read_text(encoding="utf-8")))


def _with_facts(zone: CatalogueZone) -> ZoneFacts:
    row = _facts().get(zone.name)
    if row is None:
        return ZoneFacts(zone.name, zone.level, zone.type, zone.province, zone.city)
    code, approved, *national = row
    area, industries = national if national else (None, "")
    return ZoneFacts(
        zone.name,
        zone.level,
        zone.type,
        zone.province,
        zone.city,
        code or None,
        APPROVED_BY.get(zone.level),
        tuple(m for m in approved.split("/") if m),
        area,
        tuple(i for i in industries.split("、") if i),
    )


@lru_cache(maxsize=1)
def _by_canonical() -> MappingProxyType:
    out: dict[str, CatalogueZone] = {}
    for zone in catalogue().zones:
        out.setdefault(zone.name, zone)
    return MappingProxyType(out)


def zone_facts(name: str) -> ZoneFacts | None:
    """The catalogue entry of a canonical zone name, or None when the catalogue lacks it."""
    zone = _by_canonical().get(name)
    return _with_facts(zone) if zone is not None else None


def close_zone_names(name: str, limit: int = 6, extra: tuple[str, ...] = ()) -> list[str]:
    """Catalogue names (and extra names, e.g. the index's) that look most like name."""
    if not name:
        return []
    names = list(dict.fromkeys([*_by_canonical(), *extra]))
    close = difflib.get_close_matches(name, names, n=limit, cutoff=CLOSE_CUTOFF)
    if len(close) < limit:
        # A fragment (涟水, 苏州工业) is close to nothing as a whole: names containing it.
        close += [n for n in names if name in n and n not in close][: limit - len(close)]
    return close
