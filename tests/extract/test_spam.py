"""Link-farm, menu and inline-footer cues."""

from __future__ import annotations

from search.extract.spam import cut_inline_footer


def test_inline_footer_is_cut_after_the_last_sentence() -> None:
    line = "开发区今年新签约项目三十个。编辑丨张三 来源丨新华网 MORE延伸阅读"
    assert cut_inline_footer(line) == (
        "开发区今年新签约项目三十个。",
        "编辑丨张三 来源丨新华网 MORE延伸阅读",
    )


def test_lines_without_a_footer_word_are_left_alone() -> None:
    line = "开发区今年新签约项目三十个，总投资一百亿元。"
    assert cut_inline_footer(line) == (line, None)
    # a footer word inside a sentence is not a footer
    assert cut_inline_footer("他的作者身份得到确认。")[1] is None
