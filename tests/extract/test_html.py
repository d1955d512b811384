from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search.document import Skip
from search.extract.html import extract_html
from search.extract.model import Extracted
from search.sources.decode import Decoded, decode
from tests.extract.pages import PARAGRAPHS, body_html, news_page

NEWS_HTML = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "news-html"

# Headline and date as each page shows them (checked by reading the pages).
PAGES = {
    "163/1": ('多地项目连环爆雷 狂奔的龙湖集团"暗伤"曝露？', date(2019, 9, 7)),
    "163/3": ('奖金711万元！"中国诺贝尔奖"首位获奖女性啥来头?', date(2019, 9, 8)),
    "baijiahao/1": (
        "英国美女在殡仪馆工作太痛苦，转行当美人鱼！每小时收入近千元",
        date(2019, 10, 8),
    ),
    "hexun/1": ("交通运输部：着力打造京津冀区域综合立体交通网络", date(2019, 9, 26)),
    "other/1": (
        "全国人民代表大会常务委员会关于批准财政部发行特别国债购买外汇及调整2007 "
        "年末国债余额限额的决议",
        date(2007, 8, 20),
    ),
    "people/1": ("女儿出嫁，郑板桥画了几笔兰花当嫁妆", date(2019, 6, 15)),
    "shanxi/1": ("山西品牌丝路行（南美站）正式启动", date(2019, 9, 18)),
    "toutiao/2": ("最不愁吃肉的国家：顿顿有肉吃，却要靠中国运输蔬菜水果", date(2019, 9, 8)),
    "xinhuanet/1": ("法国全国大罢工再次严重影响交通", date(2019, 12, 10)),
}


def page(relative: str) -> str:
    path = NEWS_HTML / relative
    if not path.is_file():
        pytest.skip(f"missing {path}")
    decoded = decode(path.read_bytes())
    assert isinstance(decoded, Decoded)
    return decoded.text


@pytest.mark.parametrize("key", sorted(PAGES))
def test_news_page_title_and_date(key):
    name = "tests/qq/qq.html" if key == "qq/qq" else f"tests/{key}.html"
    got = extract_html(page(name))
    assert isinstance(got, Extracted)
    assert (got.title, got.published) == PAGES[key]
    # toutiao/2 is a slide show with one caption on the page, hexun/1 a one-paragraph report
    assert got.body.count("。") >= (1 if key in ("toutiao/2", "hexun/1") else 3)


def test_163_body_stops_before_comments_and_link_lists():
    got = extract_html(page("tests/163/1.html"))
    assert isinstance(got, Extracted)
    assert got.body.endswith("这需要龙湖给投资者作一个交代。")
    assert "网友评论" not in got.body and "\n- " not in got.body


def test_hexun_body_is_found_where_trafilatura_misses_it():
    got = extract_html(page("tests/hexun/1.html"))
    assert isinstance(got, Extracted)
    assert "1.5小时交通圈" in got.body


@pytest.mark.parametrize("name", ["test_list_page/163/1.html", "test_list_page/tieba/1.html"])
def test_list_pages_are_skipped(name):
    got = extract_html(page(name))
    assert isinstance(got, Skip)
    assert got.reason.startswith("not an article: list page")


ARTICLE = (
    "<html><head><title>开发区建设提速_某某新闻网</title></head><body>"
    "<div class=nav><a href=/>首页</a> <a href=/n>新闻中心</a></div>"
    "<h1>开发区建设提速</h1><div class=info>来源：新华日报 发布时间：2018-07-09 11:18</div>"
    "<div class=content><p>全市开发区贡献了52.3%的GDP，增长明显。</p>"
    "<p>园区新签约亿元以上项目309个，同比增长33.2%。</p>"
    "<p>下一步将持续深化园区改革，推动高质量发展。</p></div>"
    "<div class=share>分享到：微信 微博</div><div class=footer>版权所有 某某新闻网</div>"
    "</body></html>"
)


def test_small_article_page():
    got = extract_html(ARTICLE)
    assert isinstance(got, Extracted)
    assert (got.title, got.published, got.source) == (
        "开发区建设提速",
        date(2018, 7, 9),
        "新华日报",
    )
    assert got.body.startswith("全市开发区贡献了52.3%的GDP")
    assert "首页" not in got.body and "分享到" not in got.body and "版权所有" not in got.body


def test_page_with_early_end_tag_is_read_to_the_end():
    html = ARTICLE.replace("<div class=nav>", "</body></html><div class=nav>")
    got = extract_html(html)
    assert isinstance(got, Extracted)
    assert "园区新签约亿元以上项目309个" in got.body


@pytest.mark.parametrize("html", ["", "   ", "<html></html>", "<p>短</p>"])
def test_empty_pages_are_skipped(html):
    assert isinstance(extract_html(html), Skip)


def test_deeply_nested_page_does_not_crash():
    html = (
        "<html><body>" + "<div>" * 5000 + "<p>开发区建设。</p>" + "</div>" * 5000 + "</body></html>"
    )
    assert isinstance(extract_html(html), (Extracted, Skip))


def test_multi_megabyte_page_does_not_crash():
    paragraph = "<p>开发区坚持项目为王，全年新签约亿元以上项目309个，同比增长33.2%。</p>"
    html = "<html><head><title>园区综述</title></head><body><div>" + paragraph * 40000
    got = extract_html(html + "</div></body></html>")
    assert isinstance(got, (Extracted, Skip))


@settings(max_examples=30, deadline=None)
@given(st.text(max_size=400))
def test_extract_html_never_raises(text):
    assert isinstance(extract_html(text), (Extracted, Skip))


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "<div>",
                "</div>",
                "<p>",
                "</p>",
                "<a href=x>",
                "</a>",
                "<h1>",
                "</h1>",
                "<title>",
                "</title>",
                "</html>",
                "开发区。",
                "来源：新华日报",
                "2018-07-09",
                "<script>",
                "&amp;",
                "<!--",
            ]
        ),
        max_size=40,
    )
)
def test_extract_html_never_raises_on_tag_soup(parts):
    assert isinstance(extract_html("".join(parts)), (Extracted, Skip))


def _article(html: str) -> Extracted:
    got = extract_html(html)
    assert isinstance(got, Extracted), got
    return got


def test_related_news_box_at_the_top_of_the_content_keeps_the_article():
    box = (
        "<div class=xg><p>相关新闻：</p><ul><li><a href=/a>省级开发区考核结果公布</a></li>"
        "<li><a href=/b>综保区进出口再创新高</a></li></ul></div>"
    )
    ad = "<div class=ad><p>招商热线：400-000-0000，欢迎来电咨询。</p></div>"
    got = _article(news_page(body=box + body_html(), after=ad))
    assert got.body.split("\n") == list(PARAGRAPHS)


def test_hidden_pop_ups_disclaimers_and_credit_lines_are_not_the_body():
    body = (
        "<p>作者：王五</p>"
        + body_html()
        + "<div style='display:none'><p>登录后才能发表评论，请先登录。</p></div>"
        "<p>本文仅代表作者个人观点，不代表本站立场。</p><p>（责任编辑：张三）</p>"
    )
    got = _article(news_page(body=body))
    assert got.body.split("\n") == list(PARAGRAPHS)
    assert "登录后才能发表评论，请先登录。" in got.removed


def test_a_menu_run_inside_the_content_is_dropped():
    menu = "<div class=tags>" + "".join(
        f"<span>{w}</span><br>" for w in "首页 要闻 政务 招商 园区".split()
    )
    got = _article(
        news_page(body=body_html(PARAGRAPHS[:2]) + menu + "</div>" + body_html(PARAGRAPHS[2:]))
    )
    assert got.body.split("\n") == list(PARAGRAPHS)


def test_fallback_when_no_block_of_sentences_is_found():
    # one long paragraph of table cells: no element holds two sentence marks, the page text does
    cells = "".join(f"<td>{p}</td>" for p in PARAGRAPHS)
    got = _article(news_page(body=f"<table><tr>{cells}</tr></table>"))
    assert got.body.count("。") == 4


def test_old_table_layout_gbk_page_with_a_font_headline_and_a_site_title():
    nav = "".join(
        f"<td><a href=/c{i}>{w}</a></td>" for i, w in enumerate("首页 园区概况 新闻中心".split())
    )
    side = "".join(
        f"<tr><td><a href=/n{i}>·园区第{i}季度经济运行情况通报</a></td><td>2019-0{i}-1{i}</td></tr>"
        for i in range(1, 9)
    )
    content = "<br>".join(f"&nbsp;&nbsp;{p}" for p in PARAGRAPHS)
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        "<title>某某经济技术开发区管理委员会</title></head><body>"
        f"<table><tr>{nav}</tr></table><table><tr><td><table>{side}</table></td><td><table>"
        "<tr><td>当前位置：<a href=/>首页</a> &gt; <a href=/news>新闻中心</a> &gt; 园区动态"
        "</td></tr><tr><td align=center><font size=5><b>开发区二季度项目集中开工 总投资86亿元"
        "</b></font></td></tr>"
        "<tr><td>发布时间：2019年10月31日 来源：开发区管委会 浏览次数：1024 "
        "【字体：<a>大</a> <a>中</a> <a>小</a>】</td></tr>"
        f"<tr><td class=content>{content}</td></tr>"
        "<tr><td>【<a href=#>打印本页</a>】【<a href=#>关闭窗口</a>】</td></tr></table></td></tr>"
        "</table><p>版权所有：某某经济技术开发区管理委员会</p></body></html>"
    )
    decoded = decode(html.encode("gbk"))
    assert isinstance(decoded, Decoded)
    got = _article(decoded.text)
    assert (got.title, got.published, got.source) == (
        "开发区二季度项目集中开工 总投资86亿元",
        date(2019, 10, 31),
        "开发区管委会",
    )
    assert got.body.split("\n") == list(PARAGRAPHS)


def test_the_headline_repeated_in_a_sidebar_link_is_still_the_headline():
    html = news_page(
        title="开发区二季度项目集中开工_某某新闻网",
        header="<h3>开发区二季度项目集中开工</h3><p>2019-10-31</p>",
        after="<ul><li><a href=/x>开发区二季度项目集中开工</a></li></ul>",
    )
    assert _article(html).title == "开发区二季度项目集中开工"


def test_source_in_the_element_after_its_label():
    header = (
        "<h1>开发区建设提速</h1><p>时间：2019-09-18</p><span>来源：</span><span>山西日报</span>"
    )
    assert (
        _article(
            news_page(header=header.replace("<span>", "<div>").replace("</span>", "</div>"))
        ).source
        == "山西日报"
    )


def test_a_short_headline_a_sidebar_links_to_on_a_page_of_many_links_is_an_article():
    links = "".join(
        f"<li><a href=/n{i}>园区第{i}季度经济运行情况通报发布</a></li>" for i in range(60)
    )
    html = news_page(
        title="国际联播快讯",
        header="<h3>国际联播快讯</h3><div>分享到：</div><div>923</div><p>2019-09-07 15:10</p>",
        after=f"<ul><li><a href=/x>国际联播快讯</a></li>{links}</ul>",
    )
    got = _article(html)
    assert (got.title, got.body.split("\n")) == ("国际联播快讯", list(PARAGRAPHS))


def test_a_tag_with_200000_attributes_is_read_as_its_bare_name():
    from search.extract.html import MAX_TAG_CHARS, bare_long_tags

    attrs = " ".join(f'a{i}="x"' for i in range(200_000))
    body = "苏州工业园区今年新签约项目三十个，总投资一百亿元。园区聚焦生物医药和纳米技术产业。"
    page = f"<html><head><title>园区新闻</title></head><body><p {attrs}>{body}</p></body></html>"
    # libxml2 and htmldate take quadratic time on such a tag (40,000 attributes: 7.6 s)
    assert bare_long_tags(page) == (
        f"<html><head><title>园区新闻</title></head><body><p>{body}</p></body></html>"
    )
    short = f'<p class="{"x" * (MAX_TAG_CHARS - 20)}">{body}</p>'
    assert bare_long_tags(short) == short  # an ordinary tag keeps its attributes
    got = extract_html(page)
    assert isinstance(got, Extracted) and body in got.body
