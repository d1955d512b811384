"""The prior against documents whose match is only an item of a list."""

from datetime import date

import pytest
from whoosh import index as whoosh_index

from search.document import Document
from search.engine.prior import listed_only
from search.engine.query import SearchRequest, search
from search.segments.writer import write_generation

LIST_NOTICE = (
    "张高丽将主持中新双边合作联委会第十次会议、苏州工业园区联合协调理事会第十五次会议"
    "和天津生态城联合协调理事会第六次会议。"
)
FEATURE = (
    "苏州工业园区开发建设二十五年来，园区坚持改革创新，引进外资项目五千多个，"
    "形成了电子信息、装备制造两大主导产业。" * 4
)


def test_a_list_item_is_a_clause_with_an_enumeration():
    assert listed_only("会议预告", LIST_NOTICE, ("苏州工业园区",))
    assert not listed_only("会议预告", FEATURE, ("苏州工业园区",))
    # in the title: the document is about it, whatever the text does
    assert not listed_only("苏州工业园区理事会", LIST_NOTICE, ("苏州工业园区",))
    # one occurrence outside a list is enough
    mixed = LIST_NOTICE + "会议审议了苏州工业园区发展报告。"
    assert not listed_only("会议预告", mixed, ("苏州工业园区",))
    # the needle absent: nothing to say
    assert not listed_only("会议预告", "今天天气很好。", ("苏州工业园区",))
    # folded: a traditional text is read as simplified
    assert listed_only(
        "會議預告", "中新聯委會、蘇州工業園區理事會和天津生態城理事會", ("苏州工业园区",)
    )


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    docs = [
        Document(id="notice", uri="m:1", title="张高丽将访问新加坡", text=LIST_NOTICE),
        Document(id="feature", uri="m:2", title="开放创新 二十五年", text=FEATURE),
        *(
            Document(id=f"pad{i}", uri=f"m:p{i}", title="其他", text="会议强调要统筹推进各项工作。")
            for i in range(20)
        ),
    ]
    docs = [Document(**{**d.__dict__, "published": date(2019, 4, 12)}) for d in docs]
    path = tmp_path_factory.mktemp("ix")
    write_generation(path, docs)
    with whoosh_index.open_dir(str(path)).searcher() as s:
        yield s


def test_the_item_devoted_to_the_park_comes_before_the_list_notice(searcher):
    result = search(searcher, SearchRequest(text="苏州工业园区"))
    assert [h.id for h in result.hits] == ["feature", "notice"]
    # by date the prior does nothing
    by_date = search(searcher, SearchRequest(text="苏州工业园区", sort="date"))
    assert {h.id for h in by_date.hits} == {"feature", "notice"}
