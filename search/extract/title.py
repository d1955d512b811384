"""The headline of a parsed page: heading-like candidates checked against the page's <title>."""

from __future__ import annotations

import re

from search.extract import spam
from search.extract.dom import Line, Page, clean
from search.extract.meta import is_caption_or_byline, is_headline, is_meta_line

# What may stand between a headline and the site/column names in <title> or around it.
_BOUNDARY = set(" _|｜-—–·:：,，/\\>»›()（）[]【】<《》\t")
_TITLE_SPLIT = re.compile(r"\s*(?:_{1,2}|\||｜|--|——|\s[-–—]\s|[-–—](?=[^-–—]{2,40}$))\s*")
_TITLE_WORDS = ("title", "headline", "tit", "biaoti", "h-title", "bt")
_SENTENCE_END = ("。", "！", "!", "；")
_SECTION_CHARS = 8  # a column or section name is short; a headline rarely is
_PLAIN_WINDOW = 30  # lines above the body where a headline without a heading tag may stand
_SITE_LINE = re.compile(r"版权|版權|copyright|©|主办|主辦|ICP|备案|網站|网站", re.I)


def _at_boundary(haystack: str, needle: str) -> bool:
    """`needle` occurs in `haystack` with a separator (or an end) on both sides."""
    start = haystack.find(needle)
    while start >= 0:
        end = start + len(needle)
        before = start == 0 or haystack[start - 1] in _BOUNDARY
        after = end == len(haystack) or haystack[end] in _BOUNDARY
        if before and after:
            return True
        start = haystack.find(needle, start + 1)
    return False


def _class_says_title(line: Line) -> bool:
    node = line.block
    for _ in range(2):
        if node is None:
            return False
        attrs = node.attributes
        words = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()
        if any(w in words for w in _TITLE_WORDS):
            return True
        node = node.parent
    return False


def _plausible(text: str) -> bool:
    if not 4 <= len(text) <= 100 or text.endswith(_SENTENCE_END):
        return False
    return not is_caption_or_byline(text)


def candidates(page: Page, before: int) -> list[Line]:
    """Heading lines and lines whose element says title, above line `before` (the body);
    not a column name that the navigation or breadcrumb repeats (新闻动态, 明日股市预测)."""
    found = []
    columns = {line.text for line in page.lines if line.is_link}
    for line in page.lines[:before]:
        if not 4 <= len(line.text) <= 100:
            continue
        if not (line.heading or _class_says_title(line)):
            continue
        if line.is_link and line.heading != 1:
            continue
        if not _plausible(line.text):
            continue
        if len(line.text) <= _SECTION_CHARS and (
            line.text in columns or _in_breadcrumb(page, line)
        ):
            continue  # a short heading the navigation repeats is a column's name
        found.append(line)
    return found


def _plain_lines(page: Page, before: int) -> list[Line]:
    """Headline-like lines just above the body that are no heading (a <font>, a <td>, a <b>):
    a headline only if <title> confirms it, or if a date line follows it."""
    start = max(0, before - _PLAIN_WINDOW)
    return [
        line
        for line in page.lines[start:before]
        if not line.is_link and not line.heading and _headline_like(line.text)
    ]


def _above_date_line(page: Page, before: int) -> Line | None:
    """The headline-like line right above the first date/source line over the body."""
    start = max(0, before - _PLAIN_WINDOW)
    lines = page.lines[start:before]
    for i in range(len(lines) - 1, 0, -1):  # the date line nearest the body
        if lines[i].is_link or not is_meta_line(lines[i].text):
            continue
        for above in reversed(lines[max(0, i - 3) : i]):
            if is_meta_line(above.text):
                continue
            if not above.is_link and _headline_like(above.text):
                return above
            break
        return None
    return None


def _headline_like(text: str) -> bool:
    return is_headline(text) and _plausible(text) and not spam.is_menu(text)


def _in_breadcrumb(page: Page, line: Line) -> bool:
    """The text ends a breadcrumb line above it: 首页 > 新闻中心 > 新闻动态."""
    for other in page.lines[max(0, line.index - 6) : line.index]:
        if other.text.endswith(line.text) and other.text != line.text:
            rest = other.text[: -len(line.text)].rstrip()
            if rest and rest[-1] in ">»›/|｜-":
                return True
    return False


def _title_parts(title: str) -> list[str]:
    return [p for p in (clean(p) for p in _TITLE_SPLIT.split(title)) if p]


def choose(page: Page, body_start: int) -> tuple[str | None, int | None]:
    """The headline and its line index (None when it comes from the head, not a line)."""
    lines = candidates(page, body_start)
    page_title = page.title
    confirmed: list[tuple[int, str, int | None]] = []
    for line in [*lines, *_plain_lines(page, body_start)]:
        if page_title and _at_boundary(page_title, line.text):
            confirmed.append((len(line.text), line.text, line.index))
    parts = _title_parts(page_title)
    head = parts[0] if parts else ""
    if len(head) >= 4:
        for line in lines:  # the headline with a label glued to it: 原创最不愁吃肉的国家…
            if head in line.text and head != line.text and _at_boundary_or_label(line.text, head):
                confirmed.append((len(head), head, line.index))
    if confirmed:
        _, text, index = max(confirmed, key=lambda c: (c[0], -(c[2] or 0)))
        below = [line for line in lines if index is not None and line.index > index]
        if len(text) <= _SECTION_CHARS and any(len(b.text) > _SECTION_CHARS for b in below):
            # a section heading (明日股市预测) in <title>, the headline under it (h4/h5/div.title)
            nearest = max((b for b in below if len(b.text) > _SECTION_CHARS), key=lambda b: b.index)
            return nearest.text, nearest.index
        return text, index
    og = page.metas.get("og:title") or page.metas.get("twitter:title") or ""
    for line in reversed(lines):  # the heading nearest above the body
        if len(line.text) >= 6 and (1 <= line.heading <= 5 or _class_says_title(line)):
            if body_start - line.index <= 40:
                return line.text, line.index
    dated = _above_date_line(page, body_start)
    if dated is not None:
        return dated.text, dated.index
    og_parts = _title_parts(og)
    if og_parts and len(og_parts[0]) >= 6 and _plausible(og_parts[0]):
        return og_parts[0], None
    if len(head) >= 4 and _plausible(head):
        return _strip_site(head, page), None
    h1 = next((line for line in lines if line.heading == 1 and len(line.text) >= 6), None)
    if h1 is not None:
        return h1.text, h1.index
    return (head or None), None


def _at_boundary_or_label(text: str, head: str) -> bool:
    """`head` inside a heading, the rest being a short label (原创, 独家, 视频) or separators."""
    rest = text.replace(head, "", 1).strip()
    return len(rest) <= 4 or _at_boundary(text, head)


def _strip_site(title: str, page: Page) -> str:
    """Drop trailing words of a <title> that the page's navigation or footer repeats (the site
    or column name after a space: …专业技能大赛 湖南省中医药研究院附属医院)."""
    words = title.split(" ")
    if len(words) < 2:
        return title
    chrome = "\n".join(
        line.text for line in page.lines if line.is_link or _SITE_LINE.search(line.text)
    )
    while len(words) > 1 and len(words[-1]) >= 2 and words[-1] in chrome:
        kept = " ".join(words[:-1])
        if len(kept) < 4:
            break
        words = words[:-1]
    return " ".join(words)
