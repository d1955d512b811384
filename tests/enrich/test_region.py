"""Region facet: mentions found, ambiguity settled by context, the primary region chosen."""

import csv
import json
from pathlib import Path

import pytest

from search.enrich.region import find_regions

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(__file__).resolve().parents[3] / "shared"


@pytest.mark.parametrize(
    ("text", "primary"),
    [
        ("镇江锚定产业强市不动摇,全力拼项目。", "江苏省/镇江市"),
        ("晋中开发区建设驶入快车道,晋中全市上下齐心。", "山西省/晋中市"),
        ("江苏淮安:涟水县委召开会议,涟水经济开发区项目签约。", "江苏省/淮安市/涟水县"),
        ("镇江市丹阳经开区项目签约,丹阳高新区、丹阳经济开发区齐头并进。丹阳市委表态。", None),
    ],
)
def test_short_forms(text, primary):
    result = find_regions(None, text)
    if primary:
        assert result.primary == primary
    else:
        assert result.primary == "江苏省/镇江市/丹阳市"


def test_county_short_forms_backed_by_their_city():
    paths = find_regions(
        None, "镇江市召开会议,句容、丹阳、扬中、丹徒等地园区负责人参会。"
    ).mentioned
    assert {"江苏省/镇江市/句容市", "江苏省/镇江市/丹阳市", "江苏省/镇江市/扬中市"} <= set(paths)
    assert "江苏省" in paths and "江苏省/镇江市" in paths  # ancestors included


def test_ambiguous_county_settled_by_city():
    nanjing = find_regions(None, "南京市委召开会议。鼓楼区推进老城更新。")
    assert "江苏省/南京市/鼓楼区" in nanjing.mentioned
    assert not any("福州市" in p or "徐州市" in p for p in nanjing.mentioned)
    fuzhou = find_regions(None, "福州聚焦数字经济,鼓楼区发布新政。")
    assert "福建省/福州市/鼓楼区" in fuzhou.mentioned


def test_ambiguous_county_without_context_is_dropped():
    assert find_regions(None, "鼓楼区推进老城更新。").mentioned == ()


def test_common_word_short_forms_need_support():
    paths = find_regions(
        None, "据新华日报报道,金山网讯消息,战略新兴产业光明前景,会同市委财经办。"
    ).mentioned
    assert paths == ()


def test_numbers_before_measure_words_are_not_places():
    assert (
        "河南省/周口市/项城市" not in find_regions(None, "晋中市将10项城市管理职能交出。").mentioned
    )


def test_county_short_form_not_backed_by_province_alone():
    # 更高平台 is not 高平市, even in an article that names 山西.
    assert find_regions(None, "山西省开发区在更高平台上对接。").mentioned == ("山西省",)


def test_traditional_text():
    result = find_regions(
        "聚焦開發園區建設", "鎮江市在全省率先啟動開發園區整合,句容經開區簽約。鎮江園區高質量發展。"
    )
    assert result.primary == "江苏省/镇江市"
    assert "江苏省/镇江市/句容市" in result.mentioned


def test_municipality_paths():
    assert find_regions(None, "北京市朝阳区发布政策,朝阳区将持续发力。").primary == "北京市/朝阳区"
    assert find_regions(None, "北京市各区协同,海淀区、朝阳区、通州区齐发力。").primary == "北京市"


def test_title_outweighs_a_list_at_the_end():
    body = (
        "涟水县委部署工作。"
        + "园区建设持续推进。" * 40
        + "山西省协会 云南省协会 天津市协会 湖南省协会"
    )
    assert find_regions("江苏涟水经济开发区:助力高质量发展", body).primary == "江苏省/淮安市/涟水县"


def test_no_places_and_bad_input():
    assert find_regions(None, "") == find_regions("", "园区建设")
    assert find_regions(None, "").primary is None
    assert find_regions("\x00\ufffd", "12345 ,,,").mentioned == ()


def test_gold_seeds():
    gold = (
        json.loads((SHARED / "gold" / "seeds.json").read_text(encoding="utf-8"))
        if (SHARED / "gold" / "seeds.json").exists()
        else None
    )
    if gold is None:
        pytest.skip(f"missing {SHARED / 'gold' / 'seeds.json'}")
    for name, want in gold.items():
        if name.startswith("_"):
            continue
        text = (ROOT / "seeds" / name).read_text(encoding="utf-8")
        assert find_regions(want["title"], text).primary == want["region"], name


def test_gov_reports_name_their_province():
    folder = SHARED / "corpus" / "gov-reports-2026"
    files = sorted(folder.glob("*.csv"))
    if not files:
        pytest.skip(f"missing {folder}")
    csv.field_size_limit(10**8)
    assert len(files) == 16
    for path in files:
        with path.open(encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                assert find_regions(row["title"], row["full_text"]).primary == row["province"]


def test_common_word_short_form_taken_with_support():
    assert find_regions(None, "大同小异,世界大同。").mentioned == ()
    backed = find_regions(None, "山西省:大同推进园区整合,大同经开区签约。")
    assert backed.primary == "山西省/大同市"
