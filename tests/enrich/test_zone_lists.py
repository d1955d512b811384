"""Items listed with 、 before a zone share its ending, and the category words after its place."""

from search.enrich.zone_lists import enumerated
from search.gazetteer.tables import catalogue, regions
from search.gazetteer.zone_names import BY_TEXT


def items(text: str, core: str, ending: str) -> list[str]:
    start = text.index(core + ending)
    found = enumerated(text, start, 0, core, BY_TEXT[ending], regions(), catalogue())
    return [item for _, item in found]


def test_bare_places_before_a_place_and_its_ending():
    text = "句容、扬中、丹徒、京口经开区排名稳中有进。"
    assert items(text, "京口", "经开区") == ["丹徒", "扬中", "句容"]


def test_bare_places_share_the_category_words_after_the_place():
    text = "加快建设福州、厦门、泉州省级人工智能产业园。"
    assert items(text, "泉州省级人工智能", "产业园") == ["厦门省级人工智能", "福州省级人工智能"]


def test_a_proper_name_after_the_place_is_not_shared():
    text = "推动嘉兴、湖州南太湖产业园建设。"
    assert items(text, "湖州南太湖", "产业园") == ["嘉兴"]


def test_heads_as_long_as_the_cores_first_word():
    text = "海南推进湘琼、粤琼、浙琼合作产业园建设。"
    assert items(text, "浙琼合作", "产业园") == ["粤琼合作", "湘琼合作"]


def test_the_list_stops_at_a_clause():
    assert items("支持在苏州生物医药产业园发展。", "苏州生物医药", "产业园") == []
