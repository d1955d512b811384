import itertools
import random
from collections import Counter
from datetime import date

import pytest

from search.document import Document, Zone
from search.engine.query import SearchRequest
from tests.backends.conftest import search, views_of

PLACES = [
    ("江苏省", "江苏省/镇江市", "江苏省/镇江市/丹徒区"),
    ("江苏省", "江苏省/镇江市"),
    ("江苏省", "江苏省/常州市", "江苏省/常州市/武进区"),
    ("浙江省", "浙江省/杭州市"),
    (),
]
ZONES = ["镇江经济技术开发区", "常州高新技术产业开发区", "杭州经济技术开发区"]


def make_docs(n=60):
    rng = random.Random(7)
    docs = []
    for i in range(n):
        regions = rng.choice(PLACES)
        zones = tuple(Zone(z, None, None, ()) for z in rng.sample(ZONES, rng.randint(0, 2)))
        year = rng.choice([2018, 2020, 2024, None])
        words = "开发区建设" if i % 3 else "园区招商"
        docs.append(
            Document(
                id=f"d{i}",
                uri=f"mem:{i}",
                title=f"第{i}篇",
                text=f"{words}。",
                published=date(year, 1, 1 + i % 28) if year else None,
                year=year,
                regions=regions,
                region=regions[-1] if regions else None,
                zones=zones,
            )
        )
    return docs


DOCS = make_docs()


searcher = views_of(DOCS)


def values_of(d, facet):
    if facet == "region":
        return set(d.regions)
    if facet == "zone":
        return {z.name for z in d.zones}
    return {str(d.year)} if d.year else set()


def by_hand(selected, text_matches, facet):
    """Counts for facet over docs matching the text and every other facet's selection."""
    tally = Counter()
    for d in DOCS:
        if not text_matches(d):
            continue
        ok = all(
            not vals or values_of(d, other) & set(vals)
            for other, vals in selected.items()
            if other != facet
        )
        if ok:
            tally.update(values_of(d, facet))
    return tally


SELECTIONS = [
    {},
    {"region": ("江苏省",)},
    {"region": ("江苏省/镇江市", "浙江省")},
    {"year": ("2020", "2024")},
    {"zone": ("镇江经济技术开发区",), "year": ("2018",)},
    {
        "region": ("江苏省",),
        "zone": ("常州高新技术产业开发区", "杭州经济技术开发区"),
        "year": ("2024",),
    },
]


@pytest.mark.parametrize("selected", SELECTIONS)
def test_disjunctive_counts_match_hand_counts(searcher, selected):
    result = search(searcher, SearchRequest(text="开发区", per_page=1, **selected))
    matches = lambda d: "开发区" in d.text  # noqa: E731
    for facet in ("region", "year", "zone"):
        got = {v.value: v.count for v in result.facets[facet] if v.count}
        want = by_hand(selected, matches, facet)
        if facet == "region":
            chosen = selected.get("region", ())
            parents = {
                "/".join(p.split("/")[: i + 1]) for p in chosen for i in range(p.count("/") + 1)
            }
            want = {k: c for k, c in want.items() if "/" not in k or k.rsplit("/", 1)[0] in parents}
        assert got == dict(want), facet
        for v in result.facets[facet]:
            assert v.selected == (v.value in selected.get(facet, ()))
    allowed = [
        d
        for d in DOCS
        if matches(d) and all(values_of(d, f) & set(vals) for f, vals in selected.items() if vals)
    ]
    assert result.total == len(allowed)


def test_region_hierarchy_levels(searcher):
    top = search(searcher, SearchRequest(text="开发区")).facets["region"]
    assert {v.value for v in top} == {"江苏省", "浙江省"}
    province = search(searcher, SearchRequest(text="开发区", region=("江苏省",))).facets["region"]
    assert {v.value for v in province} == {"江苏省", "浙江省", "江苏省/镇江市", "江苏省/常州市"}
    city = search(searcher, SearchRequest(text="开发区", region=("江苏省/镇江市",))).facets[
        "region"
    ]
    assert "江苏省/镇江市/丹徒区" in {v.value for v in city}
    assert "江苏省/常州市/武进区" not in {v.value for v in city}
    assert "江苏省/常州市" in {v.value for v in city}  # siblings, to widen the choice


def test_years_descend_and_zone_names_are_canonical(searcher):
    result = search(searcher, SearchRequest(text="开发区"))
    years = [v.value for v in result.facets["year"]]
    assert years == sorted(years, reverse=True)
    assert {v.value for v in result.facets["zone"]} <= set(ZONES)


def test_selected_value_with_no_docs_still_listed(searcher):
    result = search(searcher, SearchRequest(text="开发区", zone=("不存在开发区",)))
    assert result.total == 0
    assert any(v.value == "不存在开发区" and v.selected for v in result.facets["zone"])


def test_collection_counts_flat(searcher):
    counts = searcher.collection_facets()
    regions = {v.value: v.count for v in counts["region"]}
    assert regions["江苏省/镇江市/丹徒区"] == sum("江苏省/镇江市/丹徒区" in d.regions for d in DOCS)
    total_years = sum(v.count for v in counts["year"])
    assert total_years == sum(1 for d in DOCS if d.year)


def test_every_selection_combination_is_consistent(searcher):
    for region, year in itertools.product([(), ("浙江省",)], [(), ("2018",)]):
        r = search(searcher, SearchRequest(text="园区 OR 开发区", region=region, year=year))
        assert r.total == sum(
            1
            for d in DOCS
            if (not region or set(region) & set(d.regions)) and (not year or str(d.year) in year)
        )
