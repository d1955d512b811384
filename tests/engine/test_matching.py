"""Query understanding end to end: the issue's examples over a small index built here."""

from datetime import date

import pytest
from whoosh import index as whoosh_index

from search.document import Document, Zone
from search.engine.query import SearchRequest, search
from search.segments.writer import write_generation

SIP = Zone("苏州工业园区", "国家级", "经济技术开发区", ("苏州工业园区",), "江苏省", "苏州市")
FILLER = "会议强调，要坚持稳中求进工作总基调，推动经济社会高质量发展。"


def doc(id, title, text, day=date(2021, 5, 1), **kw):
    return Document(
        id=id, uri=f"mem:{id}", title=title, text=text, published=day, year=day.year, **kw
    )


DOCS = [
    # years: the 2019 launch items do not contain the string 2019年
    doc(
        "lg2019", "临港新片区正式设立", "上海自贸试验区临港新片区今天揭牌设立。", date(2019, 8, 20)
    ),
    doc(
        "lg2019b",
        "临港新片区总体方案公布",
        "国务院印发临港新片区总体方案，设立新片区。",
        date(2019, 8, 6),
    ),
    doc(
        "lg2023",
        "临港新片区四周年",
        "临港新片区设立以来，集聚企业超过万家。",
        date(2023, 8, 20),
    ),
    doc("lgtext", "回顾", "2019年临港新片区设立，四年来成绩显著。", date(2023, 9, 1)),
    # aliases
    doc("etdz", "国家级经济技术开发区综合发展水平考核", "商务部公布国家级经济技术开发区考核结果。"),
    doc("jkq", "镇江经开区再创佳绩", "镇江经开区列全国第24位。"),
    doc("ftz", "自由贸易试验区建设五周年", "各地自由贸易试验区扩大开放。"),
    doc("ftz2", "上海自贸区挂牌", "中国（上海）自由贸易试验区今天挂牌。"),
    doc("sip", "中新苏州工业园区开发建设25周年", "苏州工业园区持续深化改革。", zones=(SIP,)),
    doc("sip2", "苏州工业园见闻", "在苏州工业园，一批新项目开工。"),
    # compounds: 飞地经济 and its part 飞地
    doc("fd1", "发展飞地经济", "各地积极发展飞地经济，飞地经济成为区域合作新模式。"),
    doc("fd2", "研发飞地助力创新", "在上海设立研发飞地，引进人才，带动当地经济。"),
    doc("fd3", "反向飞地", "欠发达地区到发达地区建设反向飞地，壮大县域经济。"),
    doc("fd4", "共建飞地工业园区", "两地共建飞地工业园区，经济协作项目陆续落地。"),
    doc("fd5", "边境局势", "俄罗斯飞地加里宁格勒局势紧张。"),  # 飞地 in another sense
    doc("econ", "经济运行总体平稳", "一季度经济运行总体平稳。" + FILLER),
    # unknown words: 大数据, 雄安新区
    doc("bd", "大数据产业发展", "贵州大数据产业蓬勃发展，大数据中心建成投用。"),
    doc("bd_no", "扩大内需", "扩大数据统计范围，加强数据共享。"),
    doc("bd_no2", "大力发展", "大力推进各项数据工作。"),
    doc("xa", "雄安新区建设", "河北雄安新区建设加快推进。"),
    doc("xa_no", "自然保护区", "安新县加强湿地保护区管理，区内生态改善。"),
    # a level before a kind: 国家级新区 also finds a new area named without its level
    doc("nx", "国家级新区建设提速", "十九个国家级新区发挥引领作用。"),
    # 经济 is everywhere, as in any news corpus; 飞地 is rare
    *(doc(f"news{i}", f"经济新闻{i}", FILLER, date(2020, 1, 1 + i % 28)) for i in range(160)),
    # title only: the title is the text
    doc("titleonly", "海南自由贸易港建设总体方案发布", "海南自由贸易港建设总体方案发布"),
]


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    path = tmp_path_factory.mktemp("ix")
    write_generation(path, DOCS)
    with whoosh_index.open_dir(str(path)).searcher() as s:
        yield s


def ids(searcher, text, **kw):
    return [h.id for h in search(searcher, SearchRequest(text=text, per_page=50, **kw)).hits]


def scores(searcher, text):
    result = search(searcher, SearchRequest(text=text, per_page=50))
    return {h.id: h.score for h in result.hits}


def test_a_year_is_a_preference_not_a_string(searcher):
    got = ids(searcher, "2019年 临港新片区 设立")
    assert {"lg2019", "lg2019b", "lg2023", "lgtext"} <= set(got)
    assert set(got[:2]) == {"lg2019", "lg2019b"}  # of 2019, without the string 2019年
    # the year's string in a text adds a little, a document of another year nothing
    with_year, without = (
        scores(searcher, "2019年 临港新片区 设立"),
        scores(searcher, "临港新片区 设立"),
    )
    assert with_year["lgtext"] > without["lgtext"]
    assert with_year["lg2023"] == pytest.approx(without["lg2023"])
    assert ids(searcher, "2019年临港新片区设立")[:2] == got[:2]  # typed without spaces
    assert ids(searcher, "2019 临港新片区")[:2] == ids(searcher, "2019年 临港新片区")[:2]


def test_a_quoted_year_stays_exact(searcher):
    assert ids(searcher, '"2019年" 临港新片区') == ["lgtext"]


def test_a_year_alone_browses_that_year(searcher):
    assert set(ids(searcher, "2019年")) == {"lg2019", "lg2019b"}


def test_zone_kind_aliases_match_each_other(searcher):
    assert {"etdz", "jkq"} <= set(ids(searcher, "经开区"))
    assert {"etdz", "jkq"} <= set(ids(searcher, "经济技术开发区"))
    assert {"ftz", "ftz2"} <= set(ids(searcher, "自贸区"))
    assert {"ftz", "ftz2"} <= set(ids(searcher, "自由贸易试验区"))
    assert "ftz2" in ids(searcher, "上海自由贸易试验区")


def test_suzhou_industrial_park_and_its_short_forms(searcher):
    for text in ("苏州工业园区", "苏州工业园", "蘇州工業園區"):
        assert {"sip", "sip2"} <= set(ids(searcher, text)), text
    assert ids(searcher, "苏州工业园区")[0] == "sip"


def test_a_zone_level_is_a_preference_not_a_requirement(searcher):
    found = ids(searcher, "国家级新区")
    assert found[0] == "nx" and "xa" in found  # 雄安新区: a state-level new area, unsaid
    assert "xa_no" not in found  # 安新 ... 区 is no 新区
    found = ids(searcher, "国家级经开区")
    assert found[0] == "etdz" and "jkq" in found  # 镇江经开区 without 国家级, below
    # typed apart, the level is a word of its own, as with any two words
    assert "xa" not in ids(searcher, "国家级 新区")


def test_quoted_alias_is_not_expanded(searcher):
    assert ids(searcher, '"镇江经开区"') == ["jkq"]
    assert "etdz" not in ids(searcher, '"经开区"')


def test_a_compound_also_finds_its_parts_ranked_below(searcher):
    got = ids(searcher, "飞地经济")
    assert got[0] == "fd1"
    # 飞地 where the text is about an economy too: 研发飞地, 反向飞地, 飞地工业园区
    assert {"fd2", "fd3", "fd4"} <= set(got[1:])
    assert "fd5" not in got  # 飞地 alone, an exclave
    assert "econ" not in got  # 经济 alone is no 飞地经济
    scores = {h.id: h.score for h in search(searcher, SearchRequest(text="飞地经济")).hits}
    assert scores["fd1"] > max(scores[i] for i in ("fd2", "fd3", "fd4"))


def test_an_unknown_word_matches_its_exact_characters(searcher):
    assert ids(searcher, "大数据") == ["bd"]
    assert ids(searcher, "雄安新区") == ["xa"]
    assert ids(searcher, "河北雄安新区") == ["xa"]


def test_a_title_only_item_is_found_by_its_title(searcher):
    assert ids(searcher, "海南自由贸易港") == ["titleonly"]


def test_highlighting_marks_the_alias_found(searcher):
    result = search(searcher, SearchRequest(text="经开区"))
    hit = next(h for h in result.hits if h.id == "etdz")
    assert (
        "<mark>国家级经济技术开发区</mark>" in hit.snippet or "<mark>经济技术开发区" in hit.snippet
    )
