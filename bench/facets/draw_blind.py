"""The deterministic draw of issue 15's fifth labelled set, blind: references only.

    python -m bench.facets.draw_blind [--shared DIR]

The held-out set (labels-heldout.jsonl) was blind until its misses were read; from then on it is
a development set like the others. This fifth set is drawn as that one was (40 xwlb items with
text, its own seed, 16 uniform, 12 zone-naming, 12 whose title names a province or prefecture
and no zone) after every item of the four earlier sets is removed, labelled by RULES.md by
labellers who see no output of zonesearch, and measured once, before any of its misses is read.
"""

from __future__ import annotations

from pathlib import Path

from bench.facets.draw import SHARED, print_draw
from bench.facets.draw_heldout import HELDOUT_LABELS, draw_xwlb_excluding
from bench.facets.draw_validation import VALIDATION_LABELS
from bench.facets.draw_zones import ZONE_LABELS
from bench.facets.score import LABELS

SEED = 20261202
BLIND_LABELS = Path(__file__).resolve().parent / "labels-blind.jsonl"


def draw_blind(shared: Path = SHARED) -> list[dict[str, str]]:
    """Every reference of the blind set, the same on every run."""
    return draw_xwlb_excluding(
        shared, (LABELS, VALIDATION_LABELS, ZONE_LABELS, HELDOUT_LABELS), SEED
    )


def main() -> None:
    print_draw(__doc__.splitlines()[0], draw_blind)


if __name__ == "__main__":
    main()
