"""The deterministic draw of issue 15's fourth labelled set, held out: references only.

    python -m bench.facets.draw_heldout [--shared DIR]

The zone set (labels-zones.jsonl) was blind until its about-region misses were read to find
the rule for stories that name a zone without being about its place; from then on it is a
development set like the others. This fourth set is labelled by RULES.md, by a labeller who
sees no output of zonesearch, and nothing is tuned on it: 40 xwlb items with text drawn with
their own seed from draw.py's strata (same definitions, the validation set's proportions:
16 uniform, 12 zone-naming, 12 whose title names a province or prefecture and no zone), after
every item of the three earlier sets is removed. gov-reports-2026 and news-html have no
document left that an earlier set does not hold.
"""

from __future__ import annotations

import random
from pathlib import Path

from bench.facets.draw import SHARED, corpus_dir, print_draw, sample_strata, xwlb_pools
from bench.facets.draw_validation import VALIDATION_LABELS, development_keys
from bench.facets.draw_zones import ZONE_LABELS
from bench.facets.score import LABELS

SEED = 20261203
SIZES = {"uniform": 16, "zone": 12, "place": 12}
HELDOUT_LABELS = Path(__file__).resolve().parent / "labels-heldout.jsonl"


def draw_xwlb_excluding(shared: Path, labels: tuple[Path, ...], seed: int) -> list[dict[str, str]]:
    """SIZES xwlb references drawn with `seed`, none of them an item of the `labels` sets."""
    taken = set().union(*(development_keys(p) for p in labels))
    ids = {k.split(":", 1)[1] for k in taken if k.startswith("xwlb:")}
    return sample_strata(xwlb_pools(corpus_dir(shared)), SIZES, random.Random(seed), ids)


def draw_heldout(shared: Path = SHARED) -> list[dict[str, str]]:
    """Every reference of the held-out set, the same on every run."""
    return draw_xwlb_excluding(shared, (LABELS, VALIDATION_LABELS, ZONE_LABELS), SEED)


def main() -> None:
    print_draw(__doc__.splitlines()[0], draw_heldout)


if __name__ == "__main__":
    main()
