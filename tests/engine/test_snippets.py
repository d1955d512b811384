import re
from pathlib import Path

from search.engine.snippets import FRAGMENT_CHARS, MAX_FRAGMENTS, highlight, snippet

SEED_000 = next((Path(__file__).resolve().parents[2] / "seeds").glob("000_*.txt"))
MARKED = re.compile(r"<mark>(.*?)</mark>")


def test_whole_word_never_half():
    out = snippet("他们学习马克思主义理论。", frozenset({"马克"}))
    assert "<mark>马克</mark>思" not in out
    assert MARKED.findall(out) == ["马克思主义"]


def test_false_string_hit_is_not_marked():
    # the string 园区 straddles two words (花园 区域): not a match of the word 园区
    out = snippet("小区花园区域绿化。", frozenset({"园区"}))
    assert "<mark>" not in out


def test_traditional_text_highlighted_for_simplified_terms():
    out = snippet("鎮江經濟開發區是發展工業經濟的主戰場。", frozenset({"开发区"}))
    assert MARKED.findall(out) == ["鎮江經濟開發區"] or MARKED.findall(out) == ["經濟開發區"]


def test_html_is_escaped_only_mark_added():
    out = snippet("<script>alert(1)</script> 开发区 & 园区", frozenset({"开发区"}))
    assert "script&gt;" in out and "&amp;" in out
    assert re.sub(r"</?mark>", "", out).count("<") == 0


def test_fragments_few_short_and_cut_at_boundaries():
    sentence = "这是一段与主题无关的填充文字，用来拉开距离。"
    text = (sentence * 6 + "镇江经开区建设提速。" + sentence * 6 + "开发区招商成效明显。") * 3
    out = snippet(text, frozenset({"镇江经开区", "开发区"}))
    parts = [p for p in out.split("…") if p]
    assert 1 <= len(parts) <= MAX_FRAGMENTS
    for p in parts:
        plain = re.sub(r"</?mark>", "", p)
        assert len(plain) <= FRAGMENT_CHARS + 10
        assert plain[-1] in "。，" or plain.endswith("提速") or plain.endswith("明显")
    assert "<mark>镇江经开区</mark>" in out and "<mark>开发区</mark>" in out


def test_best_window_has_most_distinct_terms():
    text = "开发区。" + "无关内容，" * 40 + "镇江开发区招商引资成效显著。" + "无关内容，" * 40
    out = snippet(text, frozenset({"镇江", "开发区", "招商引资"}))
    first = out.split("…")[1] if out.startswith("…") else out.split("…")[0]
    assert "招商引资" in first or "招商引资" in out


def test_no_match_gives_the_lead():
    out = snippet("第一句。第二句。", frozenset({"没有"}))
    assert out == "第一句。第二句。"
    assert snippet("", frozenset({"x"})) == ""


def test_title_highlight():
    assert highlight("聚焦開發園區建設", frozenset({"开发园区"})) == "聚焦<mark>開發園區</mark>建設"
    assert highlight("", frozenset()) == ""


def test_seed_000_traditional_snippet():
    text = SEED_000.read_text(encoding="utf-8")
    out = snippet(text, frozenset({"开发园区", "整合", "提升"}))
    assert "<mark>開發園區</mark>" in out
    assert "开发园区" not in out
    assert any(c in out for c in "與鎮區")  # traditional characters kept
    assert 1 <= len([p for p in out.split("…") if p]) <= MAX_FRAGMENTS
