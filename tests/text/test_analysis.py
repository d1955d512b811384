from whoosh.analysis import Token

from search.text.analysis import (
    STOP_WORDS,
    TokenTable,
    analyzer,
    compound_parts,
    index_tokens,
    index_words,
    is_dictionary_word,
    query_units,
    segment,
    sub_words,
    text_postings,
)


def words(text, **kw):
    return [(w.text, w.pos, w.sub) for w in segment(text, **kw)]


def test_domain_names_are_not_split():
    texts = [w for w, _, sub in words("镇江经开区列全国第一") if not sub]
    assert texts[0] == "镇江经开区"


def test_positions_are_word_ordinals_and_subwords_share_them():
    got = words("镇江经济开发区建设")
    main = [(t, p) for t, p, sub in got if not sub]
    assert [p for _, p in main] == list(range(len(main)))
    pos = dict(main)
    subs = {t: p for t, p, sub in got if sub}
    assert "开发区" in subs
    host = next(t for t, _ in main if "开发区" in t)
    assert subs["开发区"] == pos[host]


def test_no_subwords_on_the_query_side():
    assert all(not sub for _, _, sub in words("镇江经济开发区", subwords=False))


def test_spans_point_into_traditional_original():
    text = "鎮江經濟開發區"
    for w in segment(text):
        if w.text == "开发区":
            assert text[w.start : w.end] == "開發區"
            break
    else:
        raise AssertionError("开发区 not found as a sub-word")


def test_stop_words_are_dropped_but_keep_their_position():
    got = words("开发区的建设", subwords=False)
    assert ("的" in STOP_WORDS) and all(t != "的" for t, _, _ in got)
    assert [p for _, p, _ in got] == [0, 2]


def test_width_folding_in_tokens():
    assert [t for t, _, _ in words("ＶＩＰ")] == ["vip"] == [t for t, _, _ in words("VIP")]


def test_sub_words_short_word():
    assert sub_words("园区") == []
    assert "开发区" in sub_words("经济开发区")


def test_whoosh_tokenizer_protocol():
    ana = analyzer()
    toks = [
        (t.text, t.pos, t.startchar, t.endchar) for t in ana("開發區", positions=True, chars=True)
    ]
    assert toks[0] == ("开发区", 0, 0, 3)
    query_side = [t.text for t in ana("经济开发区", mode="query")]
    assert query_side == ["经济开发区"]
    assert isinstance(next(iter(ana("x"))), Token)
    assert ana == analyzer()


def test_dictionary_words_include_the_domain_dictionary():
    assert is_dictionary_word("开发区") and is_dictionary_word("镇江经开区")
    assert not is_dictionary_word("发区") and not is_dictionary_word("")


def test_segments_like_python_jieba_without_hmm():
    text = "南京经济技术开发区GDP增长5.2%，abc 园区"
    assert [w.text for w in segment(text, subwords=False, stop=False)] == [
        "南京经济技术开发区",
        "gdp",
        "增长",
        "5",
        "2",
        "abc",
        "园区",
    ]


def test_index_words_are_segment_without_spans():
    text = "鎮江經濟技術開發區的ＧＤＰ增長5.2%，园区与经济开发区、镇江经开区 and AI 开发区开发区。"
    assert list(index_words(text)) == [(w.text, w.pos) for w in segment(text)]
    assert list(index_words("")) == []


def test_text_postings_match_whoosh_field_index():
    from whoosh.fields import TEXT

    from search.segments.positions import VarintPositions

    text = "经济开发区建设开发区，开发区的经济；镇江經開區"
    for phrase in (True, False):
        field = TEXT(analyzer=analyzer(), phrase=phrase, field_boost=3.0)
        encode = field.format.encode if phrase else None
        fast = text_postings(text, encode=encode, boost=3.0)
        assert sorted(fast) == sorted(field.index(text))
    field = TEXT(analyzer=analyzer(), phrase=True, field_boost=3.0)
    field.format = VarintPositions(field_boost=3.0)
    fast = text_postings(text, encode=field.format.encode, boost=3.0)
    assert sorted(fast) == sorted(field.index(text))


def test_token_table_holds_what_index_words_makes_of_each_token():
    text = "鎮江經濟技術開發區的ＧＤＰ增長5.2%，经济开发区 and AI 开发区"
    table = TokenTable()
    expected = []
    pos = 0
    for token in index_tokens(text):
        i = table[token]
        assert table[token] == i  # one id a token
        if table.takes_position[i]:
            first, n = table.first[i], table.count[i]
            expected += [(table.terms[t].decode(), pos) for t in table.flat[first : first + n]]
            pos += 1
    assert expected == list(index_words(text))
    assert table["，"] == table["，"] and not table.takes_position[table["，"]]
    assert table.count[table["的"]] == 0 and table.takes_position[table["的"]]  # a stop word


JIEBA_ALONE = """
import sys
from search.text.analysis import segment
words = [w.text for w in segment("镇江经开区推进园区整合")]
assert "rjieba" not in sys.modules, "the rjieba package ran its import-time default Jieba"
import rjieba
assert rjieba.Jieba is sys.modules["rjieba.rjieba"].Jieba
assert rjieba.cut("镇江经开区推进园区整合") == rjieba.Jieba().cut("镇江经开区推进园区整合")
assert [w.text for w in segment("镇江经开区推进园区整合")] == words
print(" ".join(words))
"""


def test_segmenter_loads_rjieba_without_its_default_instance():
    """Our Jieba comes without the package's own; `import rjieba` still works beside it."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", JIEBA_ALONE],
        capture_output=True,
        text=True,
        cwd=root,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [w.text for w in segment("镇江经开区推进园区整合")]


def units(text):
    return [(u.text, u.exact, [w.text for w in u.words]) for u in query_units(text)]


def test_an_unknown_word_is_one_exact_unit():
    # jieba knows neither: it leaves single characters beside dictionary words
    assert units("大数据") == [("大数据", True, ["大", "数据"])]
    assert units("中新苏州工业园区") == [("中新苏州工业园区", True, ["中", "新", "苏州工业园区"])]
    assert units("大数据的发展") == [("大数据", True, ["大", "数据"]), ("发展", False, ["发展"])]
    assert units("江苏大数据")[0] == ("江苏大数据", True, ["江苏", "大", "数据"])


def test_known_words_stay_words_and_one_character_alone_too():
    assert units("高新区科技创新") == [
        ("高新区", False, ["高新区"]),
        ("科技", False, ["科技"]),
        ("创新", False, ["创新"]),
    ]
    assert units("飞地经济") == [("飞地经济", False, ["飞地经济"])]
    assert units("园") == [("园", False, ["园"])]
    assert units("") == []
    assert units("。，") == []


def test_compound_parts_cover_the_word():
    assert compound_parts("飞地经济") == ("飞地", "经济")
    assert compound_parts("招商引资") == ("招商", "引资")
    assert compound_parts("开发区") == ()  # 开发 + 区: no cover by words of two or more
    assert compound_parts("园区") == ()
    for word in ("苏州工业园区", "经济技术开发区", "高质量发展"):
        assert "".join(compound_parts(word)) == word


def test_a_texts_length_is_its_words_not_its_postings():
    got = text_postings("国家级经济技术开发区建设的成效", encode=None, boost=1.0)
    assert got.length == 4  # 国家级 经济技术开发区 建设 成效 (的 is a stop word)
    assert sum(n for _, n, _, _ in got) > got.length  # the sub-words are postings
