"""Spider traps told by the URL alone: too long, too many parameters, calendars, loops.

A trap is refused before any request, with its kind as the reason. The rules are general
ones (no site's URLs are special-cased):

- a URL longer than max_length characters, or with more than max_params query parameters;
- a calendar: a path or a parameter named like one (calendar, rili, 日历), a query parameter
  that names a day, month or year (date=, month=, ym= ...) with a date-like value, or a date
  (a year with its month) in the path or a parameter value whose year is before MIN_YEAR or
  after next year;
- a path that repeats itself (one segment three times or more) or nests past max_segments.

The per-site page cap and duplicate content are the crawler's (they need the frontier).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import parse_qsl, unquote, urlsplit

MIN_YEAR = 1990
CALENDAR_WORDS = re.compile(r"calendar|kalender|\brili\b|日历|日程表", re.I)
DATE_PARAMS = frozenset(
    "date day month year week yyyy yymm yyyymm ym ymd mm dd cal caldate riqi rq".split()
)
# A year with its month (a bare four-digit number is as often an id as a year).
_DATE = re.compile(r"((?:19|2\d)\d\d)[-_/.]?(0[1-9]|1[0-2])(?:[-_/.]?([0-2]\d|3[01]))?")
_PATH_DATE = re.compile(r"(?<![0-9])" + _DATE.pattern + r"(?![0-9])")


@dataclass(frozen=True)
class TrapLimits:
    """Limits on the shape of a URL; None turns one off."""

    max_length: int | None = 1000
    max_params: int | None = 8
    max_segments: int | None = 15
    max_repeats: int | None = 2  # times one path segment may occur


def _is_date_value(value: str) -> bool:
    return bool(_DATE.fullmatch(value)) or value.isdigit() and len(value) in (2, 4)


def _years(path: str, values: list[str]) -> list[int]:
    """Years of the dates in the path ("/2099/01/", "20990105") and in parameter values."""
    found = [int(m.group(1)) for m in _PATH_DATE.finditer(path)]
    return found + [int(m.group(1)) for m in map(_DATE.fullmatch, values) if m]


def trap_of(url: str, limits: TrapLimits, today: date | None = None) -> str | None:
    """The kind of trap url looks like, or None."""
    if limits.max_length is not None and len(url) > limits.max_length:
        return "URL too long"
    parts = urlsplit(url)
    params = parse_qsl(parts.query, keep_blank_values=True)
    if limits.max_params is not None and len(params) > limits.max_params:
        return "too many query parameters"
    path = unquote(parts.path)
    segments = [s for s in path.split("/") if s]
    if CALENDAR_WORDS.search(path) or any(CALENDAR_WORDS.search(k) for k, _ in params):
        return "calendar"
    if any(k.lower() in DATE_PARAMS and _is_date_value(v) for k, v in params):
        return "calendar"
    latest = (today or date.today()).year + 1
    if any(not MIN_YEAR <= y <= latest for y in _years(path, [v for _, v in params])):
        return "calendar"
    if limits.max_segments is not None and len(segments) > limits.max_segments:
        return "path too deep"
    if limits.max_repeats is not None and segments:
        most = max(segments.count(s) for s in set(segments))
        if most > limits.max_repeats:
            return "repeating path"
    return None
