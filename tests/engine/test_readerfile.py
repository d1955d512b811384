"""search.engine.readerfile: a generation carries its reader data; anything amiss → built."""

from __future__ import annotations

import logging
import shutil
import struct
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

from search.backends.embedded import EmbeddedEngine
from search.build.rebuild import publish_documents
from search.engine import lexicon, readerdata, readerfile
from search.engine.query import QueryError, SearchRequest, search
from search.engine.reader import LiveIndex
from search.segments.generations import Store, open_generation
from tests.zone_corpus import documents

REQUESTS = [
    SearchRequest(text="苏州工业园区"),
    SearchRequest(text="园区整合", year=("2023",), related=5),
    SearchRequest(text="园区", region=("江苏省",), zone=("苏州工业园区",)),
    SearchRequest(text="招商", sort="date"),
    SearchRequest(text="项目 OR 园区", page=2, per_page=3),
]
LOGGER = "search.engine.readerfile"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def answers(root: Path) -> list[object]:
    """Every request's hits (ids, scores, snippets), facets, months and totals, on a fresh
    process cache, so the reader data is loaded or built anew."""
    readerdata._cache.clear()
    live = LiveIndex(root)
    out: list[object] = []
    with live.searcher() as s:
        for req in REQUESTS:
            try:
                r = search(s, req)
            except QueryError as e:
                out.append(str(e))
                continue
            out.append(
                (
                    r.total,
                    r.documents,
                    [(h.id, h.score, h.snippet, h.similar_ids) for h in r.hits],
                    r.facets,
                    r.months,
                    r.related,
                )
            )
    live.close()
    return out


def engine_root(tmp_path: Path) -> Path:
    root = tmp_path / "ix"
    EmbeddedEngine(root).publish_documents(documents())
    return root


def saved(root: Path) -> Path:
    current = Store(root).current()
    assert current is not None
    return current / readerfile.FILE


def no_build(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(_reader: object) -> None:
        raise AssertionError("built from the index although the generation carries its data")

    monkeypatch.setattr(readerdata, "build", fail)


def test_a_published_generation_carries_what_build_makes(tmp_path: Path) -> None:
    root = engine_root(tmp_path)
    current = Store(root).current()
    assert saved(root).is_file()
    with open_generation(current).reader() as reader:
        built = readerdata.warmed(reader)
        loaded = readerfile.load(current, readerdata._key(reader), readerdata.ReaderData)
    assert loaded is not None
    assert loaded.size == built.size and loaded.ids == built.ids
    for name in ("live", "year", "day", "group"):
        assert np.array_equal(getattr(loaded, name), getattr(built, name)), name
        assert getattr(loaded, name).dtype == getattr(built, name).dtype, name
    for facet in ("region", "zone"):
        a, b = loaded.values(facet), built.values(facet)
        assert a.names == b.names
        assert np.array_equal(a.pair_doc, b.pair_doc) and np.array_equal(a.pair_val, b.pair_val)
    assert built._lengths and set(loaded._lengths) == set(built._lengths)
    for name, lengths in built._lengths.items():
        assert np.array_equal(loaded._lengths[name], lengths), name
    assert not loaded._scores and not loaded._positions  # caches start empty


def test_answers_are_the_same_with_and_without_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = engine_root(tmp_path)
    with monkeypatch.context() as m:
        no_build(m)
        with_file = answers(root)
    saved(root).unlink()
    without = answers(root)
    assert with_file == without
    assert any(isinstance(a, tuple) and a[0] > 0 for a in without)


def _other_generation(root: Path, tmp_path: Path) -> None:
    """The file of another generation of other documents (what an update's copy holds)."""
    other = tmp_path / "other"
    EmbeddedEngine(other).publish_documents(documents()[:3])
    shutil.copy(saved(other), saved(root))


def _middle_of_reader_data(path: Path) -> int:
    """The offset of a byte in the middle of the file's largest reader-data array (not a
    lexicon: those are read only when a query needs one)."""
    with zipfile.ZipFile(path) as z:
        member = max(
            (i for i in z.infolist() if not i.filename.startswith("__")), key=lambda i: i.file_size
        )
    with path.open("rb") as f:
        f.seek(member.header_offset + 26)
        name_len, extra_len = struct.unpack("<HH", f.read(4))
    return member.header_offset + 30 + name_len + extra_len + member.compress_size // 2


def _damage(how: str) -> object:
    def damage(root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        path = saved(root)
        if how == "missing":
            path.unlink()
        elif how == "garbage":
            path.write_bytes(b"\x93NUMPY not really" * 50)
        elif how == "truncated":
            path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
        elif how == "flipped":  # one byte changed inside the arrays: zip's CRC catches it
            data = bytearray(path.read_bytes())
            data[_middle_of_reader_data(path)] ^= 0xFF
            path.write_bytes(bytes(data))
        elif how == "empty":
            path.write_bytes(b"")
        elif how == "other segments":
            _other_generation(root, tmp_path)
        elif how == "other code":
            monkeypatch.setattr(readerfile, "fingerprint", lambda: "another version")

    return damage


@pytest.mark.parametrize(
    ("how", "reason"),
    [
        ("missing", "no saved reader data"),
        ("garbage", "cannot be read"),
        ("truncated", "cannot be read"),
        ("flipped", "cannot be read"),
        ("empty", "cannot be read"),
        ("other segments", "other segments"),
        ("other code", "other code"),
    ],
)
def test_a_file_that_does_not_fit_is_built_instead(
    how: str,
    reason: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    root = engine_root(tmp_path)
    expected = answers(root)
    _damage(how)(root, tmp_path, monkeypatch)  # type: ignore[operator]
    with caplog.at_level(logging.DEBUG, logger=LOGGER):
        got = answers(root)
    assert got == expected
    messages = [r.getMessage() for r in caplog.records if r.name == LOGGER]
    assert any(reason in m for m in messages), messages
    assert all(r.levelno == logging.DEBUG for r in caplog.records if r.name == LOGGER)


def test_a_generation_written_without_it_still_opens(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = tmp_path / "ix"
    publish_documents(documents(), root)  # the build job alone: no reader data saved
    assert not saved(root).exists()
    with caplog.at_level(logging.DEBUG, logger=LOGGER):
        got = answers(root)
    assert got == answers(engine_root(tmp_path / "with"))
    assert any("no saved reader data" in r.getMessage() for r in caplog.records)


def test_rebuild_and_update_give_each_generation_its_own(tmp_path: Path) -> None:
    src, root = tmp_path / "src", tmp_path / "ix"
    src.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for seed in seeds[:2]:
        shutil.copy(seed, src)
    engine = EmbeddedEngine(root)
    engine.rebuild([src])
    first = Store(root).current()
    shutil.copy(seeds[2], src)
    engine.update([src])  # a copy of the first generation (and of its file), plus one
    second = Store(root).current()
    assert first is not None and second is not None and first != second
    for generation, documents_in in ((first, 2), (second, 3)):
        with open_generation(generation).reader() as reader:
            data = readerfile.load(generation, readerdata._key(reader), readerdata.ReaderData)
        assert data is not None, generation
        assert data.size == documents_in and int(data.live.sum()) == documents_in
    engine.close()


def test_a_server_following_updates_opens_each_new_generation_warm(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src, root = tmp_path / "src", tmp_path / "ix"
    src.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    shutil.copy(seeds[0], src)
    builder, server = EmbeddedEngine(root), EmbeddedEngine(root)  # the job, the web app
    builder.rebuild([src])
    readerdata._cache.clear()
    loaded: list[object] = []
    load = readerfile.load

    def spy(*args: object) -> object:
        loaded.append(load(*args))  # type: ignore[arg-type]
        return loaded[-1]

    monkeypatch.setattr(readerfile, "load", spy)
    seen = []
    for seed in seeds[1:3]:
        with server.view() as view:
            seen.append((view.generation, view.search(SearchRequest(text="开发区")).documents))
        shutil.copy(seed, src)
        builder.update([src])
    with server.view() as view:
        seen.append((view.generation, view.search(SearchRequest(text="开发区")).documents))
    assert len({g for g, _ in seen}) == 3 and seen[-1][1] > 0
    assert [getattr(data, "size", None) for data in loaded] == [1, 2, 3]  # none built
    server.close()
    builder.close()


def test_a_failed_save_only_costs_the_first_query(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def disk_full(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(readerfile, "save", disk_full)
    with caplog.at_level(logging.WARNING):
        root = engine_root(tmp_path)
    assert not saved(root).exists()
    assert any("not saved" in r.getMessage() for r in caplog.records)
    monkeypatch.undo()
    assert answers(root) == answers(engine_root(tmp_path / "again"))


@dataclass
class Inner:
    names: list[str]
    pairs: np.ndarray


@dataclass
class Outer:
    size: int
    ratio: float
    label: str
    ids: list[str]
    inner: Inner
    empty: list[str]
    _per_field: dict[str, np.ndarray] = field(default_factory=dict)
    _cache: dict[tuple[str, str], object] = field(default_factory=dict)


def test_any_dataclass_of_arrays_and_strings_round_trips(tmp_path: Path) -> None:
    data = Outer(
        size=3,
        ratio=0.5,
        label="标签",
        ids=["甲", "", "b\td"],
        inner=Inner(["江苏省/苏州市", "x"], np.arange(6, dtype=np.int32).reshape(2, 3)),
        empty=[],
        _per_field={"title": np.array([1.5, 2.0, 3.0]), "text": np.ones(3, dtype=np.float32)},
        _cache={("a", "b"): object()},
    )
    readerfile.save(tmp_path, ("seg", 1, 0), data)
    got = readerfile.load(tmp_path, ("seg", 1, 0), Outer)
    assert got is not None
    assert (got.size, got.ratio, got.label, got.ids, got.empty) == (3, 0.5, "标签", data.ids, [])
    assert got.inner.names == data.inner.names
    assert np.array_equal(got.inner.pairs, data.inner.pairs)
    assert got.inner.pairs.dtype == np.int32
    assert set(got._per_field) == {"title", "text"}
    assert got._per_field["text"].dtype == np.float32
    assert got._cache == {}  # a query-time cache is not saved
    assert readerfile.load(tmp_path, ("seg", 2, 0), Outer) is None
    assert not list(tmp_path.glob("*.tmp-*"))


def test_a_field_it_cannot_save_is_an_error_not_a_partial_file(tmp_path: Path) -> None:
    @dataclass
    class Odd:
        things: set[str]

    with pytest.raises(TypeError, match="things"):
        readerfile.save(tmp_path, (), Odd({"a"}))
    assert not list(tmp_path.iterdir())


def no_lexicon_build(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(_reader: object, fieldname: str) -> None:
        raise AssertionError(f"{fieldname}'s lexicon built although the generation carries it")

    monkeypatch.setattr(readerdata, "merged_lexicon", fail)
    lexicon._lexicons.clear()


def test_a_generation_carries_its_text_fields_lexicons(tmp_path: Path) -> None:
    root = engine_root(tmp_path)
    current = Store(root).current()
    with open_generation(current).reader() as reader:
        key = readerdata._key(reader)
        built = {name: lexicon.merged_lexicon(reader, name) for name in ("title", "body")}
    got = readerfile.lexicons(current, key)
    assert got is not None and got.fields == {"title", "body"}
    for name, terms in built.items():
        assert terms and got.get(name) == terms, name
    assert got.get("source") is None  # not saved: built when asked for
    assert readerfile.lexicons(current, ["other", "segments"]) is None


def test_the_lexicon_fields_are_those_a_query_expands_in() -> None:
    from search.engine.forming import TEXT_FIELDS

    assert readerdata.LEXICON_FIELDS == TEXT_FIELDS


def test_a_first_open_reads_the_saved_lexicon_only_when_a_query_needs_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = engine_root(tmp_path)
    expected = answers(root)  # built, as with no file
    reads: list[str] = []
    get = readerfile.SavedLexicons.get

    def spy(self: readerfile.SavedLexicons, fieldname: str) -> object:
        reads.append(fieldname)
        return get(self, fieldname)

    readerdata._cache.clear()
    with monkeypatch.context() as m:
        no_lexicon_build(m)
        m.setattr(readerfile.SavedLexicons, "get", spy)
        live = LiveIndex(root)
        with live.searcher() as s:
            search(s, SearchRequest(text="苏州工业园区"))
            assert reads == []  # opening and a query of words read no lexicon
            one = search(s, SearchRequest(text="园"))  # one character: expands
        live.close()
        assert reads == ["body"] and one.total > 0
        assert answers(root) == expected


def test_a_damaged_saved_lexicon_is_built_instead(tmp_path: Path) -> None:
    root = engine_root(tmp_path)
    current = Store(root).current()
    with open_generation(current).reader() as reader:
        key = readerdata._key(reader)
        data = readerdata.warmed(reader)
        body = lexicon.merged_lexicon(reader, "body")
    # a file whose body lexicon has one frequency too few
    readerfile.save(current, key, data, {"body": body})
    path = saved(root)
    with np.load(path) as z:
        arrays = {name: z[name] for name in z.files}
    arrays["__lexicon__[body].df"] = arrays["__lexicon__[body].df"][:-1]
    with path.open("wb") as f:
        np.savez(f, **arrays)
    got = readerfile.lexicons(current, key)
    assert got is not None and got.get("body") is None
    readerdata._cache.clear()
    live = LiveIndex(root)
    with live.searcher() as s:
        assert search(s, SearchRequest(text="园")).total > 0
        assert readerdata.reader_data(s).lexicon(s.reader(), "body") == body
    live.close()
