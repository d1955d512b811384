"""web/params.py: GET parameters to State and back; web/facets.py: tree and chips."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from search.engine.facets import FacetValue
from web.facets import chips, region_tree
from web.params import BadParam, State, parse_limit, parse_state


def parse(**kw: object) -> State:
    args = MultiDict(kw)
    return parse_state(args, args.getlist)


def test_defaults_and_repeatable_values() -> None:
    pairs = [("q", " 园区 "), ("zone", "甲"), ("zone", "乙"), ("zone", "甲"), ("year", "")]
    args = MultiDict(pairs)
    state = parse_state(args, args.getlist)
    assert state == State(q="园区", zone=("甲", "乙"))
    assert state.args() == {"q": "园区", "zone": ["甲", "乙"]}


@pytest.mark.parametrize(
    "kw, message",
    [
        ({"page": "0"}, "页码"),
        ({"page": "-1"}, "页码"),
        ({"page": "abc"}, "页码"),
        ({"page": "1e3"}, "页码"),
        ({"page": "99999999999999999999"}, "页码"),
        ({"sort": "score"}, "排序"),
        ({"year": "20x5"}, "年份"),
        ({"year": "２０２５"}, "年份"),
        ({"region": "x" * 101}, "太长"),
        ({"zone": "a\x00b"}, "控制字符"),
        ({"q": "园" * 501}, "太长"),
        ({"q": "园区\x07"}, "控制字符"),
    ],
)
def test_bad_parameters(kw: dict[str, str], message: str) -> None:
    with pytest.raises(BadParam, match=message):
        parse(**kw)


def test_too_many_values() -> None:
    args = MultiDict([("zone", str(i)) for i in range(21)])
    with pytest.raises(BadParam, match="最多"):
        parse_state(args, args.getlist)


def test_limit() -> None:
    assert parse_limit(None, 10) == 10
    assert parse_limit("100", 10) == 100
    for bad in ("0", "101", "x"):
        with pytest.raises(BadParam):
            parse_limit(bad, 10)


def test_toggle_region_replaces_ancestors_and_descendants() -> None:
    state = State(q="园区", region=("江苏省",), page=3)
    child = state.toggle("region", "江苏省/淮安市")
    assert child.region == ("江苏省/淮安市",) and child.page == 1
    assert child.toggle("region", "江苏省").region == ("江苏省",)
    assert child.toggle("region", "江苏省/淮安市").region == ()
    both = State(region=("江苏省/淮安市",)).toggle("region", "广东省")
    assert both.region == ("江苏省/淮安市", "广东省")


def test_region_tree_nests_paths_and_opens_selected() -> None:
    values = [
        FacetValue("江苏省", 5),
        FacetValue("江苏省/淮安市", 2),
        FacetValue("江苏省/淮安市/涟水县", 2, True),
        FacetValue("江苏省/镇江市", 3),
        FacetValue("广东省/深圳市", 4),  # its province is missing: becomes a root
    ]
    state = State(region=("江苏省/淮安市/涟水县",))
    tree = region_tree(values, state, lambda s: "?" + "&".join(s.region))
    assert [n.link.value for n in tree] == ["江苏省", "广东省/深圳市"]
    jiangsu = tree[0]
    assert jiangsu.open and [c.link.label for c in jiangsu.children] == ["镇江市", "淮安市"]
    huaian = jiangsu.children[1]
    assert huaian.open and huaian.children[0].link.selected
    assert huaian.children[0].link.url == "?"  # clicking a selected value unselects it
    assert not tree[1].open


def test_chips_remove_one_value_each() -> None:
    state = State(q="园区", region=("江苏省/淮安市",), year=("2024",), zone=("甲",), page=2)
    got = {(c.facet, c.label): c.url for c in chips(state, lambda s: repr(s.args()))}
    assert set(got) == {("region", "江苏省 › 淮安市"), ("year", "2024"), ("zone", "甲")}
    assert "'year'" not in got[("year", "2024")]
    assert "'page'" not in got[("zone", "甲")]
