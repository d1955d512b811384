"""Zone facet: any spelling to the catalogue name, enumerations, zones missing from it."""

import json
import re
from pathlib import Path

import pytest

from search.enrich.zones import find_zones

ROOT = Path(__file__).resolve().parents[2]
GOLD = Path(__file__).resolve().parents[3] / "shared" / "gold" / "seeds.json"


def names(text, title=None):
    return [z.name for z in find_zones(title, text)]


def by_name(text):
    return {z.name: z for z in find_zones(None, text)}


def test_short_and_full_spellings_are_one_zone():
    zones = by_name("镇江经开区列全国第24位。镇江经济技术开发区创成智慧园区。")
    assert list(zones) == ["镇江经济技术开发区"]
    zone = zones["镇江经济技术开发区"]
    assert zone.mentions == ("镇江经开区", "镇江经济技术开发区")
    assert (zone.level, zone.type, zone.province, zone.city) == (
        "国家级",
        "经济技术开发区",
        "江苏省",
        "镇江市",
    )


def test_province_prefix_dropped_in_text():
    zone = by_name("淮安市涟水经济开发区坚持发展第一要务。")["江苏涟水经济开发区"]
    assert zone.level == "省级" and zone.mentions == ("涟水经济开发区",)


def test_bonded_and_high_tech_abbreviations():
    assert names("镇江综保区获批试点,镇江高新区列第71位。") == [
        "镇江综合保税区",
        "镇江高新技术产业开发区",
    ]


def test_enumeration_shares_its_suffix():
    zones = by_name("镇江市:句容、扬中、丹徒、京口4个省级经开区排名稳中有进。")
    assert set(zones) == {
        "江苏句容经济开发区",
        "扬中经济开发区",
        "江苏丹徒经济开发区",
        "京口经济开发区",
    }
    assert zones["江苏句容经济开发区"].level == "省级"
    assert zones["扬中经济开发区"].level is None  # not in the 2018 catalogue


def test_enumeration_needs_bare_place_names():
    # 山西农谷 is not a place: the shared 开发区 is not glued to it.
    assert not any(
        "农谷" in n for n in names("晋中市有祁县经济开发区、山西农谷等5家省级以上开发区。")
    )


def test_zone_missing_from_catalogue_kept_as_written():
    zones = by_name("涟水县将经济开发区与空港产业园、今世缘产业园进行整合。")
    assert zones["空港产业园"].level is None
    assert zones["空港产业园"].mentions == ("空港产业园",)
    assert "今世缘产业园" in zones
    assert zones["空港产业园"].province == "江苏省"  # from the place the article is about


def test_uncatalogued_zone_with_place_located():
    zone = by_name("晋中市介休经济技术开发区管委会成立。")["介休经济技术开发区"]
    assert (zone.level, zone.province, zone.city) == (None, "山西省", "晋中市")


def test_traditional_text():
    zones = find_zones("鎮江園區", "例如,句容經開區與部分鎮(街道)形成飛地項目。")
    assert [z.name for z in zones] == ["江苏句容经济开发区"]
    assert zones[0].mentions == ("句容经开区",)


def test_generic_zone_words_are_not_zones():
    text = (
        "全市开发区高质量发展。全国219家国家级经开区。创建国家级经济技术开发区指挥部。"
        "推进现代农业产业园建设。省级生态工业园区5家。综保区转型升级。"
    )
    assert names(text) == []


def test_associations_and_places_inside_names():
    # 天津市开发区协会: neither a zone of 天津 nor 湖南's 津市高新区.
    assert names("天津市开发区协会、内蒙古开发区协会、江苏省开发区协会") == []


def test_a_city_and_a_zone_are_not_an_enumeration():
    assert names("福建:南平市和莆田高新区入选试点。") == ["莆田高新技术产业开发区"]


def test_bad_input():
    assert find_zones(None, "") == ()
    assert find_zones("", "开发区") == ()
    assert find_zones(None, "\x00经开区高新区综保区") == ()


def test_gold_seeds():
    if not GOLD.exists():
        pytest.skip(f"missing {GOLD}")
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    for name, want in gold.items():
        if name.startswith("_"):
            continue
        zones = find_zones(want["title"], (ROOT / "seeds" / name).read_text(encoding="utf-8"))
        for pattern in want["zones_include"]:
            assert any(re.search(pattern, z.name) for z in zones), (name, pattern)


def test_sub_park_named_after_its_zone():
    text = "镇江市:丹阳经开区航空航天新材料产业园获批省级特色创新示范园区。"
    assert names(text) == ["江苏丹阳经济开发区", "丹阳经开区航空航天新材料产业园"]
    assert names("镇江市:丹阳经开区和今世缘产业园") == ["江苏丹阳经济开发区", "今世缘产业园"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("双方共同建设中韩产业园。", "中韩产业园"),
        ("宁夏建成闽宁产业园。", "闽宁产业园"),
        ("集聚效应得益于广州开发区的带动。", "广州经济技术开发区"),
        ("石家庄格力产业园开工。", "石家庄格力产业园"),
        ("上海张江科技园推进改造。", "上海张江科技园"),
        ("两地携手融合南京自贸区的制度优势。", "南京自由贸易试验区"),  # a verbal noun
        ("深化合作苏州工业园区项目。", "苏州工业园区"),  # 合作 is no 合作市 here
    ],
)
def test_names_start_after_clause_words_and_never_inside_a_place(text, name):
    assert names(text) == [name]


@pytest.mark.parametrize(
    "text",
    [
        "推动劳动密集型产业园转型。",
        "全省建成跨境电商产业园14个。",
        "建设国家级人力资源服务产业园。",
        "新材料产业园落户。",
        "通过村级工业园改造盘活土地。",
        "镇江园区高质量发展。",
        "各县要建设好现代农业产业园。",  # 好 completes the verb
        "支持某市申建空港综保区。",  # the kind of a bonded zone, not its name
        "努力建成国际一流高科技园区。",
    ],
)
def test_generic_phrases_counts_and_category_names_are_not_zones(text):
    assert names(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("江苏苏州化工园区整治。", "江苏苏州化工园区"),
        ("天津空港经济区。", "天津空港经济区"),
        ("珠海横琴粤澳深度合作区。", "珠海横琴粤澳深度合作区"),
        ("中关村软件园。", "中关村软件园"),
        ("南昌昌东工业区发展提速。", "南昌昌东工业区"),
        ("河南上蔡县产业集聚区。", "上蔡县产业集聚区"),
        ("陕西杨凌农业高新技术产业示范区。", "杨凌农业高新技术产业示范区"),
        ("宁夏吉德慈善园区。", "宁夏吉德慈善园区"),
        ("大榭特殊综合保税区封关运作。", "大榭特殊综合保税区"),  # a port's name, no county's
        ("前湾保税港区集装箱吞吐量增长。", "前湾保税港区"),
    ],
)
def test_more_endings(text, name):
    assert name in names(text)


def test_shared_suffix_lists_expand():
    assert names("海南推进湘琼、粤琼、浙琼合作产业园建设。") == [
        "湘琼合作产业园",
        "粤琼合作产业园",
        "浙琼合作产业园",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "加快建设福州、厦门、泉州省级人工智能产业园。",
            ["福州省级人工智能产业园", "厦门省级人工智能产业园", "泉州省级人工智能产业园"],
        ),
        (
            "支持南京、无锡、苏州生物医药产业园发展。",
            ["南京生物医药产业园", "无锡生物医药产业园", "苏州生物医药产业园"],
        ),
    ],
)
def test_listed_places_share_the_category_words_after_the_last(text, expected):
    # Each city's park of that kind, not a 福州产业园 the text never names.
    assert names(text) == expected


def test_a_level_word_after_a_city_stays_in_the_name():
    assert names("推进苏州省级人工智能产业园建设。") == ["苏州省级人工智能产业园"]
    assert names("在湟中国家级高原冷凉蔬菜产业园，菜农忙着采收。") == [
        "湟中国家级高原冷凉蔬菜产业园"
    ]
    # After a province it grades the province's parks in general.
    assert names("推动福建省级人工智能产业园建设。") == []


def test_a_catalogue_zone_written_with_its_level_inside():
    zone = by_name("在江苏泰州国家级医药高新区，青年科技工作者正在攻关。")[
        "泰州医药高新技术产业开发区"
    ]
    assert zone.level == "国家级" and zone.mentions == ("江苏泰州国家级医药高新区",)


@pytest.mark.parametrize("text", ["上海将设立科创综合保税区。", "建设科创产业园。"])
def test_kechuang_is_a_category_word(text):
    # 科创 is 科技创新 abbreviated: a kind of zone, not a zone's name.
    assert names(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("威海高新区签约。", "威海火炬高技术产业开发区"),
        ("中德（沈阳）高端装备制造产业园揭牌。", "中德（沈阳）高端装备制造产业园"),
        ("沈阳中德高端装备制造产业园揭牌。", "中德（沈阳）高端装备制造产业园"),
        ("广州开发区推进改革。", "广州经济技术开发区"),
    ],
)
def test_catalogue_variants_resolve_to_the_canonical_name(text, name):
    assert names(text) == [name]


def test_placeless_core_matches_the_catalogue_only_in_the_primary_province():
    # 金桥: 上海金桥经济技术开发区, 呼和浩特金桥经济开发区 and 安徽铜陵金桥经济开发区
    anhui = "安徽省推进改革。安徽园区提速,金桥经开区签约。安徽各地园区参观。"
    assert names(anhui) == ["安徽铜陵金桥经济开发区"]
    shanghai = "上海市推进改革。上海园区提速,金桥经开区签约。上海各区园区参观。"
    assert names(shanghai) == ["上海金桥经济技术开发区"]
    # no primary province: no reading of a placeless name
    assert names("上海、安徽、内蒙古推进改革,金桥经开区签约。") == []


def test_free_trade_zones_new_areas_and_their_areas():
    assert names("山东自贸区青岛片区建设提速。") == ["山东自贸区青岛片区"]
    assert names("推进河南郑州片区、重庆西永片区建设,自贸试验区扩容。") == [
        "河南郑州片区",
        "重庆西永片区",
    ]
    assert names("武夷山国家公园(江西片区)保护。") == []  # no free-trade zone: no 片区
    assert names("韩正在河北雄安新区调研。") == ["雄安新区"]
    assert by_name("韩正在河北雄安新区调研。")["雄安新区"].mentions == ("河北雄安新区",)
    assert names("海南自由贸易港建设。") == ["海南自由贸易港"]
    assert names("境外经贸合作区建设。") == []  # category words only


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # 特别 and 经济 before 合作区 are part of the ending, not clause words
        ("加力推进深汕特别合作区、广清经济特别合作区建设。", "广清经济特别合作区"),
        ("加力推进深汕特别合作区建设。", "深汕特别合作区"),
        ("协同推进京津合作示范区建设。", "京津合作示范区"),
        # a dash joins two names (never a double dash)
        ("加快建设中蒙二连浩特—扎门乌德经济合作区。", "中蒙二连浩特—扎门乌德经济合作区"),
        ("支持天津滨海-中关村科技园等合作园区发展。", "天津滨海-中关村科技园"),
        # two places joined by 与
        (
            "扎实推进通州区与北三县一体化高质量发展示范区建设。",
            "通州区与北三县一体化高质量发展示范区",
        ),
        # one zone a city: not "the city's zones in general"
        ("示范区、廊坊临空经济区建设提速。", "廊坊临空经济区"),
    ],
)
def test_endings_and_names_that_were_cut(text, name):
    assert name in names(text)


def test_a_shared_ending_after_a_list_of_cities():
    assert {"汕头临港经济区", "湛江临港经济区"} <= set(names("加快汕头、湛江临港经济区建设。"))


def test_a_catalogue_core_in_a_list_before_a_shared_ending():
    found = names("湖北省支持武汉东湖、襄阳、宜昌3家高新区建设。")
    assert {"武汉东湖新技术开发区", "襄阳高新技术产业开发区", "宜昌高新技术产业开发区"} <= set(
        found
    )


def test_a_new_areas_list_items_are_new_areas():
    assert names("南昌、赣江新区、九江三地联席会议常态化运行。") == ["赣江新区"]


def test_a_new_area_is_written_without_the_words_before_it():
    zone = by_name("开工建设。全力支持雄安新区建设。")["雄安新区"]
    assert zone.mentions == ("雄安新区",)


def test_a_place_of_another_province_before_a_catalogue_core_is_another_zone():
    # 中关村科技园区 is Beijing's; 雄安新区中关村科技园 is a park in Hebei.
    found = names("北京市推进工作。迁入雄安,雄安新区中关村科技园新增入驻企业132家。")
    assert "雄安新区中关村科技园" in found and "中关村科技园区" not in found


def test_guojia_between_name_and_ending_is_a_level_word():
    zones = by_name("巴彦淖尔农高区获批落地。高质量建设巴彦淖尔国家农高区。")
    assert len(zones) == 1
    (zone,) = zones.values()
    assert zone.mentions == ("巴彦淖尔农高区", "巴彦淖尔国家农高区")
    # and the catalogue name without it
    assert "黄河三角洲农业高新技术产业示范区" in names("山东省加快建设黄河三角洲国家农高区。")


def test_a_short_name_without_a_place_in_a_list_of_zones():
    text = "推进甘泉堡经济技术开发区、上库高新技术产业开发区、石河子经济技术开发区建设。"
    assert "上库高新技术产业开发区" in names(text)
    # a category after the zone is not one
    assert names("推进甘泉堡经济技术开发区、数字经济产业园建设。") == [
        "乌鲁木齐甘泉堡经济技术开发区"
    ]


def test_pianqu_only_in_a_paragraph_about_a_free_trade_zone():
    ftz = "自贸试验区加速集聚资本。河南郑州片区形成高端装备产业集群。"
    assert "河南郑州片区" in names(ftz)
    other = "中国(江西)自贸试验区扩区。\n推进武夷山国家公园(江西片区)建设。"
    assert not any("片区" in n for n in names(other))


def test_a_count_of_places_before_a_shared_ending():
    found = names("辽宁、湖北、四川三地自贸区同日挂牌,四大自贸区各有侧重。")
    assert found == ["辽宁自由贸易试验区", "湖北自由贸易试验区", "四川自由贸易试验区"]


def test_the_official_bracketed_form_and_the_short_form_are_one_free_trade_zone():
    zones = find_zones(None, "中国（湖北）自由贸易试验区揭牌。湖北自贸区首日办理业务。")
    assert [(z.name, z.mentions) for z in zones] == [
        ("中国(湖北)自由贸易试验区", ("中国(湖北)自由贸易试验区", "湖北自贸区"))
    ]


def test_a_lone_verb_before_the_place_is_no_part_of_the_name():
    assert names("这是继厦门经济特区之后的又一探索。") == ["厦门经济特区"]  # 继: following


def test_a_free_trade_zones_areas_are_named_after_their_quarters():
    assert names("海南自贸试验区扩区。记者走进东岸新片区,看到塔吊林立。")[-1] == "东岸新片区"
    found = names("福建自贸试验区挂牌。马尾片区、平潭片区同步运行。")
    assert {"马尾片区", "平潭片区"} <= set(found)
    assert names("城市东部片区加快建设。") == []  # no free-trade zone in sight


def test_a_placeless_phrase_with_a_verb_is_no_name():
    assert names("引导民资开发运营特色产业园。") == []
    assert names("某某农庄建成示范产业园,今世缘产业园开工。") == ["今世缘产业园"]


def test_a_zone_written_with_and_without_its_city_is_one_zone():
    zones = find_zones(None, "光谷国家自主创新示范区获批。武汉光谷国家自主创新示范区提速。")
    assert [(z.name, z.mentions) for z in zones] == [
        ("武汉光谷国家自主创新示范区", ("光谷国家自主创新示范区", "武汉光谷国家自主创新示范区"))
    ]
    assert len(names("南京化工园区与苏州化工园区合作。")) == 2


def test_a_citys_high_tech_zone_is_its_one_national_high_tech_zone():
    assert names("武汉高新区发展提速。") == ["武汉东湖新技术开发区"]
    # named after the city: 泰州's national 经开区 is 靖江's, named after its county
    assert names("泰州经开区发展提速。") != ["靖江经济技术开发区"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("2019年湖北自贸区挂牌。", "湖北自由贸易试验区"),  # a date before the name
        ("8月珠海横琴粤澳深度合作区新增企业。", "珠海横琴粤澳深度合作区"),
        ("这标志着湖北自由贸易试验区进入新阶段。", "湖北自由贸易试验区"),
        ("总体方案明确四川自由贸易试验区的定位。", "四川自由贸易试验区"),  # from its place
        ("苏州工业园区3个项目签约。", "苏州工业园区"),  # a count of its projects
    ],
)
def test_words_before_a_name_that_are_the_clauses(text, name):
    assert names(text) == [name]


def test_a_free_trade_zone_and_its_new_area_with_or_without_the_country_and_the_zone():
    zones = find_zones(
        None,
        "中国湖北自由贸易试验区扩区。湖北自贸区建设提速。\n"
        "中国(海南)自由贸易试验区东岸新片区揭牌。海南东岸新片区5个项目签约。东岸新片区发布政策。",
    )
    assert [(z.name, len(z.mentions)) for z in zones] == [
        ("中国湖北自由贸易试验区", 2),
        ("中国(海南)自由贸易试验区东岸新片区", 3),
    ]


def test_a_placeless_name_two_places_have_a_zone_of_is_neither():
    found = names("盐城中德产业园与烟台中德产业园合作。中德产业园招商。")
    assert found == ["盐城中德产业园", "烟台中德产业园", "中德产业园"]


@pytest.mark.parametrize(
    "text",
    [
        "推进城区老工业区搬迁改造。",  # 城区 names no place of its own
        "建设国内设施最全影视产业园。",  # a superlative
        "发展养老产业园和线下产业园区。",
        "推进丝路经济带沿线工业园区建设。",  # 沿线: along the belt
        "淮河沿岸工业园区整治。",
        "各地深入开展生态文明先行示范区建设。",  # an honour, after a clause word of jieba's
        "仅临港片区就签约十个项目。",  # no free-trade zone named: no 片区 either
        "全力支持综合保税区发展。",
        "盘活低效产业园区。",
    ],
)
def test_phrases_and_category_parks_found_in_news_are_not_zones(text):
    assert names(text) == []


def test_clause_words_before_a_name_found_in_news():
    assert names("纪念厦门经济特区建立四十周年。") == ["厦门经济特区"]
    assert names("湖北给自由贸易试验区更多自主权。") == []
    assert names("广东自贸区扩容。仅南沙片区就新设企业千家。")[-1] == "南沙片区"


def test_a_district_whose_name_ends_like_a_zone_is_no_zone():
    assert names("张家口市下花园区举行招聘会。") == []
    assert names("长春市绿园区推进改造。") == []
    assert names("上海浦东新区建设提速。") == ["浦东新区"]  # a new area that is a district


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("外方再度融合开城工业园区。", ["开城工业园区"]),  # 开城 is no county of China
        ("改革期间珠海横琴粤澳深度合作区新增企业。", ["珠海横琴粤澳深度合作区"]),
        ("北部一工业园区发生火灾。", []),
        ("发展临空产业园和精细化工园区。", []),
    ],
)
def test_time_words_lone_adverbs_and_categories_before_an_ending(text, found):
    assert names(text) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("新疆霍尔果斯保税区进出口增长。", ["新疆霍尔果斯保税区"]),  # 新 of 新疆 stays
        ("推进新型显示产业园建设。", []),  # 新 of 新型 stays: a category
        ("原镇江经开区整合。", ["镇江经济技术开发区"]),
        ("从5日起暂停使用蒙城工业园区东门。", ["蒙城工业园区"]),  # 起: starting from
        ("目前北京中关村国家自主创新示范区有企业两万家。", ["北京中关村国家自主创新示范区"]),
        ("湖北启动自由贸易试验区申报。", []),  # no name after 启动
    ],
)
def test_openers_are_stripped_only_where_they_are_words(text, found):
    assert names(text) == found


def test_a_long_placeless_name_with_a_place_jieba_knows():
    # 蛇口, 深港 are no divisions of the gazetteer, but jieba knows 深港 as a place: a name
    assert names("蛇口深港现代服务业合作区加快建设。") == ["蛇口深港现代服务业合作区"]
    # 中国 is no local place: a long placeless phrase stays none
    assert names("奋进新征程中国特色社会主义先行示范区。") == []


def test_a_list_of_places_closed_by_deng_before_a_shared_ending():
    found = names("推动黄石、荆州、十堰等经开区转型升级。")
    assert found == ["黄石经济技术开发区", "荆州经济技术开发区", "十堰经济技术开发区"]


def test_a_citys_new_area_is_no_national_new_area():
    assert names("浙江推进嘉兴滨海新区建设。") == []  # not Tianjin's 滨海新区
    assert names("天津滨海新区建设提速。") == ["滨海新区"]
    # a city's new area listed after a national one is no zone of the list
    assert names("四川支持天府新区、绵阳科技新区建设。") == ["天府新区"]


def test_a_places_other_name_ending_like_a_zone_shares_no_ending():
    # 杨凌示范区 is also a name of 杨陵区: it does not take the 高新区 that follows
    assert names("陕西推进杨凌示范区、宝鸡高新区建设。") == ["宝鸡高新技术产业开发区"]


def test_an_airport_economy_demonstration_zone():
    assert names("支持南宁临空经济示范区建设。") == ["南宁临空经济示范区"]
    assert names("争创国家级临空经济示范区。") == []


def test_a_county_written_in_full_before_a_specific_ending():
    assert names("安徽推进肥西县经开区扩区。") == ["肥西经济开发区"]
    assert by_name("成都市双流区临空经济示范区获批。")["双流临空经济示范区"].mentions == (
        "双流区临空经济示范区",
    )
    # a place's parks in general, and clause words: none
    assert names("全市各县区经开区。某某县产业园。") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("黑龙江推进绥芬河自贸片区建设。", "绥芬河自贸片区"),  # 自贸: jieba's 自 + 贸
        ("吉林和龙边境经济合作区扩区。", "和龙边境经济合作区"),  # jieba's 和 + 龙 is a city
        ("福建将乐经济开发区招商。", "福建将乐经济开发区"),
        ("成都新都经济开发区招商。", "成都新都经济开发区"),  # jieba's 都 is an adverb here
        ("浙江云和经济开发区招商。", "浙江云和经济开发区"),  # jieba's 云 + 和
    ],
)
def test_a_lone_character_jieba_cut_from_a_name_stays_in_it(text, name):
    assert name in names(text)
