"""search.sources.crawl.traps: URL shapes that lead nowhere but further, told before asking."""

from __future__ import annotations

from datetime import date

import pytest

from search.sources.crawl.traps import TrapLimits, trap_of

TODAY = date(2025, 6, 1)
LIMITS = TrapLimits()


@pytest.mark.parametrize(
    "url",
    [
        "http://h/art/2024/5/10/art_1229_5678.html",
        "http://h/news/202405/t20240510_123456.html",
        "http://h/col/col2156/index.html",  # a four-digit number alone is no date
        "http://h/xwzx/2026/01/a.html",  # next year: still plausible
        "http://h/list?page=3&columnId=12",
        "http://h/a/b/a/b.html",
    ],
)
def test_ordinary_urls_are_no_trap(url: str) -> None:
    assert trap_of(url, LIMITS, TODAY) is None


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("http://h/" + "x" * 1001, "URL too long"),
        ("http://h/s?" + "&".join(f"p{i}=1" for i in range(9)), "too many query parameters"),
        ("http://h/events/calendar/", "calendar"),
        ("http://h/%E6%97%A5%E5%8E%86/", "calendar"),  # 日历
        ("http://h/list?date=2024-05-01", "calendar"),
        ("http://h/list?month=05&page=2", "calendar"),
        ("http://h/2099/05/a.html", "calendar"),
        ("http://h/news/19800101/a.html", "calendar"),
        ("http://h/list?id=209912", "calendar"),
        ("http://h/a/b/a/b/a/b.html", "repeating path"),
        ("http://h/" + "d/" * 12 + "e/f/g/h/", "path too deep"),
    ],
)
def test_traps(url: str, kind: str) -> None:
    assert trap_of(url, LIMITS, TODAY) == kind


def test_limits_can_be_turned_off() -> None:
    off = TrapLimits(max_length=None, max_params=None, max_segments=None, max_repeats=None)
    assert (
        trap_of("http://h/" + "a/" * 40 + "?" + "&".join(f"p{i}=1" for i in range(20)), off) is None
    )
