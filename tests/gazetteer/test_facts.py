"""search/gazetteer/facts.py: the catalogue's facts of a zone, and close names for a miss."""

from search.gazetteer.facts import close_zone_names, zone_facts


def test_national_zone_facts() -> None:
    f = zone_facts("苏州工业园区")
    assert f is not None
    assert (f.level, f.type, f.province, f.city) == ("国家级", "经济技术开发区", "江苏省", "苏州市")
    assert f.code == "G321090" and f.approved_by == "国务院" and f.approved == ("1994-02",)
    assert f.area_ha == 8000.0 and f.industries == ("电子信息", "生物医药", "纳米技术")


def test_provincial_zone_facts_have_no_area() -> None:
    f = zone_facts("江苏涟水经济开发区")
    assert f is not None and f.level == "省级" and f.approved_by == "省政府"
    assert f.code and f.code.startswith("S") and len(f.approved) == 1
    assert f.area_ha is None and f.industries == ()


def test_zone_approved_in_two_parts() -> None:
    f = zone_facts("上海松江出口加工区及B区")
    assert f is not None and f.approved == ("2000-04", "2002-12")


def test_unknown_and_short_forms_are_not_catalogue_names() -> None:
    assert zone_facts("火星经济开发区") is None
    assert zone_facts("镇江经开区") is None  # a short form: canonical names only


def test_close_names() -> None:
    assert close_zone_names("苏州工业园")[0] == "苏州工业园区"
    assert "江苏涟水经济开发区" in close_zone_names("涟水")  # a fragment: names holding it
    assert close_zone_names("今世缘", extra=("今世缘产业园",)) == ["今世缘产业园"]
    assert close_zone_names("") == [] and close_zone_names("zzzz") == []
    assert len(close_zone_names("经济开发区")) == 6
