"""Year facet: published, else a year the title, lead or a reporting phrase states, else null."""

import csv
from datetime import date
from pathlib import Path

import pytest

from search.enrich.year import infer_year

LONG = "园区建设持续推进,项目加快落地。" * 30  # pushes what follows out of the lead


def test_published_date_wins():
    assert infer_year(date(2018, 7, 9), "标题", "2016年以来……") == (2018, "published")


def test_title_year():
    assert infer_year(None, "２０２３年回顧", "園區發展") == (
        2023,
        "title",
    )  # full-width, traditional


def test_lead_dating_what_it_reports():
    assert infer_year(None, None, "2024年3月5日,全国人大会议开幕。") == (2024, "lead")
    assert infer_year(None, None, "今年（2024年）园区营收增长。") == (2024, "lead")
    # a bare year in the lead is a year of statistics reviewed, not the article's
    assert infer_year(None, None, "2020年工作回顾:全市开发区提质增效。") == (None, None)


def test_a_cut_off_within_a_year_anywhere():
    assert infer_year(None, None, LONG + "\n截至2024年6月底,园区营收3000亿元。") == (
        2024,
        "reporting",
    )
    # a year-end cut-off reviews the year: not a cue
    assert infer_year(None, None, LONG + "\n截至2024年底,园区营收3000亿元。") == (None, None)
    # a date further down recounts an event: not a cue either
    assert infer_year(None, None, LONG + "\n2024年6月5日,园区举行签约仪式。") == (None, None)


def test_the_earlier_cue_wins():
    text = "2023年5月,园区开工。\n" + LONG + "截至2024年6月底,园区投产。"
    assert infer_year(None, "2022年园区工作回顾", text) == (2022, "title")
    assert infer_year(None, None, text) == (2023, "lead")


@pytest.mark.parametrize(
    "text",
    [
        "预计2030年园区产值突破千亿。",
        "计划2030年建成世界一流园区。",
        "力争2027年实现营收翻番。",
        "到2035年基本建成现代化园区。",
        "2030年前实现碳达峰。",
        "2012年以来,园区累计引进项目300个。",
        "园区建于1983年,是全国首批开发区。",
        "2019年起实行新的考核办法。",
        "庆祝园区设立30周年,1991年至今成就斐然。",
        "《2021-2025年发展规划》印发。",
    ],
)
def test_future_and_history_years_never_count(text):
    assert infer_year(None, None, text) == (None, None)


def test_last_years_statistics_and_past_events_are_not_the_year():
    text = (
        "2023年,全市开发区实现规上工业产值增长6%。\n" + LONG + "今年,确保2025年签约不低于2100亿元。"
    )
    assert infer_year(None, None, text) == (None, None)
    assert infer_year(None, None, "2008年汶川地震后,园区重建。今年园区营收增长。") == (None, None)


def test_stripped_digits_give_no_year():
    text = "年,列入考核范围的开发区入区企业数个,完成全年考核指标的.83%。年5月底完成。"
    assert infer_year(None, None, text) == (None, None)


def test_numbers_without_year_marker_are_ignored():
    assert infer_year(None, None, "2019中国镇江(深圳)产业项目推介会,7130号") == (None, None)


def test_future_years_are_targets():
    later = date.today().year + 3
    assert infer_year(None, f"{later}年园区蓝图", "") == (None, None)


def test_empty_input():
    assert infer_year(None, None, "") == (None, None)
    assert infer_year(None, "\x00", "\ufffd年") == (None, None)


def test_gov_reports_are_2026():
    folder = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "gov-reports-2026"
    files = sorted(folder.glob("*.csv"))
    if not files:
        pytest.skip(f"missing {folder}")
    csv.field_size_limit(10**8)
    for path in files:
        with path.open(encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                published = date.fromisoformat(row["publish_date"])
                assert infer_year(published, row["title"], row["full_text"]) == (2026, "published")
                # Without the date, the report's own title or lead gives 2026.
                assert infer_year(None, row["title"], row["full_text"])[0] == 2026


@pytest.mark.parametrize(
    ("lead", "year"),
    [
        ("国家主席习近平6日在人民大会堂会见来华出席北京2022年冬奥会开幕式的波兰总统。", 2022),
        ("习近平会见来华出席2015中国-阿拉伯国家博览会开幕式的毛里塔尼亚总统。", 2015),
    ],
)
def test_the_occasion_the_lead_reports_with_its_year(lead, year):
    assert infer_year(None, "习近平会见总统", lead + "\n" + LONG) == (year, "lead")


def test_a_survey_named_with_a_year_is_no_occasion():
    lead = "领导同志参加全国科普日活动。2015年中国公民科学素质调查结果显示……"
    assert infer_year(None, None, lead) == (None, None)


def test_a_law_the_item_promulgates():
    body = (
        "国家主席习近平签署第五十五号主席令。\n"
        + LONG
        + "\n《中华人民共和国法》已由第十七次会议于2025年9月12日通过,现予公布,"
        "自2026年1月15日起施行。"
    )
    assert infer_year(None, "习近平签署国家主席令", body) == (2025, "lead")


def test_an_occasion_the_lead_recalls_is_history():
    lead = "2018年3月8日,习近平总书记参加全国两会山东代表团审议时强调,要推动乡村振兴。"
    assert infer_year(None, "山东:创新激发活力", lead + "\n" + LONG) == (None, None)
    lead = "2016年4月,习近平总书记在安徽考察时强调,当今世界科技创新日新月异。"
    assert infer_year(None, None, lead) == (None, None)


def test_a_title_reviewing_a_years_figures_is_statistics():
    assert infer_year(None, "2019年外贸增长3.4% 多元化发展动力强", LONG) == (None, None)
    assert infer_year(None, "2020年银行业减费让利3568亿元", LONG) == (None, None)
    assert infer_year(None, "2026年河北省政府工作报告", LONG) == (2026, "title")


def test_a_lead_dated_by_today_dates_something_else_with_its_year():
    # the item reports today; the year and month are of the event it refers back to
    text = "今天,两国政府就2011年6月8日发生的渔船事件公布处理结果。"
    assert infer_year(None, None, text) == (None, None)
    text = "记者从15日在京召开的会议上获悉,将对2019年3月1日施行的条例开展检查。"
    assert infer_year(None, None, text) == (None, None)
    # 今天（…）gives today's own date
    assert infer_year(None, None, "今天（2025年5月12日）是全国防灾减灾日。") == (2025, "lead")


def test_a_year_some_event_the_time_since_is_counted_from():
    assert infer_year(None, "股市创2015年股灾以来最大跌幅", "本周股指下跌。") == (None, None)


def test_a_law_passed_at_a_meeting_and_promulgated_by_the_item():
    text = "总理近日签署国务院令,《某某条例》已经2021年4月7日国务院第130次常务会议通过,现予公布。"
    assert infer_year(None, None, text) == (2021, "lead")


@pytest.mark.parametrize(
    "title",
    [
        "国务院部署开展2027年春季农业生产检查",
        "通知要求确保2027年春节市场供应",
        "会议研究2027年重点工作",
    ],
)
def test_a_title_planning_the_year_ahead_does_not_date_the_item(title):
    assert infer_year(None, title, "会议要求各地抓好落实。") == (None, None)


def test_a_birth_date_is_a_life_not_the_news():
    assert infer_year(None, "某某同志简历", "某某,男,汉族,1962年5月生,湖南人。") == (None, None)
