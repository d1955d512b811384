"""Scraped plain text → the article: a line- and span-level filter for what scrapers leave in."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from search.extract import boiler, meta, spam
from search.extract.cues import BOX_START, FOOTER_START, SENTENCE_PUNCT
from search.extract.model import Extracted

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200d\u2028\u2029\ufeff]")
_STRIP = " \t\r\u3000\xa0"
_SENTENCE_GAP = re.compile(r"(?<=[。！？”」）)])[ \t\u3000\xa0]+(?=\S)")
_SLIDE_COUNTER = re.compile(r"^\d{1,3}\s*/\s*\d{1,3}\s+(?=\D)")  # 1/10 before a slide's caption
_FULL_DATE = re.compile(r"(?:19|20)\d\d\s*(?:[-/.]|年)\s*\d{1,2}\s*(?:[-/.]|月)\s*\d{1,2}")


@dataclass
class _State:
    """What the filter has found so far; local to one extract_text call."""

    removed: list[str] = field(default_factory=list)
    published: date | None = None
    source: str | None = None

    def take_meta(self, line: str, following: str | None) -> bool:
        """Read date and source off a meta line; True if the following line was its value."""
        if self.published is None:
            self.published = meta.labelled_date(line) or (
                meta.parse_date(line) if meta.is_date_line(line) else None
            )
        value = meta.source_in(line)
        if value == "" and following is not None and _is_short_value(following):
            if self.source is None:
                self.source = following.strip(_STRIP)
            return True
        if value and self.source is None:
            self.source = value
        return False


def _is_short_value(line: str) -> bool:
    s = line.strip(_STRIP)
    return 0 < len(s) <= 20 and not any(p in s for p in SENTENCE_PUNCT + "，,")


def _lines(text: str) -> list[str]:
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    stripped = (_SLIDE_COUNTER.sub("", line.strip(_STRIP)) for line in text.split("\n"))
    return [s for s in stripped if s]


def _is_paragraph(line: str) -> bool:
    return (
        len(line) >= 10
        and any(p in line for p in SENTENCE_PUNCT)
        and not _is_junk(line)
        and not _is_edge_matter(line)
    )


def _is_edge_matter(line: str) -> bool:
    """What opens or closes a story without being it: notes, credits, captions, disclaimers."""
    return (
        boiler.is_never_story(line)
        or boiler.is_credit(line)
        or boiler.is_caption(line)
        or boiler.is_adoption_note(line)
    )


def _sentences(lines: list[str]) -> int:
    return sum(line.count(p) for line in lines for p in SENTENCE_PUNCT)


def _is_junk(line: str) -> bool:
    return (
        spam.is_chrome(line)
        or spam.is_menu(line)
        or spam.is_link_farm(line)
        or spam.is_link_list(line)
        or spam.is_url_line(line)
    )


def _title_index(lines: list[str], end: int) -> int | None:
    """The headline among the lines before the first paragraph: the one above the first
    date/source line if there is one, else the first headline-like line."""
    candidates = [
        i for i in range(end) if meta.is_headline(lines[i]) and not _FULL_DATE.search(lines[i])
    ]
    metas = [i for i in range(end) if meta.is_meta_line(lines[i])]
    if metas:
        above = [i for i in candidates if i < metas[0]]
        if above:
            return above[-1]
    return candidates[0] if candidates else None


def _header(
    lines: list[str], end: int, state: _State, titled: bool
) -> tuple[str | None, list[str]]:
    """Title and kept lines of the zone before the first paragraph (no title is looked for
    when the caller knows it: the lines then start below the headline)."""
    title_at = None if titled else _title_index(lines, end)
    kept: list[str] = []
    skip_next = in_box = False
    for i in range(end):
        line = lines[i]
        if in_box or BOX_START.match(line):
            in_box = True  # a related-items box above the story: up to its first paragraph
            state.removed.append(line)
        elif skip_next:
            state.removed.append(line)
            skip_next = False
        elif i == title_at:
            continue
        elif meta.is_meta_line(line):
            state.removed.append(line)
            skip_next = state.take_meta(line, lines[i + 1] if i + 1 < end else None)
        elif (title_at is not None and i < title_at) or _is_junk(line) or _is_edge_matter(line):
            state.removed.append(line)
        else:
            kept.append(line)
    return (lines[title_at] if title_at is not None else None), kept


def _body(lines: list[str], state: _State, before: int) -> list[str]:
    """The story from its first paragraph on; `before` counts the sentences kept above it."""
    kept: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if kept and FOOTER_START.match(line):
            box = BOX_START.match(line)
            if not box or _sentences(lines[i + 1 :]) < _sentences(kept) + before:
                state.removed.extend(lines[i:])
                break
            # a related-items box above most of the story: drop it, not the story after it
            state.removed.append(line)
            i += 1
            while i < len(lines) and not _is_paragraph(lines[i]):
                state.removed.append(lines[i])
                i += 1
            continue
        i += 1
        if _is_junk(line) or boiler.is_never_story(line):
            state.removed.append(line)
            continue
        if not kept and (boiler.is_caption(line) or boiler.is_credit(line)):
            state.removed.append(line)
            continue
        if len(kept) < 3:
            line, ad = spam.strip_leading_spam(line)
            if ad:
                state.removed.append(ad)
        line, tail = spam.cut_inline_footer(line)
        if line:
            kept.append(line)
        if tail:
            state.removed.append(tail)
            state.removed.extend(lines[i:])
            break
    while kept and (boiler.is_credit(kept[-1]) or boiler.is_never_story(kept[-1])):
        state.removed.append(kept.pop())
    return _without_menu_runs(_without_lead_picture(kept, state), state)


def _without_lead_picture(lines: list[str], state: _State) -> list[str]:
    """A lead picture's caption among the first lines takes the short lines above it (a
    repeated headline, a deck) with it: 姚明对周琦说了啥？… / 姚明场边支招周琦。视频截图."""
    for i, line in enumerate(lines[:4]):
        if boiler.is_caption(line):
            if all(len(above) <= 40 for above in lines[:i]):
                state.removed.extend(lines[: i + 1])
                return lines[i + 1 :]
            return lines
        if len(line) > 40:
            return lines
    return lines


def _without_menu_runs(lines: list[str], state: _State) -> list[str]:
    """Runs of four or more short unpunctuated lines are a menu or a tag list, not the story."""
    kept: list[str] = []
    run: list[str] = []
    for line in [*lines, ""]:
        if line and boiler.is_menu_entry(line):
            run.append(line)
            continue
        if len(run) >= 4:
            state.removed.extend(run)
        else:
            kept.extend(run)
        run = []
        if line:
            kept.append(line)
    return kept


def extract_text(text: str, *, titled: bool = False) -> Extracted:
    """The article in a scraped text, with its title, date and source; boilerplate removed.
    `titled`: the text starts below a headline found elsewhere (an HTML page's)."""
    lines = _lines(text)
    state = _State()
    first = next((i for i, line in enumerate(lines) if _is_paragraph(line)), len(lines))
    title, head = _header(lines, first, state, titled)
    body = head + _body(lines[first:], state, _sentences(head))
    if state.source is None and body:
        state.source = meta.dateline_source(body[0]) or (
            meta.dateline_source(body[1]) if len(body) > 1 and head else None
        )
    for line in state.removed:
        if state.source is None and meta.source_in(line):
            state.source = meta.source_in(line)
        if state.published is None:
            state.published = meta.labelled_date(line)
    paragraphs = [
        p.strip(_STRIP) for line in body for p in _SENTENCE_GAP.sub("\n", line).split("\n")
    ]
    return Extracted(
        title=title,
        published=state.published,
        source=state.source or None,
        body="\n".join(p for p in paragraphs if p),
        removed=tuple(state.removed),
    )
