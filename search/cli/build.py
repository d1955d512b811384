"""`zonesearch rebuild`: build a new index generation from sources and switch to it."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import click

from search.cli.options import DEFAULT_SOURCES, index_option, index_root, json_option
from search.index import BuildReport
from search.index import rebuild as rebuild_index
from search.lock import LockHeld


def print_report(report: BuildReport, as_json: bool) -> None:
    """The end-of-build report, readable or as JSON."""
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False))
        return
    click.echo(
        f"read {report.read}, indexed {report.indexed}, duplicates {report.duplicates}, "
        f"skipped {len(report.skipped)}"
    )
    reasons = Counter(s.reason for s in report.skipped)
    for reason, n in reasons.most_common():
        click.echo(f"  skipped {n}: {reason}")
    timing = ", ".join(f"{k} {v:.2f}s" for k, v in report.seconds.items())
    click.echo(f"generation {report.generation} is live ({timing})")


@click.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@index_option
@json_option
def rebuild(sources: tuple[Path, ...], index_dir: str | None, as_json: bool) -> None:
    """Build a new index generation from SOURCE files, folders or record dumps (default seeds/)."""
    paths = list(sources) or [Path(p) for p in DEFAULT_SOURCES]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise click.ClickException(f"no such file or folder: {', '.join(missing)}")
    try:
        report = rebuild_index(paths, index_root(index_dir))
    except LockHeld as e:
        raise click.ClickException(str(e)) from None
    except OSError as e:
        raise click.ClickException(f"cannot write the index: {e}") from None
    print_report(report, as_json)
