"""The `zonesearch` command group; each command lives in its own module, imported when run.

Importing every command's library (trafilatura, the build job, the engine...) cost each
command about half a second before it did anything: a command's module is imported only
when that command runs (or when --help lists them all).
"""

from __future__ import annotations

import importlib

import click

COMMANDS = {
    "rebuild": "search.cli.build:rebuild",
    "update": "search.cli.build:update",
    "query": "search.cli.query:query",
    "watch": "search.cli.watch:watch",
    "inspect": "search.cli.inspect:inspect",
    "stats": "search.cli.query:stats",
    "serve": "search.cli.serve:serve",
    "crawl": "search.cli.crawl:crawl",
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use (click's lazy-loading recipe)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, name = target.split(":")
        return getattr(importlib.import_module(module), name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """zonesearch: search Chinese news about development zones."""
