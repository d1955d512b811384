"""`zonesearch rebuild` and `zonesearch update`: write a new index generation and switch to it.

The build job is imported when a command runs, not when the command line starts.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from search.cli.options import DEFAULT_SOURCES, engine_for, engine_option, index_option, json_option

if TYPE_CHECKING:
    from tqdm import tqdm

    from search.backends.interface import Engine
    from search.build.rebuild import BuildOptions
    from search.build.report import BuildReport
    from search.sources.records import RecordOptions

STAGE_LABELS = {"pipeline": "read+process", "index": "index"}
# A job shares its machine with the server answering queries: by default it lowers its CPU
# priority (its workers inherit it), which costs it nothing on an idle machine.
DEFAULT_NICE = 10


def print_report(report: BuildReport, as_json: bool) -> None:
    """The end-of-job report, readable or as JSON."""
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False))
        return
    parts = [f"read {report.read}", f"indexed {report.indexed}"]
    if report.job == "update":
        parts += [
            f"updated {report.updated}",
            f"deleted {report.deleted}",
            f"unchanged {report.unchanged}",
        ]
        if report.regrouped:
            parts.append(f"regrouped {report.regrouped}")
    parts += [f"duplicates {report.duplicates}", f"skipped {len(report.skipped)}"]
    click.echo(", ".join(parts))
    for reason, n in report.skip_reasons():
        click.echo(f"  skipped {n}: {reason}")
    timing = ", ".join(f"{k} {v:.2f}s" for k, v in report.seconds.items())
    click.echo(f"time per stage ({report.workers} workers): {timing}")
    if report.rebuilt:
        click.echo(report.rebuilt)
    click.echo(f"generation {report.generation} is live with {report.documents} documents")


class TerminalProgress:
    """One tqdm bar per stage on stderr; silent when stderr is not a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bars: dict[str, tqdm] = {}

    def __call__(self, stage: str, done: int, total: int | None = None) -> None:
        if not self.enabled:
            return
        bar = self.bars.get(stage)
        if bar is None:  # a rebuild's stages run at once: one bar each, one under another
            from tqdm import tqdm

            label = STAGE_LABELS.get(stage, stage)
            bar = self.bars[stage] = tqdm(desc=label, unit="doc", total=total, file=sys.stderr)
        elif total is not None:
            bar.total = total
            bar.refresh()
        if done:
            bar.update(done)

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()


def record_options(kw: dict[str, Any]) -> RecordOptions | None:
    """--*-column options as RecordOptions, or None when none was given."""
    from search.sources.records import RecordOptions

    given = {f"{name}_column": kw.pop(f"{name}_column") for name in RECORD_COLUMNS}
    return RecordOptions(**given) if any(given.values()) else None


RECORD_COLUMNS = ("text", "html", "title", "date", "url", "id")


def build_options(command: Callable[..., None]) -> Callable[..., None]:
    """The options rebuild and update share."""
    for name in reversed(RECORD_COLUMNS):
        command = click.option(
            f"--{name}-column",
            f"{name}_column",
            metavar="NAME",
            default=None,
            help=f"Record dumps: the column holding the {name} (default: detected).",
        )(command)
    command = click.option(
        "--workers",
        type=click.IntRange(0, 256),
        default=None,
        help="Worker processes (default: every core; 0 or 1: none).",
    )(command)
    command = click.option(
        "--nice",
        type=click.IntRange(0, 19),
        default=DEFAULT_NICE,
        show_default=True,
        help="Run the job at this CPU priority (nice) at least, so that searches served on the "
        "same machine keep their share (0: as started).",
    )(command)
    command = json_option(command)
    command = engine_option(command)
    command = index_option(command)
    return click.argument("sources", nargs=-1, type=click.Path(path_type=Path))(command)


@contextmanager
def _cli_errors():
    from search.backends.interface import EngineError
    from search.build.failures import BuildFailed, describe
    from search.build.lock import LockHeld
    from search.build.rebuild import NothingIndexed

    try:
        yield
    except (LockHeld, NothingIndexed, EngineError, BuildFailed) as e:
        raise click.ClickException(str(e)) from None
    except OSError as e:
        raise click.ClickException(f"cannot write the index: {describe(e)}") from None


Job = Callable[["Engine", list[Path], "BuildOptions"], "BuildReport"]


def _run(job: Job, default_sources: list[Path]) -> Callable[..., None]:
    def run(
        sources: tuple[Path, ...],
        index_dir: str | None,
        engine: str | None,
        as_json: bool,
        workers: int | None,
        nice: int,
        **columns: Any,
    ) -> None:
        from search.build.rebuild import BuildOptions, read_sources

        lower = nice - os.nice(0)  # to at least `nice`, however often a process runs a job
        if lower > 0:
            os.nice(lower)  # before any worker starts: they inherit it

        paths = list(sources) or default_sources
        engine_ = engine_for(engine, index_dir)
        with _cli_errors():
            if not paths and not engine_.has_index():
                raise click.ClickException(
                    f"no index at {engine_.location} to update: "
                    "run `zonesearch rebuild` first, or name a SOURCE"
                )
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise click.ClickException(f"no such file or folder: {', '.join(missing)}")
        progress = TerminalProgress(enabled=sys.stderr.isatty())
        options = BuildOptions(
            workers=workers,
            read=partial(read_sources, records=record_options(columns)),
            progress=progress,
        )
        try:
            with _cli_errors():
                report = job(engine_, paths, options)
        finally:
            progress.close()
            engine_.close()
        print_report(report, as_json)

    return run


@click.command()
@build_options
def rebuild(**kw: Any) -> None:
    """Build a new index generation from SOURCE files, folders or record dumps (default seeds/).

    The new generation goes live only when complete; until then searches use the old one.
    """
    _run(lambda e, paths, options: e.rebuild(paths, options), [Path(p) for p in DEFAULT_SOURCES])(
        **kw
    )


@click.command()
@build_options
def update(**kw: Any) -> None:
    """Add new inputs, re-index changed ones and drop vanished ones, without a full rebuild.

    With no SOURCE, every source the live generation was built from is scanned again.
    """
    _run(lambda e, paths, options: e.update(paths, options), [])(**kw)
