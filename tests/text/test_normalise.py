import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from search.text.normalise import (
    detect_script,
    fold,
    fold_with_offsets,
    nfkc,
    to_simplified,
    to_traditional,
)


def test_fold_width_case_and_script():
    assert fold("ＶＩＰ") == fold("VIP") == "vip"
    assert fold("２０１２年") == "2012年"
    assert fold("經濟開發區") == "经济开发区"
    assert fold("，") == ","


def test_offsets_point_into_the_original():
    text = "鎮江ＶＩＰ開發區"
    folded = fold_with_offsets(text)
    assert folded.text == "镇江vip开发区"
    i = folded.text.index("开发区")
    s, e = folded.source_span(i, i + 3)
    assert text[s:e] == "開發區"


def test_offsets_when_folding_changes_length():
    text = "ﬁ開發區"  # the ligature folds to two characters
    folded = fold_with_offsets(text)
    assert folded.text == "fi开发区"
    s, e = folded.source_span(2, 5)
    assert text[s:e] == "開發區"
    assert folded.source_span(0, 2) == (0, 1)


def test_empty_and_scripts():
    assert fold_with_offsets("").text == ""
    assert fold_with_offsets("").source_span(0, 1) == (0, 0)
    assert detect_script("聚焦開發園區建設，推動經濟高質量發展") == "hant"
    assert detect_script("聚焦开发园区建设，推动经济高质量发展") == "hans"
    assert to_simplified(to_traditional("开发区")) == "开发区"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_nfkc_is_unicode_nfkc(text):
    assert nfkc(text) == unicodedata.normalize("NFKC", text)


def test_nfkc_composes_across_characters():
    # decomposed e + acute, Hangul jamo, half-width katakana with its voicing mark
    for text in ["e\u0301", "\u1100\u1161", "ｶﾞ", "Ａ\u0301", "A\u030a\u0323", "㍿開發區"]:
        assert nfkc(text) == unicodedata.normalize("NFKC", text)
    assert nfkc("ＧＤＰ增長５％，") == "GDP增長5%,"


def test_fold_table_from_a_cold_and_a_warm_cache(tmp_path, monkeypatch):
    """The cached table is the computed one, read back; a corrupt file is made again."""
    from search.text import normalise

    monkeypatch.setenv("ZONESEARCH_CACHE", str(tmp_path))
    computed = dict(normalise._fold_pairs())
    assert computed[ord("Ａ")] == "a" and len(computed[0xFB03]) == 3  # ﬃ → ffi
    tables = []
    for content in (None, None, b"{not json"):
        if content is not None:
            (tmp_path / "fold_table.json").write_bytes(content)
        normalise._fold_table.cache_clear()
        tables.append(normalise._fold_table())
    normalise._fold_table.cache_clear()
    assert (tmp_path / "fold_table.json").exists()
    for table, expanding in tables:
        assert table == computed
        assert expanding.pattern == tables[0][1].pattern
        assert expanding.search("x\ufb03") and not expanding.search("ＡＢ")
