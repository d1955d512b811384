"""What scrapers leave around an article: link farms, link lists, menus, ads glued to the text."""

from __future__ import annotations

import re

from search.extract.cues import (
    BREADCRUMB,
    CHROME_WORDS,
    CLAUSE_PUNCT,
    INLINE_FOOTER,
    INLINE_FOOTER_WORDS,
    SENTENCE_PUNCT,
    SHARE_PROMPT,
    alt,
    simplified,
)

URL = re.compile(r"(?:https?://|www\.)[!-~]+", re.I)
_SEPARATORS = re.compile(r"[|｜]")
_TOKEN_SPLIT = re.compile(r"[\s【】\[\]:：|｜丨/•·>›»\-_]+")
_ORG_SUFFIX = re.compile(
    alt("委员会", "办公室", "协会", "联盟", "中心", "平台", "集团", "公司", "银行", "大学")
    + r"|[部局署院网报社会台区]"
)
_SPAM_WORDS = re.compile(
    alt(
        "蜘蛛池",
        "白癜风",
        "牛皮癣",
        "治疗",
        "哪家",
        "医院",
        "在线观看",
        "在线播放",
        "视频在线",
        "无码",
        "毛片",
        "彩票",
        "博彩",
        "娱乐城",
        "棋牌",
        "代孕",
        "配资",
    )
)
_PUNCT = set(SENTENCE_PUNCT + CLAUSE_PUNCT + ".")
_ENDS_SENTENCE = tuple('。！？!?）)」』”"')


def is_chrome(line: str) -> bool:
    """A line of nothing but page controls, menu entries or prompts (下载 打印 【字号：加大】)."""
    tokens = [t for t in _TOKEN_SPLIT.split(simplified(line).lower()) if t]
    return all(t in CHROME_WORDS for t in tokens)  # no tokens: a line of brackets or bullets


def is_menu(line: str) -> bool:
    """A short bulleted menu entry, a breadcrumb or a share/follow prompt."""
    s = line.strip()
    if s.startswith(("•", "·", "●", "■", "►", "▪", "? ")) and len(s) <= 16:
        return True
    if s.startswith(("- ", "* ")) and len(s) <= 40 and not any(p in s for p in SENTENCE_PUNCT):
        return True  # a list item of link text as trafilatura renders it
    if BREADCRUMB.match(s) and not any(p in s for p in SENTENCE_PUNCT):
        return True
    return len(s) <= 24 and bool(SHARE_PROMPT.search(s)) and "。" not in s


def is_link_farm(line: str) -> bool:
    """Many short anchors separated by | (seed 000 ends in such a line), or a spider-pool header."""
    parts = [p.strip() for p in _SEPARATORS.split(line) if p.strip()]
    if len(parts) >= 5 and sum(map(len, parts)) / len(parts) <= 30:
        return True
    hits = len(_SPAM_WORDS.findall(line))
    return hits >= 3 and len(line) <= 40 * hits


def is_link_list(line: str) -> bool:
    """Names of ministries, associations or media run together without punctuation."""
    s = re.sub(r"\s+", "", line)
    if any(c in _PUNCT for c in s):
        return False
    if len(s) >= 48:
        return True
    return len(s) >= 20 and len(_ORG_SUFFIX.findall(s)) >= 3


def is_url_line(line: str) -> bool:
    """A line that is a bare address, or a label followed by one."""
    urls = URL.findall(line)
    if not urls:
        return False
    rest = URL.sub("", line).strip()
    return len(rest) <= 12 or (len(rest) <= 60 and bool(_SPAM_WORDS.search(rest)))


def strip_leading_spam(line: str) -> tuple[str, str | None]:
    """Remove an ad and its URL glued before the first sentence: '北京哪家治疗… https://… 正文'."""
    m = URL.search(line)
    if not m or m.start() > 80:
        return line, None
    before = line[: m.start()]
    if any(c in _PUNCT for c in before):
        return line, None
    return line[m.end() :].lstrip(), line[: m.end()].strip()


def cut_inline_footer(line: str) -> tuple[str, str | None]:
    """Cut '编辑丨… 来源丨… MORE延伸阅读…' off the end of the last paragraph."""
    if not any(word in line for word in INLINE_FOOTER_WORDS):
        return line, None
    for m in INLINE_FOOTER.finditer(line):
        head = line[: m.start()].rstrip()
        if head and head.endswith(_ENDS_SENTENCE):
            return head, line[m.start() :].strip()
    return line, None
