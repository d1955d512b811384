"""Title, date and source as a page states them: headline lines, 发布时间/来源 lines, datelines."""

from __future__ import annotations

import re
from datetime import date

from search.extract import boiler
from search.extract.cues import CHROME_WORDS, SENTENCE_PUNCT, alt, simplified

_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d\d)\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})(?!\d)\s*日?"
)
_DATE_LABEL = alt(
    "发布时间", "发布日期", "发表时间", "发表日期", "时间", "日期", "更新时间", "发文日期"
)
_LABELLED_DATE = re.compile(r"(?:^|\s|】|\])" + _DATE_LABEL + r"\s*[:：丨|]?\s*(?=(?:19|20)\d\d)")
_DATE_LABEL_ONLY = re.compile(_DATE_LABEL + r"\s*[:：丨|]?")
_TIME_ONLY = re.compile(r"\d{1,2}\s*[:：时時]\s*\d{1,2}(?:\s*[:：分]\s*(?:\d{1,2}\s*秒?)?)?")
_SOURCE = re.compile(
    r"(?:^|[\s】\]|｜丨\d])"
    + alt("来源", "稿源", "出处")
    + r"\s*[:：丨|｜]\s*([^\s:：丨|｜]{0,40})"
)
_DATELINE_SOURCE = re.compile(
    r"^\s*[【\[]?((?:[\u4e00-\u9fff]{2,8}?)"
    + alt("网讯", "日报讯", "晚报讯", "报讯")
    + r")[】\]]?[\s:：]"
)
_OTHER_META = re.compile(
    alt("作者", "编辑", "责任编辑", "点击量", "点击数", "浏览次数", "阅读量", "字体", "字号")
    + r"\s*[:：丨|]\s*\S{0,12}|"
    + alt("分享", "分享到")
    + r"\s*[:：丨|]\s*\S{0,12}"
)


# A photo caption, a byline or a speaker line is not a headline.
_CAPTION = re.compile(
    r"(?:(?<!拍)摄|摄影|供图|配图|截图|资料图|图片来源\S*)[)）]?$|^(?:图为|▲|图：|图片：|图/)"
)
_BYLINE = re.compile(
    r"(?:记者|通讯员)\s*[\u4e00-\u9fff]{2,3}(?:\s|$)|(?:作者|编辑|责编|来源|原标题|原题为?)\s*[:：]"
    r"|^(?:文|图|文图)\s*[/|｜丨]"
)
_OFFICE = alt(
    "省长", "市长", "主席", "书记", "县长", "区长", "部长", "总理", "主任", "代省长", "代市长",
    "自治区主席", "自治区人民政府主席", "人民政府省长", "人民政府市长",
)  # fmt: skip
_SPEAKER = re.compile(  # [贵州省人民政府]省长 罗东川: the office's place, the office, a name
    r"^(?:[\u4e00-\u9fff]{0,14}(?:省|市|区|县|州|盟|旗|政府|国务院|委员会))?"
    + _OFFICE
    + r"(?:\s+[\u4e00-\u9fff·]{2,8}|[\u4e00-\u9fff]{2,3})$"
)
_BARE_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")


def is_caption_or_byline(text: str) -> bool:
    """A photo caption, a byline, a speaker line (省长 罗东川) or a bare name."""
    s = simplified(text.strip())
    if _CAPTION.search(s) or _BYLINE.search(s):
        return True
    if _SPEAKER.match(s) or _BARE_NAME.match(s) or boiler.is_credit(s):
        return True
    return "。" in s[:-1] and len(s) > 20  # a sentence and then more: a caption with credits


def parse_date(text: str) -> date | None:
    """The first valid calendar date written in the text, else None."""
    for m in _DATE.finditer(text):
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            continue
    return None


def labelled_date(line: str) -> date | None:
    """A date introduced by 发布时间/时间/日期 in the line."""
    m = _LABELLED_DATE.search(line)
    return parse_date(line[m.end() :]) if m else None


def is_date_line(line: str) -> bool:
    """A line that holds a date and nothing but meta fields (time, source, clicks, ...)."""
    m = _DATE.search(line)
    if not m:
        return False
    rest = line[: m.start()] + " " + line[m.end() :]
    for pattern in (_SOURCE, _DATE_LABEL_ONLY, _TIME_ONLY, _OTHER_META):
        rest = pattern.sub(" ", rest)
    rest = re.sub(r"[\s\d:：丨|｜,，/()（）【】\[\]]", "", rest)
    return len(rest) <= 6 and not any(p in rest for p in SENTENCE_PUNCT)


def source_in(line: str) -> str | None:
    """The value of a 来源: field in the line ('' when the label has no value on this line)."""
    m = _SOURCE.search(line)
    if not m:
        return None
    value = m.group(1).strip(" \u3000:：,，。.")
    if value and (_DATE.match(value) or value.startswith(("http", "www"))):
        return None
    return value


def dateline_source(paragraph: str) -> str | None:
    """The news agency of a dateline opening the first paragraph: '金山网讯 开发园区是…'."""
    m = _DATELINE_SOURCE.match(paragraph)
    if not m or simplified(m.group(1)).startswith("本报"):
        return None
    return m.group(1)


def is_meta_line(line: str) -> bool:
    """A line holding only publication meta data: date, source, author, clicks."""
    stripped = line.strip()
    if not stripped:
        return False
    if is_date_line(stripped):
        return True
    if source_in(stripped) is not None:
        without = _SOURCE.sub(" ", stripped)
        without = _OTHER_META.sub(" ", without)
        return len(without.strip()) <= 20 and not any(p in without for p in SENTENCE_PUNCT)
    return False


def is_headline(line: str) -> bool:
    """Could this line be a headline: short, not a sentence, not a control or meta line."""
    s = line.strip()
    if not 6 <= len(s) <= 64 or s.startswith(("——", "—", "--", "•", "-", "·", "|")):
        return False
    if any(p in s for p in "。") or s.endswith((":", "：", "，", ",", "、", "；")):
        return False
    if "http" in s or "www." in s or s.count("|") + s.count("｜") >= 2:
        return False
    if simplified(s.replace(" ", "")) in CHROME_WORDS or is_meta_line(s):
        return False
    if is_caption_or_byline(s):
        return False
    han = sum("\u4e00" <= c <= "\u9fff" for c in s)
    return han >= 4 and han >= len(s) * 0.5
