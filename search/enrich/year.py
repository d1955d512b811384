"""The year an article belongs to: published, else the years it states as its own, else null.

Without a published date, a year counts from the title, from the lead paragraph, from a
reporting phrase (截至2024年底, 2024年6月5日, 2024年上半年) and, in a text that speaks of
今年 ("this year"), from anywhere: such a text names its own year, the latest one it states.
A year beside a future or history word never counts (预计2030年, 到2035年, 力争2025年,
2030年前, 建于1983年, 2012年以来, 30周年): those are targets and the past, not the article's
year. The latest year that counts wins; nothing counting gives null, never a guess.
"""

from __future__ import annotations

import re
from datetime import date

from search.document import YearBasis
from search.enrich.sections import lead_end
from search.text.normalise import fold

FIRST_YEAR = 1949
YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})\s*年")
# Words that make a year a target or a time gone by, just before it or right after 年.
FUTURE_BEFORE = ("预计", "计划", "力争", "争取", "到", "至", "目标", "规划", "将于", "有望", "面向")
HISTORY_BEFORE = (
    "建于",
    "始建于",
    "成立于",
    "创建于",
    "始于",
    "早在",
    "自",
    "从",
    "追溯到",
    "回溯",
)
RANGE_BEFORE = ("-", "—", "–", "~", "〜", "～", "、")
FUTURE_AFTER = ("前", "以前", "之前", "底前", "年底前", "目标", "远景", "愿景", "规划")
HISTORY_AFTER = ("以来", "周年", "年代", "起", "至今", "以后")
BEFORE_WINDOW = 4
# A reporting phrase: a date within the year, a period of it, or 截至 a point of it.
REPORTING_AFTER = re.compile(
    r"\s*(?:[0-9]{1,2}\s*月|[上下]半年|前?[一二三四]季度|前[0-9一二三四五六七八九十]+个?月|年底|年末|全年)"
)
REPORTING_BEFORE = ("截至", "截止", "截止到", "日前", "近日")
PRESENT = ("今年", "本年度")
ORDER: tuple[YearBasis, ...] = ("title", "reporting", "lead", "inferred")


def _before(text: str, m: re.Match[str]) -> str:
    return text[max(0, m.start() - BEFORE_WINDOW) : m.start()].rstrip()


def _counts(text: str, m: re.Match[str]) -> bool:
    """The year is neither a target nor the past: no future or history word beside it."""
    before = _before(text, m)
    if before.endswith(REPORTING_BEFORE):
        before = ""  # 截至 ends in 至, which is not "until" here
    if before.endswith(RANGE_BEFORE) or any(w in before for w in FUTURE_BEFORE + HISTORY_BEFORE):
        return False
    return not text.startswith(FUTURE_AFTER + HISTORY_AFTER, m.end())


def _reporting(text: str, m: re.Match[str]) -> bool:
    return bool(REPORTING_AFTER.match(text, m.end())) or _before(text, m).endswith(REPORTING_BEFORE)


def _candidates(title: str, body: str, latest: int) -> dict[YearBasis, int]:
    """The latest counting year from each source."""
    found: dict[YearBasis, int] = {}

    def add(basis: YearBasis, year: int) -> None:
        if FIRST_YEAR <= year <= latest and year > found.get(basis, 0):
            found[basis] = year

    for m in YEAR.finditer(title):
        if _counts(title, m):
            add("title", int(m.group(1)))
    lead = lead_end(body)
    present = any(w in body or w in title for w in PRESENT)
    for m in YEAR.finditer(body):
        if not _counts(body, m):
            continue
        year = int(m.group(1))
        if _reporting(body, m):
            add("reporting", year)
        if m.start() < lead:
            add("lead", year)
        if present:
            add("inferred", year)
    return found


def infer_year(
    published: date | None, title: str | None, text: str
) -> tuple[int | None, YearBasis | None]:
    """(year, basis): "published" from a date; else the latest year the title, lead,
    reporting phrases or a present-tense text state ("title", "lead", "reporting",
    "inferred"); else (None, None)."""
    if published is not None:
        return published.year, "published"
    latest = date.today().year  # an article is not from the future: later years are targets
    found = _candidates(fold(title or ""), fold(text or ""), latest)
    if not found:
        return None, None
    year = max(found.values())
    return year, next(b for b in ORDER if found.get(b) == year)
