"""search/output/timeline.py: bars per year (gaps filled) and per month, their geometry."""

from search.engine.facets import FacetValue
from search.output import timeline


def test_years_fill_gaps_oldest_left_and_scale_to_the_peak() -> None:
    line = timeline.years([FacetValue("2024", 4, True), FacetValue("2021", 2), FacetValue("x", 9)])
    assert [b.value for b in line.bars] == ["2021", "2022", "2023", "2024"]
    assert [b.count for b in line.bars] == [2, 0, 0, 4]
    assert [b.selected for b in line.bars] == [False, False, False, True]
    tallest, half = line.bars[3], line.bars[0]
    assert tallest.height == timeline.PLOT and half.height == timeline.PLOT / 2
    assert tallest.y + tallest.height == line.baseline == half.y + half.height
    assert line.bars[1].height == 0
    assert line.width == 4 * timeline.SLOT and line.total == 6 and line.counted and line


def test_a_tiny_count_stays_visible() -> None:
    line = timeline.years([FacetValue("2020", 1000), FacetValue("2021", 1)])
    assert line.bars[1].height == timeline.MIN_BAR


def test_long_spans_keep_the_latest_years_and_label_some() -> None:
    line = timeline.years([FacetValue(str(y), 1) for y in range(1950, 2025)])
    assert len(line.bars) == timeline.MAX_YEARS and line.bars[-1].value == "2024"
    labelled = [b.value for b in line.bars if b.labelled]
    assert "2024" in labelled and len(labelled) == timeline.MAX_YEARS // 5
    assert not line.counted  # too many bars for a count above each


def test_months_of_one_year() -> None:
    line = timeline.months(2023, [FacetValue("2023-03", 2, True), FacetValue("2023-11", 1)])
    assert [b.value for b in line.bars][:3] == ["2023-01", "2023-02", "2023-03"]
    assert len(line.bars) == 12 and line.bars[2].label == "3月" and line.bars[2].selected
    assert [b.count for b in line.bars if b.count] == [2, 1]


def test_nothing_dated_is_an_empty_timeline() -> None:
    assert not timeline.years([])
    assert not timeline.months(2023, [])


def test_every_month_is_labelled() -> None:
    line = timeline.months(2023, [FacetValue("2023-03", 2)])
    assert all(b.labelled for b in line.bars) and line.bars[-1].label == "12月"
