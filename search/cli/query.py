"""`zonesearch query` and `zonesearch stats`: the library's search, printed.

The library is imported inside the commands, so `--help` and the other commands never pay
for the engine's import.
"""

from __future__ import annotations

import json
import sys

import click

from search.cli.options import (
    EXPORT_FORMATS,
    FORMATS,
    MAX_EXPORT,
    SORT_CHOICES,
    engine_for,
    engine_option,
    filter_options,
    index_option,
    json_option,
)


class OneLineErrors(click.Command):
    """Bad option values give one line (`Error: ...`, exit 2), not usage plus a hint."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as e:
            e.ctx = None  # UsageError.show prints the usage block only when it has a context
            raise


class UsageLine(click.ClickException):
    """Options that do not go together: one line, exit 2, like a bad option value."""

    exit_code = 2


@click.command(cls=OneLineErrors)
@click.argument("text", required=False, default="")
@index_option
@engine_option
@filter_options
@click.option(
    "--mentions",
    multiple=True,
    metavar="PATH",
    help="A region the article names anywhere, e.g. 上海 (--region: one it is about).",
)
@click.option("--sort", type=click.Choice(SORT_CHOICES), default="relevance", show_default=True)
@click.option("--limit", type=click.IntRange(1, 100), default=10, show_default=True)
@click.option("--page", type=click.IntRange(1, None), default=1, show_default=True)
@click.option("--facets", "show_facets", is_flag=True, help="Print facet counts too.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="text (default), json, or csv / jsonl: the columns of the page's export.",
)
@click.option(
    "--all",
    "every",
    is_flag=True,
    help=f"Every hit instead of one page (csv and jsonl; at most {MAX_EXPORT}).",
)
@json_option
def query(
    text: str,
    index_dir: str | None,
    engine: str | None,
    region: tuple[str, ...],
    mentions: tuple[str, ...],
    year: tuple[str, ...],
    zone: tuple[str, ...],
    sort: str,
    limit: int,
    page: int,
    show_facets: bool,
    fmt: str | None,
    every: bool,
    as_json: bool,
) -> None:
    """Search the index for TEXT, optionally narrowed by region, places named, year and zone."""
    from search.backends.interface import EngineError, NoIndex
    from search.cli.output import print_export, print_result
    from search.engine.query import QueryError, SearchRequest
    from search.output import export

    if as_json and fmt not in (None, "json"):
        raise UsageLine(f"--json and --format {fmt} ask for different outputs")
    fmt = fmt or ("json" if as_json else "text")
    if every and fmt not in EXPORT_FORMATS:
        raise UsageLine("--all goes with --format csv or --format jsonl")
    request = SearchRequest(
        text=text,
        region=region,
        mentions=mentions,
        year=year,
        zone=zone,
        sort=sort,  # type: ignore[arg-type]
        page=page,
        per_page=limit,
    )
    engine_ = engine_for(engine, index_dir)
    try:
        with engine_.view() as view:
            if every:
                _, hits = export.all_hits(view, request)
                print_export(fmt, hits)  # type: ignore[arg-type]
                return
            result = view.search(request)
    except (QueryError, NoIndex, EngineError, export.TooManyHits) as e:
        raise click.ClickException(str(e)) from None
    finally:
        engine_.close()
    if fmt == "json":
        click.echo(json.dumps(result.as_json(), ensure_ascii=False))
    elif fmt in export.FORMATS:
        print_export(fmt, result.hits)  # type: ignore[arg-type]
    else:
        print_result(result, colour=sys.stdout.isatty(), facets=show_facets)


@click.command(cls=OneLineErrors)
@index_option
@engine_option
@json_option
def stats(index_dir: str | None, engine: str | None, as_json: bool) -> None:
    """Show the index: documents, generations, size, facet values."""
    from search.backends.interface import EngineError, NoIndex

    engine_ = engine_for(engine, index_dir)
    try:
        info = engine_.stats()
    except (NoIndex, EngineError) as e:
        raise click.ClickException(str(e)) from None
    finally:
        engine_.close()
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
