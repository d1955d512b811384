"""Small plain-text articles in a folder, for the rebuild and update tests."""

from __future__ import annotations

from pathlib import Path

from whoosh import index as whoosh_index

from search.build.rebuild import BuildOptions
from search.segments.generations import Store

ARTICLE = "{title}\n\n2024-05-0{day}\n\n{body}\n"
BODIES = {
    "a": "镇江经济技术开发区今年新签约项目三十个，总投资一百亿元。园区聚焦新能源和高端装备制造。",
    "b": "苏州工业园区发布生物医药产业扶持政策，对创新药研发给予资金奖励，吸引人才落户。",
    "c": "合肥高新技术产业开发区人工智能企业集聚，去年营业收入增长百分之二十，研发投入持续加大。",
}
SERIAL = BuildOptions(workers=0)


def write_articles(folder: Path, names: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i, (name, body) in enumerate(names.items(), start=1):
        title = f"{body[:8]}新闻"
        (folder / f"{name}.txt").write_text(ARTICLE.format(title=title, day=i, body=body), "utf-8")


def live_ids(root: Path) -> set[str]:
    ix = whoosh_index.open_dir(str(Store(root).current()))
    with ix.searcher() as s:
        return {f["id"] for f in s.all_stored_fields()}
