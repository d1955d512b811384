import csv
import json
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search.extract.model import Extracted
from search.extract.text import extract_text
from search.sources.decode import Decoded, decode
from search.text.normalise import fold, to_traditional

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
SHARED = Path(__file__).resolve().parents[3] / "shared"
GOLD = SHARED / "gold" / "seeds.json"
REPORTS = SHARED / "corpus" / "gov-reports-2026"


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def extract_bytes(data: bytes) -> Extracted:
    decoded = decode(data)
    assert isinstance(decoded, Decoded), decoded
    return extract_text(decoded.text)


def gold() -> dict:
    if not GOLD.is_file():
        pytest.skip(f"missing {GOLD}")
    return {k: v for k, v in json.loads(GOLD.read_text(encoding="utf-8")).items() if k[0] != "_"}


SEED_NAMES = sorted(p.name for p in SEEDS.glob("*.txt"))


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_matches_gold(name):
    expected = gold()[name]
    got = extract_bytes((SEEDS / name).read_bytes())
    titles = [expected["title"], *expected.get("title_alternatives", [])]
    if expected["title"] is None:
        assert got.title is None or got.title.strip()
    else:
        assert nfkc(got.title or "") in map(nfkc, titles)
    assert (got.published.isoformat() if got.published else None) == expected["published"]
    if expected["source"] is None:
        assert got.source is None or got.source.strip()
    else:
        assert nfkc(got.source or "") == nfkc(expected["source"])
    body = nfkc(got.body)
    for passage in expected["text_contains"]:
        assert nfkc(passage) in body
    for junk in expected["text_excludes"]:
        assert nfkc(junk) not in body


def test_seed_002_removed_lists_the_chrome():
    got = extract_bytes((SEEDS / "002_3f82f7dc589cad46.txt").read_bytes())
    removed = "\n".join(got.removed)
    for junk in ("当前位置", "打开菜单", "中国新闻网新华网", "• 友情链接"):
        assert junk in removed
    assert "来源:新华日报 发布时间:2018年07月09日" in removed


def test_seed_004_spam_prefix_and_footer_are_spans():
    got = extract_bytes((SEEDS / "004_5f4ca47113e462ca.txt").read_bytes())
    assert got.body.startswith("深化改革创新加速动能转换全面提质提速")
    assert got.body.endswith("(刘冬冬)")
    assert any(r.startswith("北京哪家治疗白癜风正规 https://baike.baidu.com/") for r in got.removed)
    assert any(r.startswith("编辑丨解玮 来源丨晋中日报 MORE延伸阅读") for r in got.removed)


def test_body_keeps_every_article_sentence_of_seed_001():
    raw = (SEEDS / "001_426326ba3cf2bec2.txt").read_text(encoding="utf-8")
    got = extract_text(raw)
    assert got.removed == ()
    assert got.body == "\n".join(line.strip() for line in raw.splitlines() if line.strip())


def test_traditional_seed_keeps_its_own_characters():
    got = extract_bytes((SEEDS / "000_d8e9bc0c093c3721.txt").read_bytes())
    assert "鎮江市在全省率先啟動開發園區整合提升工作" in got.body
    assert got.source == "金山網訊"


@pytest.mark.parametrize(
    ("codec", "names"),
    [
        ("gbk", SEED_NAMES),
        ("gb18030", SEED_NAMES),
        ("utf-16", SEED_NAMES),
        ("utf-16-le", SEED_NAMES),
        ("big5", ["000_d8e9bc0c093c3721.txt"]),
    ],
)
def test_seeds_in_other_encodings_give_the_same_text(codec, names):
    for name in names:
        text = (SEEDS / name).read_text(encoding="utf-8")
        reference = extract_text(text)
        # GBK and Big5 lack a few characters of the chrome (•, the simplified link farm):
        # those become '?', and the filter removes those lines anyway.
        got = extract_bytes(text.encode(codec, errors="replace"))
        assert got.body == reference.body, (codec, name)
        assert (got.title, got.published, got.source) == (
            reference.title,
            reference.published,
            reference.source,
        ), (codec, name)


def gov_reports() -> list[dict[str, str]]:
    if not REPORTS.is_dir():
        pytest.skip(f"missing {REPORTS}")
    csv.field_size_limit(1 << 26)
    rows = []
    for path in sorted(REPORTS.glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows.extend(csv.DictReader(f))
    assert len(rows) == 16
    return rows


# What the report texts themselves say where the CSV columns say otherwise: the Sichuan page
# is dated 2026年02月10日 (the CSV has the crawl date 2026-02-25); the Guangdong text is
# headed 政府工作报告 and states no publication date (only the day it was delivered).
TEXT_DISAGREES_WITH_CSV = {
    "四川省": ("2026年四川省人民政府工作报告", date(2026, 2, 10)),
    "广东省": ("政府工作报告", None),
}
CHROME = (
    "下载",
    "打印",
    "全屏",
    "收藏",
    "【字号：",
    "加大",
    "还原",
    "减小",
    "】",
    "分享：",
    "大",
    "小",
)


@pytest.mark.parametrize("form", ["gb18030", "big5", "utf-8-sig"])
def test_gov_reports_title_date_and_no_chrome(tmp_path, form):
    for row in gov_reports():
        text = to_traditional(row["full_text"]) if form == "big5" else row["full_text"]
        path = tmp_path / f"{row['province']}.{form}.txt"
        path.write_bytes(text.encode(form, errors="replace"))
        got = extract_bytes(path.read_bytes())
        title, published = TEXT_DISAGREES_WITH_CSV.get(
            row["province"], (row["title"], date.fromisoformat(row["publish_date"]))
        )
        assert fold(got.title or "") == fold(title), (form, row["province"])
        assert got.published == published, (form, row["province"])
        lines = got.body.split("\n")
        for chrome in CHROME:
            assert not any(fold(line) == fold(chrome) for line in lines), chrome
        assert not any(fold(line).startswith(fold("【字")) for line in lines)
        assert "相关报道" not in fold(lines[-1]) and "责任编辑" not in fold(got.body)
        assert fold("各位代表") in fold(got.body[:400])


def test_csv_dates_agree_with_the_text_for_the_other_fourteen():
    agree = [r for r in gov_reports() if r["province"] not in TEXT_DISAGREES_WITH_CSV]
    assert len(agree) == 14
    for row in agree:
        assert f"时间：{row['publish_date']}" in row["full_text"]


def test_source_on_the_line_after_its_label():
    got = extract_text(
        "2026年四川省人民政府工作报告\n2026年02月10日 07时41分\n来源:\n四川日报\n"
        "【字体：\n大\n中\n小\n】\n分享：\n各位代表：\n现在，我代表省人民政府，向大会报告工作。"
    )
    assert (got.title, got.published, got.source) == (
        "2026年四川省人民政府工作报告",
        date(2026, 2, 10),
        "四川日报",
    )
    assert got.body == "各位代表：\n现在，我代表省人民政府，向大会报告工作。"


def test_no_date_is_invented():
    got = extract_text("开发区建设加速推进\n2019年，全市开发区贡献了52.3%的GDP。2020年继续增长。")
    assert got.published is None
    assert got.title == "开发区建设加速推进"


def test_footer_ends_the_article():
    got = extract_text(
        "园区建设提升年成效显著\n发布时间：2024-12-30\n全市园区完成投资367亿元，同比增长。\n"
        "责任编辑：张三\n上一篇：别的新闻\n下一篇：又一条新闻\n相关新闻\n转载请注明出处"
    )
    assert got.body == "全市园区完成投资367亿元，同比增长。"
    assert got.published == date(2024, 12, 30)
    assert "上一篇：别的新闻" in got.removed


STORY = (
    "全市开发区去年贡献了全市52.3%的地区生产总值，工业增加值增长8.1%，成为稳增长的主引擎。",
    "园区全年新签约亿元以上项目309个，同比增长33.2%，其中先进制造业项目占到六成以上。",
    "管委会推行“拿地即开工”审批改革，项目从签约到开工的平均时间缩短到了四十五天。",
    "下一步，开发区将持续深化体制机制改革，推动园区整合提升，加快建设现代化产业园区。",
)


def test_a_related_news_box_at_the_top_does_not_end_the_article():
    got = extract_text(
        "开发区建设提速\n发布时间：2024-12-30\n相关新闻：\n省级开发区考核结果公布\n"
        "综保区进出口再创新高\n" + "\n".join(STORY) + "\n上一篇：别的新闻\n广告：招商热线"
    )
    assert got.body.split("\n") == list(STORY)
    assert "综保区进出口再创新高" in got.removed and "广告：招商热线" in got.removed


def test_a_related_news_box_at_the_end_ends_it():
    got = extract_text("\n".join(STORY) + "\n相关新闻：\n省级开发区考核结果公布，名单出炉。")
    assert got.body.split("\n") == list(STORY)


@pytest.mark.parametrize(
    ("opening", "closing"),
    [
        (["作者：王五"], ["编辑：赵六"]),
        (["本报记者 李森"], ["（责任编辑：张三）"]),
        (["执笔/叨叨姐"], ["采写：南都见习记者 林子沛", "图片均来自网络"]),
        ([], ["扬子晚报记者 张楠", "免责声明：本文来自客户端自媒体，不代表本网的观点和立场。"]),
        ([], ["编辑|禤志杰", "校对|黄慧敏", "来源|广州参考", "扫描下方二维码解锁更多技能"]),
    ],
)
def test_credit_lines_at_the_edges_are_dropped(opening, closing):
    got = extract_text("\n".join([*opening, *STORY, *closing]))
    assert got.body.split("\n") == list(STORY)
    assert set(opening + closing) <= set(got.removed)


def test_disclaimers_and_original_titles_are_dropped_anywhere():
    lines = [
        STORY[0],
        "本文仅代表作者个人观点，不代表本站立场。",
        STORY[1],
        "（原标题：开发区建设）",
    ]
    got = extract_text("\n".join(lines + list(STORY[2:])))
    assert got.body.split("\n") == list(STORY)


def test_a_run_of_short_unpunctuated_menu_lines_is_dropped():
    menu = ["首页", "要闻", "政务公开", "招商引资", "园区动态"]
    got = extract_text("\n".join([*STORY[:2], *menu, *STORY[2:]]))
    assert got.body.split("\n") == list(STORY)
    assert set(menu) <= set(got.removed)


def test_a_short_sub_heading_stays():
    got = extract_text("\n".join([STORY[0], "园区动态", *STORY[1:]]))
    assert "园区动态" in got.body.split("\n")


def test_a_lead_picture_caption_takes_the_deck_above_it():
    got = extract_text("\n".join(["认定诈骗要有核实程序。", "▲图片来自视频截图。", *STORY]))
    assert got.body.split("\n") == list(STORY)


def test_a_slide_counter_is_not_text():
    got = extract_text("1/10 当全世界绝大部分国家都在为吸引游客绞尽脑汁的时候，蒙古国一脸淡定。")
    assert got.body.startswith("当全世界")


@pytest.mark.parametrize("text", ["", "   \n\n", "\x00\x01", "首页 新闻中心", "下载\n打印\n收藏"])
def test_degenerate_texts(text):
    got = extract_text(text)
    assert got.published is None
    assert got.body.strip() == got.body
    assert "下载" not in got.body and "\x00" not in got.body


def test_huge_text_is_handled():
    paragraph = "开发区坚持项目为王，全年新签约亿元以上项目309个，同比增长33.2%。"
    text = "园区高质量发展综述\n" + "\n".join([paragraph] * 40000)
    got = extract_text(text)
    assert got.title == "园区高质量发展综述"
    assert got.body.count("\n") == 39999


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=600))
def test_extract_text_never_raises(text):
    got = extract_text(text)
    assert isinstance(got, Extracted)
    assert got.title is None or got.title.strip()


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "首页 新闻中心",
                "当前位置：首页>新闻",
                "来源：新华日报",
                "发布时间：2018年07月09日",
                "2025-13-45 08:17",
                "责任编辑：某某",
                "开发区建设加速推进",
                "全市开发区贡献了52.3%的GDP。",
                "a|b|c|d|e|f",
                "https://example.com",
                "来源:",
                "",
            ]
        ),
        max_size=20,
    )
)
def test_extract_text_never_raises_on_chrome_mixtures(lines):
    got = extract_text("\n".join(lines))
    assert got.published in (None, date(2018, 7, 9))
