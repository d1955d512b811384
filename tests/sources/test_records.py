"""search.sources.records: JSONL and CSV dumps, columns detected or given, broken rows skipped."""

from __future__ import annotations

import codecs
import csv
import gzip
import hashlib
import json
from pathlib import Path

import pytest

from search.document import Raw, Skip
from search.sources.records import (
    RecordOptions,
    detect_columns,
    dump_suffix,
    is_dump,
    iter_records,
)

SHARED = Path(__file__).resolve().parents[3] / "shared"
TEXT = "常州高新区管委会发布公告。\n第二段。"


def test_jsonl_rows_with_detected_columns(tmp_path: Path) -> None:
    rows = [
        {
            "id": "a1",
            "link": "http://x.cn/1",
            "content": TEXT,
            "title": "标题",
            "published": "2024-01-02",
        },
        {"url": "http://x.cn/2", "raw_html": "<p>开发区</p>", "headline": "二"},
        {"id": 7, "text": "数字编号", "date": 20240105},
    ]
    path = tmp_path / "dump.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n\n")
    a, b, c = iter_records(path)
    assert a == Raw(
        uri=f"{path}#a1",
        data=TEXT.encode(),
        kind="text",
        title="标题",
        published="2024-01-02",
        url="http://x.cn/1",
        text=TEXT,
    )
    assert (b.uri, b.kind, b.text, b.title, b.url) == (
        f"{path}#2",
        "html",
        "<p>开发区</p>",
        "二",
        "http://x.cn/2",
    )
    assert (c.uri, c.published) == (f"{path}#7", "20240105")


def test_jsonl_bad_lines_skipped_rest_read(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_bytes(
        codecs.BOM_UTF8
        + b'{"text": "one"}\n'
        + b'{"text": "tw\n'  # truncated line
        + b"[1, 2]\n"
        + b'{"title": "", "date": "2020-01-01"}\n'
        + b'{"text": "bad \xff byte"}\n'
        + b'{"text": "six", "id": "x"}\n'
        + b'{"text": "seven", "id": "x"}'
    )
    results = list(iter_records(path))
    assert [type(r).__name__ for r in results] == [
        "Raw",
        "Skip",
        "Skip",
        "Skip",
        "Raw",
        "Raw",
        "Raw",
    ]
    assert results[1].uri == f"{path}#2" and results[1].reason.startswith("line 2: bad JSON")
    assert results[2].reason == "line 3: not a JSON object"
    assert results[3].reason == "line 4: no text, html or title"
    assert results[4].text == "bad \ufffd byte"
    assert [results[5].uri, results[6].uri] == [f"{path}#x", f"{path}#x@7"]


def test_a_title_only_row_is_a_record_with_empty_text(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_text(
        '{"id": "a", "title": "苏州工业园区 新闻", "text": "", "date": "2019-08-20"}\n'
        '{"id": "b", "title": "只有标题"}\n',
        encoding="utf-8",
    )
    first, second = iter_records(path)
    assert isinstance(first, Raw) and isinstance(second, Raw)
    assert (first.title, first.text, first.published, first.kind) == (
        "苏州工业园区 新闻",
        "",
        "2019-08-20",
        "text",
    )
    assert (second.title, second.text) == ("只有标题", "")


def test_csv_with_broken_rows(tmp_path: Path) -> None:
    path = tmp_path / "dump.csv"
    path.write_text(
        "id,title,text,date\n"
        '1,一,"first\nparagraph",2024-01-01\n'
        '2,二,"unclosed quote\n'
        "3,三,third,2024-01-03\n"
        "4,四,too,many,fields\n"
        "5,,,2024-01-05\n"
        '6,六,"last one",2024-01-06',
        encoding="utf-8",
    )
    results = list(iter_records(path))
    raws = [r for r in results if isinstance(r, Raw)]
    skips = [r for r in results if isinstance(r, Skip)]
    assert [(r.uri, r.text, r.title, r.published) for r in raws] == [
        (f"{path}#1", "first\nparagraph", "一", "2024-01-01"),
        (f"{path}#3", "third", "三", "2024-01-03"),
        (f"{path}#6", "last one", "六", "2024-01-06"),
    ]
    assert [s.uri for s in skips] == [f"{path}#4", f"{path}#6", f"{path}#5"]
    assert skips[0].reason.startswith("line 4: broken CSV row")
    assert skips[1].reason == "line 6: 5 fields where the header has 4"
    assert skips[2].reason == "line 7: no text, html or title"


def test_options_name_the_columns(tmp_path: Path) -> None:
    path = tmp_path / "dump.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["key", "body_html", "summary", "headline", "when"])
        writer.writerow(["k1", "<p>正文</p>", "摘要", "题", "2020"])
    options = RecordOptions(id_column="key", html_column="body_html", date_column="when")
    (raw,) = iter_records(path, options)
    assert (raw.uri, raw.kind, raw.text, raw.title, raw.published) == (
        f"{path}#k1",
        "html",
        "<p>正文</p>",
        "题",
        "2020",
    )


def test_huge_field_gbk_dump_and_empty_files(tmp_path: Path) -> None:
    big = "开发区" * 400_000  # 3.6 MB in one field, far over csv's default limit
    path = tmp_path / "big.csv"
    path.write_bytes(codecs.BOM_UTF8 + f"title,full_text\n大,{big}\n".encode())
    (raw,) = iter_records(path)
    assert raw.text == big and raw.uri == f"{path}#2"
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes("title,text\n题目,经济开发区新闻\n".encode("gbk"))
    (raw,) = iter_records(gbk)
    assert (raw.title, raw.text) == ("题目", "经济开发区新闻")
    for name in ("empty.csv", "empty.jsonl"):
        (tmp_path / name).write_bytes(b"")
        assert list(iter_records(tmp_path / name)) == [Skip(str(tmp_path / name), "empty file")]
    (tmp_path / "notext.csv").write_text("a,b\n1,2\n")
    (skip,) = iter_records(tmp_path / "notext.csv")
    assert skip.reason.startswith("no text or html column")
    (skip,) = iter_records(tmp_path / "missing.csv")
    assert skip.reason.startswith("unreadable")


def test_detect_columns_prefers_known_names() -> None:
    cols = detect_columns(["\ufeffProvince", "Title", "Source_URL", "publish_date", "full_text"])
    assert (cols.id, cols.url, cols.text, cols.title, cols.date) == (
        None,
        "Source_URL",
        "full_text",
        "Title",
        "publish_date",
    )


def test_gov_report_csvs() -> None:
    folder = SHARED / "corpus" / "gov-reports-2026"
    if not folder.is_dir():
        pytest.skip(f"{folder} is missing")
    files = sorted(folder.glob("*.csv"))
    assert len(files) == 16
    for path in files:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            (expected,) = csv.DictReader(handle)
        (raw,) = iter_records(path)
        assert raw.uri == f"{path.resolve()}#2"  # rows are named by the resolved path
        assert raw.kind == "text"
        assert raw.title == expected["title"] and raw.title.endswith("政府工作报告")
        assert raw.published == expected["publish_date"]
        assert raw.url == expected["source_url"]
        assert raw.text == expected["full_text"].strip() and len(raw.text) > 5000
        assert raw.data == raw.text.encode("utf-8")


def test_rows_are_named_by_the_dumps_resolved_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "dump.jsonl").write_text(json.dumps({"id": "r1", "text": TEXT}) + "\n")
    monkeypatch.chdir(tmp_path)
    (raw,) = iter_records(Path("dump.jsonl"))
    assert raw.uri == f"{(tmp_path / 'dump.jsonl').resolve()}#r1"


def _noise(i: int) -> str:
    return hashlib.sha1(str(i).encode()).hexdigest()


def _gzip_jsonl(path: Path, count: int) -> list[dict[str, str]]:
    # Random-looking text keeps the stream from compressing to a few bytes, so a cut lands mid-rows.
    rows = [
        {"id": f"n{i}", "title": f"标题{i}", "text": f"{i:x}号开发区新闻。{_noise(i)}" * 20}
        for i in range(count)
    ]
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    return rows


def test_gzip_jsonl_and_csv_read_directly(tmp_path: Path) -> None:
    rows = _gzip_jsonl(tmp_path / "dump.jsonl.gz", 3)
    path = (tmp_path / "dump.jsonl.gz").resolve()
    raws = list(iter_records(path))
    assert [(r.uri, r.title, r.text) for r in raws] == [
        (f"{path}#{r['id']}", r["title"], r["text"]) for r in rows
    ]
    csv_path = tmp_path / "REPORT.CSV.GZ"
    csv_path.write_bytes(
        gzip.compress(codecs.BOM_UTF8 + 'title,full_text\n报告,"综保区\n开放"\n'.encode())
    )
    (raw,) = iter_records(csv_path)
    assert (raw.uri, raw.title, raw.text) == (f"{csv_path}#2", "报告", "综保区\n开放")
    gbk = tmp_path / "gbk.tsv.gz"
    gbk.write_bytes(gzip.compress("title\ttext\n题目\t经济开发区新闻\n".encode("gbk")))
    (raw,) = iter_records(gbk)
    assert (raw.title, raw.text) == ("题目", "经济开发区新闻")


def test_truncated_gzip_keeps_the_rows_before_the_break(tmp_path: Path) -> None:
    whole = tmp_path / "whole.jsonl.gz"
    rows = _gzip_jsonl(whole, 400)
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    *raws, skip = iter_records(cut)
    assert 0 < len(raws) < len(rows)
    assert [r.text for r in raws] == [r["text"] for r in rows[: len(raws)]]
    assert skip == Skip(
        str(cut),
        f"truncated or corrupt after line {len(raws)} "
        "(Compressed file ended before the end-of-stream marker was reached); "
        "the rows before it were read",
    )


def test_corrupt_gzip_is_a_skip_not_a_traceback(tmp_path: Path) -> None:
    whole = tmp_path / "whole.csv.gz"
    with gzip.open(whole, "wt", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text"])
        writer.writerows([f"r{i}", f"{_noise(i)}高新区{i}" * 30] for i in range(2000))
    data = bytearray(whole.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = bytes(64)  # zeroes over the deflate stream
    bad = tmp_path / "bad.csv.gz"
    bad.write_bytes(bytes(data))
    results = list(iter_records(bad))
    raws = [r for r in results if isinstance(r, Raw)]
    assert 0 < len(raws) < 2000
    assert [r.uri for r in raws[:2]] == [f"{bad}#r0", f"{bad}#r1"]
    assert results[-1].uri == str(bad)
    assert "truncated or corrupt after line" in results[-1].reason
    assert results[-1].reason.endswith("the rows before it were read")


def test_gzip_too_short_or_not_gzip_at_all(tmp_path: Path) -> None:
    fake = tmp_path / "fake.jsonl.gz"
    fake.write_text('{"text": "plain, not compressed"}\n')
    (skip,) = iter_records(fake)
    assert skip.uri == str(fake)
    assert skip.reason.startswith("unreadable: not a readable gzip file (Not a gzipped file")
    stub = tmp_path / "stub.jsonl.gz"
    stub.write_bytes(gzip.compress(b'{"text": "x"}\n')[:12])  # the header, hardly any data
    (skip,) = iter_records(stub)
    assert skip.reason.startswith("unreadable: not a readable gzip file (Compressed file ended")
    empty = tmp_path / "empty.csv.gz"
    empty.write_bytes(gzip.compress(b""))
    assert list(iter_records(empty)) == [Skip(str(empty), "empty file")]


def test_dump_names() -> None:
    assert [
        dump_suffix(Path(n))
        for n in ("a.jsonl", "a.jsonl.gz", "a.NDJSON.GZ", "a.csv.gz", "b.tsv", "a.gz", "a.txt.gz")
    ] == [".jsonl", ".jsonl", ".ndjson", ".csv", ".tsv", None, None]
    assert is_dump(Path("x.csv.gz")) and not is_dump(Path("x.html"))


def test_a_line_nested_100000_deep_is_skipped_and_the_rest_read(tmp_path: Path) -> None:
    deep = '{"id": "d", "text": "开发区", "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    wide = json.dumps({"id": "wide", "text": TEXT, "tags": [{"a": [1]}] * 5000})
    path = tmp_path / "deep.jsonl"
    path.write_text(f"{deep}\n{json.dumps({'id': 'ok', 'text': TEXT})}\n{wide}\n", "utf-8")
    skip, ok, many = iter_records(path)
    assert skip == Skip(f"{path}#1", "line 1: bad JSON (nested too deeply)")
    assert (ok.uri, ok.text, many.uri) == (f"{path}#ok", TEXT, f"{path}#wide")


def test_lone_surrogates_in_a_json_record_become_replacement_characters(tmp_path: Path) -> None:
    path = tmp_path / "surrogates.jsonl"
    path.write_text('{"id": "\\udcff", "title": "\\ud800题", "text": "开发区\\udfff"}\n', "utf-8")
    (raw,) = iter_records(path)
    assert (raw.uri, raw.title, raw.text) == (f"{path}#\ufffd", "\ufffd题", "开发区\ufffd")
    assert raw.data == raw.text.encode("utf-8")


def test_a_field_over_the_cap_skips_its_row_with_the_reason(tmp_path: Path) -> None:
    cap = 1000
    path = tmp_path / "big.csv"
    path.write_text(
        "id,title,text\n"
        f"1,一,{'开' * 400}\n"  # 1,200 bytes of UTF-8
        f'2,二,"{"x" * 600}\n{"y" * 600}"\n'  # one field over two lines
        f"3,{'题' * 2000},正文\n"
        "4,四,fine\n"
        '5,五,"' + ("z" * 99 + '""\n') * 50 + '"\n'  # over the row cap, inside a quote
        f"6,六,{'w' * 5000}\n"  # over the row cap on one line
        "7,七,also fine\n",
        encoding="utf-8",
    )
    results = list(iter_records(path, max_field_bytes=cap))
    assert [(type(r).__name__, r.uri.rsplit("#")[1]) for r in results] == [
        ("Skip", "1"),
        ("Skip", "2"),
        ("Skip", "3"),
        ("Raw", "4"),
        ("Skip", "7"),
        ("Skip", "58"),
        ("Raw", "7"),
    ]
    assert results[4].reason == "line 7: record over the 4000-character cap, not read"
    assert results[5].reason == "line 58: record over the 4000-character cap, not read"
    assert results[6].text == "also fine"
    assert results[0].reason == "line 2: text field too large: 1200 bytes, over the 1000-byte cap"
    assert (
        results[1].reason.startswith("line 3: ") and "over the 1000-byte cap" in results[1].reason
    )
    assert results[2].reason.startswith("line 5: title field too large")


def test_a_jsonl_line_over_the_cap_is_skipped_unread(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    rows = [{"id": "big", "text": "开" * 3000}, {"id": "ok", "text": TEXT}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", "utf-8")  # \uXXXX escapes
    big, ok = iter_records(path, max_field_bytes=1000)
    assert big == Skip(f"{path}#1", "line 1: record over the 4000-character cap, not read")
    assert ok.uri == f"{path}#ok"


def test_a_20_mb_field_is_skipped_at_the_default_cap(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("w", encoding="utf-8") as f:
        f.write("id,text\nhuge,")
        f.write("开发区" * (7 * 1024 * 1024 // 3 + 1))  # just over 21 MB
        f.write("\nok,镇江经济开发区新闻\n")
    huge, ok = iter_records(path)
    assert huge.reason.startswith("line 2: ") and "over the 20971520-byte cap" in huge.reason
    assert ok.text == "镇江经济开发区新闻"
