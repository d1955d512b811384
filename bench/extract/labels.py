"""The labelled pages (labels.json, written by the rule in RULES.md) and their main text,
rebuilt at run time from the saved page between the labelled anchors."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from bench.extract.pagetext import page_lines

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[2] / "shared"
NEWS_HTML = SHARED / "corpus" / "news-html"
GOV_REPORTS = SHARED / "corpus" / "gov-reports-2026"


def norm(text: str) -> str:
    """NFKC with all white space removed: the form every comparison is made in."""
    return "".join(unicodedata.normalize("NFKC", text or "").split())


@dataclass(frozen=True)
class Label:
    """One labelled page; `main` is its main text, rebuilt from the page."""

    page: str
    kind: str  # "article" or "list"
    html: str = ""
    title: str = ""
    date: str | None = None
    first: tuple[str, ...] = ()
    last: str = ""
    boilerplate: tuple[str, ...] = ()
    main: str = ""
    path: str = ""  # where the page is, when it is not one of ../shared/corpus/news-html


def _main_text(lines: list[str], start: str, end: str, drop: list[str]) -> str:
    """The rendered lines from the one holding `start` to the one holding `end`."""
    first = next((i for i, line in enumerate(lines) if start in line), None)
    if first is None:
        raise ValueError(f"start anchor not on the page: {start!r}")
    last = next((i for i in range(first, len(lines)) if end in lines[i]), None)
    if last is None:
        raise ValueError(f"end anchor not after the start: {end!r}")
    span = lines[first : last + 1]
    span[-1] = span[-1][: span[-1].index(end) + len(end)]
    span[0] = span[0][span[0].index(start) :]
    return "\n".join(line for line in span if line not in drop)


def load(path: Path = HERE / "labels.json", root: Path = NEWS_HTML) -> list[Label]:
    """Every label, checked against its page; a label that breaks RULES.md stops the run."""
    from search.sources.decode import decode

    labels = []
    for item in json.loads(path.read_text("utf-8"))["pages"]:
        page = root / item["page"]
        decoded = decode(page.read_bytes())
        html = getattr(decoded, "text", "")
        if item["kind"] == "list":
            labels.append(Label(item["page"], "list", html))
            continue
        lines = page_lines(html)
        body = item["body"]
        main = _main_text(lines, body["start"], body["end"], body.get("drop", []))
        whole = norm("\n".join(lines))
        for line in item["boilerplate"]:
            if norm(line) not in whole:
                raise ValueError(f"{item['page']}: boilerplate not on the page: {line!r}")
            if norm(line) in norm(main):
                raise ValueError(f"{item['page']}: boilerplate inside the main text: {line!r}")
        firsts = (item["first"], *item.get("first_alternatives", []))
        if not any(norm(main).startswith(norm(f)) or norm(f) in norm(main) for f in firsts):
            raise ValueError(f"{item['page']}: first paragraph not in the main text")
        if not norm(main).endswith(norm(item["last"])):
            raise ValueError(f"{item['page']}: main text does not end with the last paragraph")
        labels.append(
            Label(
                page=item["page"],
                kind="article",
                html=html,
                title=item["title"],
                date=item["date"],
                first=tuple(firsts),
                last=item["last"],
                boilerplate=tuple(item["boilerplate"]),
                main=main,
            )
        )
    return labels
