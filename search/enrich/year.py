"""The year an article belongs to: published, else the year its text dates itself to, else null.

Without a published date the cues are, in this order (the first that gives a year wins): the
title naming the year the article is of (2026年政府工作报告); the lead dating what it reports
with a month (2024年3月5日，…开幕; 今年（2024年）) or naming the occasion it reports with its
year (出席北京2022年冬奥会开幕式), or the item promulgating a law it dates (于2025年9月12日
通过，现予公布); a reporting phrase with a cut-off within a year anywhere (截至2024年6月底).
A year beside a future or history word never counts (预计2030年, 到2035年, 力争2025年,
2030年前, 建于1983年, 2012年以来, 30周年), nor a bare year of statistics reviewed (2023年，
全市GDP…; a title's 2019年外贸增长3.4%), nor an occasion a sentence recalls (2016年4月，…在
安徽考察时强调) or other past events recounted: a lead sentence that dates its news by today
(今天, 日前, 12日在京召开) dates something else with a year (今天就2010年8月23号人质事件…),
and a year an event is counted from (2008年金融危机以来) is history. Nothing counting gives
null, never a guess.
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
FUTURE_BEFORE = (
    "预计",
    "计划",
    "力争",
    "争取",
    "到",
    "至",
    "目标",
    "规划",
    "将于",
    "有望",
    "面向",
    # what the item plans for the year ahead: 部署开展2016年…活动, 确保2016年元旦春节…
    "部署",
    "确保",
    "研究",
    "安排",
)
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
SINCE_AFTER = re.compile(r"[\u4e00-\u9fff]{1,6}?以来")  # the year of an event the time since
# A date within the year: 2024年3月, 2024年3月5日.
MONTH_AFTER = re.compile(r"\s*[0-9]{1,2}\s*月")
CUTOFF_BEFORE = ("截至", "截止", "截止到")
THIS_YEAR = re.compile(r"(?:今年|今天|今日)\s*[(（]\s*$")  # 今年（2024年）, 今天（2026年3月21日）
DEICTIC = re.compile(
    r"今天|今日|昨天|昨日|日前|近日|当天|(?<![0-9月年])[0-9]{1,2}日(?:[在上下起晚]|召开|举行|发布)"
)
# An occasion the lead reports someone attending, its year in its name (出席北京2022年冬奥会
# 开幕式, 出席2015中国-阿拉伯国家博览会开幕式): the year of what the item reports.
OCCASION = re.compile(
    r"(?:出席|参加)[^。！？\n]{0,10}?(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])年?"
    r"[^。！？\n]{0,14}?(?:开幕式|闭幕式|峰会|博览会|论坛|冬奥会|奥运会|亚运会|运动会|世博会|交易会)"
)
# A law or a decision promulgated by the item itself: 于2025年9月12日通过,现予公布.
PROMULGATED = re.compile(
    r"(?<![0-9])((?:19|20)[0-9]{2})\s*年\s*[0-9]{1,2}\s*月\s*[0-9]{1,2}\s*日[^。！？\n]{0,20}?通过"
    r"\s*[,，]\s*现予公布"
)
# A sentence recalling what happened then: …考察时强调, …审议时指出, …时说.
RECALLED = re.compile(r"[^。！？\n]{0,60}?时\s*[,，]?\s*(?:强调|指出|说|表示|提出|要求|嘱托)")
BORN = re.compile(r"\s*[0-9]{1,2}\s*月\s*(?:[0-9]{1,2}\s*日)?\s*(?:出)?生")  # 1955年7月生: a life
# Figures after a title's year: it reviews that year's statistics.
FIGURES_AFTER = re.compile(r"(?:增长|下降|增速|同比|突破|超过?)?[0-9.]+\s*(?:%|％|亿|万|个百分点)")
ORDER: tuple[YearBasis, ...] = ("title", "lead", "reporting")


def _before(text: str, m: re.Match[str]) -> str:
    return text[max(0, m.start() - BEFORE_WINDOW) : m.start()].rstrip()


def _counts(text: str, m: re.Match[str]) -> bool:
    """The year is neither a target nor the past: no future or history word beside it."""
    before = _before(text, m)
    if before.endswith(CUTOFF_BEFORE):
        before = ""  # 截至 ends in 至, which is not "until" here
    if before.endswith(RANGE_BEFORE) or any(w in before for w in FUTURE_BEFORE + HISTORY_BEFORE):
        return False
    if text.startswith(FUTURE_AFTER + HISTORY_AFTER, m.end()):
        return False
    return not SINCE_AFTER.match(text, m.end())  # 2008年金融危机以来


def _dated(text: str, m: re.Match[str]) -> bool:
    """The year dates something with a month, or is 今年's own (今年（2024年）); not an
    occasion the sentence recalls (2016年4月，习近平总书记在安徽考察时强调 …)."""
    if RECALLED.match(text, m.end()) or BORN.match(text, m.end()):
        return False
    return bool(MONTH_AFTER.match(text, m.end()) or THIS_YEAR.search(text, 0, m.start()))


def _statistics(title: str, m: re.Match[str]) -> bool:
    """A title reviewing the year's figures (2019年外贸增长3.4%, 2023年税收收入同比增长8.7%)."""
    return bool(FIGURES_AFTER.search(title, m.end()))


def _cutoff(text: str, m: re.Match[str]) -> bool:
    """截至2024年6月底: a cut-off within the year (截至2019年底 is a year reviewed)."""
    return _before(text, m).endswith(CUTOFF_BEFORE) and bool(MONTH_AFTER.match(text, m.end()))


def _candidates(title: str, body: str, latest: int) -> dict[YearBasis, int]:
    """The first counting year from each source."""
    found: dict[YearBasis, int] = {}

    def add(basis: YearBasis, year: int) -> None:
        if FIRST_YEAR <= year <= latest and basis not in found:
            found[basis] = year

    for m in YEAR.finditer(title):
        if _counts(title, m) and not _statistics(title, m):
            add("title", int(m.group(1)))
    lead = lead_end(body)
    occasion = OCCASION.search(body, 0, lead) if ("出席" in body or "参加" in body) else None
    if occasion:
        add("lead", int(occasion.group(1)))
    promulgated = PROMULGATED.search(body) if "现予公布" in body else None
    if promulgated:
        add("lead", int(promulgated.group(1)))
    for m in YEAR.finditer(body):
        if not _counts(body, m):
            continue
        year = int(m.group(1))
        if m.start() < lead and _dated(body, m) and not _deictic(body, m):
            add("lead", year)
        if _cutoff(body, m):
            add("reporting", year)
    return found


def _deictic(text: str, m: re.Match[str]) -> bool:
    """The sentence dates what it reports by today (今天, 日前, 12日在京召开): the year beside
    it dates something else (今天就2010年8月23号人质事件公布方案), unless it is 今年's own."""
    start = max(text.rfind(c, 0, m.start()) for c in "。！？\n") + 1
    ends = [i for i in (text.find(c, m.end()) for c in "。！？\n") if i >= 0]
    sentence = text[start : min(ends, default=len(text))]
    return bool(DEICTIC.search(sentence)) and not THIS_YEAR.search(text, 0, m.start())


def infer_year(
    published: date | None, title: str | None, text: str
) -> tuple[int | None, YearBasis | None]:
    """(year, basis): "published" from a date; else the year of the first cue among the title,
    the lead and a reporting phrase ("title", "lead", "reporting"); else (None, None)."""
    if published is not None:
        return published.year, "published"
    latest = date.today().year  # an article is not from the future: later years are targets
    found = _candidates(fold(title or ""), fold(text or ""), latest)
    if not found:
        return None, None
    basis = next(b for b in ORDER if b in found)
    return found[basis], basis
