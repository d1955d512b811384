"""`zonesearch watch`: the documents of a search newer than a time, for cron and scripts."""

from __future__ import annotations

import json
import sys

import click

from search.cli.options import (
    EXPORT_FORMATS,
    engine_for,
    engine_option,
    filter_options,
    index_option,
)
from search.cli.query import OneLineErrors


def _since(_ctx: click.Context, _param: click.Parameter, value: str) -> object:
    from search.output.watch import parse_since

    try:
        return parse_since(value)
    except ValueError as e:
        raise click.BadParameter(str(e)) from None


@click.command(cls=OneLineErrors)
@click.argument("text", required=False, default="")
@index_option
@engine_option
@filter_options
@click.option(
    "--since",
    required=True,
    metavar="TIMESTAMP",
    callback=_since,
    help="ISO date or date-time; documents published on that day or later are printed.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("text", "json", "csv", "jsonl")),
    default="text",
    show_default=True,
    help="text: date, title, id and URL per line, tab-separated; json: one array.",
)
def watch(
    text: str,
    index_dir: str | None,
    engine: str | None,
    region: tuple[str, ...],
    year: tuple[str, ...],
    zone: tuple[str, ...],
    since: object,
    fmt: str,
) -> None:
    """Print the hits of TEXT (and filters) published since --since, newest first.

    Nothing printed and exit 0 when there is nothing new. Publication days are what
    documents carry, so a time of day in TIMESTAMP narrows nothing; undated documents
    are never newer.
    """
    from search.backends.interface import EngineError, NoIndex
    from search.cli.output import hit_title, print_export
    from search.engine.query import QueryError, SearchRequest
    from search.output import export
    from search.output.links import safe_url
    from search.output.watch import MAX_WATCHED, newer

    request = SearchRequest(text=text, region=region, year=year, zone=zone)
    engine_ = engine_for(engine, index_dir)
    try:
        with engine_.view() as view:
            hits = list(newer(view, request, since))  # type: ignore[arg-type]
    except (QueryError, NoIndex, EngineError) as e:
        raise click.ClickException(str(e)) from None
    finally:
        engine_.close()
    if len(hits) >= MAX_WATCHED:
        click.echo(f"stopped at {MAX_WATCHED} documents: narrow the search", err=True)
    if fmt in EXPORT_FORMATS:
        print_export(fmt, hits)  # type: ignore[arg-type]
    elif fmt == "json":
        click.echo(json.dumps([export.row(h) for h in hits], ensure_ascii=False))
    else:
        colour = sys.stdout.isatty()
        for hit in hits:
            title = hit_title(hit, colour).replace("\t", " ")
            url = safe_url(hit.url) or ""
            click.echo("\t".join((hit.published or "", title, hit.id, url)))
