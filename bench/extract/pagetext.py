"""A page's text as a reader sees its blocks: one line per block element, for labels and scoring.

Independent of every extractor under test (plain lxml): the labels' main text is cut out of
this rendering between the labelled anchors, and the bodies extractors return as HTML
(readability-lxml) are rendered to lines by the same function.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

_SKIP = {"script", "style", "noscript", "template", "head", "title", "select", "option"}
_BLOCK = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "th", "thead", "tr",
    "ul", "center", "body", "html",
}  # fmt: skip
_SPACE = re.compile(r"[\s\u3000\xa0]+")


def _walk(element: etree._Element, out: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag.lower() in _SKIP or not tag:
        if element.tail:
            out.append(element.tail)
        return
    block = tag.lower() in _BLOCK
    if block:
        out.append("\n")
    if element.text:
        out.append(element.text)
    for child in element:
        _walk(child, out)
    if block:
        out.append("\n")
    if element.tail:
        out.append(element.tail)


def lines_of_tree(tree: etree._Element) -> list[str]:
    """The non-empty lines of a parsed page, spaces collapsed."""
    out: list[str] = []
    _walk(tree, out)
    lines = (_SPACE.sub(" ", line).strip() for line in "".join(out).split("\n"))
    return [line for line in lines if line]


def page_lines(html: str) -> list[str]:
    """The non-empty lines of an HTML page or fragment."""
    try:
        tree = lxml.html.fromstring(re.sub(r"</(?:html|body)\s*>", "", html, flags=re.I))
    except (etree.ParserError, ValueError, TypeError):
        return []
    return lines_of_tree(tree)


if __name__ == "__main__":
    import sys

    from search.sources.decode import decode

    for name in sys.argv[1:]:
        with open(name, "rb") as f:
            decoded = decode(f.read())
        for i, line in enumerate(page_lines(getattr(decoded, "text", ""))):
            print(f"{i:04d} {line}")
