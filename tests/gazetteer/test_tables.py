"""The shipped gazetteers: present, compact, correctly derived, loaded once."""

from pathlib import Path

from search.gazetteer.tables import catalogue, regions
from search.gazetteer.zone_names import short_names, split_name

DATA = Path(__file__).resolve().parents[2] / "search" / "data"


def test_shipped_files_are_compact():
    sizes = {p.name: p.stat().st_size for p in DATA.glob("*.json")}
    assert set(sizes) >= {"regions.json", "zones.json"}
    assert sum(sizes.values()) < 650_000  # zone facts, common words and industries included


def test_loaders_are_cached():
    assert regions() is regions()
    assert catalogue() is catalogue()


def test_region_counts_and_paths():
    gaz = regions()
    levels = [p.level for p in gaz.places]
    assert levels.count(1) == 31
    assert gaz.by_path["江苏省/镇江市"].short == "镇江"
    assert gaz.by_path["江苏省/淮安市/涟水县"].short == "涟水"
    assert gaz.by_path["北京市/朝阳区"].level == 3  # municipality districts sit under the city
    assert gaz.by_path["湖北省/仙桃市"].level == 2  # province-administered county-level city
    assert gaz.by_path["吉林省/延边朝鲜族自治州"].short == "延边"
    assert gaz.by_path["新疆维吾尔自治区"].short == "新疆"


def test_zone_codes_are_not_counties():
    assert "石家庄高新技术产业开发区" not in regions().forms


def test_common_words_are_flagged():
    # derived by scripts/common_words.py from word frequencies in ../shared/corpus
    gaz = regions()
    assert {"新华", "新兴", "光明", "合作", "资源", "富民", "和县", "老城区"} <= gaz.common
    assert {"合作", "资源", "富民", "友好", "和平"} <= gaz.words <= gaz.common
    assert not {"镇江", "涟水", "丹阳", "句容", "晋中", "北京", "芜湖"} & gaz.common


def test_forms_folded_derived_and_added():
    gaz = regions()
    assert gaz.forms["干县"][0].place.path == "陕西省/咸阳市/乾县"  # folded as the text is
    assert gaz.by_path["广西壮族自治区/桂林市/龙胜各族自治县"].short == "龙胜"
    assert gaz.by_path["内蒙古自治区/呼伦贝尔市/鄂温克族自治旗"].short == "鄂温克"
    assert gaz.by_path["黑龙江省/伊春市/金林区"].short == "金林"
    assert gaz.forms["杨凌"][0].place.path == "陕西省/咸阳市/杨陵区"
    assert gaz.forms["凉山州"][0].place.path == "四川省/凉山彝族自治州"
    assert gaz.by_path["河北省/保定市/雄安新区"].level == 3


def test_catalogue_counts_and_city():
    zones = catalogue().zones
    assert sum(z.level == "国家级" for z in zones) == 552
    assert sum(z.level == "省级" for z in zones) == 1991
    lianshui = catalogue().by_name["江苏涟水经济开发区"]
    assert (lianshui.province, lianshui.city) == ("江苏省", "淮安市")


def test_catalogue_names_drop_parenthetical_notes():
    assert "喀什经济开发区" in catalogue().by_name


def test_core_index_strips_province_and_city_prefixes():
    by_core = catalogue().by_core
    assert by_core[("涟水", "etdz")][0].name == "江苏涟水经济开发区"
    assert by_core[("京口", "industrial")][0].name == "江苏镇江京口工业园区"


def test_split_and_short_names():
    core, suffix = split_name("镇江高新技术产业开发区")
    assert core == "镇江" and suffix.kind == "hitech"
    assert "镇江高新区" in short_names(core, suffix)
    assert split_name("开发区") is None
