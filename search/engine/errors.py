"""Errors an engine reports to its callers, whichever engine it is."""

from __future__ import annotations


class EngineError(Exception):
    """The engine cannot answer or write (say, its cluster is down); the message says why."""


class TooManyHits(ValueError):
    """A request for every hit of a search that has more than a caller may take (an export's
    cap); the message is for the user."""

    def __init__(self, total: int, cap: int) -> None:
        super().__init__(
            f"这次检索有 {total} 条结果，超过导出上限 {cap} 条："
            "请加上地区、年份或开发区筛选后再导出"
        )
        self.total = total
        self.cap = cap
