"""The year an article belongs to: published, or inferred from the years it reports on."""

from __future__ import annotations

import re
from datetime import date

from search.document import YearBasis
from search.text.normalise import fold

FIRST_YEAR = 1949
# "2024年" but not "到2035年" / "至2030年" / "2021-2025年" (targets and range ends) nor
# "2035年前" (a deadline): those name years the article looks towards, not reports on.
YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})\s*年(?!前|以前|之前)")
LOOKING_AHEAD = ("到", "至", "面向", "-", "—", "–", "~", "〜")


def _years(text: str, latest: int) -> list[int]:
    years = []
    for m in YEAR.finditer(text):
        before = text[max(0, m.start() - 2) : m.start()].rstrip()
        if before.endswith(LOOKING_AHEAD):
            continue
        year = int(m.group(1))
        if FIRST_YEAR <= year <= latest:
            years.append(year)
    return years


def infer_year(
    published: date | None, title: str | None, text: str
) -> tuple[int | None, YearBasis | None]:
    """(year, "published") from a date; else (latest year reported on, "inferred"); else None."""
    if published is not None:
        return published.year, "published"
    latest = date.today().year  # an article is not from the future: later years are targets
    years = _years(fold(title or "") + "\n" + fold(text or ""), latest)
    if not years:
        return None, None
    return max(years), "inferred"
