"""The deterministic draw of issue 15's facet development set: references only, never texts.

    python -m bench.facets.draw [--shared DIR]

Prints one JSON reference a line, in the order they are labelled:

- xwlb (../shared/corpus/xwlb/xwlb.jsonl.gz), 85 items among those with text: 43 drawn
  uniformly; 21 among items whose title or text names a development zone (ZONE_WORDS); 21 among
  items whose title names a province or prefecture (full or short name from
  search/data/regions.json) and that name no zone. The strata are found by plain substring
  tests written here, not by zonesearch's finders; an item is drawn once. Of the 75,806
  items, 74,545 have text; 2,973 of those name a zone word, and 7,015 more name a place in
  the title.
- gov-reports-2026: 12 of the 16 CSV files (one report each).
- news-html: every saved article page under tests/ (27); the two list pages under
  test_list_page/ are not articles and are skipped.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import random
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
SEED = 20260615
XWLB_UNIFORM = 43
XWLB_ZONE = 21
XWLB_PLACE = 21
GOV_REPORTS = 12
ZONE_WORDS = (
    "开发区",
    "经开区",
    "高新区",
    "综保区",
    "综合保税区",
    "保税区",
    "保税港区",
    "出口加工区",
    "工业园",
    "产业园",
    "科技园",
    "自贸区",
    "自由贸易试验区",
    "自贸试验区",
    "自由贸易港",
    "自贸港",
    "新片区",
    "雄安新区",
    "浦东新区",
    "两江新区",
    "滨海新区",
)


def corpus_dir(shared: Path) -> Path:
    """../shared/corpus, or exit naming the missing path."""
    corpus = shared / "corpus"
    if not corpus.is_dir():
        sys.exit(f"the facet draw needs {corpus}, which is missing")
    return corpus


def place_names() -> tuple[str, ...]:
    """Full and short names of provinces and prefectures, longest first."""
    data = json.loads((ROOT / "search" / "data" / "regions.json").read_text("utf-8"))
    names = {n for path, level, full, short in data["entries"] if level <= 2 for n in (full, short)}
    return tuple(sorted((n for n in names if n and len(n) >= 2), key=len, reverse=True))


def iter_xwlb(corpus: Path) -> Iterator[dict[str, object]]:
    """Every xwlb item, in file order."""
    with gzip.open(corpus / "xwlb" / "xwlb.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


@functools.cache
def xwlb_pools(corpus: Path) -> dict[str, tuple[str, ...]]:
    """Ids of the xwlb items with text, by stratum: every one, zone-naming, place-in-title.

    Kept once per corpus for the process: both draws read the same 75,806 items.
    """
    places = place_names()
    ids: list[str] = []
    zone: list[str] = []
    place: list[str] = []
    for item in iter_xwlb(corpus):
        text = str(item.get("text") or "")
        if not text.strip():
            continue
        title = str(item.get("title") or "")
        ident = str(item["id"])
        ids.append(ident)
        if any(w in title or w in text for w in ZONE_WORDS):
            zone.append(ident)
        elif any(p in title for p in places):
            place.append(ident)
    return {"uniform": tuple(ids), "zone": tuple(zone), "place": tuple(place)}


def sample_strata(
    pools: dict[str, tuple[str, ...]],
    sizes: dict[str, int],
    rng: random.Random,
    taken: set[str] | None = None,
) -> list[dict[str, str]]:
    """References drawn from each stratum in turn, skipping ids taken already (and drawn here)."""
    taken = set(taken or ())
    chosen: list[dict[str, str]] = []
    for stratum, k in sizes.items():
        free = [i for i in pools[stratum] if i not in taken]
        for ident in rng.sample(free, k):
            taken.add(ident)
            chosen.append({"corpus": "xwlb", "id": ident, "stratum": stratum})
    return chosen


def draw_xwlb(corpus: Path, rng: random.Random) -> list[dict[str, str]]:
    """References of the xwlb items: uniform, zone-naming and place-in-title strata."""
    sizes = {"uniform": XWLB_UNIFORM, "zone": XWLB_ZONE, "place": XWLB_PLACE}
    return sample_strata(xwlb_pools(corpus), sizes, rng)


def draw_gov(corpus: Path, rng: random.Random) -> list[dict[str, str]]:
    files = sorted(p.name for p in (corpus / "gov-reports-2026").glob("*.csv"))
    chosen = sorted(rng.sample(files, GOV_REPORTS))
    return [{"corpus": "gov-reports-2026", "file": f} for f in chosen]


def draw_html(corpus: Path) -> list[dict[str, str]]:
    root = corpus / "news-html"
    pages = sorted(p.relative_to(root).as_posix() for p in (root / "tests").rglob("*.htm*"))
    return [{"corpus": "news-html", "path": p} for p in pages]


def draw(shared: Path = SHARED) -> list[dict[str, str]]:
    """Every reference of the set, the same on every run."""
    corpus = corpus_dir(shared)
    rng = random.Random(SEED)
    return [*draw_xwlb(corpus, rng), *draw_gov(corpus, rng), *draw_html(corpus)]


def print_draw(description: str, make: Callable[[Path], list[dict[str, str]]]) -> None:
    """The command line of a draw: one JSON reference a line, drawn from --shared."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared folder")
    args = parser.parse_args()
    for ref in make(args.shared):
        print(json.dumps(ref, ensure_ascii=False))


def main() -> None:
    print_draw(__doc__.splitlines()[0], draw)


if __name__ == "__main__":
    main()
