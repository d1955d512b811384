"""Hand-made documents for the web tests: no pipeline, just Document records."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from zone_corpus import write_index

from search.document import Document, Zone
from tests.engines import engine_config as _engine_config

JIANGSU = ("江苏省", "江苏省/淮安市", "江苏省/淮安市/涟水县")
ZHENJIANG = ("江苏省", "江苏省/镇江市")
GUANGDONG = ("广东省", "广东省/深圳市", "广东省/深圳市/南山区")

LIANSHUI = Zone("江苏涟水经济开发区", "省级", "经济开发区", ("涟水经济开发区",))
ZHENJIANG_ZONE = Zone("镇江经济技术开发区", "国家级", "经济技术开发区", ("镇江经开区",))
SHENZHEN = Zone("深圳高新技术产业园区", "国家级", "高新技术产业开发区", ("深圳高新区",))

HOSTILE_TITLE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'


def doc(n: int, **fields: object) -> Document:
    base: dict[str, object] = {
        "id": f"doc{n:03d}",
        "uri": f"test/{n:03d}.txt",
        "title": f"园区整合第{n}篇报道",
        "published": date(2020 + n % 5, 1 + n % 12, 1 + n % 28),
        "source": "测试日报",
        "text": f"第{n}篇：开发区推进园区整合，提升产业集聚水平。\n第二段讲招商引资。",
        "year": 2020 + n % 5,
        "year_basis": "published",
        "url": f"https://example.com/news/{n}.html",
    }
    base.update(fields)
    return Document(**base)  # type: ignore[arg-type]


def documents() -> list[Document]:
    """23 documents over three regions, five years and three zones, plus special cases."""
    docs = []
    for n in range(20):
        if n % 3 == 0:
            region, regions, zones = JIANGSU[-1], JIANGSU, (LIANSHUI,)
        elif n % 3 == 1:
            region, regions, zones = ZHENJIANG[-1], ZHENJIANG, (ZHENJIANG_ZONE,)
        else:
            region, regions, zones = GUANGDONG[-1], GUANGDONG, (SHENZHEN,)
        # Each names Shanghai in passing: a place mentioned, not one it is about.
        named = (*regions, "上海市")
        docs.append(
            doc(
                n,
                region=region,
                regions=regions,
                regions_about=regions,
                regions_mentioned=named,
                zones=zones,
            )
        )
    docs.append(
        doc(
            20,
            title=HOSTILE_TITLE,
            text=(
                '正文里也有 <script>window.__pwned=3</script> 和 <b onmouseover="x()">粗体</b> 园区'
            ),
            url="javascript:window.__pwned=4",
            source='<img src=x onerror="window.__pwned=5">',
            region="江苏省/镇江市",
            regions=ZHENJIANG,
            zones=(Zone('<svg onload="window.__pwned=6">', None, None, ("x",)),),
        )
    )
    docs.append(
        doc(
            21,
            title="無標題的繁體文章：工業園區",
            text="本文為繁體字，介紹工業園區的發展。",
            script="hant",
            published=None,
            year=None,
            year_basis=None,
            url=None,
        )
    )
    docs.append(doc(22, title=None, text="没有标题的园区短讯。", url="ftp://example.com/x"))
    return docs


def build_index(root: Path, docs: list[Document] | None = None) -> Path:
    """Write docs as a published generation under root; returns root."""
    return write_index(root, docs if docs is not None else documents())


def engine_config(kind: str, root: Path, docs: list[Document] | None = None) -> dict[str, str]:
    """create_app's config serving docs (these documents by default) on an engine."""
    return _engine_config(kind, root, docs if docs is not None else documents())
