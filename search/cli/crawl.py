"""`zonesearch crawl`: fetch pages politely into a store that rebuilds read offline."""

from __future__ import annotations

import json
from pathlib import Path

import click

from search.cli.options import json_option
from search.sources.crawl import CrawlOptions
from search.sources.crawl import crawl as run_crawl


@click.command()
@click.argument("urls", nargs=-1, required=True)
@click.option("--store", type=click.Path(path_type=Path), required=True, help="Store folder.")
@click.option("--allow-host", multiple=True, help="Hosts to follow links to (default: same host).")
@click.option("--depth", type=click.IntRange(0, 20), default=2, show_default=True)
@click.option("--max-pages", type=click.IntRange(1, None), default=200, show_default=True)
@click.option(
    "--max-bytes",
    type=click.IntRange(1024, None),
    default=5 * 1024 * 1024,
    show_default=True,
    help="Largest response accepted.",
)
@click.option("--max-seconds", type=click.FloatRange(1, None), default=600, show_default=True)
@click.option("--timeout", type=click.FloatRange(0.1, None), default=20, show_default=True)
@click.option(
    "--delay",
    type=click.FloatRange(0, None),
    default=1.0,
    show_default=True,
    help="Seconds between requests to one host (robots.txt may ask for more).",
)
@click.option("--user-agent", default="zonesearch/0.1", show_default=True)
@click.option("--quiet", is_flag=True, help="No line per URL.")
@json_option
def crawl(
    urls: tuple[str, ...],
    store: Path,
    allow_host: tuple[str, ...],
    depth: int,
    max_pages: int,
    max_bytes: int,
    max_seconds: float,
    timeout: float,
    delay: float,
    user_agent: str,
    quiet: bool,
    as_json: bool,
) -> None:
    """Crawl from URLS (same host by default, robots.txt obeyed) into the --store folder."""
    bad = [u for u in urls if not u.lower().startswith(("http://", "https://"))]
    if bad:
        raise click.ClickException(f"only http(s) URLs can be crawled: {', '.join(bad)}")

    def progress(url: str, outcome: str) -> None:
        if not quiet and not as_json:
            click.echo(f"{outcome:>10}  {url}", err=True)

    options = CrawlOptions(
        start_urls=urls,
        store=store,
        allow_hosts=allow_host,
        max_depth=depth,
        max_pages=max_pages,
        max_bytes=max_bytes,
        max_seconds=max_seconds,
        timeout=timeout,
        delay=delay,
        user_agent=user_agent,
        progress=progress,
    )
    try:
        report = run_crawl(options)
    except (ValueError, OSError) as e:
        raise click.ClickException(str(e)) from None
    summary = {
        "fetched": report.fetched,
        "unchanged": report.unchanged,
        "skipped": report.reasons(),
        "stopped": report.stopped,
        "seconds": round(report.elapsed, 2),
        "store": str(store),
    }
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False))
        return
    click.echo(
        f"fetched {report.fetched}, unchanged {report.unchanged}, "
        f"skipped {len(report.skipped)} in {report.elapsed:.1f}s"
        + (f" (stopped: {report.stopped})" if report.stopped else "")
    )
    for reason, n in sorted(report.reasons().items(), key=lambda kv: -kv[1]):
        click.echo(f"  skipped {n}: {reason}")
    click.echo(f"store {store}: `zonesearch rebuild {store}` indexes it offline")
