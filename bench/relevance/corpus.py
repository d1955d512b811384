"""The judged corpus: the xwlb news items and the 2026 government work reports in ../shared.

Every system indexes the same documents under the same ids. A document's id is its dump's file
name and its row's name as search.sources.records names rows (the id column, else the line
number): xwlb.jsonl.gz#VIDE1355098166246193, 2026_上海市_政府工作报告.csv#2. Rows with a title
and no text are part of the corpus too (zonesearch may skip them; the baselines index the title).
"""

from __future__ import annotations

import csv
import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from search.pipeline import document_id

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
XWLB = SHARED / "corpus" / "xwlb" / "xwlb.jsonl.gz"
REPORTS = SHARED / "corpus" / "gov-reports-2026"

csv.field_size_limit(2**31 - 1)


class MissingCorpus(Exception):
    """A corpus path in ../shared is absent; the message names it."""


@dataclass(frozen=True)
class BenchDoc:
    """One judged-corpus document as every system gets it."""

    id: str
    title: str
    text: str
    published: str  # YYYY-MM-DD, or "" when the row has none


def sources() -> list[Path]:
    """The corpus paths zonesearch is built from; MissingCorpus when one is absent."""
    for path in (XWLB, REPORTS):
        if not path.exists():
            raise MissingCorpus(f"the judged corpus needs {path}, which is missing")
    reports = sorted(REPORTS.glob("*.csv"))
    if not reports:
        raise MissingCorpus(f"no government report CSVs in {REPORTS}")
    return [XWLB, *reports]


def _name(used: set[str], given: object, line: int) -> str:
    """A row's name within its dump, the way search.sources.records names it."""
    name = str(given).strip() if given not in (None, "") else ""
    name = name or str(line)
    if name in used:
        name = f"{name}@{line}"
    used.add(name)
    return name


def _xwlb(path: Path) -> Iterator[BenchDoc]:
    used: set[str] = set()
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line, row_text in enumerate(handle, start=1):
            row = json.loads(row_text)
            name = _name(used, row.get("id"), line)
            yield BenchDoc(
                f"{path.name}#{name}",
                (row.get("title") or "").strip(),
                (row.get("text") or "").strip(),
                row.get("date") or "",
            )


def _report(path: Path) -> Iterator[BenchDoc]:
    used: set[str] = set()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames is None:  # reading the header makes line_num count it
            return
        start = reader.line_num + 1
        for row in reader:
            name = _name(used, None, start)  # the reports have no id column: the line names them
            yield BenchDoc(
                f"{path.name}#{name}",
                (row.get("title") or "").strip(),
                (row.get("full_text") or "").strip(),
                (row.get("publish_date") or "").strip(),
            )
            start = reader.line_num + 1


def documents() -> Iterator[BenchDoc]:
    """Every document of the judged corpus, in a fixed order."""
    first, *reports = sources()
    yield from _xwlb(first)
    for path in reports:
        yield from _report(path)


def zonesearch_ids() -> dict[str, str]:
    """zonesearch's document id (a hash of the row's uri) -> the bench id of that row."""
    folders = {path.name: path.resolve() for path in sources()}
    mapping = {}
    for doc in documents():
        dump, _, name = doc.id.partition("#")
        mapping[document_id(f"{folders[dump]}#{name}")] = doc.id
    return mapping
