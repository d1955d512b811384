"""search.sources.files: folders walked in order, every bad input a Skip with a reason."""

from __future__ import annotations

import builtins
import os
from pathlib import Path

import pytest

from search.document import Raw, Skip
from search.sources.files import iter_files
from search.sources.sniff import looks_binary, sniff_kind

ARTICLE = "南京经济技术开发区举行招商推介会。\n本报讯 记者张三\n".encode()


def _all(paths: list[Path], **kwargs: int) -> list[Raw | Skip]:
    return list(iter_files(paths, **kwargs))


def _by_name(results: list[Raw | Skip]) -> dict[str, Raw | Skip]:
    return {Path(r.uri).name: r for r in results}


def test_folder_walked_recursively_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_bytes(ARTICLE)
    (tmp_path / "b" / "a.htm").write_bytes(b"<html><body><p>x</p></body></html>")
    (tmp_path / "a.shtml").write_bytes(b"<p>x</p>")
    (tmp_path / "c.HTML").write_bytes(b"<p>x</p>")
    (tmp_path / "notes.md").write_bytes(b"# ignored")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n")
    (tmp_path / ".hidden.txt").write_bytes(ARTICLE)
    results = _all([tmp_path])
    assert all(isinstance(r, Raw) for r in results)
    assert [Path(r.uri).relative_to(tmp_path).as_posix() for r in results] == [
        "a.shtml",
        "b/a.htm",
        "b/z.txt",
        "c.HTML",
    ]
    assert [r.kind for r in results] == ["html", "html", "text", "html"]
    assert results[2].data == ARTICLE
    assert results[2].uri == str((tmp_path / "b" / "z.txt").resolve())
    assert _all([tmp_path]) == results  # stable


def test_extensionless_files_are_sniffed(tmp_path: Path) -> None:
    (tmp_path / "page").write_bytes(b"\n  <!DOCTYPE html><html><head></head><body>x</body></html>")
    (tmp_path / "note").write_bytes(ARTICLE)
    (tmp_path / "photo").write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4)
    (tmp_path / "blob").write_bytes(os.urandom(4096))
    (tmp_path / "utf16").write_bytes("\ufeff开发区新闻\n".encode("utf-16-le"))
    (tmp_path / "report.2024").write_bytes(ARTICLE)
    got = _by_name(_all([tmp_path]))
    assert got["page"].kind == "html"
    assert got["note"].kind == "text"
    assert got["utf16"].kind == "text"
    assert got["report.2024"].kind == "text"
    assert got["photo"] == Skip(str(tmp_path / "photo"), "binary content")
    assert isinstance(got["blob"], Skip) and got["blob"].reason == "binary content"


def test_sniff_helpers() -> None:
    assert sniff_kind(b"<!-- saved --><html>") == "html"
    assert sniff_kind("<html><body>开发区</body></html>".encode("utf-16")) == "html"
    assert sniff_kind(b"<div>a</div><p>b</p><br>c") == "html"
    assert sniff_kind("a < b 而 c > d".encode()) == "text"
    assert not looks_binary("开发区".encode("utf-16-le") * 50)
    assert not looks_binary("開發區".encode("big5") * 50)
    assert looks_binary(b"%PDF-1.7")
    assert not looks_binary(b"")


def test_empty_binary_truncated_and_invalid_bytes(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    gbk = "常州高新区管委会发布公告".encode("gbk")
    (tmp_path / "truncated.txt").write_bytes(gbk[:-1])  # cut mid-character
    (tmp_path / "invalid.html").write_bytes(b"<p>" + ARTICLE + b"\xff\xfe\x80" + ARTICLE + b"</p")
    got = _by_name(_all([tmp_path]))
    assert got["empty.txt"] == Skip(str(tmp_path / "empty.txt"), "empty file")
    assert got["binary.txt"].reason == "binary content"
    # Undecodable bytes are passed on as they are: decoding is the next stage's business.
    assert got["truncated.txt"].data == gbk[:-1]
    assert got["invalid.html"].data.count(b"\xff\xfe\x80") == 1
    assert got["invalid.html"].kind == "html"


def test_multi_megabyte_file_read_whole_and_over_cap_skipped(tmp_path: Path) -> None:
    big = ARTICLE * (3 * 1024 * 1024 // len(ARTICLE))
    (tmp_path / "big.txt").write_bytes(big)
    (tmp_path / "small.txt").write_bytes(ARTICLE)
    got = _by_name(_all([tmp_path]))
    assert len(big) > 3_000_000 and got["big.txt"].data == big
    capped = _by_name(_all([tmp_path], max_bytes=1_000_000))
    assert capped["big.txt"].reason.startswith("too large")
    assert capped["small.txt"].data == ARTICLE  # nothing else lost


def test_symlink_loops_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_bytes(ARTICLE)
    (tmp_path / "docs" / "back").symlink_to(tmp_path / "docs")  # folder loop
    (tmp_path / "docs" / "self.txt").symlink_to(tmp_path / "docs" / "self.txt")  # link loop
    (tmp_path / "docs" / "twin.txt").symlink_to(tmp_path / "docs" / "a.txt")
    (tmp_path / "docs" / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    results = _all([tmp_path])
    raws = [r for r in results if isinstance(r, Raw)]
    skips = {Path(s.uri).name: s.reason for s in results if isinstance(s, Skip)}
    assert [Path(r.uri).name for r in raws] == ["a.txt"]  # twin.txt is the same file
    assert skips == {
        "back": "symlink loop",
        "self.txt": "symlink loop",
        "dangling.txt": "broken symlink",
    }


def test_unreadable_and_vanished_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("locked.txt", "gone.txt", "ok.txt"):
        (tmp_path / name).write_bytes(ARTICLE)
    real_open = builtins.open

    def fake_open(file, mode="r", *args, **kwargs):  # noqa: ANN001, ANN202
        name = Path(str(file)).name
        if name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(file))
        if name == "gone.txt":
            raise FileNotFoundError(2, "No such file or directory", str(file))
        return real_open(file, mode, *args, **kwargs)

    # Tests run as root, where chmod 000 does not stop reading: refuse the open instead.
    monkeypatch.setattr(builtins, "open", fake_open)
    got = _by_name(_all([tmp_path]))
    assert got["locked.txt"].reason == "unreadable: permission denied"
    assert got["gone.txt"].reason == "vanished while reading"
    assert got["ok.txt"].data == ARTICLE


def test_missing_path_and_explicit_files(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "a.txt").write_bytes(ARTICLE)
    results = _all([tmp_path / "missing", tmp_path / "a.pdf", tmp_path / "a.txt"])
    assert results[0] == Skip(str(tmp_path / "missing"), "no such file or folder")
    assert results[1].reason == "unsupported extension .pdf"
    assert isinstance(results[2], Raw)


def test_fifo_is_not_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    assert _all([tmp_path]) == [Skip(str(tmp_path / "pipe"), "not a regular file")]


def _bytes_name_or_skip(folder: Path, name: bytes) -> Path:
    """A file whose name is the given bytes (not UTF-8), or a skip where the filesystem refuses."""
    try:
        with open(os.path.join(os.fsencode(folder), name), "wb") as f:
            f.write(ARTICLE)
    except OSError as e:
        pytest.skip(f"this filesystem refuses non-UTF-8 names: {e}")
    return folder / os.fsdecode(name)


def test_a_name_that_is_not_utf8_is_read_under_an_escaped_uri(tmp_path: Path) -> None:
    _bytes_name_or_skip(tmp_path, b"bad\xff.txt")
    gbk = _bytes_name_or_skip(tmp_path, "开发区.txt".encode("gbk"))
    results = _all([tmp_path])
    assert [(type(r).__name__, Path(r.uri).name) for r in results] == [
        ("Raw", "bad\\xff.txt"),
        ("Raw", os.fsencode(gbk.name).decode("utf-8", "backslashreplace")),
    ]
    assert all(r.data == ARTICLE for r in results)
    assert all(r.uri.encode("utf-8") for r in results)  # plain text: no surrogate escapes
