"""Year facet: published year, else the latest year reported on, else null."""

from datetime import date

from search.enrich.year import infer_year


def test_published_date_wins():
    assert infer_year(date(2018, 7, 9), "标题", "2016年以来……") == (2018, "published")


def test_review_and_targets_give_the_later_year():
    text = "2024年,全市项目投资增长。今年,确保2025年园区新签约项目总投资不低于2100亿元。"
    assert infer_year(None, None, text) == (2025, "inferred")


def test_long_range_targets_are_not_the_year():
    text = "2019年,全市开发区贡献52.3%的GDP。到2035年基本建成现代化园区,2021-2030年规划。"
    assert infer_year(None, None, text) == (2019, "inferred")


def test_deadline_is_not_the_year():
    assert infer_year(None, None, "2020年工作回顾。2030年前实现碳达峰。") == (2020, "inferred")


def test_stripped_digits_give_no_year():
    text = "年,列入考核范围的开发区入区企业数个,完成全年考核指标的.83%。年5月底完成。"
    assert infer_year(None, None, text) == (None, None)


def test_traditional_and_full_width_digits():
    assert infer_year(None, "２０２３年回顧", "園區發展") == (2023, "inferred")


def test_numbers_without_year_marker_are_ignored():
    assert infer_year(None, None, "2019中国镇江(深圳)产业项目推介会,7130号") == (None, None)


def test_empty_input():
    assert infer_year(None, None, "") == (None, None)


def test_gov_reports_are_2026():
    import csv
    from pathlib import Path

    import pytest

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
                # Even without the date, the report's own years give 2026.
                assert infer_year(None, row["title"], row["full_text"])[0] == 2026
