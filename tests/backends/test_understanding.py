"""Query understanding on both engines: the same documents match, in the order the issue asks.

The documents are those of tests/engine/test_matching.py (years, aliases, compounds, unknown
words, a level before a kind); there the Whoosh engine's scores are checked in detail.
"""

from search.engine.query import SearchRequest
from tests.backends.conftest import search, views_of
from tests.engine.test_matching import DOCS, doc

NINGBO = ("浙江省", "浙江省/宁波市")
ABOUT = [
    # about 浙江 by its facets, without the string 浙江
    doc("nb", "宁波高新区举办创新大会", "宁波高新区集聚创新企业。", regions_about=NINGBO),
    doc("nb_no", "高新区动态", "多地高新区集聚创新企业。"),
]
view = views_of(DOCS + ABOUT)


def ids(view, text):
    return [h.id for h in search(view, SearchRequest(text=text, per_page=50)).hits]


def test_a_year_is_a_preference_not_a_string(view):
    got = ids(view, "2019年 临港新片区 设立")
    assert set(got) == {"lg2019", "lg2019b", "lg2023", "lgtext"}
    assert set(got[:2]) == {"lg2019", "lg2019b"}  # of 2019, without the string 2019年
    assert set(ids(view, "2019年临港新片区设立")) == set(got)  # typed without spaces
    assert set(ids(view, "2019 临港新片区")[:2]) == {"lg2019", "lg2019b"}


def test_a_quoted_year_stays_exact_and_a_year_alone_browses(view):
    assert ids(view, '"2019年" 临港新片区') == ["lgtext"]
    assert set(ids(view, "2019年")) == {"lg2019", "lg2019b"}


def test_zone_aliases_match_each_other(view):
    for text in ("经开区", "经济技术开发区"):
        assert {"etdz", "jkq"} <= set(ids(view, text)), text
    for text in ("自贸区", "自由贸易试验区"):
        assert {"ftz", "ftz2"} <= set(ids(view, text)), text
    for text in ("苏州工业园区", "苏州工业园", "蘇州工業園區"):
        assert {"sip", "sip2"} <= set(ids(view, text)), text
    assert ids(view, "苏州工业园区")[0] == "sip"  # about the park (its zone facet)
    assert "etdz" not in ids(view, '"经开区"')  # quoted: exact


def test_a_zone_level_is_a_preference(view):
    found = ids(view, "国家级新区")
    assert found[0] == "nx" and "xa" in found and "xa_no" not in found
    assert "xa" not in ids(view, "国家级 新区")


def test_a_compound_also_finds_its_parts_ranked_below(view):
    got = ids(view, "飞地经济")
    assert got[0] == "fd1"
    assert set(got[1:]) == {"fd2", "fd3", "fd4"}  # not the exclave, not 经济 alone


def test_an_unknown_word_matches_its_exact_characters(view):
    assert ids(view, "大数据") == ["bd"]
    assert ids(view, "雄安新区") == ["xa"]
    assert ids(view, "河北雄安新区") == ["xa"]


def test_a_place_named_also_finds_documents_about_it(view):
    assert ids(view, "浙江 高新区") == ["nb"]  # its about-regions hold 浙江, its text does not
    assert set(ids(view, "高新区")) == {"nb", "nb_no"}
