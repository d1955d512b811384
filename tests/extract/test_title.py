"""The headline: heading-like candidates checked against <title>; site, column and keyword
suffixes off; section headings, captions, bylines and speaker lines are no headline."""

import pytest

from search.extract.dom import parse
from search.extract.html import extract_html
from search.extract.meta import is_caption_or_byline
from search.extract.model import Extracted
from search.extract.title import choose
from tests.extract.pages import news_page


def title_of(html: str) -> str | None:
    got = extract_html(html)
    assert isinstance(got, Extracted), got
    return got.title


@pytest.mark.parametrize(
    ("page_title", "header", "want"),
    [
        # a site suffix glued on with a hyphen and no spaces around it
        (
            "FPGA加速卡一块顶十块GPU-EDN 电子技术设计",
            "<div class=article-title>FPGA加速卡一块顶十块GPU</div>",
            "FPGA加速卡一块顶十块GPU",
        ),
        # a keyword list as the suffix
        (
            "嫦娥五号探月全过程一图看懂-中国,嫦娥五号,月球,航天",
            "<h2>嫦娥五号探月全过程一图看懂</h2>",
            "嫦娥五号探月全过程一图看懂",
        ),
        # the site name after a space, and the headline in an <h1>
        (
            "全省中医护理专业技能大赛 湖南省中医药研究院附属医院",
            "<h1>全省中医护理专业技能大赛</h1>",
            "全省中医护理专业技能大赛",
        ),
        # a label glued before the headline in the heading: <h2><span>原创</span>…</h2>
        (
            "开发区建设提速",
            "<h2 class=title><span>原创</span>开发区建设提速</h2>",
            "开发区建设提速",
        ),
    ],
)
def test_suffixes_and_labels_are_not_the_headline(page_title, header, want):
    html = news_page(title=page_title, header=header + "<p class=info>2018-07-09 11:18</p>")
    assert title_of(html) == want


def test_site_name_after_a_space_is_stripped_when_the_footer_names_the_site():
    html = news_page(
        title="全省中医护理专业技能大赛 湖南省中医药研究院附属医院",
        header="<p class=info>发布时间：2019-10-31</p>",
        footer="<div class=footer>版权所有：湖南省中医药研究院附属医院</div>",
    )
    assert title_of(html) == "全省中医护理专业技能大赛"


@pytest.mark.parametrize(
    "header",
    [
        "<h2>新闻动态</h2><h4>市经开区召开二季度项目推进会</h4>",
        "<h3>明日股市预测</h3><h5>市经开区召开二季度项目推进会</h5>",
        "<div class=column>新闻动态</div><div class=news-title>市经开区召开二季度项目推进会</div>",
    ],
)
def test_section_heading_is_not_taken_for_the_h4_h5_or_div_title_headline(header):
    html = news_page(
        title="新闻动态 - 明日股市预测 - 某某经济开发区管委会",
        header=f"<div class=crumb><a href=/>首页</a> &gt; <a href=/n>新闻动态</a></div>{header}"
        "<p>时间：2019-10-31</p>",
    )
    assert title_of(html) == "市经开区召开二季度项目推进会"


@pytest.mark.parametrize(
    "line",
    [
        "政府工作报告。 贵州日报天眼新闻记者 李森 摄",
        "省长 罗东川",
        "贵州省人民政府省长 李炳军",
        "图为开发区夜景（新华社记者 张三 摄）",
        "本报记者 李森",
        "作者：王五",
    ],
)
def test_captions_bylines_and_speaker_lines_are_no_headline(line):
    assert is_caption_or_byline(line)


@pytest.mark.parametrize(
    "line",
    [
        "国务院总理李强出席开发区建设座谈会",
        "2026年贵州省政府工作报告",
        "记者调查：园区为何空转",
        "李强举行仪式欢迎巴基斯坦总理访华",
    ],
)
def test_headlines_are_not_mistaken_for_captions(line):
    assert not is_caption_or_byline(line)


def test_caption_and_speaker_above_a_report_are_passed_over():
    html = news_page(
        title="贵州省人民政府",
        header="<h3>政府工作报告。 贵州日报天眼新闻记者 李森 摄</h3><h3>省长 罗东川</h3>"
        "<h2>2026年贵州省政府工作报告</h2>",
    )
    assert title_of(html) == "2026年贵州省政府工作报告"


def test_no_heading_and_a_plain_title_gives_the_title_head():
    page = parse(news_page(title="开发区建设提速_某某新闻网", header=""))
    assert choose(page, len(page.lines)) == ("开发区建设提速", None)
