"""Regions: readings settled by context, what an article is about, and its primary region."""

import csv
from pathlib import Path

import pytest

from search.enrich.places import find_matches
from search.enrich.region import find_regions
from search.gazetteer.tables import regions

SHARED = Path(__file__).resolve().parents[3] / "shared"
FILLER = "园区建设持续推进,项目加快落地。"
MEETING_LEAD = (
    "双方就共同关心的国际和地区问题深入交换了意见,一致同意推动两国关系不断发展,造福两国人民。\n"
)


def mentioned(text: str, title: str | None = None) -> tuple[str, ...]:
    return find_regions(title, text).mentioned


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("实施强省富民战略,云南经济持续发展。", "云南省/昆明市/富民县"),
        ("保护水资源,广西经济持续发展。", "广西壮族自治区/桂林市/资源县"),
        ("扩大开放合作,甘肃经济持续发展。", "甘肃省/甘南藏族自治州/合作市"),
        ("辽宁振兴新发展,丹东经济持续发展。", "辽宁省/丹东市/振兴区"),
        ("西湖游人如织。", "浙江省/杭州市/西湖区"),
    ],
)
def test_ordinary_words_are_not_short_place_names(text, path):
    assert path not in mentioned(text)


def test_a_word_like_form_counts_with_its_parent_beside_it():
    assert "云南省/昆明市/富民县" in mentioned("昆明富民县城,昆明富民发展。")
    assert "甘肃省/甘南藏族自治州/合作市" in mentioned("甘南州合作市召开会议。")


def test_county_short_forms_backed_by_their_city():
    paths = mentioned("镇江市召开会议,句容、丹阳、扬中、丹徒等地园区负责人参会。")
    assert {"江苏省/镇江市/句容市", "江苏省/镇江市/丹阳市", "江苏省/镇江市/扬中市"} <= set(paths)
    assert "江苏省" in paths and "江苏省/镇江市" in paths  # ancestors included


def test_ambiguous_county_settled_by_city():
    nanjing = mentioned("南京市委召开会议。鼓楼区推进老城更新。")
    assert "江苏省/南京市/鼓楼区" in nanjing
    assert not any("福州市" in p or "徐州市" in p for p in nanjing)
    assert "福建省/福州市/鼓楼区" in mentioned("福州聚焦数字经济,鼓楼区发布新政。")


def test_ambiguous_name_read_in_the_documents_own_province():
    # 海南 in a Qinghai report that writes 海南州 is 海南州; elsewhere it is the province.
    qinghai = mentioned("青海省海南州召开会议。海南推进生态保护,海南草原返青。")
    assert "青海省/海南藏族自治州" in qinghai and "海南省" not in qinghai
    assert "海南省" in mentioned("海南推进自贸港建设,青海代表团参观。")
    # 朝阳 next to 铁岭 is Liaoning's, not Beijing's
    liaoning = mentioned("铁岭市和朝阳市联合开展巡查,朝阳新建园区。")
    assert "辽宁省/朝阳市" in liaoning and "北京市/朝阳区" not in liaoning


def test_a_list_of_provinces_reads_them_as_provinces():
    paths = mentioned("天津、河北、山东三省市联合治污。")
    assert set(paths) == {"天津市", "河北省", "山东省"}


def test_ambiguous_county_without_context_is_dropped():
    assert mentioned("鼓楼区推进老城更新。") == ()


def test_common_word_short_forms_need_support():
    assert mentioned("据新华日报报道,金山网讯消息,战略新兴产业光明前景,会同市委财经办。") == ()
    assert mentioned("大同小异,世界大同。") == ()
    backed = find_regions(None, "山西省:大同推进园区整合,大同经开区签约。")
    assert backed.primary == "山西省/大同市"


def test_county_short_form_not_backed_by_province_alone():
    # 更高平台 is not 高平市, even in an article that names 山西.
    assert mentioned("山西省开发区在更高平台上对接。") == ("山西省",)


def test_gazetteer_forms_folded_and_new_areas():
    assert "陕西省/咸阳市/乾县" in mentioned("乾县推进园区建设。")  # 乾 folds to 干
    assert "吉林省/松原市/乾安县" in mentioned("乾安县推进园区建设。")
    assert "陕西省/咸阳市/杨陵区" in mentioned("杨凌示范区推进园区建设。")
    xiongan = find_regions("雄安新区建设提速", "雄安新区建设提速。")
    assert xiongan.primary == "河北省/保定市/雄安新区"
    assert "广西壮族自治区/桂林市/龙胜各族自治县" in mentioned("广西龙胜梯田。")
    # former divisions read as the division that holds them now
    assert "江苏省/南通市/崇川区" in mentioned("企业所在的南通市港闸区依托产业集群。")
    assert "湖北省/襄阳市" in mentioned("襄樊市推进园区建设。")


def test_traditional_text():
    result = find_regions(
        "聚焦開發園區建設",
        "鎮江市在全省率先啟動開發園區整合。句容經開區簽約。\n鎮江園區高質量發展,鎮江全市提速。",
    )
    assert result.primary == "江苏省/镇江市"
    assert "江苏省/镇江市/句容市" in result.mentioned


@pytest.mark.parametrize(
    ("text", "primary"),
    [
        ("镇江锚定产业强市不动摇,全力拼项目。镇江园区建设提速。", "江苏省/镇江市"),
        ("晋中开发区建设驶入快车道,晋中全市上下齐心。", "山西省/晋中市"),
        ("江苏淮安:涟水县委召开会议,涟水经济开发区项目签约。", "江苏省/淮安市/涟水县"),
        ("镇江市丹阳经开区项目签约,丹阳高新区、丹阳经济开发区齐头并进。", "江苏省/镇江市/丹阳市"),
        ("北京市朝阳区发布政策,朝阳区将持续发力。", "北京市/朝阳区"),
    ],
)
def test_primary_descends_to_the_place_holding_most_weight(text, primary):
    assert find_regions(None, text).primary == primary


def test_title_naming_the_province_of_a_city_story_descends_to_the_city():
    body = (
        "南京市推进园区整合。" + FILLER * 3 + "南京江北新区签约项目。南京园区提速。江苏全省推广。"
    )
    assert find_regions("江苏:园区整合提速", body).primary == "江苏省/南京市"


@pytest.mark.parametrize(
    "text",
    [
        "北京市各区协同,海淀区、朝阳区、通州区齐发力。",  # one municipality, no district leads
        "北京、上海、广东、浙江等地推进园区整合。北京、上海、广东各有侧重。",  # multi-region
        # national, one passing name
        "全国开发区推进改革,各地园区提速。\n" + FILLER * 6 + "\n武汉局加开列车。\n" + FILLER * 6,
    ],
)
def test_no_primary_for_national_and_multi_region_pieces(text):
    result = find_regions("园区整合", text)
    assert result.primary in (None, "北京市")
    if "上海" in text or "全国" in text:
        assert result.primary is None


def test_about_and_mentioned_are_separate():
    # A Yunnan report naming Shanghai once (沪滇协作) and a company (上海电气).
    body = (
        "云南省推进园区建设。昆明、曲靖、玉溪园区提速。\n" + FILLER * 10 + "云南全省园区提质。\n"
        "深化沪滇协作,与上海合作共建产业园区。上海电气签约。\n" + FILLER * 5 + "云南园区再创佳绩。"
    )
    result = find_regions("云南园区高质量发展", body)
    assert result.primary == "云南省"
    assert "上海市" in result.mentioned and "上海市" not in result.about
    assert "云南省" in result.about


def test_title_outweighs_a_list_at_the_end():
    body = "涟水县委部署工作。" + FILLER * 40 + "山西省协会 云南省协会 天津市协会 湖南省协会"
    assert find_regions("江苏涟水经济开发区:助力高质量发展", body).primary == "江苏省/淮安市/涟水县"


def test_no_places_and_bad_input():
    assert find_regions(None, "") == find_regions("", "园区建设")
    assert find_regions(None, "").primary is None
    assert find_regions("\x00\ufffd", "12345 ,,,").mentioned == ()


def test_gov_reports_name_their_province():
    folder = SHARED / "corpus" / "gov-reports-2026"
    files = sorted(folder.glob("*.csv"))
    if not files:
        pytest.skip(f"missing {folder}")
    csv.field_size_limit(10**8)
    assert len(files) == 16
    for path in files:
        with path.open(encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                result = find_regions(row["title"], row["full_text"])
                assert result.primary == row["province"]
                assert row["province"] in result.about


def test_a_tour_stop_is_about_only_in_an_article_about_a_tour():
    # An inspection tour: the places it comes to are what the article is about.
    tour = find_regions(
        "在甘肃考察", "习近平来到张掖,察看湿地保护。\n" + FILLER * 20 + "\n他来到兰州,看望群众。"
    )
    assert "甘肃省/兰州市" in tour.about
    # A flight landing is a destination: mentioned, not about, however often it is named.
    flight = find_regions(
        "使馆人员撤离回国",
        "他们乘坐的飞机抵达北京。\n" + FILLER * 20 + "\n14名工作人员平安抵达北京。",
    )
    assert "北京市" in flight.mentioned and "北京市" not in flight.about


@pytest.mark.parametrize(
    "lead",
    [
        "会见来华出席北京2022年冬奥会开幕式的波兰总统。",  # an event's name with its year
        "北京冬残奥会高山滑雪的比赛今天在延庆赛区继续进行。",  # the venue of an event's part
        "领导同志参加全国科普日北京主场活动。",  # a national event's main venue
    ],
)
def test_event_venues_are_named_not_held(lead):
    result = find_regions("中国队再夺一铜", lead + "\n" + FILLER * 10)
    assert result.mentioned and not result.about


def test_the_one_place_of_the_lead_is_about_when_the_story_keeps_it():
    kept = find_regions(
        "企业危中寻机",
        "一起来看记者从江苏南通发回的报道。\n" + FILLER * 20 + "\n南通市推进园区建设。",
    )
    assert "江苏省/南通市" in kept.about
    # Named once, in the lead only: where the composer once lived, not the story's place.
    once = find_regions("儿歌被改", "作曲家就曾在南京创作并生活多年。\n" + FILLER * 20)
    assert "江苏省/南京市" in once.mentioned and once.about == ()


def test_the_place_of_the_leads_subject_is_about():
    body = (
        "9月6日,公安部发布消息称,近日,四川江油一女民警平均日拨100余个电话,被运营商停机。\n"
        + "认定诈骗和骚扰,不该省略必要的核实程序。" * 10
        + "\n今年6月,武汉一位快递小哥也被停机。\n"
        + "运营商应当精准拦截。" * 10
    )
    result = find_regions("女警打百个电话遭停机", body)
    assert "四川省/绵阳市/江油市" in result.about
    assert "湖北省/武汉市" not in result.about  # a one-off example further down
    # 一 as part of a set phrase is no subject: 京津冀一体化 is not about them by this rule
    assert not any(m.subject for m in find_matches("推动京津冀一体化发展", regions()))


def test_the_opening_place_is_the_city_its_province_qualifies():
    body = (
        "央视网消息(新闻联播):今又清明。贵州遵义,是红军长征的重要一站。\n"
        "在贵州省遵义市第一人民医院,记者见到了老红军。\n"
        + "红军帮大家挑水、砍柴、修房子。\n" * 3
        + "遵义有5000多人加入了这支队伍。\n他回到了家乡遵义工作。\n老人过得很节俭。"
    )
    assert find_regions("百姓的队伍 永远的红军", body).primary == "贵州省/遵义市"


def test_a_place_first_named_late_does_not_frame_the_story():
    body = (
        "会议指出,要贯彻落实党中央部署,突出重点、统筹兼顾。\n"
        * 3
        + "会议指出,要继续把湖北省特别是武汉市作为疫情防控的重中之重。武汉市要加速收治。"
        "湖北和武汉要进一步强化管控。\n" + "会议指出,各地要继续抓好群防群控。\n" * 2
    )
    assert find_regions("国务院领导小组召开会议", body).primary is None


def test_a_title_naming_two_provinces_needs_one_to_hold_clearly_more_than_half():
    body = (
        "广东、陕西分别举行新闻发布会。\n"
        + "广东培育发展战略性产业集群。" * 6
        + "\n"
        + "陕西经济总量实现翻番。" * 7
    )
    result = find_regions("广东:推进改革开放 陕西:谱写高质量发展新篇章", body)
    assert {"广东省", "陕西省"} <= set(result.about) and result.primary is None


def test_the_place_most_names_are_frames_a_story_another_place_opens():
    body = (
        "杭州市学军中学校长陈立群要退休了,有民办高中开出高薪挖他。\n"
        "2016年,他去了台江县,当这所中学的校长。\n"
        + "他决定从课堂氛围下手。\n" * 6
        + "台江县教育局局长龙峰邀请他。\n台江民中每年都有教师离职。\n"
        + "台江县周边的校长都是他的徒弟。\n"
        + "学生们改变了命运。\n" * 6
        + "台江县至今仍然没有脱贫。\n他在杭州还有一个家。"
    )
    result = find_regions("他放弃百万年薪来到这里", body)
    assert result.primary == "贵州省/黔东南苗族侗族自治州/台江县"


def test_the_place_opening_the_first_sentence_as_its_subject_is_about():
    body = "国庆临近,北京市开启景观照明设施。\n" + "天安门广场上花坛璀璨夺目。" * 10
    assert "北京市" in find_regions("首都灯火璀璨喜迎国庆", body).about
    # a place the clause is in, a list item, a company's name later on: no subject
    assert find_regions(None, "作曲家曾在南京创作并生活多年。\n" + FILLER * 10).about == ()
    listed = find_regions(None, "会议审议在北京市、山西省、浙江省开展试点的决定。\n" + FILLER * 10)
    assert listed.about == ()


def test_an_abbreviation_after_a_verb_of_movement_is_a_destination():
    body = "目前北京各水厂已取用南水13亿立方米,占入京水量的68%。\n" + FILLER * 10
    result = find_regions("南水进京水量突破20亿立方米", body)
    assert "北京市" in result.mentioned
    # a tour word far from the lead makes no tour article: 进京入津 stays a destination
    report = find_regions(
        "河北省政府工作报告",
        "推进河北净菜进京入津。\n" + FILLER * 20 + "\n大兴调查研究,深入基层调研。",
    )
    assert "北京市" in report.mentioned and "北京市" not in report.about


def test_a_title_naming_another_province_than_the_body_holds_gives_no_primary():
    body = (
        "浙江杭州连日暴雨,城区多处积水,地铁部分站点临时关闭。\n"
        "浙江温州出现山洪,当地转移群众两千余人。\n"
        "与此同时,甘肃兰州出现沙尘天气。"
    )
    result = find_regions("东部大雨持续 沙尘影响甘肃", body)
    assert "浙江省" in result.about and "甘肃省" in result.about
    assert result.primary is None
    # the title naming the province the body holds leaves the primary to the body
    assert find_regions("暴雨影响浙江", body).primary is not None


def test_a_district_named_only_by_its_kind_needs_its_city():
    body = "当地推进矿区生态治理,采煤沉陷区变身绿洲。\n" + FILLER * 5
    assert find_regions("内蒙古：减排增绿", body).mentioned == ("内蒙古自治区",)
    named = find_regions("阳泉：棚户区改造提速", "阳泉市矿区新建住房三千套。\n" + FILLER * 5)
    assert "山西省/阳泉市/矿区" in named.mentioned


def test_a_place_holding_about_a_fifth_of_the_body_is_about():
    national = "会议指出,要统筹发展和安全,稳住经济大盘,推动经济社会高质量发展。"
    local = "会议要求,甘肃省要抓好防汛救灾。"  # 16
    body = "\n".join([national] * 3 + [local + "当地要尽快恢复生产生活秩序。"] + [national])
    share = (len(local) + 14) / len(body.replace("\n", ""))
    assert 0.18 < share < 0.2
    assert "甘肃省" in find_regions("国务院召开常务会议", body).about
    # a sentence in a long national item is not
    long = "\n".join([national] * 8 + [local])
    assert find_regions("国务院召开常务会议", long).about == ()


def test_a_title_announcing_several_places_gives_no_primary():
    body = "湖南长沙一楼盘停工,业主维权。\n长沙当地住建部门介入调查。\n" + FILLER * 3
    assert find_regions("多地楼盘停工 房企资金链告急", body).primary is None
    assert "湖南省/长沙市" in find_regions("多地楼盘停工 房企资金链告急", body).about
    assert find_regions("长沙楼盘停工", body).primary == "湖南省/长沙市"
    # several places of the place the title names: its story
    tibet = "西藏日喀则、山南等地震感强烈。\n日喀则市区部分房屋受损。\n" + FILLER * 3
    assert find_regions("西藏多地震感强烈", tibet).primary is not None


@pytest.mark.parametrize(
    "sentence",
    [
        "双方要落实合作五年规划,确保中马钦州产业园区和马中关丹产业园区建设顺利推进。",
        "会议审议了关于授权国务院在中国（上海）自由贸易试验区暂时调整有关法律规定的决定。",
        "下一阶段,海关将持续推进海南自贸港、横琴粤澳深度合作区建设,服务外贸发展。",
    ],
)
def test_a_place_named_once_inside_a_zone_name_is_mentioned_only(sentence):
    lead = MEETING_LEAD
    result = find_regions("会见外国总理", lead + sentence)
    assert result.mentioned and result.about == ()


def test_a_zone_that_sets_a_paragraphs_scene_holds_its_place():
    scene = "\n在武汉东湖新技术开发区,投资达百亿元的项目投产。"
    text = "湖北加快建设制造强省。\n" + FILLER * 3 + scene
    assert "湖北省/武汉市" in find_regions("新兴产业发力", text).about
    # named again elsewhere, the place is the article's concern, zone name or not
    again = MEETING_LEAD + "推进中马钦州产业园区建设。\n钦州市加快港口建设,钦州市货物吞吐量增长。"
    assert "广西壮族自治区/钦州市" in find_regions("会见外国总理", again).about


def test_a_place_set_aside_is_mentioned_only():
    text = (
        MEETING_LEAD
        + "除湖北以外,全国银行网点复工率已达到百分之九十八,保险机构营业网点复工率也在持续提高。"
    )
    result = find_regions("金融支持复工复产", text)
    assert "湖北省" in result.mentioned and result.about == ()
    match = next(m for m in find_matches("除湖北以外全国复工", regions()) if m.form == "湖北")
    assert match.excepted


def test_a_zone_the_lead_lists_does_not_make_it_the_leads_one_place():
    lead = (
        "会议审议了有关意见,听取了中国（上海）自由贸易试验区筹备工作情况的汇报,决定今年召开全会。\n"
    )
    text = lead + FILLER * 40 + "\n会议指出,建立中国（上海）自由贸易试验区是重大举措。"
    assert find_regions("中央召开会议", text).about == ()


def test_places_listed_after_a_tours_first_stop_are_stops_too():
    lead = "国务院总理来到江苏省常州、镇江、南京等地就当前经济形势进行调研,听取意见。\n"
    result = find_regions("总理在江苏调研", lead + FILLER * 20)
    for city in ("常州市", "镇江市", "南京市"):
        assert f"江苏省/{city}" in result.about, city
