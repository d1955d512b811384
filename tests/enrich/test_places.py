"""Place names on word boundaries, never inside another word or name (issue 15's examples)."""

import pytest

from search.enrich.places import find_matches, scan
from search.enrich.region import find_regions
from search.gazetteer.tables import regions


def forms(text: str) -> list[str]:
    return [m.form for m in find_matches(text, regions())]


@pytest.mark.parametrize(
    ("text", "not_a_place"),
    [
        # county names across word boundaries
        ("推进示范县建设", "范县"),
        ("建设健康县城", "康县"),
        ("推动城市和县城协调发展", "和县"),
        ("中南部县城人口回流", "南部县"),
        ("新建区域内的道路", "新建区"),
        # city names inside other words
        ("扩大医保定点范围", "保定"),
        ("建设美丽江苏", "丽江"),
        ("实施引黄济宁工程", "济宁"),
        ("登上牛首山东麓", "山东"),
        ("贺兰山东麓葡萄酒", "山东"),
    ],
)
def test_names_across_word_boundaries_are_not_places(text, not_a_place):
    assert not_a_place not in forms(text)
    assert not any(not_a_place in p for p in find_regions(None, text).mentioned)


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("辽宁舰编队训练", "辽宁"),
        ("兰州舰完成任务", "兰州"),
        ("澳大利亚昆士兰州", "兰州"),
        ("阿里云计算中心", "阿里"),
        ("重庆江北国际机场", "江北"),
        ("登上贺兰山", "贺兰"),
        ("上海电气签约", "上海"),
        ("北京大学教授", "北京"),
        ("南京军区某部", "南京"),
        ("截至北京时间今天16时", "北京"),
        ("吉林一号卫星发射", "吉林"),
        ("上海合作组织峰会", "上海"),
        ("鄱阳湖水位下降", "鄱阳"),
        ("鄂温克族群众", "鄂温克"),
    ],
)
def test_a_place_followed_by_an_entity_word_names_something_else(text, form):
    assert form not in forms(text)


def test_places_beside_places_and_place_bound_words_count():
    assert forms("在辽宁沈阳的街头") == ["辽宁", "沈阳"]
    assert forms("广西南宁闭幕") == ["广西", "南宁"]
    assert forms("天津、河北、山东三省市") == ["天津", "河北", "山东"]
    assert forms("河北山东交界") == ["河北", "山东"]
    assert forms("北京市委宣传部") == ["北京市"]
    assert forms("中共北京市委") == ["北京市"]
    assert forms("镇江市丹阳经开区") == ["镇江市", "丹阳"]
    assert forms("涟水县城")[0] in ("涟水", "涟水县")  # one place either way


def test_a_one_character_entity_word_after_a_full_name_starts_the_next_word():
    # 南通市港产城融合 names no port (南通港 would be); 某县山区 is the county's mountain area.
    assert forms("推动南通市港产城融合发展") == ["南通市"]
    assert "涟水县" in forms("涟水县山区道路")
    assert "青岛" not in forms("开往青岛港")


def test_a_county_short_name_before_zhen_or_xiang_is_a_town():
    # 海棠镇 is a town, and its 镇 does not start 镇江
    assert forms("三亚市海棠镇江林村的村民") == ["三亚市"]
    assert forms("江苏镇江推进园区建设") == ["江苏", "镇江"]  # a province is no town
    assert "河北" in forms("河北乡村振兴")  # 乡村 is a word


def test_a_place_starting_a_zone_name_jieba_keeps_whole():
    assert forms("在武汉东湖新技术开发区,项目加紧建设")[0] == "武汉"


def test_two_places_of_one_province_before_an_entity_word_name_it_together():
    assert forms("浙江宁波舟山港累计完成货物吞吐量") == ["浙江"]  # 宁波舟山港 is a port
    # a place of another province after it is the name it locates (鄂州雷山医院)
    assert "鄂州" in forms("被收治到鄂州雷山医院后")


def test_list_and_zone_evidence():
    matches = find_matches("句容、扬中、丹徒4个省级经开区", regions())
    assert [m.form for m in matches] == ["句容", "扬中", "丹徒"]
    assert all(m.listed for m in matches)
    assert find_matches("丹阳经开区", regions())[0].zone_after


def test_measure_word_after_a_number():
    assert "项城市" not in forms("晋中市将10项城市管理职能交出。")


def test_scan_finds_places_inside_a_zone_core_without_boundaries():
    assert scan("镇江京口", regions()) == [(0, 2), (2, 4)]


def test_bad_input():
    assert find_matches("", regions()) == []
    assert forms("\x00\ufffd ,,, 12345") == []
    assert forms("江") == []  # a form's first character at the very end


@pytest.mark.parametrize(
    ("text", "form"),
    [("出席南京青奥会开幕式", "南京"), ("参观上海进博会展馆", "上海"), ("广州广交会开幕", "广州")],
)
def test_a_place_in_an_events_short_name_is_its_venue(text, form):
    (match,) = [m for m in find_matches(text, regions()) if m.form == form]
    assert match.venue


@pytest.mark.parametrize(
    ("text", "form", "inside"),
    [
        ("确保中马钦州产业园区建设", "钦州", True),
        ("在中国(上海)自由贸易试验区试点", "上海", True),
        ("推进海南自贸港建设", "海南", True),
        ("雄安新区重点工程", "雄安新区", False),
        ("钦州市加快港口建设", "钦州市", False),
    ],
)
def test_a_place_inside_a_zone_name_is_marked(text, form, inside):
    (match,) = [m for m in find_matches(text, regions()) if m.form == form]
    assert match.in_zone_name is inside
