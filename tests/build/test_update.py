"""update: the manifest delta, moved and copied files, roots, earlier versions."""

from __future__ import annotations

from pathlib import Path

import pytest
from articles import BODIES, SERIAL, live_ids, write_articles
from whoosh import index as whoosh_index

from search.build.manifest import read_manifest
from search.build.rebuild import rebuild
from search.build.update import update
from search.segments.generations import Store


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

    from search.segments import writer
    from search.segments.schema import build_schema, layout

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


def _unpicklable_schema(root: Path) -> None:
    """Make the live TOC name a module that no longer exists, as a layout move does (in a
    generation written before checksums, as such a one was)."""
    (Store(root).current() / "CHECKSUMS").unlink()
    for toc in Store(root).current().glob("*.toc"):
        data = toc.read_bytes()
        assert b"search.text.analysis" in data
        toc.write_bytes(data.replace(b"search.text.analysis", b"search.gone.analysis"))


def test_update_of_an_index_whose_classes_moved_rebuilds_every_root(tmp_path: Path) -> None:
    write_articles(tmp_path / "one", {"a": BODIES["a"], "b": BODIES["b"]})
    root = tmp_path / "ix"
    rebuild([tmp_path / "one"], root, SERIAL)
    _unpicklable_schema(root)
    report = update([], root, SERIAL)
    assert report.rebuilt and "earlier version" in report.rebuilt
    assert len(live_ids(root)) == 2


def test_update_of_a_damaged_live_generation_rebuilds_instead_of_copying_it(
    tmp_path: Path,
) -> None:
    from search.segments.generations import verify

    src, root = tmp_path / "src", tmp_path / "ix"
    write_articles(src, BODIES)
    rebuild([src], root, SERIAL)
    (postings,) = Store(root).current().glob("*.pst")
    postings.write_bytes(postings.read_bytes()[: postings.stat().st_size // 2])
    report = update([], root, SERIAL)  # the roots come from the (intact) manifest
    assert report.rebuilt and "is damaged" in report.rebuilt and postings.name in report.rebuilt
    verify(Store(root).current())
    assert len(live_ids(root)) == 3
