from search.gazetteer.aliases import aliases, ending_classes, is_name, zone_forms


def test_an_ending_and_its_abbreviations_are_one_class():
    classes = ending_classes()
    assert classes["经开区"] == ("经济技术开发区", "经济开发区", "经开区")
    assert classes["高新区"][0] == "高新技术产业开发区" and "高新区" in classes["高新区"]
    # a special bonded zone is abbreviated the same way (洋山综保区 = 洋山特殊综合保税区)
    assert classes["综保区"] == ("特殊综合保税区", "综合保税区", "综保区")
    assert classes["自贸区"] == ("自由贸易试验区", "自贸试验区", "自贸区")
    # a kind without abbreviations stays alone: 物流园区 is not 保税物流园区
    assert classes["物流园区"] == ("物流园区",)
    assert classes["开发区"] == ("开发区",)


def test_aliases_of_kinds_and_named_zones():
    assert set(aliases("经开区")) == {"经开区", "经济技术开发区", "经济开发区"}
    assert set(aliases("自由贸易试验区")) == {"自由贸易试验区", "自贸试验区", "自贸区"}
    assert set(aliases("上海自贸区")) >= {"上海自由贸易试验区", "上海自贸试验区"}
    assert set(aliases("镇江经开区")) >= {"镇江经济技术开发区"}
    assert set(aliases("苏州工业园区")) == {"苏州工业园区", "苏州工业园"}
    assert "苏州工业园区" in aliases("苏州工业园")
    assert aliases("苏州工业园区")[0] == "苏州工业园区"  # the word itself first


def test_catalogue_forms_bring_a_zones_other_names():
    # the catalogue writes 江苏涟水经济开发区; news writes 涟水经开区
    assert "江苏涟水经济开发区" in aliases("涟水经开区")
    assert zone_forms("江苏涟水经济开发区")[0] == "江苏涟水经济开发区"
    assert "涟水经开区" in zone_forms("江苏涟水经济开发区")


def test_words_that_name_nothing_have_no_aliases():
    for word in ("开发区", "飞地经济", "雄安新区", "招商引资", "物流园区"):
        assert aliases(word) == (word,)


def test_is_name():
    for word in ("江苏", "苏州", "苏州工业园区", "经开区", "上海自贸区", "张江高新区"):
        assert is_name(word), word
    for word in ("飞地经济", "招商引资", "大数据"):
        assert not is_name(word), word
