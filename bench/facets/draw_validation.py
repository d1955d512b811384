"""The deterministic draw of issue 15's facet validation set: references only, never texts.

    python -m bench.facets.draw_validation [--shared DIR]

The validation set is labelled by RULES.md like the development set (labels.jsonl) and is not
tuned on: it estimates how the finders generalise. It takes no document of the development set
and prints one JSON reference a line, in the order they are labelled:

- xwlb, 40 items with text, drawn with its own seed from draw.py's strata (same definitions)
  after the development set's items are removed: 16 uniform, 12 among zone-naming items, 12
  among items whose title names a province or prefecture and that name no zone.
- gov-reports-2026: the 4 CSV files the development set does not hold.
"""

from __future__ import annotations

import random
from pathlib import Path

from bench.facets.draw import SHARED, corpus_dir, print_draw, sample_strata, xwlb_pools
from bench.facets.inputs import ref_key
from bench.facets.score import LABELS, read_labels

SEED = 20260715
SIZES = {"uniform": 16, "zone": 12, "place": 12}
VALIDATION_LABELS = Path(__file__).resolve().parent / "labels-validation.jsonl"


def development_keys(labels: Path = LABELS) -> set[str]:
    """ref_key of every document in the development set."""
    return {ref_key(lab["ref"]) for lab in read_labels(labels)}


def draw_validation(shared: Path = SHARED, labels: Path = LABELS) -> list[dict[str, str]]:
    """Every reference of the validation set, the same on every run."""
    corpus = corpus_dir(shared)
    taken = development_keys(labels)
    dev_ids = {k.split(":", 1)[1] for k in taken if k.startswith("xwlb:")}
    xwlb = sample_strata(xwlb_pools(corpus), SIZES, random.Random(SEED), dev_ids)
    files = sorted(p.name for p in (corpus / "gov-reports-2026").glob("*.csv"))
    gov = [
        {"corpus": "gov-reports-2026", "file": f}
        for f in files
        if f"gov-reports-2026:{f}" not in taken
    ]
    return [*xwlb, *gov]


def main() -> None:
    print_draw(__doc__.splitlines()[0], draw_validation)


if __name__ == "__main__":
    main()
