from hypothesis import given, settings
from hypothesis import strategies as st

from search.engine.querylang import (
    MAX_QUERY_CHARS,
    And,
    Facet,
    Not,
    Or,
    Parsed,
    Text,
    Years,
    parse,
    positive_texts,
)


def node(text):
    return parse(text).node


def test_words_are_anded():
    assert node("镇江 开发区") == And((Text("镇江"), Text("开发区")))
    assert node("镇江 AND 开发区") == node("镇江 开发区")


def test_or_and_parentheses():
    assert node("镇江 OR 常州") == Or((Text("镇江"), Text("常州")))
    assert node("(镇江 OR 常州) 开发区") == And((Or((Text("镇江"), Text("常州"))), Text("开发区")))
    assert node("镇江 | 常州") == node("镇江 or 常州")


def test_minus_and_not_exclude():
    assert node("开发区 -高新区") == And((Text("开发区"), Not(Text("高新区"))))
    assert node("开发区 NOT 高新区") == node("开发区 -高新区")
    assert node('开发区 -"高新区 建设"') == And(
        (Text("开发区"), Not(Text("高新区 建设", phrase=True)))
    )


def test_quoted_phrases_any_quote_style():
    assert node('"镇江经开区"') == Text("镇江经开区", phrase=True)
    assert node("“镇江经开区”") == Text("镇江经开区", phrase=True)
    assert node("「镇江经开区」") == Text("镇江经开区", phrase=True)


def test_field_prefixes():
    assert node("title:镇江") == Text("镇江", field="title")
    assert node("source:新华日报") == Text("新华日报", field="source")
    assert node("region:江苏") == Facet("region", "江苏")
    assert node("zone:镇江经开区") == Facet("zone", "镇江经开区")
    assert node('title:"经开区 建设"') == Text("经开区 建设", phrase=True, field="title")
    assert node("地区：江苏") == Facet("region", "江苏")
    assert node("http://example.com") == Text("http://example.com")


def test_year_and_ranges():
    assert node("year:2020") == Years(2020, 2020)
    assert node("year:2019..2024") == Years(2019, 2024)
    assert node("year:2024..2019") == Years(2019, 2024)
    assert node("year:2019..") == Years(2019, None)
    assert node("year:..2024") == Years(None, 2024)
    parsed = parse("year:去年 开发区")
    assert parsed.node == Text("开发区") and parsed.notes


def test_accidental_input_is_noted_not_raised():
    assert parse('"开发区').node == Text("开发区", phrase=True)
    assert parse('"开发区').notes
    assert parse("-").node is None and parse("-").notes
    assert parse("(开发区").node == Text("开发区")
    assert parse("开发区)").node == Text("开发区") and parse("开发区)").notes
    assert parse("").node is None
    assert parse("😀").node == Text("😀")  # nothing searchable: the compiler drops it
    long = parse("开发区" * 700)
    assert "查询过长" in long.notes[0]
    assert len(long.node.text) <= MAX_QUERY_CHARS


def test_html_is_stripped():
    assert node("<b>开发区</b>") == Text("开发区")
    assert "<" not in repr(node("<script>alert(1)</script>"))


def test_positive_texts_skip_negations():
    texts = positive_texts(node("镇江 -常州 (园区 OR 开发区)"))
    assert [t.text for t in texts] == ["镇江", "园区", "开发区"]


QUERY_ALPHABET = st.sampled_from(
    list('镇江开发区园經濟 ()（）"“”「-－:：|&*.~')
    + ["OR", "AND", "NOT", "title:", "year:", "region:", "zone:", "source:", "..", "<b>", "😀"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(QUERY_ALPHABET, max_size=40).map("".join))
def test_any_query_parses(text):
    parsed = parse(text)
    assert isinstance(parsed, Parsed)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_unicode_parses(text):
    assert isinstance(parse(text), Parsed)
