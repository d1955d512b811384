"""How the query and watch commands print hits: readable text, or an export format."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

import click

from search.engine.query import Hit, SearchResult
from search.output import export
from search.text.normalise import printable

_MARK = re.compile(r"<mark>(.*?)</mark>", re.S)
ZONES_SHOWN = 4


def terminal_text(fragment: str, colour: bool) -> str:
    """Safe HTML with <mark> to terminal text, matches in colour when wanted.

    Control characters a stored title may hold (an escape sequence, also as &#27;) are
    dropped, before the colours are added."""
    fragment = printable(html.unescape(fragment))
    if colour:
        fragment = _MARK.sub(lambda m: click.style(m.group(1), fg="yellow", bold=True), fragment)
    else:
        fragment = _MARK.sub(r"\1", fragment)
    return fragment


def hit_title(hit: Hit, colour: bool) -> str:
    """The highlighted title, or the start of the text for an untitled hit (as the page does)."""
    if hit.title:
        return terminal_text(hit.title_html, colour)
    return click.style(hit.lead, dim=True) if colour else hit.lead


def print_hit(n: int, hit: Hit, colour: bool) -> None:
    meta = "  ".join(x for x in (hit.published, hit.source, hit.region) if x)
    click.echo(f"\n{n}. {hit_title(hit, colour)}")
    if meta:
        click.echo(f"   {meta}")
    if hit.zones:
        names = " ".join(f"[{z['name']}]" for z in hit.zones[:ZONES_SHOWN])
        more = f" +{len(hit.zones) - ZONES_SHOWN}" if len(hit.zones) > ZONES_SHOWN else ""
        click.echo(f"   {names}{more}")
    if hit.snippet:
        click.echo(f"   {terminal_text(hit.snippet, colour)}")
    if hit.similar:
        click.echo(f"   ({hit.similar} similar: {', '.join(hit.similar_ids)})")
    click.echo(f"   id: {hit.id}")


def print_result(result: SearchResult, colour: bool, facets: bool) -> None:
    """The readable form: a numbered list, then facet counts on request."""
    req = result.request
    first = (req.page - 1) * req.per_page
    click.echo(f"{result.total} results, page {req.page}/{result.pages} ({result.took_ms:.0f} ms)")
    if result.message:
        click.echo(f"note: {result.message}")
    if result.total and req.page > result.pages:
        click.echo(f"page {req.page} is past the last page ({result.pages})")
    for i, hit in enumerate(result.hits, start=first + 1):
        print_hit(i, hit, colour)
    if facets:
        for name, values in result.facets.items():
            shown = ", ".join(f"{v.value} ({v.count})" for v in values[:15]) or "-"
            click.echo(f"\n{name}: {shown}")


def print_export(fmt: export.Format, hits: Iterable[Hit]) -> None:
    """CSV (with its BOM, as the page's export) or JSON Lines on standard output."""
    for line in export.lines(fmt, hits):
        click.echo(line, nl=False)
