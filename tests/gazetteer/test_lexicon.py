"""domain_terms(): the words jieba must keep whole."""

import rjieba

from search.gazetteer.lexicon import domain_terms


def test_contains_each_kind_of_term():
    terms = domain_terms()
    assert {"镇江市", "镇江", "涟水", "晋中", "江苏"} <= terms  # regions and short forms
    assert {"镇江经济技术开发区", "镇江经开区", "镇江高新区", "镇江综保区"} <= terms  # zones
    assert {"江苏涟水经济开发区", "涟水经济开发区", "涟水经开区"} <= terms
    assert {"经开区", "高新区", "综保区", "开发区", "工业园区", "经济开发区"} <= terms
    assert {"一区多园", "链主企业", "飞地项目"} <= terms


def test_is_lean_and_cached():
    terms = domain_terms()
    assert terms is domain_terms()
    assert len(terms) < 20_000
    assert all(len(t) >= 2 for t in terms)
    assert "新华" not in terms and "合作" not in terms  # common-word short forms stay out


def test_keeps_names_whole_in_jieba():
    tokenizer = rjieba.Jieba()
    for term in domain_terms():
        tokenizer.add_word(term, 1000, None)
    words = tokenizer.cut("镇江经开区与句容经开区推进一区多园,镇江综保区招引链主企业")
    assert {"镇江经开区", "句容经开区", "一区多园", "镇江综保区", "链主企业"} <= set(words)
