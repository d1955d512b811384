"""One-character place abbreviations: in compounds and after verbs of place (RULES.md §1.1)."""

import pytest

from search.enrich.places import find_matches
from search.enrich.region import find_regions
from search.gazetteer.tables import regions


def places(text: str) -> list[str]:
    return [m.place for m in find_matches(text, regions()) if m.place]


@pytest.mark.parametrize(
    ("text", "paths"),
    [
        ("深入实施京津冀协同发展战略", ["北京市", "天津市", "河北省"]),
        ("粤港澳大湾区是我国开放程度最高的区域之一", ["广东省"]),  # 港 澳: outside
        ("深化沪滇协作,共建产业园区", ["上海市", "云南省"]),
        ("闽宁协作结出硕果", ["福建省", "宁夏回族自治区"]),
        ("川渝地区出现强降雨", ["四川省", "重庆市"]),
        ("鲁豫毗邻地区合作取得新进展", ["山东省", "河南省"]),
        ("深化沪苏浙城市结对合作帮扶", ["上海市", "江苏省", "浙江省"]),
    ],
)
def test_compounds_of_abbreviations_name_their_places(text, paths):
    assert places(text) == paths


@pytest.mark.parametrize(
    ("text", "paths"),
    [
        ("全国会议在京举行", ["北京市"]),
        ("代表团抵京访问", ["北京市"]),
        ("吸引创新人才和团队来川同心筑梦", ["四川省"]),
        ("韩正赴渝考察", ["重庆市"]),
        ("湖北和武汉要进一步强化离汉离鄂通道管控", ["湖北省/武汉市", "湖北省"]),
        ("外国驻穗总领馆增至68家", ["广东省/广州市"]),
    ],
)
def test_an_abbreviation_after_a_verb_of_place_names_it(text, paths):
    assert places(text) == paths


@pytest.mark.parametrize(
    "text",
    [
        "京沪高铁运行平稳",  # a line's name
        "川藏铁路建设提速",
        "推动豫皖苏浙大宗商品骨干流通走廊建设",  # a corridor's name
        "王沪宁出席会议",  # a person's name
        "苏宁易购门店开业",  # a pair that is an ordinary word or a company
        "青藏高原生态保护",  # a natural feature, one word of jieba's
        "在新的起点上再出发",  # 新 after 在 is "new"
        "在甘其毛都口岸实施改革",  # a port's name cut into single characters
        "聚力在筑牢安全基石上取得突破",
        "俄军当天还在苏梅州炸毁一座桥",  # 苏梅州 is Sumy: 梅州 is a place name's end
        "鄂尔多斯蒙苏经济开发区",  # a zone's name, not a relation
    ],
)
def test_abbreviations_that_name_nothing(text):
    assert places(text) == []


def test_an_abbreviation_compound_in_the_title_frames_the_story():
    body = "深圳的企业已经完全复工。\n广州、深圳、珠海多个城市联手协作。\n" + "企业复工复产。" * 20
    result = find_regions("粤港澳大湾区复工复产加速", body)
    assert result.primary == "广东省"
    hexun = find_regions("着力打造京津冀区域综合立体交通网络", "京津冀交通一体化建设取得成效。")
    assert {"北京市", "天津市", "河北省"} <= set(hexun.about) and hexun.primary is None


def test_a_generic_district_name_is_not_backed_by_its_province_alone():
    # 城区 is the district of several cities and a word: 粤港澳 (广东) does not make it 汕尾's.
    result = find_regions(None, "加强与粤港澳大湾区合作。老旧城区改造提速。")
    assert "广东省/汕尾市/城区" not in result.mentioned
