"""Options and helpers shared by the commands."""

from __future__ import annotations

import os
from pathlib import Path

import click

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
