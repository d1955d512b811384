"""Other names of a zone or a kind of zone, for queries: 经开区 = 经济技术开发区 = 经济开发区.

Two sources, both derived, none listed per zone: the zone-name endings (zone_names: an ending
and its abbreviations name the same kind of zone, so 镇江经开区 = 镇江经济技术开发区), and the
2018 catalogue (the forms a catalogue zone is written in: 江苏涟水经济开发区 = 涟水经开区).
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from search.gazetteer.cache import cached, gazetteer_key
from search.gazetteer.lexicon import zone_forms as catalogue_forms
from search.gazetteer.tables import catalogue, regions
from search.gazetteer.zone_names import OTHER_ENDINGS, SUFFIXES, short_names

MAX_ZONES = 3  # a form shared by more zones than this names no zone in particular


@lru_cache(maxsize=1)
def ending_classes() -> dict[str, tuple[str, ...]]:
    """Each zone-name ending → the endings that name the same kind of zone, longest first.

    An ending and its abbreviations are one class (经济技术开发区, 经济开发区, 经开区); endings of
    a kind with no abbreviation (物流园区 is not 保税物流园区) are a class of their own.
    """
    linked: dict[str, set[str]] = {s.text: {s.text} for s in SUFFIXES}
    for suffix in SUFFIXES:
        for short in short_names("", suffix):
            linked[suffix.text].add(short)
            linked[short].add(suffix.text)
    for group in OTHER_ENDINGS:
        for text in group:
            linked.setdefault(text, set()).update(group)
    # connected components: 经济开发区 links 经济技术开发区 and 经开区
    classes: dict[str, tuple[str, ...]] = {}
    for start in linked:
        if start in classes:
            continue
        seen, todo = set(), [start]
        while todo:
            text = todo.pop()
            if text not in seen:
                seen.add(text)
                todo.extend(linked[text] - seen)
        members = tuple(sorted(seen, key=lambda t: (-len(t), t)))
        for text in seen:
            classes[text] = members
    return classes


def _longest_ending(word: str) -> str | None:
    endings = ending_classes()
    found = [e for e in endings if word.endswith(e)]
    return max(found, key=len) if found else None


def _zone_forms_table() -> dict[str, list]:
    """Each catalogue zone's forms, and every form → the zones (indexes) written so, as JSON."""
    forms = [list(catalogue_forms(zone)) for zone in catalogue().zones]
    by_form: dict[str, list[int]] = defaultdict(list)
    for i, written in enumerate(forms):
        for form in written:
            by_form[form].append(i)
    return {"forms": forms, "by_form": {f: list(dict.fromkeys(ids)) for f, ids in by_form.items()}}


@lru_cache(maxsize=1)
def _zone_forms() -> tuple[dict[str, tuple[int, ...]], list[tuple[str, ...]]]:
    """(form → zone indexes, each zone's forms): kept on disk, since every query's words are
    looked up in it and making it reads the whole catalogue (~0.2 s a process)."""
    return cached(
        "zone_forms",
        gazetteer_key(),
        _zone_forms_table,
        lambda v: (
            {form: tuple(ids) for form, ids in v["by_form"].items()},
            [tuple(forms) for forms in v["forms"]],
        ),
    )


def _zones_by_form() -> dict[str, tuple[int, ...]]:
    """Every form a catalogue zone is written in → the zones (indexes) written so."""
    return _zone_forms()[0]


def zone_forms(name: str) -> tuple[str, ...]:
    """A zone's name first, then the forms news writes it in (镇江经开区), for a catalogue zone."""
    zone = catalogue().by_name.get(name)
    return catalogue_forms(zone) if zone is not None else (name,)


@lru_cache(maxsize=4096)
def aliases(word: str) -> tuple[str, ...]:
    """The names that mean what `word` (folded) means, `word` first; (word,) when none.

    A bare ending stands for its kind (经开区 → 经济技术开发区, 经济开发区); a name with an ending
    swaps it within its class (上海自贸区 → 上海自由贸易试验区); a catalogue zone's form brings
    the zone's other forms (苏州工业园 → 苏州工业园区).
    """
    found = [word]
    ending = _longest_ending(word)
    if ending is not None:
        core = word[: -len(ending)]
        found += [core + other for other in ending_classes()[ending]]
    by_form, forms = _zone_forms()
    zones = by_form.get(word, ())
    if 0 < len(zones) <= MAX_ZONES:
        for i in zones:
            found += forms[i]
    return tuple(dict.fromkeys(found))


def is_name(word: str) -> bool:
    """word names a place, a catalogue zone or a kind of zone (its parts name other things)."""
    if word in regions().forms or word in ending_classes() or word in _zones_by_form():
        return True
    ending = _longest_ending(word)
    return ending is not None and len(word) > len(ending)
