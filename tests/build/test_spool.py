"""The on-disk document spool gives back what it was given, in order, as often as asked."""

from __future__ import annotations

from datetime import date

from search.build.spool import Spool
from search.document import Document, Zone


def test_documents_come_back_equal_and_in_order() -> None:
    docs = [
        Document(
            id=f"d{i}",
            uri=f"u{i}",
            text="开发区" * i,
            published=date(2024, 1, 1),
            zones=(Zone("镇江经济技术开发区", "国家级", "经济技术开发区", ("镇江经开区",)),),
        )
        for i in range(50)
    ]
    with Spool() as spool:
        for d in docs:
            spool.append(d)
        assert len(spool) == 50 and spool.ids[3] == "d3" and spool.uris[-1] == "u49"
        assert list(spool) == docs
        assert list(spool) == docs  # a second pass too


def test_an_empty_spool_yields_nothing() -> None:
    with Spool() as spool:
        assert list(spool) == [] and len(spool) == 0
