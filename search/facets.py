"""Facet counts over a whole result set, disjunctive: each facet ignores its own selection."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from whoosh import query as Q
from whoosh.searching import Searcher

from search.schema import parse_facet_line

FACETS = ("region", "year", "zone")


@dataclass(frozen=True)
class FacetValue:
    """One value of a facet with its count and whether the request selects it."""

    value: str
    count: int
    selected: bool = False


def facet_table(searcher: Searcher) -> list[tuple[str | None, tuple[str, ...], tuple[str, ...]]]:
    """Per docnum: (year, regions, zones), read from the facets column."""
    reader = searcher.reader()
    if not reader.has_column("facets"):
        return [(None, (), ())] * reader.doc_count_all()
    column = reader.column_reader("facets")
    return [parse_facet_line(column[n] or b"") for n in range(reader.doc_count_all())]


def selection_docs(searcher: Searcher, field: str, values: Iterable[str]) -> set[int] | None:
    """Docnums carrying any of the values (OR within a facet); None when nothing is selected."""
    values = list(values)
    if not values:
        return None
    if field == "year":
        q: Q.Query = Q.Or([Q.Term("year", int(v)) for v in values])
    else:
        q = Q.Or([Q.Term(field, v) for v in values])
    return set(searcher.docs_for_query(q))


def count(
    table: list[tuple[str | None, tuple[str, ...], tuple[str, ...]]],
    base: set[int],
    selections: Mapping[str, set[int] | None],
    chosen: Mapping[str, Iterable[str]],
) -> dict[str, list[FacetValue]]:
    """Counts per facet over base ∩ the other facets' selections."""
    out: dict[str, list[FacetValue]] = {}
    for i, name in enumerate(FACETS):
        docs = base
        for other, sel in selections.items():
            if other != name and sel is not None:
                docs = docs & sel
        tally: Counter[str] = Counter()
        for n in docs:
            entry = table[n]
            if i == 1:
                if entry[0]:
                    tally[entry[0]] += 1
            else:
                tally.update(entry[2] if i == 2 else entry[1])
        selected = set(chosen.get(name, ()))
        if name == "year":
            order = sorted(tally.items(), key=lambda kv: kv[0], reverse=True)
        else:
            order = sorted(tally.items(), key=lambda kv: (-kv[1], kv[0]))
        values = [FacetValue(v, c, v in selected) for v, c in order]
        values += [FacetValue(v, 0, True) for v in sorted(selected - set(tally))]
        out[name] = values
    return out
