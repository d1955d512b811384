"""The `zonesearch` command group; each command lives in its own module."""

from __future__ import annotations

import click

from search.cli.build import rebuild, update
from search.cli.crawl import crawl
from search.cli.inspect import inspect
from search.cli.query import query, stats
from search.cli.serve import serve


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """zonesearch: search Chinese news about development zones."""


for command in (rebuild, update, query, inspect, stats, serve, crawl):
    main.add_command(command)
