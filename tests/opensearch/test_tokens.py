from search.opensearch.tokens import GAP, clean, encode
from search.text.analysis import index_words


def positions(encoded: str) -> list[tuple[str, int]]:
    """What the index analyzer makes of encoded text: sub-words at their word's position,
    gap tokens dropped with their positions kept."""
    out = []
    for pos, token in enumerate(encoded.split(" ")):
        if token != GAP:
            out += [(word, pos) for word in token.split("|")]
    return out


def test_sub_words_share_their_words_position() -> None:
    assert encode("经济开发区建设").split(" ")[0].startswith("经济开发区|")
    assert positions(encode("镇江经济开发区建设")) == list(index_words("镇江经济开发区建设"))


def test_stop_words_leave_a_gap() -> None:
    text = "园区的建设和发展"
    assert GAP in encode(text).split(" ")
    assert positions(encode(text)) == list(index_words(text))


def test_traditional_and_full_width_fold_as_the_index_does() -> None:
    assert encode("開發區ＶＩＰ") == encode("开发区vip")


def test_words_collected_for_one_character_queries() -> None:
    words: set[str] = set()
    encode("苏州工业园区建设。园", words)
    assert "工业园区" in words and "园" not in words


def test_a_token_never_splits() -> None:
    assert clean("a b|c") == "a_b_c"
    assert encode("") == ""
