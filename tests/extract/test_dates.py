"""The publication date: meta, a date line by the headline, htmldate, the header, the inline
scripts; never the date of a related item."""

from datetime import date

import pytest

from search.extract.dates import in_scripts
from search.extract.html import extract_html
from search.extract.model import Extracted
from tests.extract.pages import news_page

RELATED = (
    "<div class=related><h3>相关新闻</h3><ul>"
    "<li><a href=/a>省级开发区考核结果公布</a><time datetime=2020-01-02>2020-01-02</time></li>"
    "<li><a href=/b>综保区进出口再创新高</a><time datetime=2020-01-03>2020-01-03</time></li>"
    "<li><a href=/c>高新区新签约项目十个</a><time datetime=2020-01-04>2020-01-04</time></li>"
    "</ul></div>"
)


def published(html: str) -> date | None:
    got = extract_html(html)
    assert isinstance(got, Extracted), got
    return got.published


def test_a_related_items_time_is_not_the_articles_date():
    html = news_page(header="<h1>开发区建设提速</h1>", after=RELATED)
    assert published(html) is None


def test_a_related_items_time_loses_to_the_articles_own_time():
    header = "<h1>开发区建设提速</h1><time datetime=2019-03-05>2019-03-05</time>"
    assert published(news_page(header=header, after=RELATED)) == date(2019, 3, 5)


@pytest.mark.parametrize(
    "line",
    [
        "时间：2019年10月31日",
        "发布时间：2019-10-31 09:30 来源：某某日报",
        "2019年10月31日 09:30 来源：开发区管委会",
        "日期：2019/10/31 浏览次数：1024",
    ],
)
def test_a_date_line_in_the_header_above_the_body(line):
    html = news_page(header=f"<h1>开发区建设提速</h1><div class=bar>{line}</div>", after=RELATED)
    assert published(html) == date(2019, 10, 31)


def test_a_date_split_over_elements_beside_the_headline():
    header = (
        "<h1>开发区建设提速</h1><div class=stick><div class=year><span>2019</span></div>"
        "<div class=md>10/31</div><div class=time>19:02</div></div>"
    )
    assert published(news_page(header=header)) == date(2019, 10, 31)


@pytest.mark.parametrize(
    "script",
    [
        'var pubtime = "2019-10-31 10:00:00";',
        'window.DATA = {"publish_time": "2019/10/31 10:00"};',
        "var article = {createTime: 1572487200};",  # 2019-10-31 10:00 Beijing time
        'var info = {"first_publish_date": "2019年10月31日"};',
    ],
)
def test_a_date_only_in_an_inline_script(script):
    html = news_page(header="<h1>开发区建设提速</h1>").replace(
        "</head>", f"<script>{script}</script></head>"
    )
    assert published(html) == date(2019, 10, 31)


def test_meta_comes_first():
    html = news_page(
        head='<meta property="article:published_time" content="2018-07-09T11:18:00+08:00">',
        header="<h1>开发区建设提速</h1><p>2019-01-01</p>",
    )
    assert published(html) == date(2018, 7, 9)


@pytest.mark.parametrize("script", ['var pubtime = "1970-01-01";', "var createTime = 99;", ""])
def test_scripts_without_a_plausible_date(script):
    assert in_scripts(f"<script>{script}</script>") is None


def test_a_labelled_date_just_below_the_body():
    after = "<div class=foot-info>【发布日期：2019-10-31】【<a href=#>打印</a>】</div>" + RELATED
    assert published(news_page(header="<h1>开发区建设提速</h1>", after=after)) == date(2019, 10, 31)


def test_the_address_dates_a_page_that_states_no_date():
    html = news_page(header="<h1>开发区建设提速</h1>")
    got = extract_html(html, url="http://news.example.cn/2019-10/31/c_1125178024.htm")
    assert isinstance(got, Extracted) and got.published == date(2019, 10, 31)


def test_the_time_a_page_was_generated_is_not_its_date():
    stamp = '<meta name="others" content="页面生成时间 2023-10-23 11:23:36">'  # TRS sites
    assert published(news_page(header="<h1>开发区建设提速</h1>", head=stamp)) is None
