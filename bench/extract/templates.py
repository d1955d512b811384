"""A corpus of real page templates: each labelled saved page with its article replaced by a real
news item from ../shared/corpus/xwlb (headline, <title> and paragraphs), so the chrome, markup
and weight of real pages meet text nobody tuned on. Half the pages are re-encoded as GBK with
their charset declaration changed, as most saved Chinese pages are.

    python -m bench.extract.templates OUT_DIR [--per-template 8]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
from pathlib import Path

import lxml.html
from lxml import etree

from bench.extract.labels import SHARED, Label, load, norm

__all__ = ["build", "fill", "news_items"]

XWLB = SHARED / "corpus" / "xwlb" / "xwlb.jsonl.gz"
_CHARSET = re.compile(r"(<meta[^>]{0,200}?charset\s*=\s*[\"']?)\s*[A-Za-z0-9_-]+", re.I)


def news_items(n: int, seed: int = 17) -> list[dict]:
    """n items with a title and at least three paragraphs, drawn with a fixed seed."""
    items = []
    with gzip.open(XWLB, "rt", encoding="utf-8") as f:
        for line in f:
            item = json.loads(line)
            if item.get("title") and (item.get("text") or "").count("\n") >= 2:
                items.append(item)
    return random.Random(seed).sample(items, min(n, len(items)))


_NOT_SHOWN = {"head", "script", "style", "noscript", "textarea", "template"}


def _holder(tree: etree._Element, anchor: str) -> etree._Element | None:
    """The innermost shown element whose text holds the anchor."""
    found = None
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in _NOT_SHOWN:
            continue
        if any(a.tag in _NOT_SHOWN for a in element.iterancestors()):
            continue
        if anchor in norm(element.text_content()):
            found = element
    return found


def _container(tree: etree._Element, label: Label) -> etree._Element | None:
    start, end = _holder(tree, norm(label.first[0][:12])), _holder(tree, norm(label.last[-12:]))
    if start is None or end is None:
        return None
    ancestors = set(start.iterancestors()) | {start}
    node = end
    while node is not None and node not in ancestors:
        node = node.getparent()
    return node


def fill(label: Label, item: dict) -> str | None:
    """The label's page with its article and headline replaced by the news item."""
    tree = lxml.html.fromstring(label.html)
    box = _container(tree, label)
    if box is None:
        return None
    for child in list(box):
        box.remove(child)
    box.text = None
    for paragraph in item["text"].split("\n"):
        if paragraph.strip():
            p = etree.SubElement(box, "p")
            p.text = paragraph.strip()
    headline = re.compile(r"\s*".join(map(re.escape, "".join(label.title.split()))))
    for element in tree.iter():  # the headline wherever the page writes it, <title> included
        if not isinstance(element.tag, str) or element.tag in ("script", "style"):
            continue
        if element.text and headline.search(element.text):
            element.text = headline.sub(item["title"], element.text)
        if element.tail and headline.search(element.tail):
            element.tail = headline.sub(item["title"], element.tail)
    return lxml.html.tostring(tree, encoding="unicode", doctype="<!DOCTYPE html>")


def build(out: Path, per_template: int = 8) -> list[Path]:
    """Write the corpus into `out`; the paths written, in a stable order."""
    out.mkdir(parents=True, exist_ok=True)
    labels = [label for label in load() if label.kind == "article"]
    items = news_items(len(labels) * per_template)
    paths = []
    for i, label in enumerate(labels):
        for j in range(per_template):
            page = fill(label, items[i * per_template + j])
            if page is None:
                break
            path = out / f"{i:02d}-{j:02d}.html"
            if (i + j) % 2:
                page = (
                    _CHARSET.sub(r"\1gbk", page)
                    if _CHARSET.search(page)
                    else page.replace("<head>", '<head><meta charset="gbk">', 1)
                )
                path.write_bytes(page.encode("gbk", errors="xmlcharrefreplace"))
            else:
                path.write_text(page, encoding="utf-8")
            paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--per-template", type=int, default=8)
    args = parser.parse_args()
    paths = build(args.out, args.per_template)
    print(f"{len(paths)} pages in {args.out}")


if __name__ == "__main__":
    main()
