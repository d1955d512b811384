"""URLs of the page's states and documents (url_for over State.args())."""

from __future__ import annotations

from flask import url_for

from web.params import State


def state_url(state: State, endpoint: str = "search.index", **extra: str) -> str:
    return url_for(endpoint, **extra, **state.args())


def doc_url(doc_id: str, state: State) -> str:
    """The document page, carrying the search so it can highlight and link back."""
    return url_for("search.doc", doc_id=doc_id, **state.args())


def zone_url(name: str, year: int | None = None) -> str:
    """A zone's page, of one year when given."""
    return url_for("outputs.zone", name=name, **({"year": str(year)} if year else {}))
