"""The deterministic draw of issue 15's zone test set: references only, never texts.

    python -m bench.facets.draw_zones [--shared DIR]

Zones are the facet the validation set found short (87.1% / 77.1% before it was looked at),
and after its misses were read it is no longer blind. This third set is labelled by RULES.md
like the others, by a labeller who sees no output of zonesearch, and nothing is tuned on it:
36 xwlb items with text from draw.py's zone stratum (an item naming one of ZONE_WORDS), drawn
with their own seed after every item of the development and validation sets is removed.
"""

from __future__ import annotations

import random
from pathlib import Path

from bench.facets.draw import SHARED, corpus_dir, print_draw, sample_strata, xwlb_pools
from bench.facets.draw_validation import VALIDATION_LABELS, development_keys

SEED = 20261202
SIZES = {"zone": 36}
ZONE_LABELS = Path(__file__).resolve().parent / "labels-zones.jsonl"


def draw_zones(shared: Path = SHARED) -> list[dict[str, str]]:
    """Every reference of the zone test set, the same on every run."""
    taken = development_keys() | development_keys(VALIDATION_LABELS)
    ids = {k.split(":", 1)[1] for k in taken if k.startswith("xwlb:")}
    return sample_strata(xwlb_pools(corpus_dir(shared)), SIZES, random.Random(SEED), ids)


def main() -> None:
    print_draw(__doc__.splitlines()[0], draw_zones)


if __name__ == "__main__":
    main()
