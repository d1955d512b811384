"""Record dumps from other scrapers: JSON Lines and CSV files, one article per row.

A row needs text, HTML or at least a title (a title-only row is an item whose title is all there
is: the pipeline makes the title its text); it is named by its id column, else by its line
number. Columns are found by their usual names unless RecordOptions names them. The dump is
read as UTF-8 (with or without BOM); a dump that is not UTF-8 but reads cleanly as GB18030 is
read as GB18030, and stray invalid bytes become U+FFFD rather than stopping the file (so do
lone surrogates that a JSON string escapes, which no text can hold). A dump ending in .gz (as
crawlers often write them: x.jsonl.gz, x.csv.gz) is decompressed as it is read; a truncated or
corrupt stream ends the file with a Skip saying so, and the rows read before it are kept.

A dump is other people's output, so every row is bounded: a field the row uses holds at most
max_field_bytes of UTF-8 (the file cap, 20 MB), a row (a JSON line, a CSV record) at most
ROW_CAP_FACTOR times that in characters, read no further than the cap, and a JSON line nested
deeper than the decoder's recursion limit is a bad line. Each is a Skip with its reason; the
rest of the dump is read on.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import re
import sys
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from search.document import Kind, Raw, Skip
from search.sources.files import MAX_FILE_BYTES, uri_of
from search.sources.lines import STREAM_ERRORS, Lines, Overlong, overlong_reason

# csv's own limit (128 KB by default) would cut legal articles: rows are bounded by the
# row cap below instead, which also bounds the memory a hostile dump can take.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
MAX_FIELD_BYTES = MAX_FILE_BYTES
# A row may be this many times the field cap in characters (JSON's \uXXXX escapes take six
# characters for three bytes, and a row has several fields) before it is skipped unread.
ROW_CAP_FACTOR = 4
MAX_NAME_CHARS = 1000
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")

ID_NAMES = ("id", "doc_id", "docid", "uuid", "article_id", "_id", "key")
URL_NAMES = ("url", "link", "source_url", "href", "page_url", "original_url", "uri")
TEXT_NAMES = ("text", "content", "full_text", "fulltext", "body", "article", "main_text")
HTML_NAMES = ("html", "raw_html", "content_html", "page_html", "html_content", "source")
TITLE_NAMES = ("title", "headline", "name")
DATE_NAMES = ("date", "publish_date", "published", "pub_date", "publish_time", "time", "datetime")

SAMPLE_BYTES = 1 << 16
DUMP_SUFFIXES = (".jsonl", ".ndjson", ".csv", ".tsv")
COMPRESSED = ".gz"


def dump_suffix(path: Path) -> str | None:
    """The dump format a file name says (".jsonl", ".csv", ...), behind a .gz or not; else None."""
    suffixes = [s.lower() for s in Path(path).suffixes[-2:]]
    if suffixes and suffixes[-1] == COMPRESSED:
        suffixes.pop()
    return suffixes[-1] if suffixes and suffixes[-1] in DUMP_SUFFIXES else None


def is_dump(path: Path) -> bool:
    """Whether the file name is that of a record dump, plain or gzip-compressed."""
    return dump_suffix(path) is not None


@dataclass(frozen=True)
class RecordOptions:
    """Column names to use instead of the detected ones."""

    id_column: str | None = None
    url_column: str | None = None
    text_column: str | None = None
    html_column: str | None = None
    title_column: str | None = None
    date_column: str | None = None


@dataclass(frozen=True)
class _Columns:
    id: str | None
    url: str | None
    text: str | None
    html: str | None
    title: str | None
    date: str | None


def _pick(keys: list[str], given: str | None, names: tuple[str, ...]) -> str | None:
    if given is not None:
        return given
    by_lower = {k.strip().lower().lstrip("\ufeff"): k for k in keys}
    return next((by_lower[n] for n in names if n in by_lower), None)


def detect_columns(keys: list[str], options: RecordOptions | None = None) -> _Columns:
    """Which of the keys hold id, url, text, html, title and date."""
    o = options or RecordOptions()
    return _Columns(
        id=_pick(keys, o.id_column, ID_NAMES),
        url=_pick(keys, o.url_column, URL_NAMES),
        text=_pick(keys, o.text_column, TEXT_NAMES),
        html=_pick(keys, o.html_column, HTML_NAMES),
        title=_pick(keys, o.title_column, TITLE_NAMES),
        date=_pick(keys, o.date_column, DATE_NAMES),
    )


def _value(row: Mapping[str, object], column: str | None) -> str | None:
    if column is None:
        return None
    value = row.get(column)
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    text = _LONE_SURROGATE.sub("\ufffd", str(value).strip())
    return text or None


def _utf8_size(text: str) -> int:
    return len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))


class _RowReader:
    """Turns rows into Raw records, naming each uniquely within its dump."""

    def __init__(self, path: str, max_field_bytes: int = MAX_FIELD_BYTES) -> None:
        self.path = path
        self.max_field_bytes = max_field_bytes
        self.used: set[str] = set()

    def row(self, row: Mapping[str, object], columns: _Columns, line: int) -> Raw | Skip:
        name = _value(row, columns.id) or str(line)
        if len(name) > MAX_NAME_CHARS:  # an id that long names nothing: use the line
            name = str(line)
        if name in self.used:
            name = f"{name}@{line}"
        self.used.add(name)
        uri = f"{self.path}#{name}"
        text = _value(row, columns.text)
        kind: Kind = "text"
        if text is None:
            text = _value(row, columns.html)
            kind = "html"
        title = _value(row, columns.title)
        if text is None and title is None:
            return Skip(uri, f"line {line}: no text, html or title")
        fields = {
            kind: text,
            "title": title,
            "date": _value(row, columns.date),
            "url": _value(row, columns.url),
        }
        for role, value in fields.items():
            if value is not None and len(value) * 4 > self.max_field_bytes:
                size = _utf8_size(value)
                if size > self.max_field_bytes:
                    return Skip(
                        uri,
                        f"line {line}: {role} field too large: {size} bytes, "
                        f"over the {self.max_field_bytes}-byte cap",
                    )
        return Raw(
            uri=uri,
            data=(text or "").encode("utf-8", "surrogatepass"),
            kind=kind if text is not None else "text",
            title=title,
            published=fields["date"],
            url=fields["url"],
            text=text or "",
        )


def _open_binary(path: Path) -> BinaryIO:
    if path.suffix.lower() == COMPRESSED:
        return gzip.open(path, "rb")
    return open(path, "rb")


def _encoding(path: Path) -> str:
    sample = b""
    with _open_binary(path) as handle:
        try:
            while len(sample) < SAMPLE_BYTES and (chunk := handle.read(SAMPLE_BYTES)):
                sample += chunk
        except STREAM_ERRORS:
            if not sample:  # nothing readable at all; a later break is reported after its rows
                raise
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    for encoding in ("utf-8", "gb18030"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(sample, final=False)
            return encoding
        except UnicodeDecodeError:
            continue
    return "utf-8"


def iter_records(
    path: Path, options: RecordOptions | None = None, *, max_field_bytes: int = MAX_FIELD_BYTES
) -> Iterator[Raw | Skip]:
    """Every row of a .jsonl/.ndjson or .csv/.tsv dump (or one of those .gz) with text or HTML.

    Rows are named by the dump's resolved path, as the file reader names files. A row with a
    field over max_field_bytes is skipped with its reason.
    """
    path = Path(path).resolve()
    try:
        encoding = _encoding(path)
        binary = _open_binary(path)
    except STREAM_ERRORS as err:
        yield Skip(uri_of(path), f"unreadable: {_reason(err)}")
        return
    handle = io.TextIOWrapper(binary, encoding=encoding, errors="replace", newline="")
    with handle:
        name = uri_of(path)  # what its rows are named by; the file is read by its real path
        lines = Lines(handle, max_field_bytes * ROW_CAP_FACTOR)
        reader = _RowReader(name, max_field_bytes)
        if dump_suffix(path) in (".csv", ".tsv"):
            delimiter = "\t" if dump_suffix(path) == ".tsv" else ","
            rows = _iter_csv(name, lines, reader, delimiter, options)
        else:
            rows = _iter_jsonl(name, lines, reader, options)
        for row in rows:
            if lines.error is None or row != Skip(name, "empty file"):
                yield row
        if lines.error is not None:
            yield Skip(
                name,
                f"truncated or corrupt after line {lines.read} ({lines.error}); "
                "the rows before it were read",
            )


def _reason(err: BaseException) -> str:
    if isinstance(err, gzip.BadGzipFile | EOFError | zlib.error):
        return f"not a readable gzip file ({err or type(err).__name__})"
    return str(getattr(err, "strerror", None) or err)


def _iter_jsonl(
    path: str, lines: Lines, reader: _RowReader, options: RecordOptions | None
) -> Iterator[Raw | Skip]:
    rows = 0
    columns: dict[tuple[str, ...], _Columns] = {}  # rows of a dump mostly share their keys
    while True:
        lines.start_row()
        line_number = lines.read + 1
        try:
            line = next(lines)
        except StopIteration:
            break
        except Overlong:
            rows += 1
            yield Skip(f"{path}#{line_number}", overlong_reason(lines, line_number))
            continue
        line = line.strip().lstrip("\ufeff")
        if not line:
            continue
        rows += 1
        try:
            row = json.loads(line)
        except RecursionError:
            yield Skip(f"{path}#{line_number}", f"line {line_number}: bad JSON (nested too deeply)")
            continue
        except ValueError as err:
            yield Skip(f"{path}#{line_number}", f"line {line_number}: bad JSON ({err.msg})")
            continue
        if not isinstance(row, dict):
            yield Skip(f"{path}#{line_number}", f"line {line_number}: not a JSON object")
            continue
        keys = tuple(row)
        found = columns.get(keys)
        if found is None:
            if len(columns) > 256:
                columns.clear()
            found = columns[keys] = detect_columns(list(keys), options)
        yield reader.row(row, found, line_number)
    if rows == 0:
        yield Skip(str(path), "empty file")


def _iter_csv(
    path: str,
    lines: Lines,
    rows: _RowReader,
    delimiter: str,
    options: RecordOptions | None,
) -> Iterator[Raw | Skip]:
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        yield Skip(str(path), "empty file")
        return
    except Overlong:
        yield Skip(str(path), overlong_reason(lines, 1).replace("record", "header"))
        return
    except csv.Error as err:
        yield Skip(str(path), f"line 1: bad CSV header ({err})")
        return
    columns = detect_columns(header, options)
    if columns.text is None and columns.html is None:
        yield Skip(str(path), f"no text or html column among {header}")
        return
    line = 1  # physical lines read so far
    while True:
        start = line + 1
        lines.start_row()
        try:
            fields = next(reader)
        except StopIteration:
            return
        except Overlong as e:
            yield Skip(f"{path}#{start}", overlong_reason(lines, start))
            if e.quotes % 2:  # it stopped inside a quoted field: read past its end
                lines.skip_quoted()
            line = lines.read - len(lines.pending)
            reader = csv.reader(lines, delimiter=delimiter, strict=True)
            continue
        except csv.Error as err:
            yield Skip(f"{path}#{start}", f"line {start}: broken CSV row ({err})")
            # A stray quote makes the reader run on into the next rows: read them again.
            taken = lines.taken
            if len(taken) > 1:
                lines.reread(taken[1:])
            line = start
            reader = csv.reader(lines, delimiter=delimiter, strict=True)
            continue
        line += len(lines.taken)
        if not fields or all(not f.strip() for f in fields):
            continue
        if len(fields) != len(header):
            reason = f"line {start}: {len(fields)} fields where the header has {len(header)}"
            yield Skip(f"{path}#{start}", reason)
            continue
        yield rows.row(dict(zip(header, fields, strict=True)), columns, start)
