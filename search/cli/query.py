"""`zonesearch query` and `zonesearch stats`: the library's search, printed."""

from __future__ import annotations

import html
import json
import re
import sys

import click

from search.cli.options import index_option, index_root, json_option
from search.engine.query import SORTS, QueryError, SearchRequest, SearchResult, search
from search.engine.reader import NoIndex, open_live
from search.engine.stats import index_stats

_MARK = re.compile(r"<mark>(.*?)</mark>", re.S)
ZONES_SHOWN = 4


class OneLineErrors(click.Command):
    """Bad option values give one line (`Error: ...`, exit 2), not usage plus a hint."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as e:
            e.ctx = None  # UsageError.show prints the usage block only when it has a context
            raise


def terminal_text(fragment: str, colour: bool) -> str:
    """Safe HTML with <mark> to terminal text, matches in colour when wanted."""
    if colour:
        fragment = _MARK.sub(lambda m: click.style(m.group(1), fg="yellow", bold=True), fragment)
    else:
        fragment = _MARK.sub(r"\1", fragment)
    return html.unescape(fragment)


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
        title = terminal_text(hit.title_html, colour) if hit.title else "(无标题)"
        meta = "  ".join(x for x in (hit.published, hit.source, hit.region) if x)
        click.echo(f"\n{i}. {title}")
        if meta:
            click.echo(f"   {meta}")
        if hit.zones:
            names = " ".join(f"[{z['name']}]" for z in hit.zones[:ZONES_SHOWN])
            more = f" +{len(hit.zones) - ZONES_SHOWN}" if len(hit.zones) > ZONES_SHOWN else ""
            click.echo(f"   {names}{more}")
        click.echo(f"   {terminal_text(hit.snippet, colour)}")
        if hit.similar:
            click.echo(f"   ({hit.similar} similar: {', '.join(hit.similar_ids)})")
        click.echo(f"   id: {hit.id}")
    if facets:
        for name, values in result.facets.items():
            shown = ", ".join(f"{v.value} ({v.count})" for v in values[:15]) or "-"
            click.echo(f"\n{name}: {shown}")


@click.command(cls=OneLineErrors)
@click.argument("text", required=False, default="")
@index_option
@click.option("--region", multiple=True, metavar="PATH", help="Region path, e.g. 江苏省/镇江市.")
@click.option("--year", multiple=True, metavar="YEAR", help="Year, e.g. 2025.")
@click.option("--zone", multiple=True, metavar="NAME", help="Canonical zone name.")
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True)
@click.option("--limit", type=click.IntRange(1, 100), default=10, show_default=True)
@click.option("--page", type=click.IntRange(1, None), default=1, show_default=True)
@click.option("--facets", "show_facets", is_flag=True, help="Print facet counts too.")
@json_option
def query(
    text: str,
    index_dir: str | None,
    region: tuple[str, ...],
    year: tuple[str, ...],
    zone: tuple[str, ...],
    sort: str,
    limit: int,
    page: int,
    show_facets: bool,
    as_json: bool,
) -> None:
    """Search the index for TEXT, optionally narrowed by region, year and zone."""
    request = SearchRequest(
        text=text,
        region=region,
        year=year,
        zone=zone,
        sort=sort,  # type: ignore[arg-type]
        page=page,
        per_page=limit,
    )
    try:
        ix = open_live(index_root(index_dir))
        with ix.searcher() as searcher:
            result = search(searcher, request)
    except (QueryError, NoIndex) as e:
        raise click.ClickException(str(e)) from None
    if as_json:
        click.echo(json.dumps(result.as_json(), ensure_ascii=False))
    else:
        print_result(result, colour=sys.stdout.isatty(), facets=show_facets)


@click.command(cls=OneLineErrors)
@index_option
@json_option
def stats(index_dir: str | None, as_json: bool) -> None:
    """Show the index: documents, generations, size, facet values."""
    try:
        info = index_stats(index_root(index_dir))
    except NoIndex as e:
        raise click.ClickException(str(e)) from None
    if as_json:
        click.echo(json.dumps(info, ensure_ascii=False))
        return
    click.echo(f"index:       {info['root']}")
    click.echo(f"live:        {info['generation']}")
    click.echo(f"generations: {', '.join(info['generations'])}")
    click.echo(f"documents:   {info['documents']}")
    click.echo(f"size:        {info['size_bytes'] / 1e6:.2f} MB")
    for name, values in info["facets"].items():
        shown = ", ".join(f"{v['value']} ({v['count']})" for v in values[:10]) or "-"
        click.echo(f"{name}: {len(values)} values: {shown}")
