from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.document import Document, Zone
from search.engine.query import QueryError, SearchRequest
from tests.backends.conftest import search, views_of
from tests.zone_corpus import documents as zone_documents

SEED_000 = next((Path(__file__).resolve().parents[2] / "seeds").glob("000_*.txt"))

ZJ = ("江苏省", "江苏省/镇江市")
HZ = ("浙江省", "浙江省/杭州市")
ZJ_ZONE = Zone(
    "镇江经济技术开发区", "国家级", "经济技术开发区", ("镇江经开区",), "江苏省", "镇江市"
)


def doc(id, title, text, day=None, regions=(), zones=(), **kw):
    return Document(
        id=id,
        uri=f"mem:{id}",
        title=title,
        text=text,
        published=day,
        year=day.year if day else None,
        region=regions[-1] if regions else None,
        regions=regions,
        zones=zones,
        **kw,
    )


DOCS = [
    doc(
        "trad",
        "聚焦開發園區建設",
        "鎮江經濟開發區是發展工業經濟的主戰場。",
        date(2025, 1, 10),
        ZJ,
        script="hant",
    ),
    doc(
        "simp",
        "镇江经开区再创佳绩",
        "镇江经开区列全国国家级经开区第24位。园区建设提速。",
        date(2020, 3, 1),
        ZJ,
        (ZJ_ZONE,),
    ),
    doc(
        "apart", "常州简讯", "镇江市今年新设经开区一家。建设开发区。", date(2021, 6, 1), ("江苏省",)
    ),
    doc(
        "vip",
        "杭州高新区",
        "杭州高新区推出ＶＩＰ服务，开发区建设提速。",
        date(2019, 5, 1),
        HZ,
        group="g1",
    ),
    doc(
        "vip2",
        "杭州高新区（转载）",
        "杭州高新区推出VIP服务，开发区建设提速。",
        date(2019, 5, 2),
        HZ,
        group="g1",
    ),
    doc("marx", "学习心得", "马克思主义理论学习。", date(2018, 1, 1)),
    # About Zhenjiang; names Shanghai once, in passing (a partner city).
    doc(
        "partner",
        "镇江园区合作",
        "镇江园区与上海合作共建。",
        date(2024, 4, 1),
        ZJ,
        regions_about=ZJ,
        regions_mentioned=(*ZJ, "上海市"),
    ),
    doc("nodate", "无日期的开发区通讯", "开发区通讯。"),
    doc("tie_old", "扬州简讯", "扬州园区通报。", date(2022, 1, 1)),
    doc("tie_new", "扬州简讯", "扬州园区通报。", date(2023, 1, 1)),
]


searcher = views_of(DOCS)
zone_view = views_of(zone_documents())


def query_terms(view, text):
    return view.query_terms(text)


def ids(searcher, text, **kw):
    return [h.id for h in search(searcher, SearchRequest(text=text, **kw)).hits]


def test_simplified_query_finds_traditional_and_back(searcher):
    assert "trad" in ids(searcher, "经济开发区")
    assert "simp" in ids(searcher, "鎮江經開區")


def test_subword_開發區_matches_longer_words(searcher):
    got = ids(searcher, "开发区")
    assert "trad" in got  # 經濟開發區
    assert {"apart", "nodate"} <= set(got)


def test_jingkaiqu_finds_zhenjiang_jingkaiqu(searcher):
    assert "simp" in ids(searcher, "经开区")


def test_quoted_phrase_is_exact_and_in_order(searcher):
    assert ids(searcher, '"镇江经开区"') == ["simp"]
    assert "apart" in ids(searcher, "镇江 经开区")  # unquoted: both words anywhere
    assert "apart" not in ids(searcher, '"镇江 经开区"')
    assert "trad" not in ids(searcher, '"建设 园区"')


def test_fullwidth_and_halfwidth(searcher):
    result = search(searcher, SearchRequest(text="VIP"))
    assert [h.id for h in result.hits] == ["vip2"] or [h.id for h in result.hits] == ["vip"]
    assert result.hits[0].similar_ids in (("vip",), ("vip2",))
    assert ids(searcher, "ＶＩＰ") == ids(searcher, "vip")


def test_single_character_queries(searcher):
    assert {"simp", "trad"} <= set(ids(searcher, "园"))
    assert {"simp", "trad"} <= set(ids(searcher, "镇"))


def test_or_not_and_fields(searcher):
    assert set(ids(searcher, "马克思 OR 常州")) == {"marx", "apart"}
    assert "vip" not in ids(searcher, "开发区 -高新区")
    assert "vip2" not in ids(searcher, "开发区 NOT 杭州")
    assert ids(searcher, "title:常州") == ["apart"]
    assert ids(searcher, "region:杭州") in (["vip"], ["vip2"])  # one group, folded
    assert ids(searcher, "zone:镇江经开区") == ["simp"]
    assert set(ids(searcher, "开发区 year:2019..2021")) <= {"apart", "vip", "vip2"}
    assert "apart" in ids(searcher, "开发区 year:2019..2021")
    assert ids(searcher, "year:2025") == ["trad"]


def test_exclusion_when_the_excluded_word_comes_first(new_engine):
    # whoosh's AndNot misses this case: the excluded term's first doc precedes the required one
    engine = new_engine()
    engine.publish_documents(
        [
            doc("a", "镇江", "镇江新闻。"),
            doc("b", "镇江高新区", "镇江高新区。"),
            doc("c", "苏州高新区", "苏州高新区。"),
        ],
    )
    with engine.view() as s:
        assert [h.id for h in search(s, SearchRequest(text="高新区 -镇江")).hits] == ["c"]
        assert {h.id for h in search(s, SearchRequest(text="-镇江")).hits} == {"c"}


def test_whole_words_highlighted_never_halves(searcher):
    hit = search(searcher, SearchRequest(text="马克")).hits[0]
    assert hit.id == "marx"
    assert "<mark>马克</mark>思" not in hit.snippet
    assert "<mark>马克思" in hit.snippet


def test_traditional_hit_highlighted_in_its_own_script(searcher):
    hit = next(h for h in search(searcher, SearchRequest(text="开发园区")).hits if h.id == "trad")
    assert hit.title_html == "聚焦<mark>開發園區</mark>建設"


def test_title_outranks_body(searcher):
    assert ids(searcher, "常州")[0] == "apart"
    got = ids(searcher, "杭州高新区")
    assert got[0] in ("vip", "vip2")


def test_region_named_in_query_lifts(searcher):
    # both mention 开发区 in the body; only one is about 镇江 as a region
    got = ids(searcher, "开发区 镇江")
    assert got[0] in ("trad", "apart")


def test_ties_go_to_the_newer(searcher):
    result = search(searcher, SearchRequest(text="扬州"))
    assert [h.id for h in result.hits] == ["tie_new", "tie_old"]
    assert result.hits[0].score == result.hits[1].score


def test_sort_by_date_both_ways(searcher):
    newest = ids(searcher, "开发区", sort="date")
    oldest = ids(searcher, "开发区", sort="date-asc")
    assert newest[0] == "trad"
    assert oldest[0] == "vip"
    assert newest[-1] == oldest[-1] == "nodate"  # undated last either way


def test_near_duplicates_fold_into_one_hit(searcher):
    result = search(searcher, SearchRequest(text="杭州"))
    (hit,) = result.hits
    assert hit.id == "vip"  # the shorter title scores higher
    assert hit.similar == 1 and hit.similar_ids == ("vip2",)
    assert result.total == 1 and result.documents == 2
    assert result.as_json()["hits"][0]["similar_ids"] == ["vip2"]


def test_paging_counts_folded_hits(searcher):
    all_ids = ids(searcher, "开发区", per_page=100)
    pages = [ids(searcher, "开发区", per_page=2, page=p) for p in (1, 2, 3)]
    assert sum(pages, []) == all_ids[:6]
    assert len(all_ids) == len(set(all_ids))


def test_facets_over_whole_result_not_page(searcher):
    result = search(searcher, SearchRequest(text="开发区", per_page=1))
    regions = {v.value: v.count for v in result.facets["region"]}
    assert regions["江苏省"] == 2 and regions["浙江省"] == 2
    years = [v.value for v in result.facets["year"]]
    assert years == sorted(years, reverse=True)


def test_browse_by_facet_without_text(searcher):
    result = search(searcher, SearchRequest(region=("浙江省",)))
    assert result.total == 1 and result.documents == 2


ACCIDENTS = [
    '"开发区',
    "-",
    "开发区 -",
    "((开发区",
    "开发区))",
    "开发区" * 700,
    "😀开发区😀",
    "<b>开发区</b>",
    "<script>alert(1)</script>",
    "title:",
    "year:abc",
    "NOT",
    "OR OR",
    "region:火星",
    "zone:",
    "-开发区",
    "。，、",
]


@pytest.mark.parametrize("text", ACCIDENTS)
def test_accidental_input_gives_results_or_a_message(searcher, text):
    try:
        result = search(searcher, SearchRequest(text=text))
    except QueryError as e:
        assert str(e) and any("\u4e00" <= c <= "\u9fff" for c in str(e))
        return
    assert result.as_json()["total"] >= 0


def test_notes_reach_the_user(searcher):
    result = search(searcher, SearchRequest(text='"开发区'))
    assert result.total > 0 and "引号" in result.message
    assert search(searcher, SearchRequest(text="region:火星 开发区")).total == 0


def test_bad_request_fields(searcher):
    for bad in (dict(sort="best"), dict(page=0), dict(per_page=0), dict(year=("20x1",))):
        with pytest.raises(QueryError):
            search(searcher, SearchRequest(text="开发区", **bad))
    with pytest.raises(QueryError):
        search(searcher, SearchRequest())


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.sampled_from(
            list('镇江开发区园 ()"-:|.')
            + ["OR", "NOT", "year:", "title:", "region:", "zone:", "2020", "..", "😀", "<i>"]
        ),
        max_size=30,
    ).map("".join)
)
def test_search_never_raises_anything_but_query_error(searcher, text):
    try:
        search(searcher, SearchRequest(text=text))
    except QueryError:
        pass


def test_seed_000_snippet_in_traditional(new_engine):
    text = SEED_000.read_text(encoding="utf-8")
    engine = new_engine()
    engine.publish_documents(
        [
            doc(
                "seed0",
                "聚焦開發園區建設 推動經濟高質量發展",
                text,
                date(2025, 1, 10),
                ZJ,
                script="hant",
            )
        ],
    )
    with engine.view() as s:
        hit = search(s, SearchRequest(text="开发园区 整合")).hits[0]
    assert "<mark>開發園區</mark>" in hit.snippet
    assert "<mark>整合</mark>" in hit.snippet
    assert "开发园区" not in hit.snippet
    assert hit.title_html.startswith("聚焦<mark>開發園區</mark>")


def test_query_terms_are_the_terms_search_highlights(searcher):
    for text in ("开发区", "園區 -马克思", '"镇江经开区"', "园", "title:园区 OR 综保区"):
        assert query_terms(searcher, text) == search(searcher, SearchRequest(text=text)).terms
    assert query_terms(searcher, "😀") == frozenset()
    assert query_terms(searcher, "x" * 2000) == query_terms(searcher, "x" * 200)


def test_month_filter_and_month_counts(zone_view):
    year = search(zone_view, SearchRequest(zone=("苏州工业园区",), year=("2023",)))
    assert year.total == 4
    assert [(m.value, m.count) for m in year.months] == [
        ("2023-03", 2),
        ("2023-06", 1),
        ("2023-11", 1),
    ]
    march = search(
        zone_view, SearchRequest(zone=("苏州工业园区",), year=("2023",), month=("2023-03",))
    )
    assert march.total == 2 and all(h.published.startswith("2023-03") for h in march.hits)
    # the month counts ignore the month chosen, so the other months stay on the chart
    assert [m.value for m in march.months] == ["2023-03", "2023-06", "2023-11"]
    assert [m.selected for m in march.months] == [True, False, False]
    assert search(zone_view, SearchRequest(text="园区")).months == []  # no single year


@pytest.mark.parametrize("month", ["2023-13", "2023-3", "202303", "x"])
def test_bad_month_is_a_query_error(zone_view, month):
    with pytest.raises(QueryError, match="月份"):
        search(zone_view, SearchRequest(text="园区", month=(month,)))


def test_untitled_hit_carries_the_start_of_its_text(zone_view):
    hits = search(zone_view, SearchRequest(text="今世缘", per_page=10)).hits
    untitled = next(h for h in hits if h.id == "z022")
    assert untitled.title is None and untitled.lead.startswith("没有标题的今世缘产业园")
    assert untitled.lead.endswith("…") and len(untitled.lead) == 31
    assert untitled.year == 2022 and untitled.regions == ("江苏省", "江苏省/淮安市")


def test_hits_without_snippets(zone_view):
    result = search(zone_view, SearchRequest(text="园区", snippets=False))
    assert result.hits and all(h.snippet == "" for h in result.hits)


def test_region_is_about_mentions_is_named(searcher):
    # region: and the facet use the regions an article is about; mentions: every place named
    assert "partner" not in ids(searcher, "园区", region=("上海市",))
    assert ids(searcher, "园区", mentions=("上海市",)) == ["partner"]
    assert ids(searcher, "园区 mentions:上海") == ["partner"]
    assert ids(searcher, "提及:上海") == ["partner"]  # the Chinese prefix, and no text at all
    assert "partner" in ids(searcher, "", mentions=("江苏省/镇江市",))
    result = search(searcher, SearchRequest(text="园区", mentions=("上海市",)))
    assert [v.value for v in result.facets["region"]] == ["江苏省"]  # no 上海市: not about it


def test_mentions_of_an_unknown_place_is_a_note(searcher):
    result = search(searcher, SearchRequest(text="园区", mentions=("火星",)))
    assert result.total == 0 and "火星" in (result.message or "")
