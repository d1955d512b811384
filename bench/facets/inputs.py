"""The labelled documents as zonesearch's readers build them, with and without date metadata.

xwlb rows and gov-report CSV rows go through search.sources.records.iter_records, saved pages
through search.sources.files.iter_files, as a rebuild would read them. The gzipped xwlb dump is
not a format the record reader takes, so the referenced rows are written, unchanged, to a JSON
Lines file in a scratch folder first. "Without date metadata" drops xwlb's `date`, the CSV's
`publish_date` column, and a page's date `<meta>` elements and JSON-LD blocks (RULES.md §5).
"""

from __future__ import annotations

import csv
import gzip
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from search.document import Raw, Skip
from search.sources.files import iter_files
from search.sources.records import iter_records

DATE_META = re.compile(
    rb"<meta\b[^>]*\b(?:name|property|itemprop)\s*=\s*[\"']?[^\"'>]*(?:date|time|pub)[^>]*>",
    re.IGNORECASE,
)
LD_JSON = re.compile(
    rb"<script\b[^>]*application/ld\+json[^>]*>.*?</script\s*>", re.IGNORECASE | re.DOTALL
)
CORPORA = ("xwlb", "gov-reports-2026", "news-html")


@dataclass(frozen=True)
class Inputs:
    """One labelled document as Raw input: as stored, and with its date metadata removed."""

    dated: Raw | Skip
    undated: Raw | Skip


def ref_key(ref: Mapping[str, str]) -> str:
    """A label's reference as one string: corpus:id, corpus:file or corpus:path."""
    corpus = ref.get("corpus", "")
    return f"{corpus}:{ref.get('id') or ref.get('file') or ref.get('path')}"


def strip_page_dates(html: bytes) -> bytes:
    """The page without date-bearing <meta> elements and JSON-LD blocks."""
    return LD_JSON.sub(b"", DATE_META.sub(b"", html))


def _only(raws: Iterable[Raw | Skip], what: str) -> Raw | Skip:
    found = list(raws)
    rows = [r for r in found if isinstance(r, Raw)]
    if len(rows) == 1:
        return rows[0]
    reason = "; ".join(s.reason for s in found if isinstance(s, Skip)) or f"{len(rows)} rows"
    return Skip(what, reason)


def _xwlb(corpus: Path, ids: set[str], scratch: Path) -> dict[str, Inputs]:
    rows: dict[str, dict[str, object]] = {}
    with gzip.open(corpus / "xwlb" / "xwlb.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                if row.get("id") in ids:
                    rows[str(row["id"])] = row
    found: dict[str, Inputs] = {}
    for ident, row in rows.items():
        versions = []
        for name, data in (
            ("dated", row),
            ("undated", {k: v for k, v in row.items() if k != "date"}),
        ):
            path = scratch / "xwlb" / name / f"{ident}.jsonl"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(data, ensure_ascii=False) + "\n", encoding="utf-8")
            versions.append(_only(iter_records(path), str(path)))
        found[f"xwlb:{ident}"] = Inputs(*versions)
    return found


def _gov(corpus: Path, name: str, scratch: Path) -> Inputs:
    source = corpus / "gov-reports-2026" / name
    dated = _only(iter_records(source), str(source))
    with source.open(encoding="utf-8-sig", newline="") as handle:
        table = list(csv.reader(handle))
    keep = [i for i, column in enumerate(table[0]) if column.strip() != "publish_date"]
    path = scratch / "gov" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([[row[i] for i in keep] for row in table])
    return Inputs(dated, _only(iter_records(path), str(path)))


def _page(corpus: Path, rel: str, scratch: Path) -> Inputs:
    source = corpus / "news-html" / rel
    dated = _only(iter_files([source]), str(source))
    path = scratch / "html" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(strip_page_dates(source.read_bytes()))
    return Inputs(dated, _only(iter_files([path]), str(path)))


def load_inputs(
    refs: Iterable[Mapping[str, str]], corpus: Path, scratch: Path
) -> dict[str, Inputs | Skip]:
    """Every reference's inputs, keyed by ref_key; a reference that does not resolve is a Skip."""
    refs = list(refs)
    ids = {r["id"] for r in refs if r.get("corpus") == "xwlb" and r.get("id")}
    xwlb = _xwlb(corpus, ids, scratch) if ids else {}
    out: dict[str, Inputs | Skip] = {}
    for ref in refs:
        key = ref_key(ref)
        kind = ref.get("corpus")
        if kind == "xwlb":
            out[key] = xwlb.get(key) or Skip(key, "no such id in xwlb.jsonl.gz")
        elif kind == "gov-reports-2026" and (corpus / kind / ref.get("file", "")).is_file():
            out[key] = _gov(corpus, ref["file"], scratch)
        elif kind == "news-html" and (corpus / kind / ref.get("path", "")).is_file():
            out[key] = _page(corpus, ref["path"], scratch)
        else:
            out[key] = Skip(key, "no such file in ../shared/corpus")
    return out
