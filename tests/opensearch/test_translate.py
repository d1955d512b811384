from search.engine.querylang import parse
from search.opensearch.translate import MATCH_NONE, Values, compile_query

VALUES = Values(
    regions=["江苏省", "江苏省/镇江市", "上海市"],
    zones=["镇江经济技术开发区"],
    mentions=["江苏省", "江苏省/镇江市", "上海市"],
    expand=lambda char: ["园区", "工业园区"] if char == "园" else [],
    doc_count=lambda: 1000,
    doc_frequency=lambda fieldname, value: 100 if fieldname == "year" else 10,
)


def compiled(text: str):
    return compile_query(parse(text), VALUES)


def leaves(q, kind: str) -> list[tuple[str, object]]:
    """Every (field, value) of the query's leaves of a kind (term, match_phrase, terms...)."""
    out = []
    if isinstance(q, dict):
        for k, v in q.items():
            if k == kind:
                ((f, spec),) = v.items()
                out.append((f, spec["value"] if kind == "term" else spec))
            else:
                out += leaves(v, kind)
    elif isinstance(q, list):
        for item in q:
            out += leaves(item, kind)
    return out


def _boost(q, fieldname: str, value: str) -> float | None:
    """The boost of the term query on fieldname for value, inside q."""
    if isinstance(q, dict):
        spec = q.get("term", {}).get(fieldname)
        if spec and spec["value"] == value:
            return spec["boost"]
        q = list(q.values())
    if isinstance(q, list):
        found = [b for b in (_boost(v, fieldname, value) for v in q) if b is not None]
        return found[0] if found else None
    return None


def test_words_are_terms_on_title_and_body() -> None:
    c = compiled("开发区")
    assert set(leaves(c.query, "term")) == {("title", "开发区"), ("body", "开发区")}
    assert c.terms == frozenset({"开发区"})


def test_a_phrase_is_match_phrase_with_the_stop_words_slop() -> None:
    ((_, phrase), *_) = leaves(compiled('"园区的建设"').query, "match_phrase")
    assert phrase["query"] == "园区 建设" and phrase["slop"] == 1


def test_negation_and_filters() -> None:
    q = compiled("开发区 -高新区 year:2019..2021 region:镇江").query
    assert ("body", "高新区") in leaves(q["bool"]["must_not"], "term")
    assert {"range": {"year": {"gte": 2019, "lte": 2021}}} in q["bool"]["must"]
    assert {"terms": {"region": ["江苏省/镇江市"]}} in q["bool"]["must"]


def test_a_year_in_the_text_is_a_preference() -> None:
    c = compiled("2019年 临港")
    assert c.years == (2019,)
    must, should = c.query["bool"]["must"], c.query["bool"]["should"]
    assert "2019年" not in {v for _, v in leaves(must, "term")}  # not required
    assert ("year", [2019]) in leaves(should, "terms")  # documents of 2019 first
    assert ("body", "2019") in leaves(should, "term")  # its string adds a little
    assert compiled("2019年").query == {"range": {"year": {"gte": 2019, "lte": 2019}}}
    quoted = leaves(compiled('"2019年"').query, "match_phrase")  # quoted: exact
    assert {p["query"] for _, p in quoted} == {"2019 年"}


def test_aliases_and_compound_parts_are_forms_of_one_concept() -> None:
    q = compiled("经开区").query
    assert {"经开区", "经济技术开发区"} <= {v for _, v in leaves(q, "term")}
    assert "dis_max" in q  # one form counts, not each way of writing it
    q = compiled("飞地经济").query
    parts = dict(leaves(q, "match_phrase"))
    assert {p["query"] for p in parts.values()} == {"飞地 经济"}
    for fieldname, phrase in parts.items():  # its parts count for less, in either field
        assert phrase["boost"] < _boost(q, fieldname, "飞地经济")


def test_an_unknown_word_is_its_exact_sequence() -> None:
    q = compiled("大数据").query
    assert {p["query"] for _, p in leaves(q, "match_phrase")} == {"大 数据"}
    assert not leaves(q, "term")  # never its characters one by one


def test_a_place_named_lifts_documents_about_it() -> None:
    should = compiled("镇江 开发区").query["bool"]["should"]
    assert ("region", ["江苏省/镇江市"]) in leaves(should, "terms")


def test_mentions_is_a_terms_query_on_the_places_named() -> None:
    assert compiled("mentions:上海").query == {"terms": {"mentions": ["上海市"]}}
    assert compiled("region:火星").query["match_none"] == {}


def test_unknown_region_matches_nothing_and_says_so() -> None:
    c = compiled("region:火星")
    assert c.query == MATCH_NONE
    assert any("火星" in n for n in c.notes)


def test_one_character_expands_to_the_lexicon() -> None:
    assert compiled("园").terms == frozenset({"园", "园区", "工业园区"})


def test_nothing_to_search_for() -> None:
    assert compiled("的").query is None
    assert compiled("").query is None
