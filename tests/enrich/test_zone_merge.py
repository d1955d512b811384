"""Names of one zone: the official form beside the short one, with and without its places."""

from search.enrich.zone_merge import merge_targets, same_zone
from search.gazetteer.tables import regions


def test_the_country_before_a_province_is_the_official_forms():
    gaz = regions()
    assert same_zone("中国(湖北)自由贸易试验区", gaz) == "湖北自由贸易试验区"
    assert same_zone("中国湖北自由贸易试验区", gaz) == "湖北自由贸易试验区"
    assert same_zone("中国东盟产业园", gaz) == "中国东盟产业园"  # no province after 中国


def test_a_name_merges_into_the_one_with_more_of_its_places():
    targets = merge_targets(
        {"武汉光谷自主创新示范区": 7, "光谷国家自主创新示范区": 7, "南京化工园区": 4}, regions()
    )
    assert targets == {"光谷国家自主创新示范区": "武汉光谷自主创新示范区"}


def test_a_name_two_places_share_merges_into_neither():
    names = {"盐城中德产业园": 3, "烟台中德产业园": 3, "中德产业园": 3}
    assert merge_targets(names, regions()) == {}


def test_a_free_trade_zones_area_written_with_its_zone():
    names = {"海南自由贸易试验区东岸新片区": 3, "海南东岸新片区": 3, "东岸新片区": 3}
    assert merge_targets(names, regions()) == {
        "海南东岸新片区": "海南自由贸易试验区东岸新片区",
        "东岸新片区": "海南自由贸易试验区东岸新片区",
    }
