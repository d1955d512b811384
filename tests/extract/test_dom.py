"""One parse of a page into lines: blocks, <br>, links, headings; hidden elements dropped."""

from search.extract.dom import parse


def texts(html: str) -> list[str]:
    return [line.text for line in parse(html).lines]


def test_one_line_per_block_and_per_br():
    html = "<body><div>甲<b>乙</b>丙<p>丁</p>戊<br>己<div><img></div>庚</div></body>"
    assert texts(html) == ["甲乙丙", "丁", "戊", "己", "庚"]


def test_script_style_and_form_controls_are_no_text():
    html = (
        "<body><p>正文。</p><script>var a = '脚本';</script><style>p{}</style>"
        "<noscript>请开启脚本</noscript><select><option>选项</option></select></body>"
    )
    assert texts(html) == ["正文。"]


def test_hidden_pop_ups_are_dropped_and_kept_for_inspection():
    html = (
        "<body><div style='display: none'>扫码关注我们，领取福利。</div>"
        "<div style='DISPLAY:NONE;'>登录后可以评论。</div><p hidden>隐藏的段落。</p>"
        "<span style='visibility:hidden'>看不见</span><p>开发区建设提速。</p></body>"
    )
    page = parse(html)
    assert [line.text for line in page.lines] == ["开发区建设提速。"]
    assert "扫码关注我们，领取福利。" in page.hidden


def test_a_hidden_element_holding_most_of_the_sentences_is_kept():
    article = "".join(f"<p>第{i}段，开发区建设提速。</p>" for i in range(6))
    html = f"<body><div style='display:none'>{article}</div><p>页脚。</p></body>"
    assert len(parse(html).lines) == 7


def test_link_text_and_headings_are_marked():
    page = parse("<body><h1>标题</h1><li><a href=/x>相关新闻一</a></li><p>正文<a>链接</a>。</p>")
    heading, link, prose = page.lines
    assert heading.heading == 1 and not heading.is_link
    assert link.is_link
    assert not prose.is_link and prose.link_chars == 2


def test_head_fields():
    page = parse(
        "<html><head><title> 标题 _ 网站 </title><meta name=PubDate content='2019-01-02'>"
        "<meta property=og:title content='标题'></head><body></body></html>"
    )
    assert page.title == "标题 _ 网站"
    assert page.metas == {"pubdate": "2019-01-02", "og:title": "标题"}
    assert page.lines == []
