"""The article block: the element whose own text and paragraph children hold the most sentences."""

from search.extract.article import find
from search.extract.dom import parse
from search.extract.html import extract_html
from search.extract.model import Extracted
from tests.extract.pages import PARAGRAPHS, news_page

STATEMENT = (
    "<div class=statement><p>声明：本网转载此文，仅为传递信息，不代表本网观点。</p>"
    "<p>如有侵权，请联系我们删除。</p></div>"
)


def test_bare_text_in_a_div_beats_a_short_statement_block_of_paragraphs():
    bare = "<br>".join(PARAGRAPHS)
    got = extract_html(news_page(body=bare, after=STATEMENT))
    assert isinstance(got, Extracted)
    assert got.body.split("\n") == list(PARAGRAPHS)
    assert "声明" not in got.body


def test_paragraphs_split_over_two_containers_are_found_together():
    page = parse(
        "<body><article><p>第一段，开发区建设提速。</p><p>第二段，园区整合提升。</p>"
        "<div><p>第三段，项目开工，投资增长。</p><p>第四段，营商环境改善。</p></div></article>"
        "<div class=side><p>侧栏，一句话。</p></div></body>"
    )
    found = find(page)
    assert found is not None
    assert [line.text[:3] for line in found.lines(page)] == ["第一段", "第二段", "第三段", "第四段"]


def test_link_lists_do_not_count():
    links = "".join(f"<li><a href=/{i}>相关新闻第{i}条，开发区。</a></li>" for i in range(30))
    page = parse(f"<body><ul>{links}</ul><div><p>正文一句，开发区。</p></div></body>")
    found = find(page)
    assert found is not None and found.lines(page)[0].text == "正文一句，开发区。"


def test_no_sentences_no_block():
    assert find(parse("<body><div>首页</div><div>新闻</div></body>")) is None
