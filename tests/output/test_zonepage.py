"""search/output/zonepage.py: a zone's facts, counts, timeline, company and latest articles."""

from search.output.zonepage import canonical, close_names, zone_page


def test_catalogue_zone_page(zone_view) -> None:
    page = zone_page(zone_view, "苏州工业园区")
    assert page is not None and page.facts is not None
    assert page.facts.level == "国家级" and page.facts.city == "苏州市"
    assert page.facts.approved == ("1994-02",) and page.facts.area_ha == 8000.0
    assert page.total == 9 and page.all_years == 9 and page.year is None
    assert page.timeline.unit == "year"
    assert [(b.value, b.count) for b in page.timeline.bars] == [
        ("2021", 1),
        ("2022", 2),
        ("2023", 4),
        ("2024", 2),
    ]
    assert [h.id for h in page.latest][:2] == ["z008", "z007"]  # newest first
    assert page.zones[0].value == "镇江经济技术开发区" and page.zones[0].count == 2
    assert all(v.value != "苏州工业园区" for v in page.zones)
    regions = {v.value: v.count for v in page.regions}
    assert regions["江苏省/苏州市"] == 9 and regions["江苏省/镇江市"] == 2


def test_one_year_is_counted_by_month(zone_view) -> None:
    page = zone_page(zone_view, "苏州工业园区", 2023)
    assert page is not None and page.total == 4 and page.all_years == 9
    assert page.timeline.unit == "month" and len(page.timeline.bars) == 12
    assert {b.value: b.count for b in page.timeline.bars if b.count} == {
        "2023-03": 2,
        "2023-06": 1,
        "2023-11": 1,
    }
    assert all(h.published.startswith("2023") for h in page.latest)


def test_uncatalogued_but_indexed_zone(zone_view) -> None:
    page = zone_page(zone_view, "今世缘产业园")
    assert page is not None and page.facts is None and page.total == 2


def test_catalogued_zone_without_articles(zone_view) -> None:
    page = zone_page(zone_view, "江苏涟水经济开发区")
    assert page is not None and page.facts is not None and page.total == 0
    assert not page.timeline and page.latest == []


def test_unknown_zone_has_no_page_but_close_names(zone_view) -> None:
    assert zone_page(zone_view, "火星经济开发区") is None
    assert "苏州工业园区" in close_names("苏州工业园")
    assert close_names("今世缘", ("今世缘产业园",))[0] == "今世缘产业园"
    assert close_names("qqqq") == []


def test_canonical_names_of_written_forms() -> None:
    assert canonical("苏州工业园区") == "苏州工业园区"
    assert canonical("蘇州工業園區") == "苏州工业园区"
    assert canonical("镇江经开区") == "镇江经济技术开发区"
    assert canonical("火星经济开发区") is None
