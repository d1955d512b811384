"""One stored document for the document page and /api/doc: lookup, highlighting.

safe_url (search.output.links) and lead (search.engine.snippets) are re-exported for views.
"""

from __future__ import annotations

from typing import NamedTuple

from markupsafe import Markup

from search.backends.interface import View
from search.document import Document
from search.engine.query import Hit
from search.engine.snippets import highlight, lead
from search.output.links import safe_url

MAX_ID_CHARS = 200
MAX_SIMILAR_LISTED = 10


class Brief(NamedTuple):
    """A document as one line of a list: its title, or the start of its text when it has none."""

    id: str
    label: str
    untitled: bool
    published: str | None
    source: str | None


def brief(doc: Document) -> Brief:
    """The list line for one stored document."""
    published = doc.published.isoformat() if doc.published else None
    if doc.title:
        return Brief(doc.id, doc.title, False, published, doc.source)
    return Brief(doc.id, lead(doc.text), True, published, doc.source)


def briefs(view: View, hits: list[Hit]) -> dict[str, Brief]:
    """Lines for the untitled hits (from the hit itself) and the near-duplicates folded under
    each hit (the first few, fetched at once)."""
    out = {h.id: Brief(h.id, h.lead, True, h.published, h.source) for h in hits if not h.title}
    wanted = [i for h in hits for i in h.similar_ids[:MAX_SIMILAR_LISTED]]
    ids = [i for i in dict.fromkeys(wanted) if i and len(i) <= MAX_ID_CHARS and i not in out]
    found = view.documents(ids) if ids else {}
    out.update((i, brief(found[i])) for i in ids if i in found)
    return out


def find(view: View, doc_id: str) -> Document | None:
    """The document with this id in the live index, or None."""
    if not doc_id or len(doc_id) > MAX_ID_CHARS:
        return None
    return view.document(doc_id)


def title_html(doc: Document, terms: frozenset[str]) -> Markup:
    """The title, escaped, with query matches in <mark>."""
    return Markup(highlight(doc.title or "", terms))


def paragraphs(text: str, terms: frozenset[str]) -> list[Markup]:
    """The body split into paragraphs, escaped, with query matches in <mark>."""
    out = []
    for line in text.split("\n"):
        line = line.strip()
        if line:
            # highlight() escapes everything but its own <mark> tags
            out.append(Markup(highlight(line, terms)))
    return out


__all__ = ["Brief", "brief", "briefs", "find", "lead", "paragraphs", "safe_url", "title_html"]
