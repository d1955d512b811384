"""The result of extraction: the article body with its title, date and source."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Extracted:
    """An article taken out of a page or a scraped text, and what was removed around it."""

    title: str | None
    published: date | None
    source: str | None
    body: str  # paragraphs separated by newlines, in the document's own script
    removed: tuple[str, ...] = ()  # boilerplate lines and spans taken out, for inspection
