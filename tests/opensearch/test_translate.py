from search.engine.querylang import parse
from search.opensearch.translate import MATCH_NONE, Values, compile_query

VALUES = Values(
    regions=["江苏省", "江苏省/镇江市"],
    zones=["镇江经济技术开发区"],
    mentions=["江苏省", "江苏省/镇江市", "上海市"],
    expand=lambda char: ["园区", "工业园区"] if char == "园" else [],
)


def compiled(text: str):
    return compile_query(parse(text), VALUES)


def test_words_are_terms_on_title_and_body() -> None:
    c = compiled("开发区")
    must = c.query["bool"]["must"][0]
    fields = {next(iter(q["term"])) for q in must["bool"]["should"]}
    assert fields == {"title", "body"}
    assert c.terms == frozenset({"开发区"})


def test_a_phrase_is_match_phrase_with_the_stop_words_slop() -> None:
    q = compiled('"园区的建设"').query["bool"]["must"][0]
    phrase = q["bool"]["should"][0]["match_phrase"]["title"]
    assert phrase["query"] == "园区 建设" and phrase["slop"] == 1


def test_negation_and_filters() -> None:
    q = compiled("开发区 -高新区 year:2019..2021 region:镇江").query["bool"]["must"][0]
    assert q["bool"]["must_not"]
    assert {"range": {"year": {"gte": 2019, "lte": 2021}}} in q["bool"]["must"]
    assert {"terms": {"region": ["江苏省/镇江市"]}} in q["bool"]["must"]


def test_mentions_is_a_terms_query_on_the_places_named() -> None:
    assert compiled("mentions:上海").query == {"terms": {"mentions": ["上海市"]}}
    assert compiled("region:上海").query["match_none"] == {}


def test_unknown_region_matches_nothing_and_says_so() -> None:
    c = compiled("region:火星")
    assert c.query == MATCH_NONE
    assert any("火星" in n for n in c.notes)


def test_one_character_expands_to_the_lexicon() -> None:
    assert compiled("园").terms == frozenset({"园", "园区", "工业园区"})


def test_nothing_to_search_for() -> None:
    assert compiled("的").query is None
    assert compiled("").query is None
