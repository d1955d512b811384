"""process(raw): every stage in order, on real seeds and on inputs built here."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from search.document import Document, Raw, Skip
from search.pipeline import _charset_of, document_id, process
from search.text.normalise import to_traditional

ROOT = Path(__file__).resolve().parents[1]
SEED_002 = ROOT / "seeds" / "002_3f82f7dc589cad46.txt"

ARTICLE = (
    "镇江经开区推进园区整合\n"
    "发布时间:2024年03月05日 来源:镇江日报\n"
    "近日，镇江经济技术开发区召开园区整合推进会，部署2024年重点工作。\n"
    "会议指出，要加快推进“一区多园”实质性整合，推动园区高质量发展。\n"
)


def _raw(text: str, **kw: object) -> Raw:
    return Raw(uri=kw.pop("uri", "mem://a"), data=text.encode("utf-8"), **kw)  # type: ignore[arg-type]


def test_plain_text_article_goes_through_every_stage() -> None:
    doc = process(_raw(ARTICLE, kind="text"))
    assert isinstance(doc, Document)
    assert doc.id == document_id("mem://a")
    assert doc.encoding == "utf-8"
    assert doc.title == "镇江经开区推进园区整合"
    assert doc.published == date(2024, 3, 5)
    assert doc.source == "镇江日报"
    assert "一区多园" in doc.text and "发布时间" not in doc.text
    assert doc.script == "hans"
    assert (doc.year, doc.year_basis) == (2024, "published")
    assert doc.region == "江苏省/镇江市"
    assert "镇江经济技术开发区" in [z.name for z in doc.zones]
    assert len(doc.content_hash) == 40 and doc.fingerprint != 0


def test_traditional_text_keeps_its_script_and_matches_simplified_facets() -> None:
    doc = process(_raw(to_traditional(ARTICLE), kind="text", uri="mem://t"))
    assert isinstance(doc, Document)
    assert doc.script == "hant"
    assert "區" in doc.text
    assert doc.region == "江苏省/镇江市"
    simplified = process(_raw(ARTICLE, kind="text"))
    assert isinstance(simplified, Document)
    assert doc.content_hash != simplified.content_hash  # not an exact duplicate...
    assert bin(doc.fingerprint ^ simplified.fingerprint).count("1") <= 3  # ...but a near one


def test_record_columns_win_over_extraction() -> None:
    raw = Raw(
        uri="dump.csv#3",
        data=ARTICLE.encode(),
        text=ARTICLE,
        kind="text",
        title="记录里的标题",
        published="2023-11-02",
        url="https://example.org/a.html",
    )
    doc = process(raw)
    assert isinstance(doc, Document)
    assert doc.title == "记录里的标题"
    assert doc.published == date(2023, 11, 2)
    assert doc.url == "https://example.org/a.html"
    assert doc.encoding_reason and "record" in doc.encoding_reason


def test_a_title_only_record_is_indexed_with_its_title_as_text() -> None:
    raw = Raw(
        uri="xwlb.jsonl#7",
        data=b"",
        text="",
        title=" 苏州工业园区建设再上新台阶 ",
        published="2019-08-20",
        kind="text",
    )
    doc = process(raw)
    assert isinstance(doc, Document)
    assert (doc.title, doc.text) == ("苏州工业园区建设再上新台阶", "苏州工业园区建设再上新台阶")
    assert (doc.year, doc.year_basis) == (2019, "published")
    assert doc.region == "江苏省/苏州市"
    assert "苏州工业园区" in [z.name for z in doc.zones]
    assert doc.content_hash and doc.encoding_reason and "title only" in doc.encoding_reason
    # no title either: still a skip with its reason
    result = process(Raw(uri="xwlb.jsonl#8", data=b"", text=" ", title=" ", kind="text"))
    assert isinstance(result, Skip) and result.reason == "empty record"


def test_html_with_header_charset_is_decoded_by_it() -> None:
    html = (
        "<html><head><title>丹阳经开区签约</title></head><body><article>"
        "<h1>丹阳经开区签约</h1><p>2024年5月6日，丹阳经济开发区集中签约项目12个，"
        "总投资86亿元，涉及航空航天新材料、汽车零部件等产业。</p>"
        "<p>签约项目将进一步壮大园区主导产业，推动丹阳开发区高质量发展。</p>"
        "</article></body></html>"
    )
    raw = Raw(
        uri="http://x/a",
        data=html.encode("gb18030"),
        kind="html",
        content_type="text/html; charset=GBK",
    )
    doc = process(raw)
    assert isinstance(doc, Document), doc
    assert doc.encoding == "gb18030"
    assert "丹阳经济开发区集中签约" in doc.text
    assert doc.kind == "html"


def test_empty_binary_and_boilerplate_only_inputs_are_skipped_with_reasons() -> None:
    for raw in (
        Raw(uri="e", data=b""),
        Raw(uri="b", data=bytes(range(256)) * 20),
        _raw("首页 新闻中心\n返回首页\n相关新闻\n", kind="text"),
        Raw(uri="r", data=b"", text="   ", kind="text"),
    ):
        result = process(raw)
        assert isinstance(result, Skip), raw.uri
        assert result.reason
        assert result.uri == raw.uri


def test_seed_from_disk_has_date_source_and_title() -> None:
    doc = process(Raw(uri=str(SEED_002), data=SEED_002.read_bytes(), kind="text"))
    assert isinstance(doc, Document)
    assert doc.title == "江苏涟水经济开发区:以解放思想大讨论助力高质量发展"
    assert doc.published == date(2018, 7, 9)


def test_charset_is_read_from_content_type() -> None:
    assert _charset_of("text/html; charset=GBK") == "GBK"
    assert _charset_of('text/html;charset="big5"') == "big5"
    assert _charset_of("text/html") is None
    assert _charset_of(None) is None


def test_content_hash_is_sha1_of_the_nfkc_of_title_and_text() -> None:
    import hashlib
    import unicodedata

    from search.pipeline import normalise_stage

    doc = Document(id="x", uri="x", title="ＡＢＣ开发区\u0301", text="\u0301e\u0301 ｶﾞ 镇江\n第二段")
    expected = unicodedata.normalize("NFKC", f"{doc.title}\n{doc.text}").encode("utf-8")
    assert normalise_stage(doc).content_hash == hashlib.sha1(expected).hexdigest()
