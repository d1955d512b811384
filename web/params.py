"""The page's state as GET parameters: parsed, validated, and turned back into URLs."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import cast

from search.engine.facets import MONTH_RE
from search.engine.query import SORTS, SearchRequest, Sort
from search.text.normalise import printable

FACETS = ("region", "year", "zone", "month")
FACET_LABELS = {
    "region": "地区",
    "year": "年份",
    "zone": "开发区",
    "month": "月份",
    "mentions": "提及地区",
}
SORT_LABELS = {"relevance": "相关度", "date": "最新优先", "date-asc": "最早优先"}
MAX_QUERY_CHARS = 500
MAX_VALUE_CHARS = 100
MAX_VALUES = 20
MAX_PAGE = 10_000
MAX_LIMIT = 100


class BadParam(ValueError):
    """A GET parameter no page can answer; the message is for the user."""


@dataclass(frozen=True)
class State:
    """Everything a results page shows depends on: query, selections, sort, page."""

    q: str = ""
    region: tuple[str, ...] = ()
    year: tuple[str, ...] = ()
    zone: tuple[str, ...] = ()
    sort: Sort = "relevance"
    page: int = 1
    month: tuple[str, ...] = ()  # YYYY-MM, chosen from the timeline's month bars
    mentions: tuple[str, ...] = ()  # places named anywhere in the article: a filter, no facet

    def selected(self, facet: str) -> tuple[str, ...]:
        return getattr(self, facet)

    @property
    def has_filters(self) -> bool:
        return any(self.selected(f) for f in FACETS) or bool(self.mentions)

    @property
    def is_empty(self) -> bool:
        return not self.q.strip() and not self.has_filters

    def args(self) -> dict[str, str | list[str]]:
        """URL parameters, defaults left out so URLs stay short."""
        out: dict[str, str | list[str]] = {}
        if self.q:
            out["q"] = self.q
        for facet in (*FACETS, "mentions"):
            if self.selected(facet):
                out[facet] = list(self.selected(facet))
        if self.sort != "relevance":
            out["sort"] = self.sort
        if self.page != 1:
            out["page"] = str(self.page)
        return out

    def with_page(self, page: int) -> State:
        return replace(self, page=page)

    def with_sort(self, sort: Sort) -> State:
        return replace(self, sort=sort, page=1)

    def without(self, facet: str, value: str | None = None) -> State:
        """This state minus one selected value (or the whole facet), back on page 1."""
        kept = () if value is None else tuple(v for v in self.selected(facet) if v != value)
        return replace(self, page=1, **{facet: kept})

    def toggle(self, facet: str, value: str) -> State:
        """Select or unselect a value; a region replaces its own ancestors and descendants."""
        current = self.selected(facet)
        if value in current:
            return self.without(facet, value)
        if facet == "region":
            current = tuple(v for v in current if not _related(v, value))
        return replace(self, page=1, **{facet: (*current, value)})

    def request(self, per_page: int) -> SearchRequest:
        return SearchRequest(
            text=self.q,
            region=self.region,
            year=self.year,
            zone=self.zone,
            mentions=self.mentions,
            sort=self.sort,
            page=self.page,
            per_page=per_page,
            month=self.month,
        )

    def with_year(self, year: str) -> State:
        """Only this year (a timeline bar): the months of another year no longer apply."""
        return replace(self, year=(year,), month=(), page=1)

    def with_month(self, month: str) -> State:
        """Only this month of the chosen year, or none when it is the one chosen already."""
        months = () if self.month == (month,) else (month,)
        return replace(self, year=(month[:4],), month=months, page=1)


def _related(a: str, b: str) -> bool:
    return a.startswith(b + "/") or b.startswith(a + "/")


def _clean_value(facet: str, raw: str) -> str:
    value = raw.strip()
    if len(value) > MAX_VALUE_CHARS:
        raise BadParam(f"{FACET_LABELS[facet]}的取值太长（最多 {MAX_VALUE_CHARS} 字）")
    if any(unicodedata.category(c).startswith("C") for c in value):
        raise BadParam(f"{FACET_LABELS[facet]}的取值含有控制字符")
    if facet == "year" and value and not (value.isascii() and value.isdigit() and len(value) == 4):
        raise BadParam(f"年份必须是四位数字，例如 2025：收到「{value}」")
    if facet == "month" and value and not (value.isascii() and MONTH_RE.fullmatch(value)):
        raise BadParam(f"月份必须写成 2025-03 这样：收到「{value}」")
    return value


def _values(facet: str, raw: Sequence[str]) -> tuple[str, ...]:
    values = [v for v in (_clean_value(facet, r) for r in raw) if v]
    if len(values) > MAX_VALUES:
        raise BadParam(f"{FACET_LABELS[facet]}最多选择 {MAX_VALUES} 项")
    return tuple(dict.fromkeys(values))


def _int(name: str, raw: str | None, default: int, high: int) -> int:
    if raw is None or raw.strip() == "":
        return default
    text = raw.strip()
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= high:
        label = "页码" if name == "page" else "每页条数"
        raise BadParam(f"{label}必须是 1 到 {high} 之间的整数：收到「{printable(raw[:20])}」")
    return int(text)


GetList = Callable[[str], list[str]]


def parse_state(args: Mapping[str, str], getlist: GetList) -> State:
    """The State of a request's GET parameters, or BadParam with a message for the user."""
    q = args.get("q", "") or ""
    if len(q) > MAX_QUERY_CHARS:
        raise BadParam(f"检索词太长（最多 {MAX_QUERY_CHARS} 字）")
    if any(unicodedata.category(c) == "Cc" and c not in "\t\n\r" for c in q):
        raise BadParam("检索词含有控制字符")
    sort = (args.get("sort") or "relevance").strip()
    if sort not in SORTS:
        raise BadParam(f"未知的排序方式「{printable(sort[:20])}」：可选 relevance、date、date-asc")
    return State(
        q=q.strip(),
        region=_values("region", getlist("region")),
        year=_values("year", getlist("year")),
        zone=_values("zone", getlist("zone")),
        month=_values("month", getlist("month")),
        mentions=_values("mentions", getlist("mentions")),
        sort=cast(Sort, sort),
        page=_int("page", args.get("page"), 1, MAX_PAGE),
    )


def parse_limit(raw: str | None, default: int) -> int:
    """The API's per-page size (the page itself always shows the configured number)."""
    return _int("limit", raw, default, MAX_LIMIT)
