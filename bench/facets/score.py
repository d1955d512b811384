"""Issue 15's facet table: zonesearch's regions, primary region, zones and years against labels.

    python -m bench.facets.score [--labels bench/facets/labels.jsonl] [--shared DIR] [--details]

Runs search.pipeline.process on every labelled document (read as the corpus readers read it,
see bench/facets/inputs.py), then again with its date metadata removed, and prints each figure
per corpus and overall, with counts, beside the issue's targets. The region facet is
Document.regions_about when the Document has that field, else Document.regions. Definitions:
bench/facets/RULES.md §5. Skips with a message naming the missing path when ../shared is absent.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bench.facets.inputs import CORPORA, Inputs, load_inputs, ref_key
from search.document import Document, Skip
from search.pipeline import process

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
LABELS = Path(__file__).resolve().parent / "labels.jsonl"
# National new areas are no NBS division: a facet value naming one reads as the place that holds
# it (RULES.md §1.1). 浦东新区 and 滨海新区 are districts and stand for themselves.
NEW_AREAS = {
    "雄安新区": "河北省/保定市",
    "两江新区": "重庆市",
    "西咸新区": "陕西省",
    "贵安新区": "贵州省",
    "天府新区": "四川省",
    "赣江新区": "江西省",
    "滇中新区": "云南省/昆明市",
    "兰州新区": "甘肃省/兰州市",
    "舟山群岛新区": "浙江省/舟山市",
    "金普新区": "辽宁省/大连市",
    "湘江新区": "湖南省/长沙市",
    "江北新区": "江苏省/南京市",
    "福州新区": "福建省/福州市",
    "哈尔滨新区": "黑龙江省/哈尔滨市",
    "长春新区": "吉林省/长春市",
    "西海岸新区": "山东省/青岛市/黄岛区",
    "南沙新区": "广东省/广州市/南沙区",
}
KEYS = (
    "ref",
    "title",
    "has_date_metadata",
    "published_year",
    "text_year",
    "mentioned",
    "about",
    "primary",
    "zones",
    "other_places",
    "notes",
)


def read_labels(path: Path) -> list[dict]:
    """The labels file, one JSON object a line; a clear error for a malformed line."""
    labels = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            label = json.loads(line)
        except ValueError as err:
            raise ValueError(f"{path}:{number}: not JSON ({err})") from None
        missing = [k for k in KEYS if k not in label]
        if missing:
            raise ValueError(f"{path}:{number}: missing {', '.join(missing)}")
        labels.append(label)
    return labels


def ancestors(path: str) -> set[str]:
    """A path and every ancestor of it: 江苏省/淮安市 -> {江苏省, 江苏省/淮安市}."""
    bits = path.split("/")
    return {"/".join(bits[:k]) for k in range(1, len(bits) + 1)}


def closure(paths: Iterable[str]) -> set[str]:
    return set().union(*(ancestors(p) for p in paths)) if paths else set()


def as_rule_path(path: str) -> str:
    """A system path read by the labels' rule: a national new area as the place holding it."""
    for bit in path.split("/"):
        if bit in NEW_AREAS:
            return NEW_AREAS[bit]
    return path


def facet_values(doc: Document | None) -> set[str]:
    """What the region facet files the document under, ancestors included."""
    if doc is None:
        return set()
    values = getattr(doc, "regions_about", None)
    if values is None:
        values = doc.regions
    return closure(as_rule_path(v) for v in values)


def norm(text: str | None) -> str:
    return "".join(unicodedata.normalize("NFKC", text or "").split())


def match_zones(system: Iterable, labelled: list[dict]) -> tuple[int, list[str], list[str]]:
    """(matched, system zones not labelled, labelled zones not found)."""
    free = list(labelled)
    extra = []
    matched = 0
    for zone in system:
        forms = {norm(zone.name)}
        if zone.level is None:
            forms |= {norm(m) for m in zone.mentions}
        hit = next(
            (
                lab
                for lab in free
                if norm(lab["canonical"]) == norm(zone.name)
                or (zone.level is None and {norm(lab["written"]), norm(lab["canonical"])} & forms)
            ),
            None,
        )
        if hit is None:
            extra.append(zone.name)
        else:
            free.remove(hit)
            matched += 1
    return matched, extra, [lab["canonical"] for lab in free]


@dataclass
class Tally:
    """Counts behind one column of the table."""

    docs: int = 0
    skipped: int = 0
    values: int = 0
    false: int = 0
    about: int = 0
    about_paths: int = 0
    about_found: int = 0
    primary_right: int = 0
    null_docs: int = 0
    null_given: int = 0
    zones_system: int = 0
    zones_labelled: int = 0
    zones_matched: int = 0
    year_right: int = 0
    year_invented: int = 0
    details: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            if name != "details":
                setattr(self, name, getattr(self, name) + getattr(other, name))


def score_one(label: dict, doc: Document | None, undated: Document | None) -> Tally:
    """One document's counts, and a line of details for each error."""
    t = Tally(docs=1, skipped=int(doc is None))
    values = facet_values(doc)
    mentioned = closure([*label["mentioned"], *label["about"]])
    about = closure(label["about"])
    false = sorted(values - mentioned)
    t.values, t.false = len(values), len(false)
    t.about = len(values & about)
    t.about_paths, t.about_found = len(about), len(about & values)
    got = as_rule_path(doc.region) if doc is not None and doc.region else None
    t.primary_right = int(got == label["primary"])
    t.null_docs = int(label["primary"] is None)
    t.null_given = int(label["primary"] is None and got is not None)
    zones = doc.zones if doc is not None else ()
    matched, extra, missed = match_zones(zones, label["zones"])
    t.zones_system, t.zones_labelled, t.zones_matched = len(zones), len(label["zones"]), matched
    year = undated.year if undated is not None else None
    t.year_right = int(year == label["text_year"])
    t.year_invented = int(year is not None and year != label["text_year"])
    notes = []
    if doc is None:
        notes.append("skipped by the pipeline")
    if false:
        notes.append(f"not a place: {', '.join(false)}")
    not_about = sorted(values - about - set(false))
    if not_about:
        notes.append(f"mentioned, not about: {', '.join(not_about)}")
    if about - values:
        notes.append(f"about, not found: {', '.join(sorted(about - values))}")
    if not t.primary_right:
        notes.append(f"primary {got} (label {label['primary']})")
    if extra or missed:
        notes.append(f"zones extra {extra} missed {missed}")
    if not t.year_right:
        notes.append(f"undated year {year} (label {label['text_year']})")
    if notes:
        t.details.append(
            f"{ref_key(label['ref'])} {label['title'][:40]}\n    " + "\n    ".join(notes)
        )
    return t


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}% ({part}/{whole})" if whole else "n/a"


ROWS = (
    ("false region detections (of facet values)", lambda t: pct(t.false, t.values), "<= 2%"),
    ("facet values the article is about", lambda t: pct(t.about, t.values), ">= 90%"),
    ("about-regions found (recall)", lambda t: pct(t.about_found, t.about_paths), ">= 90%"),
    ("primary region exactly right", lambda t: pct(t.primary_right, t.docs), ">= 85%"),
    ("  null-primary pieces given a region", lambda t: f"{t.null_given} of {t.null_docs}", "0"),
    ("zones precision", lambda t: pct(t.zones_matched, t.zones_system), ">= 90%"),
    ("zones recall", lambda t: pct(t.zones_matched, t.zones_labelled), ">= 85%"),
    ("year without date metadata: right", lambda t: pct(t.year_right, t.docs), ""),
    ("  invented years", lambda t: pct(t.year_invented, t.docs), "<= 2%"),
)


def table(columns: dict[str, Tally]) -> Iterator[str]:
    """The issue's table: one row per figure, one column per corpus, then the target."""
    rows = [("", [*columns, "target"])]
    docs = [
        f"{t.docs} docs" + (f", {t.skipped} skipped" if t.skipped else "") for t in columns.values()
    ]
    rows.append(("documents", [*docs, ""]))
    rows += [(name, [*(fmt(t) for t in columns.values()), target]) for name, fmt, target in ROWS]
    width = max(len(name) for name, _ in rows)
    sizes = [max(len(cells[i]) for _, cells in rows) for i in range(len(columns) + 1)]
    for name, cells in rows:
        line = (
            name.ljust(width)
            + "  "
            + "  ".join(c.ljust(n) for c, n in zip(cells, sizes, strict=True))
        )
        yield line.rstrip()


def run(labels: list[dict], corpus: Path, details: bool) -> list[str]:
    """Score every label; the table (and per-document errors) as lines."""
    columns = {name: Tally() for name in CORPORA}
    with tempfile.TemporaryDirectory(prefix="facet-score-") as scratch:
        inputs = load_inputs([lab["ref"] for lab in labels], corpus, Path(scratch))
        facet = "regions"
        for label in labels:
            found = inputs[ref_key(label["ref"])]
            docs: list[Document | None] = [None, None]
            if isinstance(found, Inputs):
                for i, raw in enumerate((found.dated, found.undated)):
                    if not isinstance(raw, Skip):
                        made = process(raw)
                        docs[i] = made if isinstance(made, Document) else None
            if docs[0] is not None and getattr(docs[0], "regions_about", None) is not None:
                facet = "regions_about"
            one = score_one(label, docs[0], docs[1])
            columns[label["ref"]["corpus"]].add(one)
            columns[label["ref"]["corpus"]].details += one.details
    overall = Tally()
    for t in columns.values():
        overall.add(t)
    lines = [f"region facet read from Document.{facet}", *table({**columns, "all": overall})]
    if details:
        for name, t in columns.items():
            lines += [f"\n== {name}", *t.details]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--details", action="store_true", help="print each document's errors")
    args = parser.parse_args(argv)
    corpus = args.shared / "corpus"
    if not corpus.is_dir():
        print(f"skipped: the facet scorer needs {corpus}, which is missing")
        return 0
    try:
        labels = read_labels(args.labels)
    except (OSError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print("\n".join(run(labels, corpus, args.details)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
