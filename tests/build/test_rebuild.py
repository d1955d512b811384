"""rebuild and what it shares with update: generations, skips, duplicates, the pool, the lock."""

from __future__ import annotations

from pathlib import Path

import pytest
from articles import BODIES, SERIAL, live_ids, write_articles
from whoosh import index as whoosh_index

from search.build.embedded import EmbeddedTarget
from search.build.manifest import MANIFEST, read_manifest
from search.build.rebuild import BuildOptions, NothingIndexed, rebuild, run_pipeline
from search.build.update import update
from search.document import Raw, Skip
from search.segments.generations import Store


def test_rebuild_indexes_every_article_and_publishes(tmp_path: Path) -> None:
    write_articles(tmp_path / "src", BODIES)
    report = rebuild([tmp_path / "src"], tmp_path / "ix", SERIAL)
    assert (report.read, report.indexed, report.documents) == (3, 3, 3)
    assert report.generation == Store(tmp_path / "ix").current().name
    assert {"read", "pipeline", "analyse", "write", "publish"} <= set(report.seconds)
    assert len(read_manifest(Store(tmp_path / "ix").current())) == 3


def test_before_publish_sees_every_generation_built_but_not_yet_live(tmp_path: Path) -> None:
    root = tmp_path / "ix"
    seen: list[tuple[str, bool, bool]] = []

    def before_publish(building: Path) -> None:
        live = Store(root).current()
        seen.append((building.name, (building / MANIFEST).is_file(), live != building))

    target = EmbeddedTarget(root, before_publish=before_publish)
    write_articles(tmp_path / "src", BODIES)
    first = rebuild([tmp_path / "src"], target, SERIAL).generation
    write_articles(tmp_path / "src", {"d": "成都高新技术产业开发区新引进电子信息项目五个。"})
    second = update([tmp_path / "src"], target, SERIAL).generation
    assert [(n.removesuffix(".building"), m, b) for n, m, b in seen] == [
        (first, True, True),
        (second, True, True),
    ]


def test_rebuild_reports_skips_and_exact_duplicates(tmp_path: Path) -> None:
    src = tmp_path / "src"
    write_articles(src, BODIES)
    (src / "copy.txt").write_bytes((src / "a.txt").read_bytes())
    (src / "empty.txt").write_bytes(b"")
    report = rebuild([src], tmp_path / "ix", SERIAL)
    assert report.indexed == 3
    assert report.duplicates == 1
    reasons = [s.reason for s in report.skipped]
    assert any(r.startswith("exact duplicate of") for r in reasons)
    assert len(report.skipped) == 2
    assert report.as_dict()["skip_reasons"]


def test_rebuild_keeps_previous_generation_only(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("search.segments.generations.GRACE_SECONDS", 0.0)
    write_articles(tmp_path / "src", BODIES)
    for _ in range(3):
        rebuild([tmp_path / "src"], tmp_path / "ix", SERIAL)
    assert len(Store(tmp_path / "ix").generations()) == 2


def test_pool_of_two_workers_gives_the_same_index(tmp_path: Path) -> None:
    write_articles(tmp_path / "src", BODIES)
    serial = rebuild([tmp_path / "src"], tmp_path / "s", SERIAL)
    pooled = rebuild([tmp_path / "src"], tmp_path / "p", BuildOptions(workers=2, chunk=1))
    assert pooled.workers == 2
    assert live_ids(tmp_path / "s") == live_ids(tmp_path / "p")
    assert serial.indexed == pooled.indexed


def _explode(raw: Raw) -> Skip:
    raise ValueError("bad bytes")


def test_a_crashing_stage_becomes_a_skip_not_a_crash() -> None:
    out = run_pipeline(_explode, ("root", Raw("x.txt", b"abc")))
    assert isinstance(out.result, Skip)
    assert "ValueError" in out.result.reason


def test_progress_is_told_about_every_document(tmp_path: Path) -> None:
    write_articles(tmp_path / "src", BODIES)
    seen: dict[str, int] = {}

    def progress(stage: str, done: int, total: int | None = None) -> None:
        seen[stage] = seen.get(stage, 0) + done

    rebuild([tmp_path / "src"], tmp_path / "ix", BuildOptions(workers=0, progress=progress))
    assert seen == {"pipeline": 3, "index": 3}


@pytest.mark.parametrize("job", [rebuild, update])
def test_a_held_lock_stops_the_job(tmp_path: Path, job) -> None:
    from search.build.lock import LockHeld, WriterLock

    write_articles(tmp_path / "src", BODIES)
    with WriterLock(tmp_path / "ix", "rebuild"), pytest.raises(LockHeld):
        job([tmp_path / "src"], tmp_path / "ix", SERIAL)


def test_a_rebuild_with_nothing_to_index_leaves_the_live_generation(tmp_path: Path) -> None:
    write_articles(tmp_path / "src", BODIES)
    rebuild([tmp_path / "src"], tmp_path / "ix", SERIAL)
    live = Store(tmp_path / "ix").current()
    junk = tmp_path / "junk"
    junk.mkdir()
    (junk / "empty.txt").write_bytes(b"")
    (junk / "blob.txt").write_bytes(bytes(range(256)) * 8)
    with pytest.raises(NothingIndexed) as failed:
        rebuild([junk], tmp_path / "ix", SERIAL)
    assert "1 empty file" in str(failed.value) and "unchanged" in str(failed.value)
    assert failed.value.report.read == 2 and len(failed.value.report.skipped) == 2
    assert Store(tmp_path / "ix").current() == live
    assert len(live_ids(tmp_path / "ix")) == 3


def test_an_exact_duplicate_leaves_nothing_of_itself_in_the_index(tmp_path: Path) -> None:
    src = tmp_path / "src"
    write_articles(src, BODIES)
    (src / "b2.txt").write_bytes((src / "b.txt").read_bytes())  # the same chunk as its original
    (src / "z.txt").write_bytes((src / "a.txt").read_bytes())
    one = rebuild([src], tmp_path / "one", BuildOptions(workers=0, chunk=1))
    many = rebuild([src], tmp_path / "many", BuildOptions(workers=0, chunk=64))
    assert one.duplicates == many.duplicates == 2
    assert one.indexed == many.indexed == 3
    for root in ("one", "many"):
        ix = whoosh_index.open_dir(str(Store(tmp_path / root).current()))
        with ix.searcher() as s:
            assert s.doc_count_all() == 3
            assert {d["id"] for d in s.all_stored_fields()} == live_ids(tmp_path / "one")
            r = s.reader()
            body = [list(r.postings(f, t).all_ids()) for f, t in r.all_terms() if f == "body"]
            assert body and max(max(ids) for ids in body) == 2  # no posting of a dropped one


def test_names_that_are_not_utf8_are_indexed_and_update_finds_them_again(tmp_path: Path) -> None:
    import os

    src = tmp_path / os.fsdecode(b"src\xfe")  # the source folder's own name is not UTF-8
    write_articles(src, BODIES)
    try:
        os.rename(src / "a.txt", os.path.join(os.fsencode(src), b"bad\xff.txt"))
    except OSError as e:
        pytest.skip(f"this filesystem refuses non-UTF-8 names: {e}")
    ix = tmp_path / "ix"
    report = rebuild([src], ix, SERIAL)
    assert (report.indexed, report.skipped) == (3, [])
    assert not [p for p in ix.iterdir() if p.name.endswith(".building")]
    uris = set(read_manifest(Store(ix).current()))
    assert any(u.endswith("bad\\xff.txt") for u in uris)
    again = update([], ix, SERIAL)  # the recorded root is scanned again, by its own bytes
    assert (again.unchanged, again.indexed, again.deleted) == (3, 0, 0)


def _stuck(raw: Raw) -> Skip:
    import time

    try:
        while True:  # a parser gone quadratic, which catches every Exception on its way
            time.sleep(0.01)
    except Exception:  # noqa: BLE001
        return Skip(raw.uri, "swallowed")


def _stuck_on_b(raw: Raw):  # noqa: ANN202
    from search.pipeline import process

    return _stuck(raw) if raw.uri.endswith("b.txt") else process(raw)


@pytest.mark.parametrize("workers", [0, 2])
def test_an_input_stuck_in_the_pipeline_is_stopped_and_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    from search.build import rebuild as job

    monkeypatch.setattr(job, "PIPELINE_SECONDS", 0.3)
    out = run_pipeline(_stuck, ("root", Raw("x.txt", "开发区".encode())))
    assert out.result == Skip("x.txt", "over 0.3 s in the pipeline, stopped")
    write_articles(tmp_path / "src", BODIES)

    options = BuildOptions(workers=workers, chunk=1, process=_stuck_on_b)
    report = rebuild([tmp_path / "src"], tmp_path / "ix", options)
    assert report.indexed == 2
    assert [s.reason for s in report.skipped] == ["over 0.3 s in the pipeline, stopped"]
