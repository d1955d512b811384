"""`zonesearch serve`: the web page, by waitress (the Flask server only with --debug)."""

from __future__ import annotations

import click

from search.cli.options import engine_for, engine_option, index_option, index_root
from search.cli.query import OneLineErrors

# waitress's default is 4. Searches are CPU-bound and share one interpreter, so threads add
# no throughput, but with few of them a handful of slow searches holds every thread and
# the quick ones queue behind them (measured in bench/load.py --slow-clients).
DEFAULT_THREADS = 32
QUERY_SECONDS = 1.0  # as web.app.QUERY_SECONDS (the CLI does not import web until serve)


@click.command(cls=OneLineErrors)
@index_option
@engine_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=5000, show_default=True)
@click.option(
    "--threads",
    type=click.IntRange(1, 256),
    default=DEFAULT_THREADS,
    show_default=True,
    help="Request threads: enough that a few slow searches cannot hold them all.",
)
@click.option(
    "--query-seconds",
    type=click.FloatRange(0.05, 600),
    default=QUERY_SECONDS,
    show_default=True,
    help="A search's budget of CPU seconds; past it the user gets a message instead.",
)
@click.option("--debug", is_flag=True, help="Flask's development server with reloading.")
def serve(  # noqa: PLR0913
    index_dir: str | None,
    engine: str | None,
    host: str,
    port: int,
    threads: int,
    query_seconds: float,
    debug: bool,
) -> None:
    """Serve the search page and the JSON API."""
    import threading

    from search.backends.select import engine_url
    from search.engine.suggest import gazetteer_suggester
    from web import create_app

    where = engine_for(engine, index_dir).location  # a bad URL fails here, before serving
    app = create_app(
        {
            "INDEX_DIR": str(index_root(index_dir)),
            "ENGINE": engine_url(engine),
            "QUERY_SECONDS": query_seconds,
        }
    )
    # Spell the gazetteer's names for suggestions now (a second or two), not at the first
    # keystroke; the index's part is built by the first suggestion request of a generation.
    threading.Thread(target=gazetteer_suggester, daemon=True, name="warm-suggest").start()
    click.echo(f"zonesearch on http://{host}:{port}/ (index {where})")
    if debug:
        app.run(host=host, port=port, debug=True)
        return
    from web.server import serve as serve_app

    serve_app(app, host=host, port=port, threads=threads)
