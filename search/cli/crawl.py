"""`zonesearch crawl`: fetch sites politely into a store that rebuilds and updates read offline."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click

from search.cli.options import json_option

if TYPE_CHECKING:  # the crawler (httpx, courlan) is imported when a crawl runs, not for --help
    from search.sources.crawl.report import CrawlReport, Progress

# Options that set a site's rules: given on the command line they apply to every site,
# over what the site list says; not given, the site list's values (or the built-in) hold.
SITE_OPTIONS = {
    "depth": "max_depth",
    "max_pages": "max_pages",
    "delay": "delay",
    "recrawl": "recrawl",
    "article_recrawl": "article_recrawl",
}


class Duration(click.ParamType):
    name = "duration"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        from search.sources.crawl.sites import parse_duration

        try:
            return parse_duration(value if not isinstance(value, str) else value.strip())
        except ValueError as e:
            self.fail(str(e), param, ctx)


DURATION = Duration()


class ProgressLine:
    """One line on a terminal, rewritten in place: hosts active, fetched, queued, errors."""

    def __init__(self, stream: IO[str], enabled: bool) -> None:
        self.stream = stream
        self.enabled = enabled
        self.shown = 0

    def __call__(self, p: Progress) -> None:
        if not self.enabled:
            return
        rate = p.requests / p.elapsed if p.elapsed > 0 else 0.0
        line = (
            f"crawl {p.elapsed:5.0f}s  {p.hosts_active} hosts active  {p.fetched} fetched  "
            f"{p.unchanged} unchanged  {p.queued} queued  {p.errors} errors  {rate:.1f} req/s"
        )
        self.stream.write("\r" + line.ljust(self.shown))
        self.stream.flush()
        self.shown = len(line)

    def close(self) -> None:
        if self.enabled and self.shown:
            self.stream.write("\n")
            self.stream.flush()


def print_report(report: CrawlReport, store: Path, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps({**report.as_dict(), "store": str(store)}, ensure_ascii=False))
        return
    click.echo(
        f"fetched {report.fetched}, unchanged {report.unchanged}, sitemaps/feeds "
        f"{report.indexes}, gone {report.gone}, redirects {report.redirects}: "
        f"{report.requests} requests, {report.bytes / 1e6:.1f} MB in {report.elapsed:.1f}s"
        + (" (resumed)" if report.resumed else "")
        + (f" (stopped: {report.stopped})" if report.stopped else "")
    )
    for title, counts in (
        ("failed", report.failed),
        ("skipped", report.skipped),
        ("trap", report.traps),
    ):
        for reason, n in counts.most_common():
            example = (report.examples.get(reason) or [""])[0]
            click.echo(f"  {title} {n}: {reason}" + (f"  (e.g. {example})" if example else ""))
    if report.queued:
        click.echo(f"{report.queued} URLs still due: the next crawl goes on with them")
    click.echo(f"store {store}: `zonesearch update {store}` brings the index up to date")


@click.command()
@click.argument("urls", nargs=-1)
@click.option("--store", type=click.Path(path_type=Path), required=True, help="Store folder.")
@click.option(
    "--sites",
    "sites_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A site list (TOML); see sites.example.toml.",
)
@click.option(
    "--allow-host", multiple=True, help="Hosts the start URLS may lead to (default: their own)."
)
@click.option("--depth", type=click.IntRange(0, 50), default=3, show_default=True)
@click.option(
    "--max-pages",
    type=click.IntRange(1, None),
    default=500,
    show_default=True,
    help="Pages requested per site and run.",
)
@click.option(
    "--delay",
    type=click.FloatRange(0, None),
    default=1.0,
    show_default=True,
    help="Seconds between requests to one host (robots.txt may ask for more).",
)
@click.option(
    "--recrawl",
    type=DURATION,
    default="1d",
    show_default=True,
    help="List pages, sitemaps and feeds are due again after this.",
)
@click.option("--article-recrawl", type=DURATION, default="30d", show_default=True)
@click.option(
    "--gone-after",
    type=DURATION,
    default="3d",
    show_default=True,
    help="A page answering 404/410 twice this far apart is gone.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(1024, None),
    default=5 * 1024 * 1024,
    show_default=True,
    help="Largest page accepted.",
)
@click.option("--max-total-bytes", type=click.IntRange(1024, None), default=2 * 1024**3)
@click.option("--max-seconds", type=click.FloatRange(1, None), default=3600, show_default=True)
@click.option(
    "--timeout",
    type=click.FloatRange(0.1, None),
    default=20,
    show_default=True,
    help="Seconds for one response, headers and body.",
)
@click.option("--concurrency", type=click.IntRange(1, 256), default=8, show_default=True)
@click.option("--user-agent", default="zonesearch/0.1", show_default=True)
@click.option("--quiet", is_flag=True, help="No progress line.")
@json_option
@click.pass_context
def crawl(
    ctx: click.Context,
    urls: tuple[str, ...],
    store: Path,
    sites_file: Path | None,
    allow_host: tuple[str, ...],
    gone_after: float,
    max_bytes: int,
    max_total_bytes: int,
    max_seconds: float,
    timeout: float,
    concurrency: int,
    user_agent: str,
    quiet: bool,
    as_json: bool,
    **site_options: Any,
) -> None:
    """Crawl the sites of --sites and the start URLS into the --store folder.

    A second crawl of the same store fetches only what is due, asking with conditional
    GETs; a killed crawl is taken up where it stopped. `zonesearch crawl ... && zonesearch
    update` is the nightly job.
    """
    from search.sources.crawl.crawler import crawl as run_crawl
    from search.sources.crawl.frontier import CrawlLocked
    from search.sources.crawl.options import CrawlOptions
    from search.sources.crawl.sites import SiteListError, load_sites, sites_for_urls

    if not urls and sites_file is None:
        raise click.UsageError("give start URLS, a --sites file, or both")
    bad = [u for u in urls if not u.lower().startswith(("http://", "https://"))]
    if bad:
        raise click.ClickException(f"only http(s) URLs can be crawled: {', '.join(bad)}")
    settings = {SITE_OPTIONS[k]: v for k, v in site_options.items()}
    given = {
        SITE_OPTIONS[k]: v
        for k, v in site_options.items()
        if ctx.get_parameter_source(k) is not click.core.ParameterSource.DEFAULT
    }
    try:
        sites = load_sites(sites_file, **settings) if sites_file else []
    except SiteListError as e:
        raise click.ClickException(str(e)) from None
    sites = [replace(site, **given) for site in sites]
    if urls:
        sites += sites_for_urls(urls, allow_host, **settings)
    names = [site.name for site in sites]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise click.ClickException(f"a site named {twice[0]!r} is given twice")
    line = ProgressLine(sys.stderr, enabled=not quiet and sys.stderr.isatty())
    options = CrawlOptions(
        store=store,
        sites=tuple(sites),
        max_seconds=max_seconds,
        max_total_bytes=max_total_bytes,
        timeout=timeout,
        max_bytes=max_bytes,
        concurrency=concurrency,
        user_agent=user_agent,
        gone_after=gone_after,
        progress=line,
    )
    try:
        report = run_crawl(options)
    except (CrawlLocked, ValueError, OSError) as e:
        raise click.ClickException(str(e)) from None
    finally:
        line.close()
    print_report(report, store, as_json)
    if report.stopped and report.stopped.startswith("store error"):
        sys.exit(1)
