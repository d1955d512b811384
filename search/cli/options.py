"""Options and helpers shared by the commands."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from search.backends.interface import Engine


DEFAULT_INDEX = "index"
DEFAULT_SOURCES = ("seeds",)


def index_root(value: str | None) -> Path:
    """--index, else $ZONESEARCH_INDEX, else ./index."""
    return Path(value or os.environ.get("ZONESEARCH_INDEX") or DEFAULT_INDEX)


index_option = click.option(
    "--index",
    "index_dir",
    metavar="DIR",
    default=None,
    help="Index root (default: $ZONESEARCH_INDEX or ./index).",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON.")

# The engine's SORTS, written out so that --help needs no engine import (a test keeps them equal).
SORT_CHOICES = ("relevance", "date", "date-asc")
FORMATS = ("text", "json", "csv", "jsonl")
EXPORT_FORMATS = ("csv", "jsonl")  # search.output.export's, likewise
MAX_EXPORT = 10_000  # search.output.export.MAX_EXPORT, likewise


def filter_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--region, --year and --zone, each repeatable (OR within one, AND across them)."""
    for option in reversed(
        (
            click.option(
                "--region", multiple=True, metavar="PATH", help="Region path, e.g. 江苏省/镇江市."
            ),
            click.option("--year", multiple=True, metavar="YEAR", help="Year, e.g. 2025."),
            click.option("--zone", multiple=True, metavar="NAME", help="Canonical zone name."),
        )
    ):
        command = option(command)
    return command


engine_option = click.option(
    "--engine",
    "engine",
    metavar="URL",
    default=None,
    help="Search engine, e.g. opensearch://127.0.0.1:9200/zonesearch "
    "(default: $ZONESEARCH_ENGINE, else the embedded index).",
)


def engine_for(engine: str | None, index_dir: str | None) -> Engine:
    """The engine --engine (or $ZONESEARCH_ENGINE) names, else the index root's embedded one."""
    from search.backends.interface import EngineError  # imported when used: --help stays fast
    from search.backends.select import engine_url, open_engine

    try:
        return open_engine(engine_url(engine), index_root(index_dir))
    except EngineError as e:
        raise click.ClickException(str(e)) from None
