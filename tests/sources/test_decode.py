import codecs
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from search.document import Skip
from search.sources.decode import Decoded, decode, sniff_kind

ROOT = Path(__file__).resolve().parents[2]
NEWS_HTML = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "news-html"
SEED_000 = (ROOT / "seeds" / "000_d8e9bc0c093c3721.txt").read_text(encoding="utf-8")
SEED_002 = (ROOT / "seeds" / "002_3f82f7dc589cad46.txt").read_text(encoding="utf-8")


def ok(result: Decoded | Skip) -> Decoded:
    assert isinstance(result, Decoded), result
    return result


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
    ],
)
def test_bom_wins_over_every_declaration(bom, codec):
    data = bom + "<meta charset=gbk>开发区".encode(codec)
    result = ok(decode(data, header_charset="big5"))
    assert result.text.lstrip("\ufeff") == "<meta charset=gbk>开发区"
    assert result.reason == "bom"


def test_http_header_then_meta_charset():
    data = '<meta charset="big5">經濟開發區'.encode("big5")
    result = ok(decode(data, header_charset="Big5"))
    assert (result.text, result.encoding, result.reason) == (
        '<meta charset="big5">經濟開發區',
        "big5hkscs",
        "http header",
    )
    result = ok(decode(data))
    assert result.reason == "meta charset"
    assert result.encoding == "big5hkscs"


def test_gb2312_and_gbk_are_decoded_as_gb18030():
    # 镕 is outside GB2312; pages labelled gb2312 use such characters all the time.
    data = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">朱镕基'.encode(
        "gbk"
    )
    result = ok(decode(data))
    assert result.encoding == "gb18030"
    assert result.text.endswith("朱镕基")
    assert ok(decode("开发区".encode("gbk"), header_charset="GBK")).encoding == "gb18030"


def test_declared_gb2312_on_utf8_bytes_is_overruled():
    data = '<meta charset="gb2312"><p>江苏涟水经济开发区，高质量发展。</p>'.encode()
    result = ok(decode(data))
    assert result.encoding == "utf-8"
    assert result.reason.startswith("meta charset gb2312 overruled")
    assert "江苏涟水经济开发区" in result.text


def test_wrong_header_charset_is_overruled_by_meta():
    data = '<meta charset="gbk">开发区建设'.encode("gbk")
    result = ok(decode(data, header_charset="utf-8"))
    assert result.encoding == "gb18030"
    assert result.reason.startswith("meta charset; http header utf-8 overruled")


def test_unknown_declared_charset_falls_back_to_detection():
    result = ok(decode("开发区建设".encode(), header_charset="x-made-up"))
    assert result.encoding == "utf-8"
    assert "x-made-up overruled: unknown charset" in result.reason


@pytest.mark.parametrize(
    "label", ["undefined", "idna", "punycode", "rot13", "base64", "zlib", "unicode_escape"]
)
def test_python_codecs_that_are_no_charset_are_not_trusted(label):
    # Found by test_decode_never_raises: a header naming Python's "undefined" codec raised.
    data = b"\x01\\x41 \xbf\xaa\xb7\xa2\xc7\xf8 " + "开发区建设".encode("gbk")
    result = ok(decode(data, header_charset=label))
    assert result.reason.startswith(f"http header {label} overruled: unknown charset")
    assert "开发区建设" in result.text


@pytest.mark.parametrize("codec", ["gbk", "gb18030", "utf-16-le", "utf-16-be"])
def test_undeclared_chinese_is_detected(codec):
    text = SEED_002.replace("•", "-").replace("\xa0", " ")
    result = ok(decode(text.encode(codec)))
    assert result.text == text
    assert result.reason.startswith("chardet")


def test_undeclared_big5_is_detected():
    article = SEED_000.split("主站蜘蛛池模板")[0]  # the link farm is in simplified characters
    result = ok(decode(article.encode("big5")))
    assert result.text == article
    assert result.encoding in {"big5hkscs", "cp950"}


@pytest.mark.parametrize(("data", "reason"), [(b"", "empty file"), (b" \n\t", "only whitespace")])
def test_empty_is_skipped(data, reason):
    assert decode(data) == Skip("", reason)


@pytest.mark.parametrize(
    "data", [b"%PDF-1.7\n...", b"\x89PNG\r\n\x1a\n\x00\x00", bytes(range(256)) * 8]
)
def test_binary_is_skipped(data):
    result = decode(data)
    assert isinstance(result, Skip)
    assert result.reason.startswith("binary data")


def test_invalid_bytes_mid_file_are_replaced_and_said():
    data = "开发区建设".encode() + b"\xff\xfe\xfa" + "高质量发展".encode() * 20
    result = ok(decode(data))
    assert result.encoding == "utf-8"
    assert "replaced" in result.reason
    assert result.text.startswith("开发区建设\ufffd")
    assert result.text.endswith("高质量发展")


def test_truncated_multibyte_tail_is_dropped():
    data = "开发区建设".encode()[:-1]
    result = ok(decode(data))
    assert result.text == "开发区建"
    data = "开发区建设".encode("gbk")[:-1]
    assert ok(decode(data, header_charset="gbk")).text == "开发区建"


def test_stray_nul_bytes_do_not_make_text_binary():
    data = ("开发区建设。" * 50).encode() + b"\x00" + ("高质量发展。" * 50).encode()
    result = ok(decode(data))
    assert result.encoding == "utf-8"


def test_news_html_pages_declaring_gb2312_are_read_as_utf8():
    if not NEWS_HTML.is_dir():
        pytest.skip(f"missing {NEWS_HTML}")
    for page in ("tests/hexun/1.html", "tests/people/1.html"):
        result = ok(decode((NEWS_HTML / page).read_bytes()))
        assert result.encoding == "utf-8", page
        assert result.reason.lower().startswith("meta charset gb2312 overruled"), page
    for page in sorted(NEWS_HTML.rglob("*.html")):
        assert ok(decode(page.read_bytes())).encoding == "utf-8", page


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("<!DOCTYPE html><html><body>x</body></html>", "html"),
        ("\ufeff  <html lang=zh>", "html"),
        ("<!-- saved page --><HTML>", "html"),
        ("<div><p>开发区</p><p>建设</p><a href=x>y</a><span>z</span></div>", "html"),
        (SEED_002, "text"),
        ("a < b and c > d", "text"),
        ("", "text"),
    ],
)
def test_sniff_kind(text, kind):
    assert sniff_kind(text) == kind


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000), st.one_of(st.none(), st.text(max_size=12)))
def test_decode_never_raises(data, header):
    result = decode(data, header_charset=header)
    assert isinstance(result, (Decoded, Skip))
    if isinstance(result, Decoded):
        assert result.encoding and result.reason


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["utf-8", "gb18030", "utf-16", "utf-8-sig"]))
def test_decode_round_trips_encoded_text(text, codec):
    # FF FE 00 00 is the UTF-32-LE BOM as well: a UTF-16 text starting with NUL is ambiguous.
    assume(not text.startswith("\x00"))
    data = text.encode(codec)
    result = decode(data)
    if isinstance(result, Decoded) and codec in {"utf-16", "utf-8-sig"} and text.strip():
        # a text starting with U+FEFF itself reads as a BOM and its text: compare past both
        assert result.text.lstrip("\ufeff") == text.lstrip("\ufeff")
