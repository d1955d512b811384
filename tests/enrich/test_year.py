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


def test_lead_year():
    assert infer_year(None, None, "2020年工作回顾:全市开发区提质增效。") == (2020, "lead")


@pytest.mark.parametrize(
    "text",
    [
        "截至2024年底,全市开发区实现营收3000亿元。",
        "2024年6月5日,园区举行项目签约仪式。",
        "2024年上半年,园区规上工业增加值增长8%。",
        "日前2024年度考核结果公布。",
    ],
)
def test_reporting_phrases_anywhere(text):
    assert infer_year(None, None, LONG + "\n" + text) == (2024, "reporting")


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


def test_last_years_statistics_in_the_body_are_not_the_year():
    text = LONG + "\n2023年全市开发区实现规上工业产值增长6%。"
    assert infer_year(None, None, text) == (None, None)


def test_a_text_speaking_of_this_year_states_its_own_year():
    # A review of 2024 and this year's target: the article is of 2025.
    text = "2024年,全市项目投资增长。\n" + LONG + "今年,确保2025年园区新签约项目不低于2100亿元。"
    assert infer_year(None, None, text) == (2025, "inferred")


def test_latest_counting_year_wins_and_targets_do_not():
    text = "2019年,全市开发区贡献52.3%的GDP。到2035年基本建成现代化园区,2021-2030年规划。"
    assert infer_year(None, None, text) == (2019, "lead")


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
