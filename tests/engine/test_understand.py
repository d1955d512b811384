from search.engine.querylang import And, Not, Or, Text, Years, parse
from search.engine.understand import understand


def got(text):
    u = understand(parse(text))
    return u.node, u.years


def test_a_year_word_becomes_a_preference():
    assert got("2019年 临港新片区 设立") == (And((Text("临港新片区"), Text("设立"))), (2019,))
    assert got("2019 临港新片区") == (Text("临港新片区"), (2019,))
    assert got("２０１９年 自贸区") == (Text("自贸区"), (2019,))  # full-width digits


def test_a_year_inside_a_word_needs_its_nian():
    assert got("2019年临港新片区设立") == (Text("临港新片区设立"), (2019,))
    assert got("2019年度报告") == (Text("报告"), (2019,))
    assert got("开发区 2019年8月") == (Text("开发区"), (2019,))
    assert got("2000亩 开发区") == (And((Text("2000亩"), Text("开发区"))), ())
    assert got("1990年代 开发区") == (And((Text("1990年代"), Text("开发区"))), ())


def test_quoted_text_and_fields_stay_exact():
    assert got('"2019年" 临港') == (And((Text("2019年", phrase=True), Text("临港"))), ())
    assert got("title:2019 临港") == (And((Text("2019", field="title"), Text("临港"))), ())


def test_years_inside_or_and_not_are_words():
    node, years = got("(2019 OR 2020) 开发区")
    assert years == () and isinstance(node, And) and isinstance(node.nodes[0], Or)
    node, years = got("开发区 -2019年")
    assert years == () and node == And((Text("开发区"), Not(Text("2019年"))))


def test_a_query_of_years_only_browses_them():
    assert got("2019年") == (Years(2019, 2019), ())
    assert got("2019年 2020年") == (Or((Years(2019, 2019), Years(2020, 2020))), ())
    assert got("2019年 -开发区") == (And((Years(2019, 2019), Not(Text("开发区")))), ())


def test_no_text_no_change():
    assert understand(parse("")).node is None
    assert got("year:2019 开发区") == (And((Years(2019, 2019), Text("开发区"))), ())
