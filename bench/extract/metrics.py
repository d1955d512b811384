"""The same checks for every extractor: title, date, first and last paragraph, clean, body F1."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from bench.extract.labels import Label, norm

_DATE = re.compile(r"((?:19|20)\d\d)\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})")
# A closing (记者名), (BBC) or (完) after the last sentence: not held against the last paragraph.
_CLOSING_NOTE = re.compile(r"[(（][^()（）。！？!?:：]{1,6}[)）]$")


@dataclass(frozen=True)
class Output:
    """What an extractor gave for one page; `refused` when it said the page is no article."""

    title: str | None = None
    date: str | None = None
    body: str = ""
    refused: bool = False


def iso_date(text: str | None) -> str | None:
    """The first calendar date written in an extractor's date field, as YYYY-MM-DD."""
    for m in _DATE.finditer(text or ""):
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
        except ValueError:
            continue
    return None


def bigram_f1(got: str, want: str) -> float:
    """Character-bigram F1 of two texts, white space removed."""
    a, b = norm(got), norm(want)
    ga = Counter(a[i : i + 2] for i in range(len(a) - 1))
    gb = Counter(b[i : i + 2] for i in range(len(b) - 1))
    overlap = sum((ga & gb).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(ga.values()), overlap / sum(gb.values())
    return 2 * precision * recall / (precision + recall)


@dataclass(frozen=True)
class Checks:
    """One page's verdicts."""

    title: bool
    date: bool
    first: bool
    last: bool
    clean: bool
    f1: float

    @property
    def all_five(self) -> bool:
        return self.title and self.date and self.first and self.last and self.clean


def check(label: Label, out: Output) -> Checks:
    """Score one extractor's output on one labelled article page."""
    body = norm(out.body)
    tail = _CLOSING_NOTE.sub("", body)
    return Checks(
        title=bool(out.title) and norm(out.title) == norm(label.title),
        date=out.date == label.date,
        first=bool(body) and any(body.startswith(norm(f)) for f in label.first),
        last=bool(body) and tail.endswith(norm(label.last)),
        clean=bool(body) and not any(norm(line) in body for line in label.boilerplate),
        f1=0.0 if out.refused else bigram_f1(out.body, label.main),
    )
