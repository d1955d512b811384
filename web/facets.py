"""Facet counts as the sidebar shows them: links that toggle a value, a region tree, chips."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from search.engine.facets import FacetValue
from web.params import FACET_LABELS, FACETS, State

UrlFor = Callable[[State], str]


@dataclass(frozen=True)
class FacetLink:
    """One clickable facet value: its count, whether selected, the URL that toggles it."""

    value: str
    label: str
    count: int
    selected: bool
    url: str


@dataclass
class RegionNode:
    """A region in the province → city → county tree."""

    link: FacetLink
    children: list[RegionNode] = field(default_factory=list)
    open: bool = False


@dataclass(frozen=True)
class Chip:
    """A selected value shown above the results, with the URL that removes it."""

    facet: str
    facet_label: str
    value: str
    label: str
    url: str


def region_label(path: str) -> str:
    return " › ".join(path.split("/"))


def links(facet: str, values: Iterable[FacetValue], state: State, url: UrlFor) -> list[FacetLink]:
    """Flat list (years, zones)."""
    return [
        FacetLink(v.value, v.value, v.count, v.selected, url(state.toggle(facet, v.value)))
        for v in values
    ]


def region_tree(values: Iterable[FacetValue], state: State, url: UrlFor) -> list[RegionNode]:
    """Region paths nested under their nearest listed ancestor, biggest first."""
    nodes: dict[str, RegionNode] = {}
    for v in values:
        label = v.value.rsplit("/", 1)[-1]
        nodes[v.value] = RegionNode(
            FacetLink(v.value, label, v.count, v.selected, url(state.toggle("region", v.value)))
        )
    roots: list[RegionNode] = []
    for path, node in nodes.items():
        parent = path.rsplit("/", 1)[0] if "/" in path else None
        while parent is not None and parent not in nodes:
            parent = parent.rsplit("/", 1)[0] if "/" in parent else None
        (nodes[parent].children if parent is not None else roots).append(node)
    selected = state.region
    for path, node in nodes.items():
        node.open = any(s == path or s.startswith(path + "/") for s in selected)

    def order(items: list[RegionNode]) -> list[RegionNode]:
        items.sort(key=lambda n: (-n.link.count, n.link.value))
        for n in items:
            order(n.children)
        return items

    roots = order(roots)
    if len(roots) == 1:
        roots[0].open = True
    return roots


def chips(state: State, url: UrlFor) -> list[Chip]:
    """Every selected value, each with the URL of the same search without it."""
    out = []
    for facet in (*FACETS, "mentions"):
        for value in state.selected(facet):
            label = region_label(value) if facet in ("region", "mentions") else value
            out.append(
                Chip(facet, FACET_LABELS[facet], value, label, url(state.without(facet, value)))
            )
    return out
