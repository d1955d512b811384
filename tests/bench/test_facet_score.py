"""The facet scorer's counting rules (RULES.md §5) on hand-made documents and labels."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bench.facets.inputs import strip_page_dates
from bench.facets.score import facet_values, main, match_zones, score_one
from search.document import Document, Zone


def _label(**kw: object) -> dict:
    base = {
        "ref": {"corpus": "xwlb", "id": "x"},
        "title": "t",
        "has_date_metadata": True,
        "published_year": 2020,
        "text_year": None,
        "mentioned": [],
        "about": [],
        "primary": None,
        "zones": [],
        "other_places": [],
        "notes": "",
    }
    return {**base, **kw}


@dataclass(frozen=True)
class AfterChange:
    """A Document as the facet change will shape it: regions_about beside regions."""

    regions: tuple[str, ...] = ()
    regions_about: tuple[str, ...] = ()
    region: str | None = None
    zones: tuple[Zone, ...] = field(default_factory=tuple)
    year: int | None = None


def test_facet_values_prefer_regions_about_and_add_ancestors() -> None:
    before = Document(id="a", uri="a", regions=("江苏省", "江苏省/淮安市"))
    after = AfterChange(regions=("江苏省", "上海市"), regions_about=("江苏省/淮安市",))
    assert facet_values(before) == {"江苏省", "江苏省/淮安市"}
    assert facet_values(after) == {"江苏省", "江苏省/淮安市"}  # type: ignore[arg-type]


def test_a_new_area_value_reads_as_the_place_that_holds_it() -> None:
    doc = Document(id="a", uri="a", regions=("河北省", "河北省/雄安新区"), region="河北省/雄安新区")
    assert facet_values(doc) == {"河北省", "河北省/保定市"}
    label = _label(mentioned=["河北省/保定市"], about=["河北省/保定市"], primary="河北省/保定市")
    tally = score_one(label, doc, None)
    assert (tally.false, tally.primary_right) == (0, 1)


def test_false_about_and_recall_counts() -> None:
    doc = Document(id="a", uri="a", regions=("江苏省", "江苏省/淮安市", "河南省/濮阳市/范县"))
    label = _label(mentioned=["江苏省/淮安市", "上海市"], about=["江苏省/淮安市/涟水县"])
    tally = score_one(label, doc, None)
    # 范县 and its two ancestors are no labelled place; 江苏 and 淮安 are about (ancestors of 涟水)
    assert (tally.values, tally.false, tally.about) == (5, 3, 2)
    assert (tally.about_paths, tally.about_found) == (3, 2)
    assert tally.null_given == 0 and tally.primary_right == 1


def test_null_primary_needs_null() -> None:
    doc = Document(id="a", uri="a", regions=("北京市",), region="北京市")
    tally = score_one(_label(mentioned=["北京市"]), doc, None)
    assert (tally.primary_right, tally.null_docs, tally.null_given) == (0, 1, 1)


def test_zones_match_canonical_or_an_uncatalogued_written_form() -> None:
    system = (
        Zone("镇江经济技术开发区", "国家级", "经济技术开发区", ("镇江经开区",)),
        Zone("中韩产业园", None, None, ("共同建设中韩产业园",)),
        Zone("劳动密集型产业园", None, None, ("劳动密集型产业园",)),
    )
    labelled = [
        {"written": "镇江经开区", "canonical": "镇江经济技术开发区"},
        {"written": "中韩产业园", "canonical": "中韩（盐城）产业园"},
        {"written": "雄安新区", "canonical": "河北雄安新区"},
    ]
    matched, extra, missed = match_zones(system, labelled)
    assert matched == 2
    assert extra == ["劳动密集型产业园"]
    assert missed == ["河北雄安新区"]


def test_undated_years_right_and_invented() -> None:
    doc = Document(id="a", uri="a")
    assert score_one(_label(text_year=None), doc, Document(id="b", uri="b")).year_right == 1
    invented = score_one(_label(text_year=None), doc, Document(id="b", uri="b", year=2030))
    assert (invented.year_right, invented.year_invented) == (0, 1)
    wrong = score_one(_label(text_year=2019), doc, Document(id="b", uri="b", year=2020))
    assert (wrong.year_right, wrong.year_invented) == (0, 1)


def test_page_dates_are_stripped_but_the_text_stays() -> None:
    page = (
        b'<html><head><meta property="article:published_time" content="2019-09-07">'
        b'<meta name="PubDate" content="2019-09-18 06:23"><meta charset="utf-8">'
        b'<script type="application/ld+json">{"pubDate": "2019-09-07"}</script></head>'
        b"<body><p>2019-09-07 13:43 \xe6\x9d\xa5\xe6\xba\x90</p></body></html>"
    )
    stripped = strip_page_dates(page)
    assert b"published_time" not in stripped and b"PubDate" not in stripped
    assert b"ld+json" not in stripped and b'charset="utf-8"' in stripped
    assert b"2019-09-07 13:43" in stripped


def test_scorer_skips_naming_the_missing_corpus(tmp_path: Path, capsys) -> None:
    assert main(["--shared", str(tmp_path / "nowhere")]) == 0
    out = capsys.readouterr().out
    assert "skipped" in out and str(tmp_path / "nowhere" / "corpus") in out


def test_scorer_reports_a_malformed_labels_file(tmp_path: Path, capsys) -> None:
    (tmp_path / "corpus").mkdir()
    bad = tmp_path / "labels.jsonl"
    bad.write_text('{"ref": {}}\nnot json\n', encoding="utf-8")
    assert main(["--shared", str(tmp_path), "--labels", str(bad)]) == 1
    assert "labels.jsonl:1: missing" in capsys.readouterr().err
