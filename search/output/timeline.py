"""A result set over time as bars: per year from the year facet, per month within one year.

Only the geometry is computed here (in the SVG's own units); the page draws and links it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from search.engine.facets import FacetValue

MAX_YEARS = 30  # the most recent years a timeline shows
SLOT = 24  # horizontal units per bar, gap included
BAR = 18
HEAD = 11  # room above the tallest bar for its count
PLOT = 60  # the tallest bar
LABELS = 14  # room under the bars for their labels
MAX_COUNTED = 16  # bars beyond this many are too narrow on a phone for a count each
MIN_BAR = 2  # a bar with any count stays visible
LABEL_EVERY = (13, 1), (20, 2), (MAX_YEARS + 1, 5)  # bars shown → label every n-th


@dataclass(frozen=True)
class Bar:
    """One year or month: its filter value, count, label and place in the chart."""

    value: str  # the filter value: "2025" or "2025-03"
    label: str
    count: int
    selected: bool
    x: float
    y: float
    width: float
    height: float
    labelled: bool  # whether its label is drawn (every n-th when the bars are many)

    @property
    def centre(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class Timeline:
    """Bars in a viewBox of width × height units; empty when nothing has a date."""

    unit: Literal["year", "month"]
    bars: tuple[Bar, ...]
    width: int
    height: int
    peak: int
    counted: bool  # whether each bar's count is written above it

    def __bool__(self) -> bool:
        return any(b.count for b in self.bars)

    @property
    def baseline(self) -> int:
        return HEAD + PLOT

    @property
    def total(self) -> int:
        return sum(b.count for b in self.bars)


def _every(n: int) -> int:
    return next(step for limit, step in LABEL_EVERY if n < limit)


def _chart(unit: Literal["year", "month"], rows: list[tuple[str, str, int, bool]]) -> Timeline:
    peak = max((count for _, _, count, _ in rows), default=0)
    step = _every(len(rows))
    bars = []
    for i, (value, label, count, selected) in enumerate(rows):
        height = 0.0 if not count else max(MIN_BAR, PLOT * count / peak)
        labelled = (len(rows) - 1 - i) % step == 0  # the newest always has its label
        y = HEAD + PLOT - height
        bars.append(Bar(value, label, count, selected, i * SLOT + 3, y, BAR, height, labelled))
    width = max(len(rows), 1) * SLOT
    return Timeline(unit, tuple(bars), width, HEAD + PLOT + LABELS, peak, len(rows) <= MAX_COUNTED)


def years(values: Iterable[FacetValue]) -> Timeline:
    """Every year from the first to the last with a count (gaps as empty bars), oldest left."""
    counts = {int(v.value): v for v in values if v.value.isdigit()}
    if not counts:
        return _chart("year", [])
    last = max(counts)
    first = max(min(counts), last - MAX_YEARS + 1)
    rows = []
    for year in range(first, last + 1):
        v = counts.get(year)
        rows.append((str(year), str(year), v.count if v else 0, bool(v and v.selected)))
    return _chart("year", rows)


def months(year: int, values: Iterable[FacetValue]) -> Timeline:
    """The twelve months of one year, January left."""
    counts = {v.value: v for v in values}
    rows = []
    for month in range(1, 13):
        value = f"{year:04d}-{month:02d}"
        v = counts.get(value)
        rows.append((value, f"{month}月", v.count if v else 0, bool(v and v.selected)))
    return _chart("month", rows)
