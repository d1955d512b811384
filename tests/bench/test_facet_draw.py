"""The facet draws' stratified sampling: taken ids are never drawn, an id is drawn once."""

from __future__ import annotations

import random

from bench.facets.draw import sample_strata

POOLS = {
    "uniform": tuple(f"u{i}" for i in range(10)) + ("z0", "z1", "p0"),
    "zone": ("z0", "z1", "z2", "z3", "z4", "z5"),
    "place": ("p0", "p1", "p2"),
}


def test_strata_are_drawn_in_order_without_taken_ids_or_repeats() -> None:
    sizes = {"uniform": 8, "zone": 2, "place": 2}
    refs = sample_strata(POOLS, sizes, random.Random(1), taken={"z2", "p1"})
    ids = [r["id"] for r in refs]
    assert [r["stratum"] for r in refs] == ["uniform"] * 8 + ["zone"] * 2 + ["place"] * 2
    assert len(ids) == len(set(ids))
    assert not {"z2", "p1"} & set(ids)
    assert all(r["corpus"] == "xwlb" for r in refs)
    assert all(i in POOLS[r["stratum"]] for i, r in zip(ids, refs, strict=True))


def test_the_same_seed_gives_the_same_draw() -> None:
    sizes = {"uniform": 5, "zone": 1, "place": 1}
    assert sample_strata(POOLS, sizes, random.Random(7)) == sample_strata(
        POOLS, sizes, random.Random(7)
    )
