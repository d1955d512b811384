"""`zonesearch inspect`: what the pipeline makes of inputs, without touching any index."""

from __future__ import annotations

import json
from pathlib import Path

import click

from search.cli.options import json_option
from search.document import Document, Skip


def _readable(doc: Document) -> str:
    zones = "、".join(z.name for z in doc.zones) or "-"
    published = doc.published.isoformat() if doc.published else "-"
    lines = [
        f"{doc.uri}",
        f"  title:    {doc.title or '-'}",
        f"  date:     {published}   source: {doc.source or '-'}",
        f"  year:     {doc.year or '-'} ({doc.year_basis or 'unknown'})",
        f"  region:   {doc.region or '-'}",
        f"  zones:    {zones}",
        f"  encoding: {doc.encoding} ({doc.encoding_reason})   script: {doc.script}",
        f"  text:     {len(doc.text)} characters kept, {len(doc.removed)} pieces removed",
    ]
    return "\n".join(lines)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@json_option
def inspect(paths: tuple[Path, ...], as_json: bool) -> None:
    """Show the document(s) PATH yields: title, date, region, zones, cleaned text."""
    from search.pipeline import process
    from search.segments.serialize import inspect_dict
    from search.sources.resolve import iter_sources

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise click.ClickException(f"no such file or folder: {', '.join(missing)}")
    produced = 0
    skipped: list[Skip] = []
    for item in iter_sources(list(paths)):
        result = item if isinstance(item, Skip) else process(item)
        if isinstance(result, Skip):
            skipped.append(result)
            continue
        produced += 1
        if as_json:
            click.echo(json.dumps(inspect_dict(result), ensure_ascii=False))
        else:
            click.echo(_readable(result))
    for s in skipped:
        click.echo(f"skipped {s.uri}: {s.reason}", err=True)
    if not produced:
        raise click.ClickException("no document could be read from the given paths")
