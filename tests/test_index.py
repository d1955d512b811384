"""rebuild and update: generations, the manifest delta, skips, duplicates, the pool."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from search.document import Raw, Skip
from search.index import BuildOptions, NothingIndexed, rebuild, run_pipeline, update
from search.manifest import read_manifest
from search.store import Store

ARTICLE = "{title}\n\n2024-05-0{day}\n\n{body}\n"
BODIES = {
    "a": "镇江经济技术开发区今年新签约项目三十个，总投资一百亿元。园区聚焦新能源和高端装备制造。",
    "b": "苏州工业园区发布生物医药产业扶持政策，对创新药研发给予资金奖励，吸引人才落户。",
    "c": "合肥高新技术产业开发区人工智能企业集聚，去年营业收入增长百分之二十，研发投入持续加大。",
}
SERIAL = BuildOptions(workers=0)


def write_articles(folder: Path, names: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i, (name, body) in enumerate(names.items(), start=1):
        title = f"{body[:8]}新闻"
        (folder / f"{name}.txt").write_text(ARTICLE.format(title=title, day=i, body=body), "utf-8")


def live_ids(root: Path) -> set[str]:
    ix = whoosh_index.open_dir(str(Store(root).current()))
    with ix.searcher() as s:
        return {f["id"] for f in s.all_stored_fields()}


def test_rebuild_indexes_every_article_and_publishes(tmp_path: Path) -> None:
    write_articles(tmp_path / "src", BODIES)
    report = rebuild([tmp_path / "src"], tmp_path / "ix", SERIAL)
    assert (report.read, report.indexed, report.documents) == (3, 3, 3)
    assert report.generation == Store(tmp_path / "ix").current().name
    assert {"read", "pipeline", "analyse", "write", "publish"} <= set(report.seconds)
    assert len(read_manifest(Store(tmp_path / "ix").current())) == 3


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
    monkeypatch.setattr("search.store.GRACE_SECONDS", 0.0)
    write_articles(tmp_path / "src", BODIES)
    for _ in range(3):
        rebuild([tmp_path / "src"], tmp_path / "ix", SERIAL)
    assert len(Store(tmp_path / "ix").generations()) == 2


def test_update_adds_changes_and_deletes(tmp_path: Path) -> None:
    src = tmp_path / "src"
    write_articles(src, BODIES)
    root = tmp_path / "ix"
    first = rebuild([src], root, SERIAL)
    before = live_ids(root)
    (src / "c.txt").unlink()
    changed = "镇江经开区新闻\n\n2024-06-01\n\n" + BODIES["a"] + "光伏项目开工。"
    (src / "a.txt").write_text(changed, "utf-8")
    write_articles(tmp_path / "more", {"d": "青岛西海岸新区海洋经济快速发展，港口吞吐量创新高。"})
    report = update([src, tmp_path / "more"], root, SERIAL)
    assert (report.indexed, report.updated, report.deleted, report.unchanged) == (1, 1, 1, 1)
    assert report.generation != first.generation
    after = live_ids(root)
    assert len(after) == 3 and len(before & after) == 2


def test_update_without_sources_rescans_the_recorded_roots(tmp_path: Path) -> None:
    src = tmp_path / "src"
    write_articles(src, BODIES)
    root = tmp_path / "ix"
    rebuild([src], root, SERIAL)
    (src / "b.txt").unlink()
    report = update([], root, SERIAL)
    assert report.deleted == 1 and report.documents == 2


def test_update_leaves_roots_it_was_not_given(tmp_path: Path) -> None:
    write_articles(tmp_path / "one", {"a": BODIES["a"]})
    write_articles(tmp_path / "two", {"b": BODIES["b"]})
    root = tmp_path / "ix"
    rebuild([tmp_path / "one", tmp_path / "two"], root, SERIAL)
    report = update([tmp_path / "two"], root, SERIAL)
    assert report.deleted == 0 and report.unchanged == 1
    assert len(live_ids(root)) == 2


def test_update_with_nothing_changed_publishes_nothing(tmp_path: Path) -> None:
    write_articles(tmp_path / "src", BODIES)
    root = tmp_path / "ix"
    first = rebuild([tmp_path / "src"], root, SERIAL)
    report = update([tmp_path / "src"], root, SERIAL)
    assert report.generation == first.generation and report.unchanged == 3
    assert report.documents == 3


def test_update_without_a_live_index_rebuilds(tmp_path: Path) -> None:
    write_articles(tmp_path / "src", BODIES)
    report = update([tmp_path / "src"], tmp_path / "ix", SERIAL)
    assert report.job == "update" and report.indexed == 3


def test_update_of_an_index_from_an_earlier_version_rebuilds_every_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from whoosh.fields import ID

    from search import writer
    from search.schema import build_schema, layout

    def earlier_schema():  # another field: as generations built before a schema change
        schema = build_schema()
        schema.add("group", ID())
        return schema

    write_articles(tmp_path / "one", {"a": BODIES["a"]})
    write_articles(tmp_path / "two", {"b": BODIES["b"]})
    root = tmp_path / "ix"
    with monkeypatch.context() as m:
        m.setattr(writer, "build_schema", earlier_schema)
        rebuild([tmp_path / "one", tmp_path / "two"], root, SERIAL)
    write_articles(tmp_path / "two", {"b": BODIES["b"], "c": BODIES["c"]})
    report = update([tmp_path / "two"], root, SERIAL)
    assert report.job == "update" and report.rebuilt and "earlier version" in report.rebuilt
    assert report.as_dict()["rebuilt"] == report.rebuilt
    assert len(live_ids(root)) == 3  # root "one", which update was not given, is kept
    live_schema = whoosh_index.open_dir(str(Store(root).current())).schema
    assert layout(live_schema) == layout(build_schema())


def test_update_after_a_rebuild_from_relative_paths_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    monkeypatch.chdir(tmp_path)
    write_articles(tmp_path / "src", {"a": BODIES["a"]})
    rows = [{"id": k, "title": f"{k}报道", "text": v} for k, v in BODIES.items() if k != "a"]
    (tmp_path / "src" / "dump.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8"
    )
    first = rebuild([Path("src")], Path("ix"), SERIAL)
    assert first.documents == 3
    report = update([], Path("ix"), SERIAL)  # the recorded roots, as absolute paths
    assert (report.unchanged, report.deleted, report.duplicates, report.documents) == (3, 0, 0, 3)
    assert report.generation == first.generation


def test_a_moved_file_is_indexed_under_its_new_path(tmp_path: Path) -> None:
    src = tmp_path / "src"
    write_articles(src, BODIES)
    root = tmp_path / "ix"
    rebuild([src], root, SERIAL)
    (src / "a.txt").rename(src / "a-moved.txt")
    report = update([src], root, SERIAL)
    assert (report.indexed, report.deleted, report.duplicates) == (1, 1, 0)
    assert report.documents == 3 and not report.skipped
    uris = set(read_manifest(Store(root).current()))
    assert str((src / "a-moved.txt").resolve()) in uris
    assert str((src / "a.txt").resolve()) not in uris


def test_a_copy_of_a_kept_file_is_still_a_duplicate(tmp_path: Path) -> None:
    src = tmp_path / "src"
    write_articles(src, BODIES)
    root = tmp_path / "ix"
    rebuild([src], root, SERIAL)
    (src / "a-copy.txt").write_bytes((src / "a.txt").read_bytes())
    report = update([src], root, SERIAL)
    assert (report.indexed, report.duplicates, report.documents) == (0, 1, 3)
    assert report.skipped[0].reason.startswith("exact duplicate of")


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
    from search.lock import LockHeld, WriterLock

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
