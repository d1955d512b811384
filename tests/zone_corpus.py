"""Hand-made documents about a few zones over several years, for the output and web tests.

苏州工业园区 (a catalogue zone) is named by 9 articles over 2021-2024 (four in 2023, in
March, March, June and November), 镇江经济技术开发区 by 3, an uncatalogued 今世缘产业园 by
2; one article has a hostile title, one none, one no date.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from search.document import Document, Zone
from search.segments.generations import Store
from search.segments.writer import write_generation

SUZHOU = Zone("苏州工业园区", "国家级", "经济技术开发区", ("苏州工业园区",), "江苏省", "苏州市")
ZHENJIANG = Zone("镇江经济技术开发区", "国家级", "经济技术开发区", ("镇江经开区",), "江苏省")
BRAND = Zone("今世缘产业园", None, None, ("今世缘产业园",))
SUZHOU_REGIONS = ("江苏省", "江苏省/苏州市")
ZHENJIANG_REGIONS = ("江苏省", "江苏省/镇江市")
HOSTILE = '=HYPERLINK("http://evil.example/","点我")<script>alert(1)</script>'
SUZHOU_DATES = (
    date(2021, 5, 1),
    date(2022, 2, 1),
    date(2022, 8, 9),
    date(2023, 3, 2),
    date(2023, 3, 20),
    date(2023, 6, 1),
    date(2023, 11, 11),
    date(2024, 1, 5),
    date(2024, 7, 7),
)


def article(n: int, **fields: object) -> Document:
    published = fields.get("published", date(2024, 1, 1))
    base: dict[str, object] = {
        "id": f"z{n:03d}",
        "uri": f"zones/{n:03d}.txt",
        "title": f"开发区动态第{n}篇",
        "published": published,
        "year": published.year if isinstance(published, date) else None,
        "year_basis": "published" if published else None,
        "source": "园区日报",
        "text": f"第{n}篇：园区招商引资，项目建设加快推进。",
        "url": f"https://example.com/z/{n}.html",
    }
    base.update(fields)
    return Document(**base)  # type: ignore[arg-type]


def documents() -> list[Document]:
    docs = []
    for i, day in enumerate(SUZHOU_DATES):
        zones = (SUZHOU, ZHENJIANG) if i < 2 else (SUZHOU,)
        docs.append(
            article(
                i,
                published=day,
                year=day.year,
                title=f"苏州工业园区{day.year}年招商第{i}篇",
                text=f"苏州工业园区推进园区整合，第{i}篇，{day.isoformat()}。",
                region="江苏省/苏州市",
                regions=SUZHOU_REGIONS + (ZHENJIANG_REGIONS[1:] if i < 2 else ()),
                zones=zones,
            )
        )
    docs.append(
        article(
            20,
            published=date(2020, 4, 4),
            year=2020,
            title="镇江经开区新签约项目",
            text="镇江经开区推进园区整合，新签约项目十个。",
            region="江苏省/镇江市",
            regions=ZHENJIANG_REGIONS,
            zones=(ZHENJIANG,),
        )
    )
    docs.append(
        article(
            21,
            published=date(2023, 3, 5),
            year=2023,
            title=HOSTILE,
            text="-2+3 园区整合 <img src=x onerror=alert(2)> @SUM(A1)",
            source="@来源",
            url="javascript:alert(3)",
            region="江苏省/淮安市",
            regions=("江苏省", "江苏省/淮安市"),
            zones=(BRAND,),
        )
    )
    docs.append(
        article(
            22,
            published=date(2022, 9, 9),
            year=2022,
            title=None,
            text="没有标题的今世缘产业园园区整合短讯，正文开头代替标题显示出来。",
            region="江苏省/淮安市",
            regions=("江苏省", "江苏省/淮安市"),
            zones=(BRAND,),
        )
    )
    docs.append(
        article(
            23,
            published=None,
            year=None,
            year_basis=None,
            title="没有日期的园区整合报道",
        )
    )
    return docs


def write_index(root: Path, docs: list[Document]) -> Path:
    """Write docs as a published generation under root; returns root."""
    store = Store(root)
    building = store.new_generation()
    write_generation(building, docs)
    store.publish(building)
    return root


def build_index(root: Path, docs: list[Document] | None = None) -> Path:
    """These documents (or docs) as the live generation under root."""
    return write_index(root, docs if docs is not None else documents())
