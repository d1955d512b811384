"""search/engine/suggest.py: completions by characters, full pinyin, initials, folded input,
from the gazetteer and from each engine's index (its zones, counts and title words)."""

import pytest

from search.engine.suggest import MAX_SUGGESTIONS, build_suggester, gazetteer_suggester


@pytest.fixture(scope="module")
def suggester(zone_view):
    return build_suggester(zone_view)


def texts(suggester, q: str) -> list[str]:
    return [c.text for c in suggester.complete(q)]


def test_prefix_in_characters(suggester) -> None:
    got = suggester.complete("苏州工业")
    assert got[0].text == "苏州工业园区" and got[0].kind == "zone"
    assert got[0].count == 9 and "国家级" in got[0].detail
    assert all(c.text.startswith("苏州工业") for c in got)


def test_full_pinyin(suggester) -> None:
    assert texts(suggester, "suzhougongye")[0] == "苏州工业园区"
    assert texts(suggester, "SuZhou GongYe")[0] == "苏州工业园区"  # case and spaces folded
    assert "苏州市" in texts(suggester, "suzhou")


def test_initials(suggester) -> None:
    assert texts(suggester, "szgyyq")[0] == "苏州工业园区"
    assert "镇江经济技术开发区" in texts(suggester, "zjjjjs")


def test_short_forms_lead_to_the_canonical_name(suggester) -> None:
    assert texts(suggester, "镇江经开")[0] == "镇江经济技术开发区"
    assert texts(suggester, "zhenjiangjingkai")[0] == "镇江经济技术开发区"


def test_traditional_and_full_width_input_is_folded(suggester) -> None:
    assert texts(suggester, "蘇州工業")[0] == "苏州工业园区"
    assert texts(suggester, "ｓｚｇｙｙｑ")[0] == "苏州工业园区"


def test_places_and_index_words_and_uncatalogued_zones(suggester) -> None:
    got = suggester.complete("苏州")
    place = next(c for c in got if c.kind == "place")
    assert place.text == "苏州市" and place.detail == "江苏省" and place.count == 9
    # names with articles first: 苏州市 and 苏州工业园区 (9 each) before the rest
    assert {c.text for c in got[:2]} == {"苏州市", "苏州工业园区"}
    assert "今世缘产业园" in texts(suggester, "今世")
    words = [c for c in suggester.complete("招商") if c.kind == "word"]
    assert words and words[0].count >= 2


def test_frequent_title_words_leave_names_out(zone_view) -> None:
    words = dict(zone_view.frequent_words(50, 2))
    assert words["招商"] == 9 and words["苏州"] == 9 and "苏州工业园区" in words
    assert all(len(w) > 1 and c >= 2 for w, c in words.items())
    assert "第" not in words and "园区日报" not in words  # one character; not a title's word
    kept = zone_view.frequent_words(3, 2, exclude={"苏州", "招商"})
    assert len(kept) == 3 and not {"苏州", "招商"} & {w for w, _ in kept}
    counts = [c for _, c in zone_view.frequent_words(50, 2)]
    assert counts == sorted(counts, reverse=True)


def test_at_most_eight_and_no_repeats(suggester) -> None:
    got = texts(suggester, "s")
    assert len(got) == MAX_SUGGESTIONS and len(set(got)) == len(got)


@pytest.mark.parametrize(
    "q", ["", "   ", "xqxqxq", "!!!", "㊙㊙", "12345", "苏州工业园区的未来" * 3]
)
def test_nonsense_and_empty_input_give_nothing(suggester, q) -> None:
    assert suggester.complete(q) == []


def test_gazetteer_alone_works_without_an_index() -> None:
    got = gazetteer_suggester().complete("szgyyq")
    assert got[0].text == "苏州工业园区" and got[0].count == 0
